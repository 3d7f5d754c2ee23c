"""Personal API tokens: created on /accounts/tokens/ (shown once), stored hashed, revocable,
read-only or read-write, last use recorded; `Authorization: Bearer …` or `Token …`."""

import datetime
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from hoptac.accounts.models import ApiToken
from hoptac.accounts.tokens import find_token, issue_token, revoke_token, split_token
from hoptac.audit.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.urls("hoptac.api.tests.urls")]


def client_with(header: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    return client


def test_it_stores_only_the_sha256_of_the_token(district_a):
    token, text = issue_token(district_a, name="Thống kê", read_only=True, actor=district_a)
    assert text.startswith("hoptac_") and text.startswith(token.prefix + "_")
    assert token.key_hash == hashlib.sha256(text.encode()).hexdigest()
    stored = ApiToken.objects.values_list("prefix", "key_hash", "name").get()
    assert text not in "".join(stored)
    assert split_token(text) == token.prefix


def test_it_finds_a_token_whose_secret_contains_underscores(district_a):
    token, _text = issue_token(district_a, name="k", read_only=True, actor=district_a)
    tampered = f"{token.prefix}_a_b_c"
    ApiToken.objects.filter(pk=token.pk).update(key_hash=hashlib.sha256(tampered.encode()).hexdigest())
    assert find_token(tampered).pk == token.pk


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_it_accepts_bearer_and_token_headers(district_a, keyword):
    _token, text = issue_token(district_a, name="k", read_only=True, actor=district_a)
    assert client_with(f"{keyword} {text}").get("/api/v1/cooperatives/").status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer hoptac_000000000000_sai", "Bearer khong-phai-khoa", "Bearer", "Token a b", "Bearer hoptac_"],
)
def test_it_answers_401_to_a_bad_token(units, header):
    response = client_with(header).get("/api/v1/cooperatives/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert set(response.json()) == {"detail"}


def test_it_answers_401_without_credentials_instead_of_a_sign_in_redirect(units):
    response = APIClient().get("/api/v1/cooperatives/")
    assert response.status_code == 401


def test_it_stops_a_revoked_token_and_a_deactivated_user(district_a, district_b):
    token, text = issue_token(district_a, name="k", read_only=False, actor=district_a)
    assert client_with(f"Bearer {text}").get("/api/v1/cooperatives/").status_code == 200
    revoke_token(token, actor=district_a)
    assert client_with(f"Bearer {text}").get("/api/v1/cooperatives/").status_code == 401

    _token, other = issue_token(district_b, name="k", read_only=False, actor=district_b)
    district_b.is_active = False
    district_b.save()
    assert client_with(f"Bearer {other}").get("/api/v1/cooperatives/").status_code == 401


def test_it_records_the_last_use_at_most_once_a_minute(district_a):
    token, text = issue_token(district_a, name="k", read_only=True, actor=district_a)
    assert token.last_used_at is None
    client = client_with(f"Bearer {text}")
    client.get("/api/v1/units/")
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None and timezone.now() - first < datetime.timedelta(seconds=30)
    client.get("/api/v1/units/")
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first


def test_it_gives_a_read_only_token_403_on_every_write(registry_data, alliance_officer):
    _token, text = issue_token(alliance_officer, name="k", read_only=True, actor=alliance_officer)
    client = client_with(f"Bearer {text}")
    coop = registry_data["coop_a"]
    assert client.get(f"/api/v1/cooperatives/{coop.pk}/").status_code == 200
    response = client.patch(f"/api/v1/cooperatives/{coop.pk}/", {"name": "Đổi tên"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Khóa API này chỉ có quyền đọc."
    assert client.post("/api/v1/cooperatives/", {}, format="json").status_code == 403
    coop.refresh_from_db()
    assert coop.name == "Hợp tác xã Nông nghiệp Đắk Ui"


def test_it_audits_creation_and_revocation_without_the_secret(district_a):
    token, text = issue_token(district_a, name="Thống kê", read_only=False, actor=district_a)
    revoke_token(token, actor=district_a)
    revoke_token(token, actor=district_a)  # twice: nothing more happens
    entries = AuditEntry.objects.filter(action__startswith="accounts.token.").order_by("id")
    assert [e.action for e in entries] == ["accounts.token.created", "accounts.token.revoked"]
    assert all(text not in str(e.after) + str(e.before) + str(e.data) for e in entries)
    assert entries[0].actor == district_a


def test_it_creates_a_token_on_the_page_and_shows_it_once(client, district_a):
    client.force_login(district_a)
    page = client.get(reverse("tokens:list"))
    assert page.status_code == 200
    assert "Bạn chưa tạo khóa nào." in page.content.decode()

    created = client.post(reverse("tokens:list"), {"name": "Kết nối thống kê", "access": "write"})
    html = created.content.decode()
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=district_a)
    assert not token.read_only
    text = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert find_token(text).pk == token.pk
    assert "đây là lần duy nhất khóa được hiển thị" in html

    again = client.get(reverse("tokens:list")).content.decode()
    assert text not in again
    assert token.prefix in again and "Kết nối thống kê" in again and "Đọc và ghi" in again


def test_it_says_what_is_missing_when_the_name_is_blank(client, district_a):
    client.force_login(district_a)
    response = client.post(reverse("tokens:list"), {"name": "  ", "access": "read"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "field--error" in response.content.decode()


def test_it_revokes_a_token_from_the_page(client, district_a):
    token, text = issue_token(district_a, name="Cũ", read_only=True, actor=district_a)
    client.force_login(district_a)
    confirm = client.get(reverse("tokens:revoke", args=[token.pk]))
    assert confirm.status_code == 200 and "Thu hồi khóa" in confirm.content.decode()
    response = client.post(reverse("tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    listing = client.get(reverse("tokens:list")).content.decode()
    assert "Đã thu hồi" in listing
    assert client_with(f"Bearer {text}").get("/api/v1/units/").status_code == 401


def test_it_hides_other_users_tokens(client, district_a, district_b):
    token, _text = issue_token(district_a, name="Của huyện A", read_only=True, actor=district_a)
    client.force_login(district_b)
    assert "Của huyện A" not in client.get(reverse("tokens:list")).content.decode()
    assert client.post(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_it_sends_anonymous_visitors_of_the_token_page_to_sign_in(client, units):
    response = client.get(reverse("tokens:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
