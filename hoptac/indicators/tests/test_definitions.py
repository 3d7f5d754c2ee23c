"""Each indicator on the hand-built registry of conftest.py, worked out by hand."""

from decimal import Decimal

import pytest

from hoptac.indicators.engine import compute, drilldown
from hoptac.indicators.periods import Period
from hoptac.indicators.values import format_value

Y2017 = Period.year(2017)
Y2018 = Period.year(2018)


def by_district(r, code, period=Y2018, **kwargs):
    values = compute(code, period=period, level="district", **kwargs)
    province = compute(code, period=period, level="province", units=[r.province], **kwargs)[r.province.pk]
    return {"A": values[r.a.pk], "B": values[r.b.pk], "C": values[r.c.pk], "P": province}


def nums(values):
    return {k: (v.numerator, v.denominator) for k, v in values.items()}


def shown(values):
    return {k: v.value if v.value is None else round(Decimal(v.value), 2) for k, v in values.items()}


def names(qs):
    return sorted(str(x) for x in qs)


def test_it_counts_cooperatives_established_in_the_year_including_one_dissolved_the_same_year(registry):
    r = registry
    values = by_district(r, "htx_new")
    assert shown(values) == {"A": 2, "B": 0, "C": 0, "P": 2}
    assert names(drilldown("htx_new", r.a, Y2018)) == ["HTX c2", "HTX c3"]
    assert compute("htx_new", period=Y2018, level="commune", units=[r.a1, r.a2, r.b1])[r.a2.pk].numerator == 1


def test_it_counts_cooperatives_dissolved_in_the_year(registry):
    r = registry
    assert shown(by_district(r, "htx_dissolved")) == {"A": 1, "B": 1, "C": 0, "P": 2}
    assert names(drilldown("htx_dissolved", r.b, Y2018)) == ["HTX c4"]


def test_it_counts_active_cooperatives_at_the_end_of_the_year(registry):
    r = registry
    # c3 dissolved, c4 dissolved, c5 ceased, c6 suspended; c9 resumed in 2017.
    assert shown(by_district(r, "htx_active")) == {"A": 2, "B": 1, "C": 2, "P": 5}
    assert names(drilldown("htx_active", r.c, Y2018)) == ["HTX c8", "HTX c9"]
    # At the end of 2017: c2, c3 not founded yet; c4 had ceased; c9 had resumed.
    assert shown(by_district(r, "htx_active", Y2017)) == {"A": 1, "B": 3, "C": 2, "P": 6}


def test_it_counts_existing_cooperatives_including_suspended_and_ceased(registry):
    assert shown(by_district(registry, "htx_total")) == {"A": 2, "B": 3, "C": 2, "P": 7}


def test_it_computes_the_share_under_the_2012_law_over_active_cooperatives(registry):
    r = registry
    values = by_district(r, "htx_law2012_share")
    assert nums(values) == {"A": (2, 2), "B": (0, 1), "C": (2, 2), "P": (4, 5)}
    assert shown(values) == {"A": 100, "B": 0, "C": 100, "P": 80}
    assert names(drilldown("htx_law2012_share", r.b, Y2018, part="missing")) == ["HTX c7"]


def test_it_computes_ceased_cooperatives_resolved_by_dissolution(registry):
    r = registry
    values = by_district(r, "htx_ceased_resolved_share")
    # c4 ceased 2017 and was dissolved 2018; c5 ceased 2018 and is not dissolved; c9 resumed.
    assert nums(values) == {"A": (0, 0), "B": (1, 2), "C": (0, 0), "P": (1, 2)}
    assert shown(values) == {"A": None, "B": 50, "C": None, "P": 50}
    assert names(drilldown("htx_ceased_resolved_share", r.b, Y2018)) == ["HTX c4"]
    assert names(drilldown("htx_ceased_resolved_share", r.b, Y2018, part="missing")) == ["HTX c5"]
    # As at the end of 2017, c4 had ceased and was not yet dissolved.
    assert nums(by_district(r, "htx_ceased_resolved_share", Y2017))["B"] == (0, 1)


def test_it_computes_the_effective_share_over_graded_cooperatives_only(registry):
    r = registry
    values = by_district(r, "htx_effective_share")
    assert nums(values) == {"A": (1, 1), "B": (1, 2), "C": (0, 0), "P": (2, 3)}
    assert shown(values) == {"A": 100, "B": 50, "C": None, "P": Decimal("66.67")}
    # A district with no graded cooperative is undefined, never 0 %.
    assert format_value(values["C"]) == "không xác định"
    assert format_value(values["P"]) == "66,7 %"


def test_it_follows_the_configured_effective_grades(registry, settings):
    settings.HOPTAC_EFFECTIVE_GRADES = ["tot"]
    assert nums(by_district(registry, "htx_effective_share")) == {"A": (1, 1), "B": (0, 2), "C": (0, 0), "P": (1, 3)}


