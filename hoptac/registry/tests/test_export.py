"""Registry exports: scoped to what the user sees, state on a date, demo marks, formula guard,
bounded queries. Actors: province_leader sees all; district_a sees only district A (Đăk Hà)."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.lib.importing import import_file
from hoptac.registry.exporters import EXPORTERS, CooperativeExporter
from hoptac.registry.importers import IMPORTERS
from hoptac.registry.tests.factories import (
    AllianceMembershipFactory,
    CooperativeFactory,
    CooperativeGroupFactory,
    CooperativeYearFactory,
    LifecycleEventFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def xlsx_rows(exported):
    ws = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    return [list(row) for row in ws.iter_rows(values_only=True)]


def csv_rows(exported):
    return list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))


@pytest.fixture
def registry(units):
    a = CooperativeFactory(name="HTX Đắk Ui", registration_code="6100000001", commune=units.commune_a1,
                           established_on=D(2015, 3, 1))  # fmt: skip
    b = CooperativeFactory(name="HTX Đăk Ruồng", registration_code="6100000002", commune=units.commune_b1,
                           established_on=D(2016, 1, 1), is_demo=True)  # fmt: skip
    LifecycleEventFactory(cooperative=a, kind="suspended", date=D(2018, 5, 1))
    CooperativeYearFactory(cooperative=a, year=2018, members=25, charter_capital=Decimal("1234.5"))
    CooperativeYearFactory(cooperative=b, year=2018, members=9)
    CooperativeGroupFactory(name="THT cà phê", commune=units.commune_a2, founded_on=D(2018, 4, 1))
    CooperativeGroupFactory(name="THT lúa", commune=units.commune_b1, founded_on=D(2018, 4, 1))
    AllianceMembershipFactory(alliance=units.alliance, cooperative=a, joined_on=D(2017, 6, 1))
    AllianceMembershipFactory(alliance=units.alliance, cooperative=b, joined_on=D(2017, 6, 1))
    return a, b


def test_it_exports_cooperatives_with_their_state_on_the_chosen_date(registry, province_leader):
    rows = xlsx_rows(CooperativeExporter(province_leader, on=D(2018, 12, 31)).render("xlsx"))
    assert rows[0] == [
        "Tên hợp tác xã", "Mã số HTX", "Huyện, thành phố", "Xã, phường, thị trấn", "Ngày thành lập",
        "Số giấy chứng nhận đăng ký", "Lĩnh vực", "Địa chỉ trụ sở", "Người đại diện", "Điện thoại", "Ngày giải thể",
        "Tình trạng ngày 31/12/2018", "Dữ liệu mẫu",
    ]  # fmt: skip
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["HTX Đắk Ui"][1:5] == ["6100000001", "Huyện Đăk Hà", "Xã Đắk Ui", datetime.datetime(2015, 3, 1)]
    assert by_name["HTX Đắk Ui"][11] == "Tạm ngừng hoạt động"
    assert by_name["HTX Đăk Ruồng"][11:] == ["Đang hoạt động", "Có"]
    earlier = xlsx_rows(CooperativeExporter(province_leader, on=D(2017, 12, 31)).render("xlsx"))
    assert {row[0]: row[11] for row in earlier[1:]}["HTX Đắk Ui"] == "Đang hoạt động"


def test_it_exports_only_what_a_district_officer_may_see(registry, district_a, district_b):
    for kind, exporter in EXPORTERS.items():
        for user, own, other in ((district_a, "Đăk Hà", "Kon Rẫy"), (district_b, "Kon Rẫy", "Đăk Hà")):
            rows = csv_rows(exporter(user, on=D(2018, 12, 31)).render("csv"))
            text = "\n".join(",".join(row) for row in rows[1:])
            assert rows[1:], (kind, user)
            assert own in text and other not in text, (kind, user.username, text)


def test_it_marks_demo_rows_and_a_demo_installation(registry, province_leader, settings):
    rows = csv_rows(CooperativeExporter(province_leader).render("csv"))
    assert {row[0]: row[-1] for row in rows[1:]} == {"HTX Đắk Ui": "", "HTX Đăk Ruồng": "Có"}
    settings.HOPTAC_DEMO = True
    rows = csv_rows(CooperativeExporter(province_leader).render("csv"))
    assert rows[0] == ["DỮ LIỆU MẪU — số liệu minh hoạ, không phải số liệu chính thức"]
    assert rows[1][0] == "Tên hợp tác xã"
    assert xlsx_rows(CooperativeExporter(province_leader).render("xlsx"))[0][0].startswith("DỮ LIỆU MẪU")


def test_it_neutralises_formulas_in_exported_cells(units, province_leader):
    CooperativeFactory(name="=HYPERLINK(\"http://x\",\"bấm\")", representative="@SUM(A1)", phone="+84905123456",
                       commune=units.commune_a1)  # fmt: skip
    [row] = csv_rows(CooperativeExporter(province_leader).render("csv"))[1:]
    assert (row[0], row[8], row[9]) == ("'=HYPERLINK(\"http://x\",\"bấm\")", "'@SUM(A1)", "'+84905123456")
    [row] = xlsx_rows(CooperativeExporter(province_leader).render("xlsx"))[1:]
    assert (row[0], row[8], row[9]) == ("'=HYPERLINK(\"http://x\",\"bấm\")", "'@SUM(A1)", "'+84905123456")


def test_it_exports_yearly_figures_groups_and_members(registry, province_leader):
    years = xlsx_rows(EXPORTERS["years"](province_leader, year=2018).render("xlsx"))
    assert years[0][:6] == ["Mã số HTX", "Tên hợp tác xã", "Huyện, thành phố", "Xã, phường, thị trấn", "Năm", "Số thành viên"]
    assert [row[:2] + row[4:6] + [row[7]] for row in years[1:]] == [  # district 614 before 615
        ["6100000002", "HTX Đăk Ruồng", 2018, 9, None],
        ["6100000001", "HTX Đắk Ui", 2018, 25, 1234.5],
    ]
    assert len(xlsx_rows(EXPORTERS["years"](province_leader, year=2017).render("xlsx"))) == 1
    groups = csv_rows(EXPORTERS["groups"](province_leader).render("csv"))
    assert [row[:4] for row in groups[1:]] == [
        ["THT lúa", "Huyện Kon Rẫy", "Xã Đăk Ruồng", "01/04/2018"],
        ["THT cà phê", "Huyện Đăk Hà", "Xã Hà Mòn", "01/04/2018"],
    ]
    members = csv_rows(EXPORTERS["members"](province_leader).render("csv"))
    assert [row[:3] + row[5:6] for row in members[1:]] == [
        ["Hợp tác xã", "6100000001", "HTX Đắk Ui", "01/06/2017"],
        ["Hợp tác xã", "6100000002", "HTX Đăk Ruồng", "01/06/2017"],
    ]


@pytest.mark.parametrize("kind", list(EXPORTERS))
def test_it_exports_any_number_of_rows_with_the_same_queries(kind, units, province_leader):
    def queries_for(count):
        for n in range(count):
            coop = CooperativeFactory(commune=[units.commune_a1, units.commune_b1][n % 2])
            CooperativeYearFactory(cooperative=coop, year=2018)
            CooperativeGroupFactory(commune=coop.commune)
            AllianceMembershipFactory(alliance=units.alliance, cooperative=coop)
        user = get_user_model().objects.get(pk=province_leader.pk)  # scopes loaded inside the count
        with CaptureQueriesContext(connection) as captured:
            rows = list(EXPORTERS[kind](user).iterate_rows())
        assert len(rows) > count
        return len(captured)

    # Queries: the user's grants, then the one query of the list.
    assert queries_for(2) == queries_for(20) == 2


@pytest.mark.parametrize("kind", list(EXPORTERS))
def test_it_reads_back_its_own_export_as_unchanged(kind, registry, alliance_officer):
    exported = EXPORTERS[kind](alliance_officer).render("xlsx")
    report = import_file(IMPORTERS[kind](actor=alliance_officer), exported.content, commit=False)
    assert [str(p) for p in report.all_problems()] == []
    assert report.counts() == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    if kind == "cooperatives":
        assert "Tình trạng ngày" in " ".join(report.ignored_headers)


def test_it_writes_an_export_from_the_command_line(registry, district_a, tmp_path):
    target = tmp_path / "htx.csv"
    call_command("export_registry", "cooperatives", "--user", "district_a", "--format", "csv", "--output", str(target),
                 "--on", "31/12/2018", stdout=io.StringIO())  # fmt: skip
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [row[0] for row in rows] == ["Tên hợp tác xã", "HTX Đắk Ui"]
