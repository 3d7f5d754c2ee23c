"""Importing yearly figures, cooperative groups and Alliance members (see the actors' rights in
hoptac/accounts/tests/actors.py: alliance_officer keeps the Alliance list; district_a edits A only)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from hoptac.lib.importing import import_file, validate
from hoptac.registry import services
from hoptac.registry.importers import GroupImporter, MembershipImporter, YearFiguresImporter
from hoptac.registry.models import AllianceMembership, CooperativeGroup, CooperativeYear, Grade, GradingRegime
from hoptac.registry.tests.factories import CooperativeFactory, CooperativeGroupFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def sheet(header, *rows, title="Trang 1") -> bytes:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def messages(report):
    return [str(problem) for problem in report.all_problems()]


# --- yearly figures ---------------------------------------------------------------------------

YEAR_HEADER = ["Mã số HTX", "Tên hợp tác xã", "Năm", "Số thành viên", "Lao động thường xuyên",
               "Vốn điều lệ (triệu đồng)", "Doanh thu (triệu đồng)", "Lợi nhuận (triệu đồng)", "Xếp loại",
               "Căn cứ xếp loại"]  # fmt: skip


@pytest.fixture
def coop(units):
    return CooperativeFactory(registration_code="6100000001", commune=units.commune_a1, name="HTX Đắk Ui",
                              established_on=D(2015, 3, 1))  # fmt: skip


def test_it_imports_yearly_figures_by_code_and_year_in_vietnamese_numbers(coop, district_a):
    content = sheet(
        YEAR_HEADER,
        ["6100000001", "HTX Đắk Ui", 2017, "25", "8", "1.234,5", "2.500", "-12,5", "Khá", "Thông tư 09/2017"],
        ["6100000001", "", "2018", 30, 9, 1300.25, None, None, "", ""],
    )
    report = import_file(YearFiguresImporter(actor=district_a), content, commit=True)
    assert messages(report) == []
    y2017, y2018 = CooperativeYear.objects.filter(cooperative=coop).order_by("year")
    assert (y2017.members, y2017.charter_capital, y2017.revenue, y2017.profit, y2017.grade, y2017.grading_regime) == (
        25, Decimal("1234.5"), Decimal("2500"), Decimal("-12.5"), Grade.FAIR, GradingRegime.TT09_2017,
    )  # fmt: skip
    assert (y2018.members, y2018.charter_capital, y2018.grade) == (30, Decimal("1300.3"), Grade.UNGRADED)

    again = import_file(YearFiguresImporter(actor=district_a), content, commit=True)
    assert again.counts() == {"create": 0, "update": 0, "unchanged": 2, "error": 0}


def test_it_reports_yearly_figures_it_cannot_attach(coop, district_a, units):
    CooperativeFactory(registration_code="6100000002", commune=units.commune_b1)
    report = validate(
        YearFiguresImporter(actor=district_a),
        sheet(
            YEAR_HEADER,
            ["6100000009", "", 2018],
            ["6100000001", "", 2014],
            ["6100000001", "", 2017, "", "", "", "", "", "Tốt", ""],
            ["6100000002", "", 2018],
            ["6100000001", "HTX khác tên", 2018, "", "", "-5"],
        ),
    )
    assert messages(report) == [
        "Dòng 2, cột 'Mã số HTX': Chưa có hợp tác xã mã số 6100000009 trong sổ; hãy nhập hợp tác xã trước (trang “Hợp tác xã”).",
        "Dòng 3, cột 'Năm': Năm 2014 trước năm thành lập của hợp tác xã (01/03/2015).",
        "Dòng 4, cột 'Căn cứ xếp loại': Đã xếp loại thì phải ghi căn cứ xếp loại (thông tư áp dụng).",
        "Dòng 5, cột 'Mã số HTX': Xã Đăk Ruồng (Huyện Kon Rẫy) nằm ngoài địa bàn bạn được cập nhật.",
        "Dòng 6, cột 'Vốn điều lệ (triệu đồng)': Phải từ 0 trở lên.",
    ]


def test_it_updates_only_the_figures_given(coop, district_a):
    services.set_year_figures(coop, actor=district_a, year=2017, members=20, revenue=Decimal("100"))
    report = import_file(YearFiguresImporter(actor=district_a), sheet(YEAR_HEADER, ["6100000001", "", 2017, 22]), commit=True)
    assert report.counts()["update"] == 1
    figures = CooperativeYear.objects.get(cooperative=coop, year=2017)
    assert (figures.members, figures.revenue) == (22, Decimal("100"))


# --- groups -----------------------------------------------------------------------------------

GROUP_HEADER = ["Tên tổ hợp tác", "Huyện, thành phố", "Xã, phường, thị trấn", "Ngày thành lập", "Ngày chứng thực",
                "Số tổ viên", "Lĩnh vực", "Tổ trưởng", "Ngày chấm dứt"]  # fmt: skip


def test_it_imports_groups_by_name_and_commune_and_then_finds_them_unchanged(units, district_a):
    content = sheet(
        GROUP_HEADER,
        ["THT trồng cà phê thôn 1", "", "Đắk Ui", "05/04/2018", "10/04/2018", "12", "Trồng trọt", "A Blốc"],
        ["THT chăn nuôi bò", "Đăk Hà", "Hà Mòn", "01/02/2018", "", "7", "Chăn nuôi", "", "01/12/2018"],
    )
    report = import_file(GroupImporter(actor=district_a), content, commit=True)
    assert messages(report) == []
    coffee = CooperativeGroup.objects.get(commune=units.commune_a1)
    assert (coffee.name, coffee.founded_on, coffee.certified_on, coffee.members, coffee.leader) == (
        "THT trồng cà phê thôn 1", D(2018, 4, 5), D(2018, 4, 10), 12, "A Blốc",
    )  # fmt: skip
    assert CooperativeGroup.objects.get(commune=units.commune_a2).dissolved_on == D(2018, 12, 1)

    renamed_case = sheet(GROUP_HEADER, ["tht TRỒNG CÀ PHÊ thôn 1", "", "Đắk Ui", "05/04/2018", "", "15"])
    report = import_file(GroupImporter(actor=district_a), renamed_case, commit=True)
    assert report.counts() == {"create": 0, "update": 1, "unchanged": 0, "error": 0}
    coffee.refresh_from_db()
    assert (coffee.members, coffee.certified_on, CooperativeGroup.objects.count()) == (15, D(2018, 4, 10), 2)


def test_it_reports_group_rows_with_their_rule(units, district_a):
    report = validate(
        GroupImporter(actor=district_a),
        sheet(GROUP_HEADER, ["THT A", "", "Đắk Ui", "05/04/2018", "01/04/2018"], ["THT B", "", "Đăk Ruồng", "05/04/2018"]),
    )
    assert messages(report) == [
        "Dòng 2, cột 'Ngày chứng thực': Ngày chứng thực 01/04/2018 trước ngày thành lập 05/04/2018.",
        "Dòng 3, cột 'Xã, phường, thị trấn': Xã Đăk Ruồng (Huyện Kon Rẫy) nằm ngoài địa bàn bạn được cập nhật.",
    ]


# --- Alliance members -------------------------------------------------------------------------

MEMBER_HEADER = ["Loại thành viên", "Mã số HTX", "Tên thành viên", "Huyện, thành phố", "Xã, phường, thị trấn",
                 "Ngày gia nhập", "Ngày ra khỏi"]  # fmt: skip


def test_it_imports_members_of_every_kind_by_their_identity(coop, units, alliance_officer):
    group = CooperativeGroupFactory(name="THT cà phê", commune=units.commune_a2, founded_on=D(2017, 1, 1))
    content = sheet(
        MEMBER_HEADER,
        ["HTX", "6100000001", "", "", "", "01/06/2017"],
        ["Tổ hợp tác", "", "tht ca phe", "", "Hà Mòn", "01/02/2018", "01/11/2018"],
        ["Tổ chức khác", "", "Hội Nông dân tỉnh", "", "", "15/03/2018"],
    )
    report = import_file(MembershipImporter(actor=alliance_officer), content, commit=True)
    assert messages(report) == []
    members = {m.member_name: m for m in AllianceMembership.objects.all()}
    assert members["HTX Đắk Ui"].alliance == units.alliance
    assert (members["THT cà phê"].group, members["THT cà phê"].left_on) == (group, D(2018, 11, 1))
    assert members["Hội Nông dân tỉnh"].joined_on == D(2018, 3, 15)

    again = import_file(MembershipImporter(actor=alliance_officer), content, commit=True)
    assert again.counts() == {"create": 0, "update": 0, "unchanged": 3, "error": 0}

    leaving = sheet(MEMBER_HEADER, ["HTX", "6100000001", "", "", "", "01/06/2017", "30/12/2018"])
    report = import_file(MembershipImporter(actor=alliance_officer), leaving, commit=True)
    assert report.counts()["update"] == 1
    assert AllianceMembership.objects.get(cooperative=coop).left_on == D(2018, 12, 30)


def test_it_reports_members_it_cannot_identify_or_date(coop, units, alliance_officer):
    report = validate(
        MembershipImporter(actor=alliance_officer),
        sheet(
            MEMBER_HEADER,
            ["HTX", "", "HTX không mã", "", "", "01/06/2017"],
            ["HTX", "6100000001", "", "", "", "01/06/2014"],
            ["Tổ hợp tác", "", "THT không có", "", "Đắk Ui", "01/06/2018"],
            ["Liên hiệp", "", "X", "", "", "01/06/2018"],
        ),
    )
    assert messages(report) == [
        "Dòng 2, cột 'Mã số HTX': Thành viên là hợp tác xã: cần ghi mã số HTX.",
        "Dòng 3, cột 'Ngày gia nhập': Hợp tác xã chưa thành lập vào ngày 01/06/2014.",
        "Dòng 4, cột 'Tên thành viên': Chưa có tổ hợp tác “THT không có” ở Xã Đắk Ui (Huyện Đăk Hà) trong sổ; "
        "hãy nhập tổ hợp tác trước.",
        "Dòng 5, cột 'Loại thành viên': “Liên hiệp” không có trong danh sách: Hợp tác xã; Tổ hợp tác; Tổ chức khác.",
    ]


def test_it_keeps_the_member_list_to_the_alliance(coop, district_a):
    report = validate(MembershipImporter(actor=district_a), sheet(MEMBER_HEADER, ["HTX", "6100000001", "", "", "", "01/06/2017"]))
    assert messages(report) == ["Tài khoản của bạn không có quyền nhập dữ liệu “Thành viên Liên minh HTX”."]
