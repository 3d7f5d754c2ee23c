"""The scorecard on a tiny plan built from models, against a registry worked out by hand.

Province 62: district A (communes A1, A2) and district B (commune B1).
Registry 2018: new HTX — A1: 2, B1: 1; graded 2018 — A: one Tốt, one Yếu, B: none graded;
members — A: 2017 20 → 2018 24, B: 2017 10 → 2018 10 (+ the new ones' 2018 members 0);
new THT 2018 — A1 and B1, none in A2.
Plan 2018, task 1.2: t_groups (tht_new ≥ 1 per commune), t_new (htx_new ≥ 4: A 3, B 1),
t_effective (htx_effective_share ≥ 50 %), t_growth (htx_member_growth ≥ 10 % over 2017),
t_text (no indicator).
"""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.plans import scorecard
from hoptac.plans.models import Allocation, Directive, Target, Task
from hoptac.registry.tests.factories import CooperativeFactory, CooperativeGroupFactory, CooperativeYearFactory
from hoptac.units.models import Agency
from hoptac.units.tests.factories import AgencyFactory, CommuneFactory, DistrictFactory, ProvinceFactory

D = datetime.date


@pytest.fixture
def plan(db):
    province = ProvinceFactory()
    a = DistrictFactory(parent=province, short_name="A", code="801")
    b = DistrictFactory(parent=province, short_name="B", code="802")
    a1 = CommuneFactory(parent=a, short_name="A1", code="80101")
    a2 = CommuneFactory(parent=a, short_name="A2", code="80102")
    b1 = CommuneFactory(parent=b, short_name="B1", code="80201")
    issuer = AgencyFactory(name="Ủy ban nhân dân tỉnh", kind=Agency.Kind.PROVINCE_COMMITTEE, admin_unit=province)
    committee_a = AgencyFactory(name="Ủy ban nhân dân huyện A", kind=Agency.Kind.DISTRICT_COMMITTEE, admin_unit=a)
    committee_b = AgencyFactory(name="Ủy ban nhân dân huyện B", kind=Agency.Kind.DISTRICT_COMMITTEE, admin_unit=b)

    old_a = CooperativeFactory(commune=a1, established_on=D(2015, 1, 1))
    CooperativeYearFactory(cooperative=old_a, year=2017, members=20, grade="kha")
    CooperativeYearFactory(cooperative=old_a, year=2018, members=24, grade="tot")
    new_a = CooperativeFactory(commune=a1, established_on=D(2018, 5, 1))
    CooperativeYearFactory(cooperative=new_a, year=2018, members=0, grade="yeu")
    CooperativeFactory(commune=a1, established_on=D(2018, 6, 1))
    old_b = CooperativeFactory(commune=b1, established_on=D(2016, 1, 1))
    CooperativeYearFactory(cooperative=old_b, year=2017, members=10)
    CooperativeYearFactory(cooperative=old_b, year=2018, members=10)
    CooperativeFactory(commune=b1, established_on=D(2018, 7, 1))
    CooperativeGroupFactory(commune=a1, founded_on=D(2018, 3, 1))
    CooperativeGroupFactory(commune=b1, founded_on=D(2018, 8, 1))

    directive = Directive.objects.create(issuer=issuer, doc_type="công văn", subject="Phát triển KTHT", year=2018)
    task = Task.objects.create(directive=directive, number="1.2", position=2, text="Thành lập mới THT, HTX")
    common = dict(task=task, year=2018)
    t_groups = Target.objects.create(**common, position=1, text="mỗi xã ít nhất 01 THT", indicator="tht_new",
                                     value=1, unit="THT", per_unit_level="commune")
    t_new = Target.objects.create(**common, position=2, text="ít nhất 04 HTX", indicator="htx_new", value=4, unit="HTX")
    Allocation.objects.create(target=t_new, agency=committee_a, value=3, as_written="UBND huyện A")
    Allocation.objects.create(target=t_new, agency=committee_b, value=1, as_written="UBND huyện B")
    t_effective = Target.objects.create(**common, position=3, text="50% HTX hiệu quả", indicator="htx_effective_share",
                                        value=50, unit="%")
    t_growth = Target.objects.create(**common, position=4, text="thành viên tăng 10%", indicator="htx_member_growth",
                                     value=10, unit="%", base_year=2017)
    t_text = Target.objects.create(**common, position=5, text="nâng cao chất lượng", indicator="", value=1, unit="")
    return dict(province=province, a=a, b=b, a2=a2, directive=directive, t_groups=t_groups, t_new=t_new,
                t_effective=t_effective, t_growth=t_growth, t_text=t_text)


def rows_of(rows, target):
    return {(r.admin_unit.code if r.admin_unit else None): r for r in rows if r.target.pk == target.pk}


def test_it_evaluates_every_allocation_and_the_province_total(plan):
    rows = rows_of(scorecard.evaluate(plan["directive"]), plan["t_new"])
    assert list(rows) == ["801", "802", "62"]
    a, b, total = rows["801"], rows["802"], rows["62"]
    assert (a.target_value, a.actual, a.met, a.gap) == (3, 2, False, -1)
    assert round(a.percent_achieved, 1) == Decimal("66.7")
    assert (b.target_value, b.actual, b.met, b.gap) == (1, 1, True, 0)
    assert (total.is_total, total.target_value, total.actual, total.met) == (True, 4, 3, False)


