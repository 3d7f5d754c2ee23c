"""How an indicator is counted: one queryset of records, where each record lies, and what adds up.

Every indicator is a `Measure`: the records (cooperatives, yearly figures, groups, memberships or
communes), the lookup from a record to its commune, the numerator (a filter on those records, and
optionally a summed field) and, for ratios, averages and growth, the denominator. One GROUP BY
query per level then yields every unit's numerator and denominator at once:

    SELECT <commune / its parent / its parent's parent> AS unit_key,
           COUNT(*) FILTER (WHERE numerator), COUNT(*) FILTER (WHERE denominator)
    FROM records WHERE ... GROUP BY unit_key

Drill-down filters the same queryset on the same unit key, so the records listed are exactly the
records counted.
"""

from collections.abc import Callable, Sequence
import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Count, F, Q, Sum, Value as V
from django.db.models.functions import Coalesce

from hoptac.units.models import AdminUnit

LEVELS = (AdminUnit.Level.COMMUNE, AdminUnit.Level.DISTRICT, AdminUnit.Level.PROVINCE)
# From a commune to the unit of each level: itself, its parent, its grandparent.
_LEVEL_SUFFIX = {
    AdminUnit.Level.COMMUNE: "_id",
    AdminUnit.Level.DISTRICT: "__parent_id",
    AdminUnit.Level.PROVINCE: "__parent__parent_id",
}
_SELF_LOOKUP = {
    AdminUnit.Level.COMMUNE: "pk",
    AdminUnit.Level.DISTRICT: "parent_id",
    AdminUnit.Level.PROVINCE: "parent__parent_id",
}
SELF = ""  # location of a record that is itself a commune
UNIT_KEY = "unit_key"
# Sums of money can exceed the 14 digits of a single figure.
SUM_FIELD = models.DecimalField(max_digits=30, decimal_places=2)

Scope = Callable[[models.QuerySet], models.QuerySet]


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"Unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    return str(level)


@dataclass(frozen=True)
class Measure:
    """The records an indicator counts and how they add up.

    - `location`: lookup from a record to its commune (`"commune"`, `"cooperative__commune"`),
      `SELF` when the records are communes, or several lookups tried in order (first non-null wins).
    - `numerator` / `denominator`: filters on `queryset` (None = every record); `denominator` is
      only used by ratio, average and growth indicators.
    - `field` / `denominator_field`: summed instead of counting records (a field name or expression).
    - `breakdown`: a field splitting the numerator (e.g. funding source).
    - `fallback`: per level, a lookup to a unit id used when no location is known (e.g. an Alliance
      member without a commune counts for the Alliance's province only).
    """

    queryset: models.QuerySet
    location: str | Sequence[str]
    numerator: Q | None = None
    denominator: Q | None = None
    field: str | models.Expression | None = None
    denominator_field: str | models.Expression | None = None
    breakdown: str | None = None
    fallback: dict = dataclasses.field(default_factory=dict)
    has_denominator: bool = False

    def unit_key(self, level: str) -> models.Expression:
        """Expression giving, for each record, the id of its unit at `level`."""
        level = check_level(level)
        locations = [self.location] if isinstance(self.location, str) else list(self.location)
        keys = [F(_SELF_LOOKUP[level]) if loc == SELF else F(loc + _LEVEL_SUFFIX[level]) for loc in locations]
        if level in self.fallback:
            keys.append(F(self.fallback[level]))
        if len(keys) == 1:
            return keys[0]
        return Coalesce(*keys, output_field=models.BigIntegerField())

    def _aggregate(self, condition: Q | None, summed) -> models.Expression:
        if summed is None:
            return Count("pk", filter=condition)
        output = self._sum_output_field(summed)
        return Coalesce(Sum(summed, filter=condition, output_field=output), V(0), output_field=output)

    def _sum_output_field(self, summed) -> models.Field:
        if isinstance(summed, str):
            model_field = self.queryset.model._meta.get_field(summed)
            if not isinstance(model_field, models.DecimalField):
                return models.BigIntegerField()
        return SUM_FIELD

    def aggregates(self) -> dict:
        result = {"num": self._aggregate(self.numerator, self.field)}
        if self.has_denominator:
            result["den"] = self._aggregate(self.denominator, self.denominator_field)
        return result

    def rows(self, level: str, unit_ids: Sequence[int] | None = None):
        """One GROUP BY query: dicts with unit_key, [breakdown field], num, [den]."""
        qs = self.queryset.annotate(**{UNIT_KEY: self.unit_key(level)})
        if unit_ids is not None:
            qs = qs.filter(**{f"{UNIT_KEY}__in": list(unit_ids)})
        # Records without a unit at this level come back under None; the caller drops them. (Filtering
        # them out in SQL would lead SQLite's planner to drive the join from the units table.)
        fields = [UNIT_KEY] + ([self.breakdown] if self.breakdown else [])
        return qs.order_by().values(*fields).annotate(**self.aggregates())

    def records(self, level: str, unit_id: int, part: str = "numerator") -> models.QuerySet:
        """The records behind one unit's numerator, denominator, or the denominator's records
        outside the numerator (`"missing"`: e.g. communes without a new group)."""
        qs = self.queryset.annotate(**{UNIT_KEY: self.unit_key(level)}).filter(**{UNIT_KEY: unit_id})
        summed = self.field
        if part == "numerator":
            condition = self.numerator
        elif part == "denominator":
            if not self.has_denominator:
                raise ValueError("This indicator has no denominator")
            condition, summed = self.denominator, self.denominator_field
        elif part == "missing":
            if not self.has_denominator:
                raise ValueError("This indicator has no denominator")
            inside = qs.filter(self.numerator) if self.numerator is not None else qs
            qs = qs.filter(self.denominator) if self.denominator is not None else qs
            return qs.exclude(pk__in=inside.values("pk"))
        else:
            raise ValueError(f"Unknown drill-down part {part!r}: numerator, denominator or missing")
        if condition is not None:
            qs = qs.filter(condition)
        if isinstance(summed, str):
            qs = qs.filter(**{f"{summed}__isnull": False})
        return qs


def normalise(number):
    """Sums arrive as int, Decimal or None; keep ints as ints and Decimals without useless zeros."""
    if number is None:
        return 0
    if isinstance(number, float):
        number = Decimal(str(number))
    if isinstance(number, Decimal):
        if number == number.to_integral_value():
            return int(number)
        return number.normalize()
    return number
