"""The indicator engine: compute indicators by code for many units at once, and drill down.

    from hoptac.indicators.engine import compute, compute_many, drilldown
    from hoptac.indicators.periods import Period

    compute("htx_new", period=Period.year(2018), level="district")            # {district id: Value}
    compute("htx_member_growth", period=Period.year(2018), level="province", base_year=2017)
    drilldown("htx_new", district, Period.year(2018))                          # the cooperatives counted

Each indicator costs one GROUP BY query per call (plus one query listing the units when `units`
is None; `compute_many` lists them once for all codes). Query counts do not depend on the number
of records or units.

`queryset_scope` is an optional callable applied to every base queryset an indicator starts from
(Cooperative, CooperativeYear, CooperativeGroup, AllianceMembership), e.g. to leave out
demonstration rows: `lambda qs: qs.filter(is_demo=False) if hasattr(qs.model, "is_demo") else qs`.
"""

from collections.abc import Iterable

from django.db import models

from hoptac.indicators.measures import Scope, check_level
from hoptac.indicators.periods import Period
from hoptac.indicators.registry import INDICATORS, SEED_INDICATORS, Indicator, get_indicator, resolve_units
from hoptac.indicators.values import Value
from hoptac.units.models import AdminUnit

__all__ = ["INDICATORS", "SEED_INDICATORS", "Period", "Value", "compute", "compute_many", "drilldown", "get_indicator"]


def compute(
    code: str,
    *,
    period: Period,
    level: str,
    units=None,
    base_year: int | None = None,
    queryset_scope: Scope | None = None,
) -> dict[int, Value]:
    """{unit id: Value} of one indicator for every unit of `level` valid during the period, or for
    `units` (AdminUnits, ids or a queryset) when given."""
    return get_indicator(code).compute(period, level, units, base_year, queryset_scope)


def compute_many(
    codes: Iterable[str],
    *,
    period: Period,
    level: str,
    units=None,
    base_year: int | None = None,
    queryset_scope: Scope | None = None,
) -> dict[str, dict[int, Value]]:
    """{code: {unit id: Value}}: one query to list the units, then one per indicator."""
    indicators: list[Indicator] = [get_indicator(code) for code in codes]
    level = check_level(level)
    unit_ids = resolve_units(level, period, units)
    return {
        ind.code: ind.compute_for(
            period, level, unit_ids, explicit=units is not None, base_year=base_year, queryset_scope=queryset_scope
        )
        for ind in indicators
    }


def drilldown(
    code: str,
    unit: AdminUnit,
    period: Period,
    *,
    base_year: int | None = None,
    part: str = "numerator",
    queryset_scope: Scope | None = None,
) -> models.QuerySet:
    """The records behind `unit`'s value: part "numerator" (default), "denominator", or "missing"
    (in the denominator but not the numerator, e.g. communes with no new group, active
    cooperatives not yet under the 2012 law, ceased cooperatives not yet dissolved).

    The queryset's model depends on the indicator: Cooperative, CooperativeYear, CooperativeGroup,
    AllianceMembership or AdminUnit (communes).
    """
    return get_indicator(code).drilldown(unit, period, base_year=base_year, part=part, queryset_scope=queryset_scope)
