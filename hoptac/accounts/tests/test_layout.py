import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_labels(html: str) -> list[str]:
    nav = html.split('class="main-nav"')[1].split("</nav>")[0]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in nav.split("<a ")[1:]]


def test_it_shows_each_role_the_sections_it_may_open(client, district_a, alliance_officer):
    client.force_login(district_a)
    assert nav_labels(client.get(reverse("home")).content.decode())[:1] == ["Tổng quan"]
    labels = nav_labels(client.get(reverse("home")).content.decode())
    assert {"HTX", "THT", "Thành viên Liên minh"} <= set(labels) and "Nhật ký" not in labels
    client.force_login(alliance_officer)
    assert "Nhật ký" in nav_labels(client.get(reverse("home")).content.decode())


def test_it_marks_the_current_section(client, viewer):
    client.force_login(viewer)
    html = client.get(reverse("registry:group_list")).content.decode()
    assert f'<a href="{reverse("registry:group_list")}" aria-current="page">THT</a>' in html


def test_it_marks_every_page_as_demo_data_when_configured(client, viewer, settings):
    client.force_login(viewer)
    settings.HOPTAC_DEMO = False
    assert "DỮ LIỆU MẪU" not in client.get(reverse("home")).content.decode()
    settings.HOPTAC_DEMO = True
    html = client.get(reverse("home")).content.decode()
    assert 'class="demo-banner"' in html and "DỮ LIỆU MẪU" in html


def test_it_speaks_vietnamese_whatever_the_browser_prefers(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.content.decode()


def test_it_switches_to_english_and_back(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("switch_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in english
    assert "<h1>Overview</h1>" in english and "Cooperatives" in english  # compiled by `make messages`
    client.post(reverse("switch_language"), {"language": "vi", "next": reverse("home")})
    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()


def test_it_offers_the_language_switch_before_signing_in(client):
    assert client.post(reverse("switch_language"), {"language": "en", "next": reverse("login")}).status_code == 302
    assert '<html lang="en">' in client.get(reverse("login")).content.decode()


def test_it_answers_an_unknown_page_with_a_readable_404(client, viewer):
    client.force_login(viewer)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc bản ghi" in response.content.decode()


def test_it_loads_scripts_and_styles_from_this_server_only(client, viewer):
    client.force_login(viewer)
    html = client.get(reverse("registry:cooperative_list")).content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in html and "/static/css/hoptac.css" in html
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]


def test_it_shows_the_reference_date_picker_keeping_the_filters(client, viewer):
    client.force_login(viewer)
    html = client.get(reverse("registry:cooperative_list"), {"ngay": "31/12/2018", "sector": "van_tai"}).content.decode()
    picker = html.split('class="refdate"')[1].split("</form>")[0]
    assert 'name="ngay" value="31/12/2018"' in picker
    assert '<input type="hidden" name="sector" value="van_tai">' in picker