def test_it_lists_units_failing_a_per_commune_target(plan):
    rows = rows_of(scorecard.evaluate(plan["directive"]), plan["t_groups"])
    a, b, total = rows["801"], rows["802"], rows["62"]
    assert (a.target_value, a.numerator, a.denominator, a.met) == (1, 1, 2, False)
    assert [u.name for u in a.per_unit.not_meeting] == ["Xã A2"]
    assert a.actual_text == "1/2 xã đạt"
    assert (b.numerator, b.denominator, b.met) == (1, 1, True)
    assert (total.numerator, total.denominator, total.met) == (2, 3, False)


def test_it_gives_district_rows_without_target_for_unallocated_targets_and_keeps_undefined_ratios_undefined(plan):
    rows = rows_of(scorecard.evaluate(plan["directive"]), plan["t_effective"])
    a, b, total = rows["801"], rows["802"], rows["62"]
    assert (a.target_value, a.actual, a.met) == (None, 50, None)
    # No cooperative of B was graded: undefined, not 0 %.
    assert (b.numerator, b.denominator, b.actual, b.met) == (0, 0, None, None)
    assert b.actual_text == "không xác định"
    assert (total.target_value, total.numerator, total.denominator, total.actual, total.met) == (50, 1, 2, 50, True)


def test_it_evaluates_growth_against_the_base_year(plan):
    rows = rows_of(scorecard.evaluate(plan["directive"]), plan["t_growth"])
    total = rows["62"]
    assert (total.numerator, total.denominator, total.actual, total.met) == (34, 30, Decimal(4) * 100 / 30, True)
    assert total.as_dict()["actual"] == 13.3
    assert rows["802"].actual == 0


def test_it_keeps_targets_without_an_indicator_as_one_noted_row(plan):
    rows = rows_of(scorecard.evaluate(plan["directive"]), plan["t_text"])
    assert list(rows) == ["62"]
    assert rows["62"].actual is None and rows["62"].note


def test_it_uses_a_bounded_number_of_queries_whatever_the_registry_size(plan):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            scorecard.evaluate(plan["directive"])
        return len(ctx.captured_queries)

    before = count()
    for i in range(15):
        commune = CommuneFactory(parent=plan["b"])
        CooperativeFactory(commune=commune, established_on=D(2018, 2, 1 + i))
        CooperativeGroupFactory(commune=commune, founded_on=D(2018, 2, 1 + i))
    after = count()
    # plan, targets, allocations, province units (districts, communes), one GROUP BY per indicator × level
    assert before == after <= 12


def test_it_prints_json_rows_with_exact_numerators(plan):
    out = io.StringIO()
    call_command("scorecard", "--year", "2018", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    keys = {"target", "indicator", "unit", "unit_code", "unit_name", "target_value", "actual", "numerator",
            "denominator", "met"}
    assert all(keys <= set(row) for row in rows)
    effective_b = next(r for r in rows if r["indicator"] == "htx_effective_share" and r["unit_code"] == "802")
    assert (effective_b["actual"], effective_b["numerator"], effective_b["denominator"], effective_b["met"]) == (
        None, 0, 0, None)
    new_total = next(r for r in rows if r["indicator"] == "htx_new" and r["unit_code"] == "62")
    assert (new_total["target_value"], new_total["actual"], new_total["unit"], new_total["met"]) == (4, 3, "HTX", False)
    assert isinstance(new_total["target_value"], int)
    groups_a = next(r for r in rows if r["indicator"] == "tht_new" and r["unit_code"] == "801")
    assert groups_a["units_not_meeting"] == [{"code": "80102", "name": "Xã A2"}]


def test_it_prints_an_aligned_table_with_vietnamese_headers(plan):
    out = io.StringIO()
    call_command("scorecard", "--plan", str(plan["directive"].pk), stdout=out)
    text = out.getvalue()
    assert "Địa bàn" in text and "Thực hiện" in text and "Đánh giá" in text
    assert "Chưa đạt: Xã A2" in text
    header, rule, *lines = text.splitlines()[1:]
    effective_b = next(line for line in lines if "htx_effective_share" in line and "Huyện B" in line)
    assert "không xác định" in effective_b and "0 %" not in effective_b
    # Columns line up: every cell of the unit column starts where its header does.
    column = header.index("Địa bàn")
    assert all(line[column - 2:column] == "  " for line in lines)


def test_it_writes_csv(plan):
    out = io.StringIO()
    call_command("scorecard", "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][:3] == ["target", "task", "indicator"]
    assert len(rows) == 1 + 3 + 3 + 3 + 3 + 1


def test_it_refuses_an_unknown_plan(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("scorecard", "--plan", "999")


def test_it_defaults_to_the_latest_active_plan(plan):
    old = Directive.objects.create(issuer=plan["directive"].issuer, doc_type="công văn", subject="Cũ", year=2017)
    Directive.objects.create(issuer=old.issuer, doc_type="công văn", subject="Ngừng", year=2019, is_active=False)
    assert scorecard.active_directive() == plan["directive"]
