"""Indicator formulas: for a period (and base year), the records counted and how they add up.

Each function returns a `Measure` (see `measures.py`); none touches the database until the engine
groups it by unit. The rules behind each choice are recorded in docs/adr/0003-indicator-definitions.md.

Conventions shared by all formulas:
- A record lies in the unit of its commune today (`Cooperative.commune`, `CooperativeGroup.commune`).
- Flows count events with `period.start <= date <= period.end`; stocks are read on `period.end`,
  using the registry's as-of-date lifecycle (`active_on`, `existing_on`, `member_on`).
- Yearly figures (members, workers, revenue, grade, value-chain flag) come from the
  `CooperativeYear` of `period.figures_year` (the year the period ends in).
"""

from django.conf import settings
from django.db.models import Exists, ExpressionWrapper, F, OuterRef, Q

from hoptac.indicators.measures import SELF, SUM_FIELD, Measure, Scope
from hoptac.indicators.periods import Period, year_end
from hoptac.registry.models import (
    LAW_2012_EFFECTIVE,
    AllianceMembership,
    Cooperative,
    CooperativeGroup,
    CooperativeYear,
    EventKind,
    FundingSource,
    Grade,
    STATE_AFTER,
    LifecycleEvent,
    State,
)
from hoptac.units.models import AdminUnit

# Value-chain models "built with the resources of Liên minh HTX Việt Nam and enterprises" (seed task 3.3).
ALLIANCE_FUNDING = (FundingSource.NATIONAL_ALLIANCE, FundingSource.ENTERPRISE)
# A membership lies where its cooperative or group lies, else where the membership says.
MEMBERSHIP_LOCATION = ("cooperative__commune", "group__commune", "commune")


def _base(model, scope: Scope | None):
    qs = model.objects.all()
    return scope(qs) if scope is not None else qs


def _in_state_on(qs, day, *states):
    """`qs.in_state_on(day, *states)`, filtered on the last state-changing event itself so the
    database evaluates the registry's correlated subquery once per cooperative, not once per state."""
    kinds = [str(kind) for kind, state in STATE_AFTER.items() if state in states]
    return qs.with_state_on(day).filter(last_state_event__in=kinds)


# The registry's as-of-date rules as Q objects, so that they join instead of running as IN (subquery)
# — two to three times faster on large registries. tests/test_rules.py checks each one against the
# queryset method it mirrors (existing_on, compliant_on, member_on), so they cannot drift apart.


def existing_q(day, prefix: str = "") -> Q:
    """`Cooperative.objects.existing_on(day)`; `prefix` reaches the cooperative from another model."""
    return Q(**{f"{prefix}established_on__lte": day}) & (
        Q(**{f"{prefix}dissolved_on__isnull": True}) | Q(**{f"{prefix}dissolved_on__gt": day})
    )


def compliant_q(day) -> Q:
    """`Cooperative.objects.compliant_on(day)`."""
    reregistered = LifecycleEvent.objects.filter(cooperative=OuterRef("pk"), kind=EventKind.REREGISTERED, date__lte=day)
    return Q(established_on__lte=day) & (Q(established_on__gte=LAW_2012_EFFECTIVE) | Q(Exists(reregistered)))


