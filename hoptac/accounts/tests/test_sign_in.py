import pytest
from django.urls import reverse

from hoptac.accounts.tests.actors import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_lands_a_signed_in_user_on_the_overview(client, district_a):
    response = sign_in(client, "district_a", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("landing")
    page = client.get(reverse("home")).content.decode()
    assert "<h1>Tổng quan</h1>" in page
    assert "Cán bộ huyện, thành phố — Huyện Đăk Hà" in page  # the user menu names the role and territory


def test_it_says_the_password_is_wrong_without_saying_which_part(client, district_a):
    response = sign_in(client, "district_a", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_it_locks_sign_in_after_repeated_wrong_passwords(client, district_a, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        assert sign_in(client, "district_a", "doan-mo").status_code == 200
    locked = sign_in(client, "district_a", "doan-mo")
    assert locked.status_code == 429
    assert "Tạm khoá đăng nhập" in locked.content.decode()
    assert sign_in(client, "district_a", PASSWORD).status_code == 429  # even the right password waits
    assert "_auth_user_id" not in client.session


def test_it_signs_out_by_post_only(client, district_a):
    client.force_login(district_a)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_it_sends_an_anonymous_visitor_to_sign_in_and_back(client):
    response = client.get(reverse("registry:cooperative_list"))
    assert response.url == f"{reverse('login')}?next={reverse('registry:cooperative_list')}"


def test_it_shows_the_signed_in_user_their_roles(client, district_a):
    client.force_login(district_a)
    page = client.get(reverse("profile")).content.decode()
    assert "district_a" in page and "Cán bộ huyện, thành phố — Huyện Đăk Hà" in page
