"""The Excel pages: templates, exports, upload → preview → confirm.

Actors: alliance_officer edits the whole registry; district_a edits only district A
(Đăk Hà); viewer reads everything and imports nothing.
"""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import include, path, reverse

from hoptac import urls as root_urls
from hoptac.audit.models import AuditEntry
from hoptac.registry import views_excel
from hoptac.registry.models import Cooperative
from hoptac.registry.tests.factories import CooperativeFactory

# The pages as mounted under /registry/excel/ (added here when the project's URLconf does not yet).
urlpatterns = list(root_urls.urlpatterns)
if not any(getattr(p, "namespace", None) == "registry_excel" for p in urlpatterns):
    urlpatterns.insert(0, path("registry/excel/", include("hoptac.registry.urls_excel")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

HEADER = ["Tên hợp tác xã", "Mã số HTX", "Xã, phường, thị trấn", "Ngày thành lập"]


def xlsx(*rows, header=HEADER, title="Hợp tác xã") -> io.BytesIO:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = title
    for row in [header, *rows]:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "htx.xlsx"
    return buffer


@pytest.fixture(autouse=True)
def _private_upload_dir(settings, tmp_path):
    settings.HOPTAC_IMPORT_DIR = str(tmp_path / "pending")


def pending_files(settings):
    return list(Path(settings.HOPTAC_IMPORT_DIR).glob("*.xlsx"))


def upload(client, content, kind="cooperatives"):
    return client.post(reverse("registry_excel:upload"), {"kind": kind, "file": content})


def test_it_offers_templates_with_a_notes_sheet(units, client_for, alliance_officer):
    response = client_for(alliance_officer).get(reverse("registry_excel:template", args=["groups"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="mau-nhap-to-hop-tac.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Tổ hợp tác", "Hướng dẫn"]
    assert workbook["Tổ hợp tác"]["A1"].value == "Tên tổ hợp tác"


def test_it_shows_no_import_to_a_reader(units, client_for, viewer):
    client = client_for(viewer)
    page = client.get(reverse("registry_excel:home"))
    assert page.status_code == 200
    assert "Kiểm tra tệp" not in page.content.decode()
    assert client.get(reverse("registry_excel:template", args=["cooperatives"])).status_code == 403
    assert upload(client, xlsx(["HTX A", "6100000001", "Đắk Ui", "01/03/2015"])).status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(units, client):
    response = client.get(reverse("registry_excel:export", args=["cooperatives"]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_exports_in_both_formats_within_the_user_scope(units, client_for, district_a):
    CooperativeFactory(name="HTX của A", commune=units.commune_a1)
    CooperativeFactory(name="HTX của B", commune=units.commune_b1)
    client = client_for(district_a)
    response = client.get(reverse("registry_excel:export", args=["cooperatives"]), {"format": "csv", "ngay": "31/12/2018"})
    assert response.status_code == 200
    assert 'filename="hop-tac-xa-31-12-2018.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "HTX của A" in text and "HTX của B" not in text
    response = client.get(reverse("registry_excel:export", args=["cooperatives"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(
    "kind, params, status",
    [("cooperatives", {"format": "pdf"}, 400), ("cooperatives", {"ngay": "31/02/2018"}, 400),
     ("years", {"nam": "hai nghìn"}, 400), ("unknown", {}, 404)],
)  # fmt: skip
def test_it_answers_a_bad_export_request_plainly(units, client_for, district_a, kind, params, status):
    response = client_for(district_a).get(reverse("registry_excel:export", args=[kind]), params)
    assert response.status_code == status


def test_it_previews_then_saves_on_confirmation(units, client_for, district_a, settings):
    client = client_for(district_a)
    rows = [["HTX A", "6100000001", "Đắk Ui", "01/03/2015"], ["HTX B", "6100000002", "ha mon", datetime.date(2016, 1, 2)]]
    preview = upload(client, xlsx(*rows))
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Tệp hợp lệ" in body and "HTX A (6100000001)" in body
    assert not Cooperative.objects.exists()
    assert len(pending_files(settings)) == 1

    response = client.post(reverse("registry_excel:confirm"))
    assert response.status_code == 302
    assert Cooperative.objects.count() == 2
    assert pending_files(settings) == []
    page = client.get(response["Location"])
    assert "Đã nhập “htx.xlsx”: 2 thêm mới, 0 cập nhật, 0 không đổi." in page.content.decode()

    again = upload(client, xlsx(*rows))
    assert "Không thay đổi" in again.content.decode()
    client.post(reverse("registry_excel:confirm"))
    assert Cooperative.objects.count() == 2


def test_it_lists_row_errors_and_offers_no_save(units, client_for, district_a, settings):
    client = client_for(district_a)
    preview = upload(client, xlsx(["HTX A", "6100000001", "Đắk Ui", "31/02/2018"], ["HTX B", "6100000002", "Đăk Ruồng", "01/01/2016"]))
    body = preview.content.decode()
    assert "Dòng 2, cột &#x27;Ngày thành lập&#x27;: Ngày 31/02/2018 không có trong lịch" in body
    assert "Dòng 3, cột &#x27;Xã, phường, thị trấn&#x27;: Xã Đăk Ruồng (Huyện Kon Rẫy) nằm ngoài địa bàn" in body
    assert reverse("registry_excel:confirm") not in body
    assert pending_files(settings) == []
    response = client.post(reverse("registry_excel:confirm"))
    assert response.status_code == 302
    assert not Cooperative.objects.exists()


def test_it_explains_a_file_that_is_not_excel(units, client_for, district_a):
    fake = io.BytesIO("Tên,Mã\nA,1\n".encode())
    fake.name = "danh-sach.xlsx"
    response = upload(client_for(district_a), fake)
    assert response.status_code == 200
    assert "không phải là bảng tính Excel" in response.content.decode()


def test_it_refuses_a_file_over_the_limit_before_reading_it(units, client_for, district_a, settings):
    settings.HOPTAC_IMPORT_MAX_MB = 0
    response = upload(client_for(district_a), xlsx(["HTX A", "6100000001", "Đắk Ui", "01/03/2015"]))
    assert "vượt giới hạn" in response.content.decode()


def test_it_forgets_a_cancelled_upload(units, client_for, district_a, settings):
    client = client_for(district_a)
    upload(client, xlsx(["HTX A", "6100000001", "Đắk Ui", "01/03/2015"]))
    response = client.post(reverse("registry_excel:cancel"))
    assert response.status_code == 302
    assert pending_files(settings) == []
    client.post(reverse("registry_excel:confirm"))
    assert not Cooperative.objects.exists()


def test_it_saves_nothing_when_the_registry_changed_between_preview_and_confirmation(units, client_for, district_a):
    client = client_for(district_a)
    upload(client, xlsx(["HTX A", "6100000001", "Đắk Ui", "01/03/2015"], ["HTX B", "6100000002", "Đắk Ui", "01/03/2015"]))
    # Meanwhile someone registers code 6100000002 in district B, where district_a may not write.
    CooperativeFactory(registration_code="6100000002", commune=units.commune_b1)
    response = client.post(reverse("registry_excel:confirm"))
    assert response.status_code == 200
    assert "nằm ngoài địa bàn bạn được cập nhật" in response.content.decode()
    assert Cooperative.objects.count() == 1
    assert not AuditEntry.objects.filter(action="registry.cooperative.created").exists()


def test_it_marks_every_page_with_an_access_rule():
    for view in (views_excel.excel_home, views_excel.download_template, views_excel.export, views_excel.upload,
                 views_excel.confirm, views_excel.cancel):  # fmt: skip
        assert view.access_rule in {"registry.cooperative:read", "registry.cooperative:write"}
