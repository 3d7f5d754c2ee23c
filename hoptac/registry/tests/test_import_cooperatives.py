"""Importing cooperatives from the template: create, update by code, row messages, scope.

Actors (see hoptac/accounts/tests/actors.py): alliance_officer edits the whole registry;
district_a edits only district A (Đăk Hà: Đắk Ui, Hà Mòn); viewer edits nothing.
"""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.audit.models import AuditEntry
from hoptac.lib.importing import import_file, validate
from hoptac.registry.importers import CooperativeImporter
from hoptac.registry.models import Cooperative, EventKind, Sector
from hoptac.registry.tests.factories import CooperativeFactory
from hoptac.units.tests.factories import CommuneFactory

D = datetime.date
User = get_user_model()
pytestmark = pytest.mark.django_db

HEADER = ["Tên hợp tác xã", "Mã số HTX", "Huyện, thành phố", "Xã, phường, thị trấn", "Ngày thành lập",
          "Số giấy chứng nhận đăng ký", "Lĩnh vực", "Địa chỉ trụ sở", "Người đại diện", "Điện thoại", "Dữ liệu mẫu"]  # fmt: skip


def sheet(*rows, header=HEADER, title="Hợp tác xã") -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ROWS = [
    ["HTX Nông nghiệp Đắk Ui", "6100000001", "", "dak ui", "01/03/2015", "38.07.000123", "Nông nghiệp", "Thôn 1",
     "A Thiết", "0905123456", ""],
    ["HTX Dịch vụ Hà Mòn", 6100000002, "Đăk Hà", "Xã Hà Mòn", datetime.datetime(2018, 6, 5), "", "thuong mai dich vu",
     "", "", "", "x"],
]  # fmt: skip


def registry_entries():
    return AuditEntry.objects.filter(action__startswith="registry.")


def messages(report):
    return [str(problem) for problem in report.all_problems()]


def test_it_creates_cooperatives_reading_vietnamese_dates_names_and_choices(units, alliance_officer):
    report = import_file(CooperativeImporter(actor=alliance_officer), sheet(*ROWS), commit=True)
    assert messages(report) == []
    assert (report.saved, report.counts()["create"]) == (True, 2)
    first, second = Cooperative.objects.order_by("registration_code")
    assert (first.name, first.commune, first.established_on, first.representative, first.is_demo) == (
        "HTX Nông nghiệp Đắk Ui", units.commune_a1, D(2015, 3, 1), "A Thiết", False,
    )  # fmt: skip
    assert first.events.get().document_ref == "38.07.000123"
    assert (second.commune, second.established_on, second.sector, second.is_demo) == (
        units.commune_a2, D(2018, 6, 5), Sector.TRADE_SERVICES, True,
    )  # fmt: skip
    assert second.events.get().kind == EventKind.ESTABLISHED
    # One audit entry per saved row, attributed to the officer.
    assert list(registry_entries().values_list("action", "actor__username")) == [
        ("registry.cooperative.created", "alliance_officer")
    ] * 2


def test_it_finds_nothing_to_do_when_the_same_file_comes_again(units, alliance_officer):
    content = sheet(*ROWS)
    import_file(CooperativeImporter(actor=alliance_officer), content, commit=True)
    again = import_file(CooperativeImporter(actor=alliance_officer), content, commit=True)
    assert again.counts() == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert Cooperative.objects.count() == 2
    assert registry_entries().count() == 2


def test_it_updates_by_registration_code_and_lists_the_changes(units, alliance_officer):
    import_file(CooperativeImporter(actor=alliance_officer), sheet(*ROWS), commit=True)
    changed = [list(ROWS[0]), list(ROWS[1])]
    changed[0][8] = "Y Bình"  # new representative
    changed[0][3] = ""  # a blank cell keeps what is stored …
    changed[0][2] = ""
    changed[1][4] = "05/06/2018"
    report = import_file(CooperativeImporter(actor=alliance_officer), sheet(*changed), commit=False)
    assert "Dòng 2, cột 'Xã, phường, thị trấn': Chưa nhập (cột bắt buộc)." in messages(report)  # … but not a required one

    changed[0][3] = "Đắk Ui"
    importer = CooperativeImporter(actor=alliance_officer)
    report = import_file(importer, sheet(*changed), commit=True)
    assert report.counts() == {"create": 0, "update": 1, "unchanged": 1, "error": 0}
    [row] = report.rows_with("update")
    assert importer.change_list(row) == [("Người đại diện", "A Thiết", "Y Bình")]
    assert Cooperative.objects.get(registration_code="6100000001").representative == "Y Bình"


