"""The engine: many units per query, bounded query counts, drill-down consistency, display rules."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.indicators.engine import INDICATORS, compute, compute_many, drilldown
from hoptac.indicators.periods import Period
from hoptac.indicators.registry import UnknownIndicator
from hoptac.indicators.values import COUNT, RATIO, Value, format_number, format_value, json_number
from hoptac.registry.tests.factories import CooperativeFactory, CooperativeGroupFactory, CooperativeYearFactory
from hoptac.units.tests.factories import CommuneFactory

Y2018 = Period.year(2018)
ALL_CODES = list(INDICATORS)


def test_it_computes_every_indicator_for_all_districts_in_one_query_each_plus_one(registry, django_assert_num_queries):
    with django_assert_num_queries(len(ALL_CODES) + 1):
        result = compute_many(ALL_CODES, period=Y2018, level="district", base_year=2017)
    assert set(result) == set(ALL_CODES)
    assert all(set(values) == {registry.a.pk, registry.b.pk, registry.c.pk} for values in result.values())


def test_it_does_not_issue_more_queries_when_the_registry_grows(registry):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            compute_many(ALL_CODES, period=Y2018, level="commune", base_year=2017)
            compute_many(ALL_CODES, period=Y2018, level="district", units=[registry.a, registry.b], base_year=2017)
        return len(ctx.captured_queries)

    before = count_queries()
    for i in range(20):
        commune = CommuneFactory(parent=registry.c)
        coop = CooperativeFactory(commune=commune, established_on=datetime.date(2018, 1, 1 + i))
        CooperativeYearFactory(cooperative=coop, year=2018, grade="kha")
        CooperativeGroupFactory(commune=commune)
    assert count_queries() == before == 2 * len(ALL_CODES) + 1


def test_it_stays_within_a_query_budget_for_a_drilldown(registry, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        list(drilldown("htx_active", registry.province, Y2018))


def test_it_lists_exactly_the_records_it_counted(registry):
    r = registry
    for code, indicator in INDICATORS.items():
        measure = indicator.build(Y2018, 2017)
        if measure.field is not None:
            continue  # sums of a figure, not numbers of records
        for unit in (r.a, r.b, r.c, r.province, r.a1, r.b1):
            value = compute(code, period=Y2018, level=unit.level, units=[unit], base_year=2017)[unit.pk]
            assert drilldown(code, unit, Y2018, base_year=2017).count() == value.numerator, (code, unit)
            if measure.has_denominator:
                denominator = drilldown(code, unit, Y2018, base_year=2017, part="denominator").count()
                missing = drilldown(code, unit, Y2018, base_year=2017, part="missing").count()
                assert denominator == value.denominator, (code, unit)
                if indicator.kind == RATIO:
                    assert missing == value.denominator - value.numerator, (code, unit)


def test_it_accepts_units_as_ids_or_a_queryset(registry):
    from hoptac.units.models import AdminUnit

    by_ids = compute("htx_new", period=Y2018, level="district", units=[registry.a.pk])
    by_qs = compute("htx_new", period=Y2018, level="district", units=AdminUnit.objects.filter(pk=registry.a.pk))
    assert by_ids == by_qs == {registry.a.pk: Value(COUNT, 2)}


def test_it_gives_zero_to_units_without_records(registry):
    values = compute("tht_new", period=Period.year(2010), level="district")
    assert {v.numerator for v in values.values()} == {0}


def test_it_applies_a_queryset_scope_to_the_records(registry):
    registry.c2.is_demo = True
    registry.c2.save()

    def no_demo(qs):
        return qs.filter(is_demo=False) if hasattr(qs.model, "is_demo") else qs

    assert compute("htx_new", period=Y2018, level="district", queryset_scope=no_demo)[registry.a.pk].numerator == 1


def test_it_rejects_unknown_codes_levels_and_parts(registry):
    with pytest.raises(UnknownIndicator):
        compute("no_such_indicator", period=Y2018, level="district")
    with pytest.raises(ValueError):
        compute("htx_new", period=Y2018, level="ward")
    with pytest.raises(ValueError):
        drilldown("htx_new", registry.a, Y2018, part="denominator")


def test_it_describes_every_indicator_in_both_languages():
    for code, indicator in INDICATORS.items():
        assert indicator.code == code
        assert indicator.name_vi and indicator.name_en and indicator.counts and indicator.unit
        assert indicator.aggregation


def test_it_shows_an_undefined_ratio_as_not_determined_never_zero():
    undefined = Value(RATIO, 0, 0)
    assert undefined.value is None and not undefined.is_defined
    assert format_value(undefined) == "không xác định"
    assert undefined.as_dict()["value"] is None
    assert format_value(Value(RATIO, 0, 3)) == "0 %"


def test_it_recomputes_a_combined_ratio_from_numerators_and_denominators():
    combined = Value.combine([Value(RATIO, 1, 1), Value(RATIO, 1, 3), Value(RATIO, 0, 0)])
    assert (combined.numerator, combined.denominator) == (2, 4)
    assert combined.value == 50  # not the mean of 100 %, 33.3 % and undefined


def test_it_formats_numbers_the_vietnamese_way():
    assert format_number(Decimal("1234567.25"), 1) == "1.234.567,2"
    assert format_number(12, 1) == "12"
    assert format_value(Value(COUNT, 1234), "HTX") == "1.234 HTX"
    assert json_number(Decimal("35.00")) == 35 and isinstance(json_number(Decimal("35.00")), int)
    assert json_number(Decimal("66.6666"), 1) == 66.7


def test_it_builds_periods():
    assert Period.year(2018) == Period(datetime.date(2018, 1, 1), datetime.date(2018, 12, 31))
    assert Period.quarter(2018, 2) == Period(datetime.date(2018, 4, 1), datetime.date(2018, 6, 30))
    assert Period.year_to_date(datetime.date(2018, 9, 30)).start == datetime.date(2018, 1, 1)
    assert str(Period.year(2018)) == "2018"
    assert str(Period.quarter(2018, 3)) == "01/07/2018–30/09/2018"
    with pytest.raises(ValueError):
        Period(datetime.date(2018, 2, 1), datetime.date(2018, 1, 1))
