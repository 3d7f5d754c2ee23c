"""The consolidation inputs page and the consolidated report's downloads (DOCX, PDF, XLSX).

Who may download (access.can_read_consolidated_report): the report gathers every agency's report and
the whole province's registry, so it is read by the consolidator (alliance_officer), the administrator
and those who read every agency's work (province_leader, a province-wide viewer); a district,
commune or department officer gets 403. Only the consolidator edits the inputs.
"""

import io
from urllib.parse import quote

import openpyxl
import pytest
from docx import Document

from hoptac.reports import services
from hoptac.reports.models import Consolidation

from .conftest import D, send

pytestmark = pytest.mark.django_db

TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@pytest.fixture
def reported(rnd, units, district_a, alliance_officer):
    submission = send(rnd, units.committee_a, actor=district_a, on=D(2018, 12, 14))
    services.accept(submission, actor=alliance_officer)
    services.save_consolidation(rnd, {"number": "125/BC-LMHTX", "place": "Kon Tum", "issued_on": D(2018, 12, 28),
                                      "signer_name": "Nguyễn Văn A"}, actor=alliance_officer)
    return rnd


def test_it_downloads_the_consolidated_report_as_docx_pdf_and_xlsx(client_for, alliance_officer, reported):
    client = client_for(alliance_officer)
    files = {}
    for fmt, content_type in TYPES.items():
        response = client.get(f"/reports/rounds/{reported.pk}/download/{fmt}/")
        assert response.status_code == 200, fmt
        assert response["Content-Type"] == content_type
        name = "Phụ lục số liệu - Báo cáo kết quả thực hiện năm 2018.xlsx" if fmt == "xlsx" else f"Báo cáo kết quả thực hiện năm 2018.{fmt}"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment; filename=\"")
        assert f"filename*=UTF-8''{quote(name, safe='')}" in disposition
        files[fmt] = response.content
    doc = Document(io.BytesIO(files["docx"]))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in doc.paragraphs] + cells)
    assert "125/BC-LMHTX" in text and "Nguyễn Văn A" in text and "BÁO CÁO" in text
    assert files["pdf"].startswith(b"%PDF")
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]), read_only=True)
    assert len(book.sheetnames) >= 2


def test_it_lets_only_those_who_read_every_agency_download_the_report(client_for, actors, reported):
    url = f"/reports/rounds/{reported.pk}/download/docx/"
    expected = {"province_leader": 200, "alliance_officer": 200, "viewer": 200, "administrator": 200,
                "department_officer": 403, "district_a": 403, "district_b": 403, "commune_a1": 403}
    answers = {name: client_for(getattr(actors, name)).get(url).status_code for name in expected}
    assert answers == expected
    assert client_for(actors.alliance_officer).get(f"/reports/rounds/{reported.pk}/download/odt/").status_code == 404


def test_it_shows_the_consolidation_inputs_with_the_generated_texts(client_for, alliance_officer, reported):
    page = client_for(alliance_officer).get(f"/reports/rounds/{reported.pk}/consolidation/")
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Thông tin báo cáo tổng hợp", "Số, ký hiệu", "Địa danh", "Ngày ban hành", "III.1. Kết quả đạt được",
                  "III.2. Tồn tại, hạn chế", "IV. Phương hướng, nhiệm vụ năm tới", "V. Kiến nghị, đề xuất",
                  "Họ tên người ký", "Nơi nhận", "Nội dung tự tạo (dùng khi để trống)", "Tải bản PDF"):
        assert label in html, label
    assert 'value="125/BC-LMHTX"' in html and 'value="28/12/2018"' in html
    # Blank fields show what the report will say instead: the header's defaults and the generated sections.
    assert "UBND tỉnh (b/c)" in html and "TM. BAN THƯỜNG VỤ" in html
    assert "Kết quả thực hiện các giải pháp phát triển kinh tế hợp tác, HTX năm 2018" in html


def test_it_saves_the_consolidation_inputs_and_shows_a_conflict(client_for, alliance_officer, reported):
    client = client_for(alliance_officer)
    consolidation = Consolidation.objects.get(round=reported)
    data = {"version": consolidation.version, "number": "130/BC-LMHTX", "place": "Kon Tum", "issued_on": "29/12/2018",
            "section5": "Đề nghị UBND tỉnh bố trí kinh phí.", "recipients": "UBND tỉnh (b/c)\nLưu: VT",
            "signer_name": "Nguyễn Văn A"}
    page = client.post(f"/reports/rounds/{reported.pk}/consolidation/", data, follow=True)
    assert "Đã lưu thông tin báo cáo tổng hợp." in page.content.decode()
    consolidation.refresh_from_db()
    assert (consolidation.number, consolidation.issued_on, consolidation.recipient_lines()) == (
        "130/BC-LMHTX", D(2018, 12, 29), ["UBND tỉnh (b/c)", "Lưu: VT"])
    stale = client.post(f"/reports/rounds/{reported.pk}/consolidation/", {**data, "number": "131/BC-LMHTX"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "sau khi bạn mở trang này" in html and "131/BC-LMHTX" in html
    consolidation.refresh_from_db()
    assert consolidation.number == "130/BC-LMHTX"


def test_it_refuses_the_consolidation_inputs_to_others(client_for, actors, reported):
    url = f"/reports/rounds/{reported.pk}/consolidation/"
    for name in ("province_leader", "department_officer", "district_a", "viewer"):
        client = client_for(getattr(actors, name))
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"version": 2, "number": "1/BC"}).status_code == 403, name
    assert Consolidation.objects.get(round=reported).number == "125/BC-LMHTX"