def test_it_reports_each_problem_by_row_and_vietnamese_header_and_saves_nothing(units, alliance_officer):
    future = (datetime.date.today() + datetime.timedelta(days=40)).strftime("%d/%m/%Y")
    report = import_file(
        CooperativeImporter(actor=alliance_officer),
        sheet(
            ROWS[0],
            ["HTX B", "6100000009", "", "Đắk Ui", "31/02/2018", "", "", "", "", "", ""],
            ["HTX C", "123", "", "Đắk Ui", "01/01/2018", "", "Trồng lúa", "", "", "", ""],
            ["HTX D", "6100000010", "", "Đăk Uy", "01/01/2018", "", "", "", "", "", ""],
            ["HTX E", "6100000011", "", "Hà Mòn", future, "", "", "", "", "", "có lẽ"],
            ["HTX F", "6100000001", "", "Hà Mòn", "01/01/2018", "", "", "", "", "", ""],
        ),
        commit=True,
    )
    assert report.saved is False
    assert messages(report) == [
        "Dòng 3, cột 'Ngày thành lập': Ngày 31/02/2018 không có trong lịch (tháng 2/2018 không có ngày 31).",
        "Dòng 4, cột 'Mã số HTX': Mã số HTX “123” không hợp lệ: mã số thuế gồm 10 chữ số, "
        "hoặc 10 chữ số, dấu “-” và 3 chữ số đối với chi nhánh.",
        "Dòng 4, cột 'Lĩnh vực': “Trồng lúa” không có trong danh sách: Nông nghiệp; Công nghiệp – tiểu thủ công "
        "nghiệp; Xây dựng; Thương mại – dịch vụ; Vận tải; Tín dụng (quỹ tín dụng nhân dân); Môi trường; Khác.",
        "Dòng 5, cột 'Xã, phường, thị trấn': Không tìm thấy xã, phường, thị trấn “Đăk Uy”. "
        "Có phải: Xã Đắk Ui (Huyện Đăk Hà), Xã Đăk Ruồng (Huyện Kon Rẫy)?",
        "Dòng 6, cột 'Dữ liệu mẫu': “có lẽ” không rõ là có hay không: hãy ghi “Có” (hoặc x) hoặc “Không” (hoặc để trống).",
        "Dòng 7: Trùng với dòng 2 (cùng mã số HTX); mỗi bản ghi chỉ ghi một dòng.",
    ]
    assert report.counts()["error"] == 5
    assert not Cooperative.objects.exists()
    assert not registry_entries().exists()


def test_it_reports_a_date_in_the_future_with_the_service_rule(units, alliance_officer):
    future = datetime.date.today() + datetime.timedelta(days=40)
    report = validate(
        CooperativeImporter(actor=alliance_officer), sheet(["HTX E", "6100000011", "", "Hà Mòn", future.strftime("%d/%m/%Y")])
    )
    [message] = messages(report)
    assert message.startswith(f"Dòng 2, cột 'Ngày thành lập': Ngày {future:%d/%m/%Y} ở tương lai")


def test_it_names_the_candidates_of_an_ambiguous_commune_and_uses_the_district_column(units, alliance_officer):
    CommuneFactory(code="23460", name="Xã Đăk Ruồng", short_name="Đăk Ruồng", parent=units.district_a)
    row = ["HTX Đăk Ruồng", "6100000003", "", "Đăk Ruồng", "01/01/2016"]
    report = validate(CooperativeImporter(actor=alliance_officer), sheet(row))
    assert messages(report) == [
        "Dòng 2, cột 'Xã, phường, thị trấn': Tên “Đăk Ruồng” trùng với 2 đơn vị: Xã Đăk Ruồng (Huyện Kon Rẫy); "
        "Xã Đăk Ruồng (Huyện Đăk Hà). Hãy ghi thêm cột 'Huyện, thành phố' để phân biệt."
    ]
    row[2] = "Huyện Kon Rẫy"
    report = validate(CooperativeImporter(actor=alliance_officer), sheet(row))
    assert messages(report) == []
    assert report.rows[0].values["commune"] == units.commune_b1


def test_it_keeps_a_district_officer_inside_her_district(units, district_a):
    CooperativeFactory(registration_code="6100000099", commune=units.commune_b1, name="HTX của huyện B")
    report = import_file(
        CooperativeImporter(actor=district_a),
        sheet(
            ["HTX mới ở B", "6100000004", "", "Đăk Ruồng", "01/01/2016"],
            ["HTX của huyện B", "6100000099", "", "Đắk Ui", "01/01/2016"],
            ["HTX mới ở A", "6100000005", "", "Đắk Ui", "01/01/2016"],
        ),
        commit=True,
    )
    assert messages(report) == [
        "Dòng 2, cột 'Xã, phường, thị trấn': Xã Đăk Ruồng (Huyện Kon Rẫy) nằm ngoài địa bàn bạn được cập nhật.",
        "Dòng 3, cột 'Mã số HTX': Xã Đăk Ruồng (Huyện Kon Rẫy) nằm ngoài địa bàn bạn được cập nhật.",
    ]
    assert not report.saved
    assert Cooperative.objects.count() == 1


def test_it_refuses_a_user_without_the_write_right(units, viewer):
    report = import_file(CooperativeImporter(actor=viewer), sheet(ROWS[0]), commit=True)
    assert messages(report) == ["Tài khoản của bạn không có quyền nhập dữ liệu “Hợp tác xã”."]
    assert not Cooperative.objects.exists()


def test_it_saves_nothing_in_a_dry_run(units, alliance_officer):
    report = import_file(CooperativeImporter(actor=alliance_officer), sheet(*ROWS), commit=False)
    assert (report.is_valid, report.saved, report.counts()["create"]) == (True, False, 2)
    assert not Cooperative.objects.exists()
    assert not registry_entries().exists()


def test_it_checks_a_long_file_with_a_bounded_number_of_queries(units, alliance_officer):
    def queries_for(count):
        rows = [[f"HTX số {n}", f"62{n:08d}", "", ["Đắk Ui", "Hà Mòn"][n % 2], "01/01/2016"] for n in range(count)]
        content = sheet(*rows)
        for n in range(0, count, 3):  # a third of them exist already
            CooperativeFactory(registration_code=f"62{n:08d}", commune=units.commune_a1, name=f"HTX số {n}")
        importer = CooperativeImporter(actor=User.objects.get(pk=alliance_officer.pk))  # scopes not cached yet
        with CaptureQueriesContext(connection) as captured:
            report = validate(importer, content)
        assert report.is_valid, messages(report)[:3]
        Cooperative.objects.all().delete()
        return len(captured)

    assert queries_for(300) == queries_for(30)
