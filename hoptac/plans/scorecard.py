"""Targets against actuals: the plan's scorecard.

For every target with an indicator code, one row per allocated unit (the allocation's admin unit,
else its agency's — the district for a district People's Committee) and a province total row.
A target without allocations gets one row per district of the province, with no target value
(the target is the province's), plus the province total row. A per-unit target ("every commune
at least one new group") is evaluated on each unit of its level: its rows say how many units
meet it and which do not.

Rules (docs/adr/0003-indicator-definitions.md):
- actual = the indicator's value (a count, or a % for ratios and growth); undefined → None.
- met: ">=" and "=" are met when actual ≥ target ("02 models" is reached by building three; a
  100 % target cannot be exceeded), "<=" when actual ≤ target; None when either side is missing.
- % achieved = actual / target × 100; gap = actual − target (negative: short of the target).

Queries: a fixed handful to read the plan and the units, plus one GROUP BY per
(indicator, period, base year, level) — independent of the registry's size.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from hoptac.indicators.periods import Period
from hoptac.indicators.registry import INDICATORS, Indicator, units_valid_during
from hoptac.indicators.values import COUNT, Value, format_number, format_value, json_number
from hoptac.units.models import AdminUnit

from .models import Allocation, Comparator, Directive, Target

HUNDRED = Decimal(100)
COMPARATOR_SIGNS = {Comparator.AT_LEAST: "≥", Comparator.EQUAL: "=", Comparator.AT_MOST: "≤"}


@dataclass
class PerUnitResult:
    """A per-unit target inside one unit: its units of the target's level and which fall short."""

    level: str
    total: int
    meeting: int
    not_meeting: list[AdminUnit] = field(default_factory=list)
    undefined: list[AdminUnit] = field(default_factory=list)


@dataclass
class Row:
    target: Target
    indicator: Indicator | None
    admin_unit: AdminUnit | None
    is_total: bool
    period: Period
    target_value: Decimal | None
    value: Value | None = None
    per_unit: PerUnitResult | None = None
    allocation: Allocation | None = None
    note: str = ""

    @property
    def actual(self):
        if self.per_unit is not None:
            return self.per_unit.meeting
        return None if self.value is None else self.value.value

    @property
    def numerator(self):
        if self.per_unit is not None:
            return self.per_unit.meeting
        return None if self.value is None else self.value.numerator

    @property
    def denominator(self):
        if self.per_unit is not None:
            return self.per_unit.total
        return None if self.value is None else self.value.denominator

    @property
    def met(self) -> bool | None:
        if self.per_unit is not None:
            if self.per_unit.total == 0 or self.per_unit.undefined:
                return None
            return self.per_unit.meeting == self.per_unit.total
        return is_met(self.target.comparator, self.actual, self.target_value)

    @property
    def percent_achieved(self) -> Decimal | None:
        if self.per_unit is not None:
            return None if not self.per_unit.total else Decimal(self.per_unit.meeting) * HUNDRED / self.per_unit.total
        if self.actual is None or not self.target_value:
            return None
        return Decimal(self.actual) * HUNDRED / self.target_value

    @property
    def gap(self) -> Decimal | None:
        if self.per_unit is not None:
            return Decimal(self.per_unit.meeting - self.per_unit.total)
        if self.actual is None or self.target_value is None:
            return None
        return Decimal(self.actual) - self.target_value

    @property
    def status_text(self) -> str:
        met = self.met
        if met is None:
            return _("Không xác định") if self.target_value is not None or self.per_unit is not None else "—"
        return _("Đạt") if met else _("Chưa đạt")

    @property
    def actual_text(self) -> str:
        if self.indicator is None:
            return "—"
        if self.per_unit is not None:
            return _("%(meeting)s/%(total)s %(level)s đạt") % {
                "meeting": self.per_unit.meeting,
                "total": self.per_unit.total,
                "level": AdminUnit.Level(self.per_unit.level).label.lower(),
            }
        return format_value(self.value, self.target.unit if self.value and self.value.kind == COUNT else "")

    def as_dict(self) -> dict:
        ratio = self.indicator is not None and self.indicator.kind != COUNT and self.per_unit is None
        return {
            "target": self.target.pk,
            "task": self.target.task.number,
            "target_text": self.target.text,
            "indicator": self.target.indicator,
            "unit": self.target.unit,
            "comparator": self.target.comparator,
            "period": str(self.period),
            "base_year": self.target.base_year,
            "per_unit_level": self.target.per_unit_level or None,
            "is_total": self.is_total,
            "unit_code": self.admin_unit.code if self.admin_unit else None,
            "unit_name": self.admin_unit.name if self.admin_unit else (self.allocation.as_written if self.allocation else None),
            "target_value": json_number(self.target_value),
            "actual": json_number(self.actual, 1 if ratio else None),
            "numerator": json_number(self.numerator),
            "denominator": json_number(self.denominator),
            "met": self.met,
            "percent_achieved": json_number(self.percent_achieved, 1),
            "gap": json_number(self.gap, 1),
            "units_not_meeting": (
                [{"code": u.code, "name": u.name} for u in self.per_unit.not_meeting] if self.per_unit else None
            ),
            "note": self.note,
        }