def test_it_counts_value_chain_models_first_recognised_in_the_year_by_funding(registry):
    r = registry
    values = by_district(r, "value_chain_models")
    # c6 was already a model in 2017, so it is not new in 2018.
    assert shown(values) == {"A": 2, "B": 0, "C": 0, "P": 2}
    assert values["A"].breakdown == {"trung_uong": 1, "lmhtx_vn": 1}
    assert values["P"].breakdown == {"trung_uong": 1, "lmhtx_vn": 1}
    assert shown(by_district(r, "value_chain_models", Y2017)) == {"A": 0, "B": 1, "C": 0, "P": 1}
    assert [y.cooperative.name for y in drilldown("value_chain_models", r.a, Y2018)] == ["HTX c1", "HTX c2"]


def test_it_counts_value_chain_models_funded_by_the_national_alliance_or_enterprises(registry):
    r = registry
    assert shown(by_district(r, "value_chain_models_alliance")) == {"A": 1, "B": 0, "C": 0, "P": 1}
    assert shown(by_district(r, "value_chain_models_alliance", Y2017)) == {"A": 0, "B": 1, "C": 0, "P": 1}


def test_it_sums_members_of_cooperatives_existing_at_the_end_of_the_year(registry):
    # c3 (dissolved 30/11/2018) had 8 members in 2018 and is left out.
    assert shown(by_district(registry, "htx_members")) == {"A": 35, "B": 51, "C": 11, "P": 97}


def test_it_computes_member_growth_from_summed_end_and_base_figures(registry):
    values = by_district(registry, "htx_member_growth", base_year=2017)
    # c4 existed at the end of 2017 (dissolved 2018), so its 15 members are in B's base.
    assert nums(values) == {"A": (35, 20), "B": (51, 66), "C": (11, 4), "P": (97, 90)}
    assert shown(values) == {"A": 75, "B": Decimal("-22.73"), "C": 175, "P": Decimal("7.78")}
    assert format_value(values["P"]) == "+7,8 %"
    # The base year defaults to the year before.
    assert nums(by_district(registry, "htx_member_growth")) == nums(values)


def test_it_rejects_a_base_year_not_before_the_period(registry):
    with pytest.raises(ValueError):
        compute("htx_member_growth", period=Y2018, level="district", base_year=2018)


def test_it_sums_regular_workers(registry):
    assert shown(by_district(registry, "htx_regular_workers")) == {"A": 16, "B": 19, "C": 2, "P": 37}


def test_it_averages_revenue_and_profit_over_reporting_cooperatives(registry):
    revenue = by_district(registry, "htx_avg_revenue")
    assert nums(revenue) == {"A": (Decimal("1500.5"), 2), "B": (2500, 2), "C": (0, 0), "P": (Decimal("4000.5"), 4)}
    assert shown(revenue) == {"A": Decimal("750.25"), "B": 1250, "C": None, "P": Decimal("1000.12")}
    assert revenue["P"].value == Decimal("1000.125")
    profit = by_district(registry, "htx_avg_profit")
    assert shown(profit) == {"A": 65, "B": 40, "C": None, "P": Decimal("52.5")}


def test_it_weights_average_income_by_regular_workers(registry):
    values = by_district(registry, "htx_avg_income")
    assert nums(values) == {"A": (660, 16), "B": (500, 10), "C": (0, 0), "P": (1160, 26)}
    assert shown(values)["P"] == Decimal("44.62")


def test_it_counts_new_and_existing_cooperative_groups(registry):
    r = registry
    # g3 founded on 31/12/2018 counts; g4 (2019) does not; g5 ended in 2017.
    assert shown(by_district(r, "tht_new")) == {"A": 1, "B": 1, "C": 0, "P": 2}
    assert shown(by_district(r, "tht_total")) == {"A": 1, "B": 2, "C": 0, "P": 3}
    assert shown(by_district(r, "tht_members")) == {"A": 5, "B": 14, "C": 0, "P": 19}


def test_it_computes_commune_coverage_of_new_groups_and_lists_communes_lacking_one(registry):
    r = registry
    values = by_district(r, "tht_new_commune_coverage")
    assert nums(values) == {"A": (1, 2), "B": (1, 1), "C": (0, 1), "P": (2, 4)}
    assert shown(values) == {"A": 50, "B": 100, "C": 0, "P": 50}
    assert names(drilldown("tht_new_commune_coverage", r.a, Y2018, part="missing")) == ["Xã A2"]
    assert names(drilldown("tht_new_commune_coverage", r.province, Y2018, part="missing")) == ["Xã A2", "Xã C1"]
    assert names(drilldown("tht_new_commune_coverage", r.province, Y2018, part="numerator")) == ["Xã A1", "Xã B1"]


def test_it_counts_alliance_members_with_organisations_without_commune_only_in_the_province(registry):
    r = registry
    values = by_district(r, "alliance_members")
    assert shown(values) == {"A": 1, "B": 1, "C": 2, "P": 5}
    assert sorted(m.member_name for m in drilldown("alliance_members", r.province, Y2018)) == [
        "Doanh nghiệp X", "HTX c1", "HTX c7", "HTX c8", "Hội ABC",
    ]


def test_it_computes_alliance_member_growth_over_the_base_year(registry):
    values = by_district(registry, "alliance_member_growth", base_year=2017)
    assert nums(values) == {"A": (1, 1), "B": (1, 2), "C": (2, 0), "P": (5, 4)}
    assert shown(values) == {"A": 0, "B": -50, "C": None, "P": 25}
    assert format_value(values["C"]) == "không xác định"