def member_q(day) -> Q:
    """`AllianceMembership.objects.member_on(day)`."""
    return Q(joined_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


def _figures(period: Period, scope: Scope | None):
    """Yearly figures of the cooperatives that still exist (not dissolved) at the end of the period."""
    return _base(CooperativeYear, scope).filter(existing_q(period.end, "cooperative__"), year=period.figures_year)


# --- Cooperatives (HTX) -------------------------------------------------------------------------


def htx_new(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Cooperatives established in the period (cached `established_on` within it). One founded and
    dissolved in the same period counts here and in `htx_dissolved`."""
    return Measure(_base(Cooperative, scope).filter(established_on__range=(period.start, period.end)), "commune")


def htx_dissolved(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Cooperatives dissolved (voluntarily or compulsorily) or declared bankrupt in the period."""
    return Measure(_base(Cooperative, scope).filter(dissolved_on__range=(period.start, period.end)), "commune")


def htx_active(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Cooperatives whose lifecycle state on the period's last day is active (not suspended,
    ceased or dissolved)."""
    return Measure(_in_state_on(_base(Cooperative, scope), period.end, State.ACTIVE), "commune")


def htx_total(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Cooperatives existing on the period's last day: established and not dissolved
    (active, suspended or ceased)."""
    return Measure(_base(Cooperative, scope).existing_on(period.end), "commune")


def htx_law2012_share(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Of the cooperatives active on the period's last day (denominator), those operating under the
    2012 Cooperative Law on that day: founded since it took effect or re-registered under it."""
    active = _in_state_on(_base(Cooperative, scope), period.end, State.ACTIVE)
    return Measure(active, "commune", numerator=compliant_q(period.end), has_denominator=True)


def htx_ceased_resolved_share(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Of the cooperatives that ceased operating (denominator), those dissolved by the period end.

    Ceased = a `ceased` event on or before the period end (in any year) and, on the period end,
    still ceased or dissolved; one that resumed operating is no longer a ceased cooperative.
    Resolved = dissolved (or bankrupt) on or before the period end.
    """
    ceased_event = LifecycleEvent.objects.filter(
        cooperative=OuterRef("pk"), kind=EventKind.CEASED, date__lte=period.end
    )
    qs = _in_state_on(_base(Cooperative, scope).filter(Exists(ceased_event)), period.end, State.CEASED, State.DISSOLVED)
    dissolved = [str(kind) for kind, state in STATE_AFTER.items() if state == State.DISSOLVED]
    return Measure(qs, "commune", numerator=Q(last_state_event__in=dissolved), has_denominator=True)


def htx_effective_share(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Of the cooperatives graded for the figures year (any grade but "chưa xếp loại"; the
    denominator), those whose grade is in settings.HOPTAC_EFFECTIVE_GRADES (by default Tốt, Khá)."""
    graded = _base(CooperativeYear, scope).filter(year=period.figures_year).exclude(grade__in=[Grade.UNGRADED, ""])
    return Measure(
        graded, "cooperative__commune", numerator=Q(grade__in=list(settings.HOPTAC_EFFECTIVE_GRADES)), has_denominator=True
    )


def _value_chain(period: Period, scope: Scope | None):
    flagged = CooperativeYear.objects.filter(is_value_chain_model=True)
    qs = (
        _base(CooperativeYear, scope)
        .filter(is_value_chain_model=True, year__in=list(period.years))
        # not a model before the period (one uncorrelated NOT IN, cheaper than NOT EXISTS per row)
        .exclude(cooperative__in=flagged.filter(year__lt=period.start.year).values("cooperative_id"))
    )
    if period.start.year < period.end.year:
        # a period of several years counts a cooperative once, in its first flagged year
        earlier = flagged.filter(cooperative=OuterRef("cooperative"), year__lt=OuterRef("year"))
        qs = qs.filter(~Exists(earlier))
    return qs


def value_chain_models(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Cooperatives recognised as value-chain models in the period: a `CooperativeYear` of a year
    in the period is flagged and no earlier year of the same cooperative is. Split by the funding
    source of that first flagged year (blank = not stated)."""
    return Measure(_value_chain(period, scope), "cooperative__commune", breakdown="value_chain_funding")


def value_chain_models_alliance(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Value-chain models recognised in the period whose funding is Liên minh HTX Việt Nam or an
    enterprise (seed task 3.3)."""
    qs = _value_chain(period, scope).filter(value_chain_funding__in=ALLIANCE_FUNDING)
    return Measure(qs, "cooperative__commune", breakdown="value_chain_funding")


def htx_members(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Members of the cooperatives existing at the period end, from their figures of the year.
    A cooperative without figures for the year adds nothing."""
    return Measure(_figures(period, scope), "cooperative__commune", field="members")


def htx_member_growth(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Members at the period end (numerator) against members at the end of the base year
    (denominator), each from that year's figures of the cooperatives existing at that date;
    value = (end − base) / base × 100."""
    base = _base_year(period, base_year)
    qs = _base(CooperativeYear, scope).filter(
        (Q(year=period.figures_year) & existing_q(period.end, "cooperative__"))
        | (Q(year=base) & existing_q(year_end(base), "cooperative__"))
    )
    return Measure(
        qs,
        "cooperative__commune",
        numerator=Q(year=period.figures_year),
        denominator=Q(year=base),
        field="members",
        denominator_field="members",
        has_denominator=True,
    )


def htx_regular_workers(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Regular workers (lao động thường xuyên) of the cooperatives existing at the period end."""
    return Measure(_figures(period, scope), "cooperative__commune", field="regular_workers")


def _average_per_cooperative(field_name: str, period: Period, scope: Scope | None) -> Measure:
    qs = _figures(period, scope).filter(**{f"{field_name}__isnull": False})
    return Measure(qs, "cooperative__commune", field=field_name, has_denominator=True)


def htx_avg_revenue(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Total revenue over the number of cooperatives that reported revenue for the year (million đồng)."""
    return _average_per_cooperative("revenue", period, scope)


def htx_avg_profit(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Total profit over the number of cooperatives that reported profit for the year (million đồng)."""
    return _average_per_cooperative("profit", period, scope)


def htx_avg_income(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Average income per regular worker: Σ(average income × regular workers) / Σ regular workers,
    over the cooperatives reporting both; a worker-weighted mean, not a mean of cooperatives' means."""
    qs = _figures(period, scope).filter(average_income__isnull=False, regular_workers__gt=0)
    labour_income = ExpressionWrapper(F("average_income") * F("regular_workers"), output_field=SUM_FIELD)
    return Measure(
        qs, "cooperative__commune", field=labour_income, denominator_field="regular_workers", has_denominator=True
    )


# --- Cooperative groups (THT) -------------------------------------------------------------------


def tht_new(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Cooperative groups founded in the period (`founded_on` within it)."""
    return Measure(_base(CooperativeGroup, scope).filter(founded_on__range=(period.start, period.end)), "commune")


def tht_total(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Cooperative groups existing on the period's last day."""
    return Measure(_base(CooperativeGroup, scope).existing_on(period.end), "commune")


def tht_members(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Members (tổ viên) of the cooperative groups existing on the period's last day."""
    return Measure(_base(CooperativeGroup, scope).existing_on(period.end), "commune", field="members")


def tht_new_commune_coverage(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Of the communes valid on the period's last day (denominator), those where at least one group
    was founded in the period. Drill-down part "missing" lists the communes lacking one."""
    with_new_group = _base(CooperativeGroup, scope).filter(founded_on__range=(period.start, period.end))
    communes = AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).valid_on(period.end)
    return Measure(
        communes, SELF, numerator=Q(pk__in=with_new_group.values("commune_id")), has_denominator=True
    )


# --- Cooperative Alliance ------------------------------------------------------------------------


def _membership(period: Period, qs, **kwargs) -> Measure:
    # Organisations without a commune (and without a cooperative or group) lie in no commune or
    # district: they count only for the province of the Alliance they joined.
    return Measure(
        qs, MEMBERSHIP_LOCATION, fallback={AdminUnit.Level.PROVINCE: "alliance__admin_unit_id"}, **kwargs
    )


def alliance_members(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Members of the Cooperative Alliance on the period's last day (joined, not left)."""
    return _membership(period, _base(AllianceMembership, scope).filter(member_q(period.end)))


def alliance_member_growth(period: Period, base_year: int | None = None, scope: Scope | None = None) -> Measure:
    """Alliance members on the period's last day (numerator) against those at the end of the base
    year (denominator); value = (end − base) / base × 100."""
    base_end = year_end(_base_year(period, base_year))
    at_end, at_base = member_q(period.end), member_q(base_end)
    qs = _base(AllianceMembership, scope).filter(at_end | at_base)
    return _membership(period, qs, numerator=at_end, denominator=at_base, has_denominator=True)


def _base_year(period: Period, base_year: int | None) -> int:
    base = period.figures_year - 1 if base_year is None else base_year
    if base >= period.figures_year:
        raise ValueError(f"The base year ({base}) must come before the period's year ({period.figures_year})")
    return base