def is_met(comparator: str, actual, target) -> bool | None:
    if actual is None or target is None:
        return None
    actual = Decimal(actual)
    if comparator == Comparator.AT_MOST:
        return actual <= target
    return actual >= target


def active_directive() -> Directive | None:
    """The plan followed now: the active directive of the latest year."""
    return Directive.objects.filter(is_active=True).order_by("-year", "-issued_on", "-id").first()


def plan_province(directive: Directive) -> AdminUnit:
    """The province a plan covers: its issuer's unit when that is a province, else the installation's."""
    unit = directive.issuer.admin_unit if directive.issuer_id else None
    if unit is not None and unit.level == AdminUnit.Level.PROVINCE:
        return unit
    return AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code=settings.HOPTAC_PROVINCE_CODE)


def target_period(target: Target, directive: Directive, year: int | None, as_of: datetime.date | None) -> Period:
    period = Period.year(year or target.year or directive.year)
    if as_of is not None and period.start <= as_of < period.end:
        return Period(period.start, as_of)
    return period


def allocation_unit(allocation: Allocation) -> AdminUnit | None:
    if allocation.admin_unit_id:
        return allocation.admin_unit
    return allocation.agency.admin_unit if allocation.agency_id else None


class _Units:
    """Districts and communes of the province per period, fetched once per period and level."""

    def __init__(self, province):
        self.province = province
        self._cache = {}

    def of(self, level: str, period: Period) -> list[AdminUnit]:
        key = (level, period)
        if key not in self._cache:
            self._cache[key] = list(
                units_valid_during(level, period).filter(path__startswith=self.province.path + "/").order_by("path")
            )
        return self._cache[key]


def evaluate(directive: Directive, *, year: int | None = None, as_of: datetime.date | None = None) -> list[Row]:
    """Every target of the plan × every allocated unit (or district) + the province total."""
    directive = Directive.objects.select_related("issuer__admin_unit").get(pk=directive.pk)
    province = plan_province(directive)
    units = _Units(province)
    targets = list(
        Target.objects.filter(task__directive=directive)
        .select_related("task")
        .prefetch_related(
            Prefetch("allocations", queryset=Allocation.objects.select_related("admin_unit", "agency__admin_unit"))
        )
        .order_by("task__position", "task__id", "position", "id")
    )

    # Pass 1: which units each (indicator, period, base year, level) is needed for.
    plans = []
    wanted: dict[tuple, dict[int, AdminUnit]] = defaultdict(dict)
    for target in targets:
        indicator = INDICATORS.get(target.indicator)
        period = target_period(target, directive, year, as_of)
        row_units = _row_units(target, period, units)
        plans.append((target, indicator, period, row_units))
        if indicator is None:
            continue
        key = (target.indicator, period, target.base_year)
        if target.per_unit_level:
            for unit in units.of(target.per_unit_level, period):
                wanted[key + (target.per_unit_level,)][unit.pk] = unit
        else:
            for unit, _allocation in row_units:
                if unit is not None:
                    wanted[key + (unit.level,)][unit.pk] = unit

    # Pass 2: one GROUP BY per key.
    computed = {
        key: INDICATORS[key[0]].compute(key[1], key[3], units=list(by_id.values()), base_year=key[2])
        for key, by_id in wanted.items()
    }

    rows = []
    for target, indicator, period, row_units in plans:
        key = (target.indicator, period, target.base_year)
        for unit, allocation in row_units:
            is_total = unit is not None and unit.pk == province.pk and allocation is None
            row = Row(target, indicator, unit, is_total, period, _row_target_value(target, allocation, is_total),
                      allocation=allocation)
            if indicator is None:
                row.note = _("Chỉ tiêu chưa gắn chỉ số tính từ sổ theo dõi") if not target.indicator else (
                    _("Không có chỉ số mã “%(code)s”") % {"code": target.indicator}
                )
            elif unit is None:
                row.note = _("Không xác định được địa bàn của phân bổ “%(name)s”") % {"name": allocation.as_written}
            elif target.per_unit_level:
                members = [u for u in units.of(target.per_unit_level, period) if u.is_within(unit)]
                row.per_unit = _per_unit(target, row.target_value, members, computed[key + (target.per_unit_level,)])
            else:
                row.value = computed[key + (unit.level,)][unit.pk]
            rows.append(row)
    return rows


def _row_units(target: Target, period: Period, units: _Units) -> list[tuple[AdminUnit | None, Allocation | None]]:
    if not target.indicator or target.indicator not in INDICATORS:
        return [(units.province, None)]
    allocations = list(target.allocations.all())
    if allocations:
        rows = [(allocation_unit(a), a) for a in allocations]
    else:
        rows = [(d, None) for d in units.of(AdminUnit.Level.DISTRICT, period)]
    return rows + [(units.province, None)]


def _row_target_value(target: Target, allocation: Allocation | None, is_total: bool) -> Decimal | None:
    if allocation is not None:
        return allocation.value
    if is_total or target.per_unit_level:
        return target.value
    return None  # a district's share of a province-wide target is not stated


def _per_unit(target: Target, per_unit_value: Decimal, members: list[AdminUnit], values: dict) -> PerUnitResult:
    result = PerUnitResult(level=target.per_unit_level, total=len(members), meeting=0)
    for unit in members:
        met = is_met(target.comparator, values[unit.pk].value, per_unit_value)
        if met:
            result.meeting += 1
        elif met is None:
            result.undefined.append(unit)
        else:
            result.not_meeting.append(unit)
    return result


# --- Output -------------------------------------------------------------------------------------

COLUMNS = ["target", "task", "indicator", "unit", "unit_code", "unit_name", "comparator", "target_value", "actual",
           "numerator", "denominator", "percent_achieved", "gap", "met", "period", "base_year", "is_total",
           "per_unit_level", "units_not_meeting", "note"]


def as_json_rows(rows: list[Row]) -> list[dict]:
    return [row.as_dict() for row in rows]


def as_csv_rows(rows: list[Row]):
    """Header, then one list per row (units not meeting joined by "; ")."""
    yield COLUMNS
    for row in rows:
        data = row.as_dict()
        data["units_not_meeting"] = "; ".join(u["name"] for u in data["units_not_meeting"] or [])
        yield [_csv_cell(data[c]) for c in COLUMNS]


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # a spreadsheet must not read a name as a formula
    return value


def as_table(rows: list[Row]) -> str:
    """Aligned columns with Vietnamese headers, for a terminal."""
    headers = [_("NV"), _("Chỉ số"), _("Địa bàn"), _("Kế hoạch"), _("Thực hiện"), _("Tử số/Mẫu số"),
               _("% KH"), _("Đánh giá"), _("Ghi chú")]
    lines = []
    for row in rows:
        target_text = "—" if row.target_value is None else (
            f"{COMPARATOR_SIGNS.get(row.target.comparator, row.target.comparator)} "
            f"{format_number(row.target_value, 1)} {row.target.unit}".strip()
        )
        fraction = "" if row.numerator is None or row.denominator is None else (
            f"{format_number(row.numerator, 1)}/{format_number(row.denominator, 1)}"
        )
        note = row.note
        if row.per_unit is not None and row.per_unit.not_meeting:
            note = _("Chưa đạt: %(names)s") % {"names": ", ".join(u.name for u in row.per_unit.not_meeting)}
        unit_name = row.admin_unit.name if row.admin_unit else (row.allocation.as_written if row.allocation else "")
        if row.is_total:
            unit_name = _("Toàn tỉnh (%(name)s)") % {"name": unit_name}
        lines.append([
            row.target.task.number,
            row.target.indicator or "—",
            unit_name,
            target_text,
            row.actual_text,
            fraction,
            "—" if row.percent_achieved is None else f"{format_number(row.percent_achieved, 1)} %",
            row.status_text,
            note,
        ])
    widths = [max(len(str(h)), *(len(str(line[i])) for line in lines)) if lines else len(str(h)) for i, h in enumerate(headers)]
    out = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    for line in lines:
        out.append("  ".join(str(c).ljust(w) for c, w in zip(line, widths)).rstrip())
    return "\n".join(out)
