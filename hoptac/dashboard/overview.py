"""The leadership overview ("Tổng quan") of the plan being followed, as at a reference date.

Everything shown comes from the apps that own the rules: target figures from
`hoptac.plans.scorecard.evaluate` (so the dashboard, the reports and the API agree), task statuses
from `hoptac.plans.queries` / `status`, reporting rates from `hoptac.reports.queries`. This module
only arranges them: a districts × targets grid, a card per target with a traffic light, chart
series, and the reporting round as it stood on the reference date (docs/adr/0011-overview-pages.md).

Queries: the scorecard's fixed handful plus one GROUP BY per indicator and level, the plan's
assignments with their facts (5), the round (3) and the units the user may open (1) — none depends
on the size of the registry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.accounts import access
from hoptac.indicators.periods import Period
from hoptac.indicators.values import COUNT, format_number, json_number
from hoptac.indicators.views import DrilldownLinks
from hoptac.lib.dates import reference_date_from
from hoptac.plans import queries as plan_queries
from hoptac.plans import scorecard
from hoptac.plans import status as st
from hoptac.plans.models import Assignment, Comparator, Directive, Target
from hoptac.reports.models import ReportingRound, SubmissionState
from hoptac.reports.queries import AgencyRow, Rates, RoundOverview, agency_rows, standing_of
from hoptac.units.models import AdminUnit

# Traffic lights, as CSS classes of the shared stylesheet.
OK, WARN, BAD, NONE = "status-ok", "status-warn", "status-bad", "status-neutral"
LIGHT_LABELS = {
    OK: gettext_lazy("Đạt"),
    WARN: gettext_lazy("Gần đạt"),
    BAD: gettext_lazy("Chậm"),
    NONE: gettext_lazy("Chưa đánh giá"),
}
# A target not yet met is amber when at least this share of what is due by the date is reached.
NEAR = Decimal("0.8")
HUNDRED = Decimal(100)

# Short column headings for the grid; any other indicator is headed by its own name.
SHORT_LABELS = {
    "tht_new": gettext_lazy("Xã có THT mới"),
    "htx_new": gettext_lazy("HTX thành lập mới"),
    "value_chain_models": gettext_lazy("Mô hình chuỗi giá trị"),
    "htx_member_growth": gettext_lazy("Tăng thành viên HTX"),
    "htx_effective_share": gettext_lazy("HTX hoạt động hiệu quả"),
    "htx_law2012_share": gettext_lazy("HTX theo Luật HTX 2012"),
    "htx_ceased_resolved_share": gettext_lazy("HTX ngừng hoạt động đã giải thể"),
    "alliance_member_growth": gettext_lazy("Tăng thành viên Liên minh HTX"),
    "value_chain_models_alliance": gettext_lazy("Mô hình chuỗi do LM HTX VN, doanh nghiệp hỗ trợ"),
}


# --- reference date -------------------------------------------------------------------------------


def reference_date(query, directive: Directive | None) -> tuple[datetime.date, str | None]:
    """The date the page is computed at (`?ngay=`): today by default, or the plan year's end once
    that year is over. A date before the plan year starts is moved to its first day."""
    default = plan_queries.default_reference_date(directive) if directive is not None else None
    day, error = reference_date_from(query, default=default)
    if directive is not None and day < datetime.date(directive.year, 1, 1):
        error = _("Ngày %(day)s trước năm kế hoạch %(year)s.") % {"day": day.strftime("%d/%m/%Y"), "year": directive.year}
        day = datetime.date(directive.year, 1, 1)
    return day, error


# --- traffic lights -------------------------------------------------------------------------------


def elapsed_share(period: Period) -> Decimal:
    """How much of the target's year a year-to-date period covers (1 for a whole year)."""
    year = Period.year(period.start.year)
    if period.end >= year.end:
        return Decimal(1)
    return Decimal((period.end - year.start).days + 1) / Decimal((year.end - year.start).days + 1)


def is_paced(row: scorecard.Row) -> bool:
    """Counts of events and per-unit targets build up during the year; shares and growth do not."""
    return row.per_unit is not None or (row.indicator is not None and row.indicator.kind == COUNT)


def traffic_light(row: scorecard.Row) -> str:
    """Green: met. Amber: not met yet, but at least 80 % of what is due by the date (for counts, the
    target pro-rated over the part of the year gone by; otherwise the whole target). Red: below
    that, or over an upper limit. Grey: no target for this unit, or the figure is undefined."""
    met = row.met
    if met is None:
        return NONE
    if met:
        return OK
    if row.target.comparator == Comparator.AT_MOST:
        return BAD
    achieved = row.percent_achieved
    if achieved is None:
        return NONE
    due = HUNDRED * (elapsed_share(row.period) if is_paced(row) else 1)
    return WARN if achieved >= NEAR * due else BAD


# --- the grid ---------------------------------------------------------------------------------------


def target_text(target: Target) -> str:
    """"≥ 35 HTX", "= 100 %", "mỗi xã ≥ 1 THT"."""
    sign = scorecard.COMPARATOR_SIGNS.get(target.comparator, target.comparator)
    text = f"{sign} {format_number(target.value, 2)} {target.unit}".strip()
    if target.per_unit_level:
        return f"{target.get_per_unit_level_display()} {text}"
    return text


def _number(value) -> str:
    return "—" if value is None else format_number(value, 1)


@dataclass
class Cell:
    row: scorecard.Row
    light: str
    text: str  # the actual, as short as possible: "3", "8/11", "45,5 %"
    of: str  # the unit's target, when it has one: "5"
    title: str  # the full reading, for the tooltip and screen readers
    url: str
    actual_json: int | float | None = None  # the scorecard's JSON figure (tests and scripts read it)

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS[self.light])

    @property
    def plan_text(self) -> str:
        """The unit's own target: "≥ 5 HTX", "mỗi xã ≥ 1 THT"; "" when it has none."""
        row = self.row
        if row.per_unit is not None:
            return target_text(row.target)
        if row.target_value is None:
            return ""
        sign = scorecard.COMPARATOR_SIGNS.get(row.target.comparator, row.target.comparator)
        return f"{sign} {format_number(row.target_value, 2)} {row.target.unit}".strip()

    @property
    def percent_text(self) -> str:
        """% of the target achieved, "" when there is no target: "60 %", "72,7 %"."""
        achieved = self.row.percent_achieved
        return "" if achieved is None else f"{format_number(achieved, 1)} %"

    @property
    def per_unit_word(self) -> str:
        """"xã" for a per-commune target."""
        per_unit = self.row.per_unit
        return str(AdminUnit.Level(per_unit.level).label).lower() if per_unit is not None else ""


def make_cell(row: scorecard.Row, url: str) -> Cell:
    if row.per_unit is not None:
        text = f"{row.per_unit.meeting}/{row.per_unit.total}"
        of = ""
    elif row.value is not None and row.value.kind == COUNT:
        text, of = _number(row.actual), ("" if row.target_value is None else _number(row.target_value))
    else:
        text, of = row.actual_text, ""  # a share's target is in the column heading
    title = row.actual_text
    if row.target_value is not None and row.per_unit is None:
        title = _("%(actual)s / kế hoạch %(target)s") % {"actual": row.actual_text, "target": target_text(row.target)}
    ratio = row.indicator is not None and row.indicator.kind != COUNT and row.per_unit is None
    return Cell(row, traffic_light(row), text, of, title, url, json_number(row.actual, 1 if ratio else None))


@dataclass
class Column:
    target: Target
    label: str
    target_text: str
    total: Cell | None = None
    by_unit: dict[int, Cell] = field(default_factory=dict)
    note: str = ""

    @property
    def allocated(self) -> bool:
        """Whether districts have their own share (a bar pair per district in the chart)."""
        return any(c.row.target_value is not None or c.row.per_unit is not None for c in self.by_unit.values())


@dataclass
class GridRow:
    unit: AdminUnit
    cells: list[Cell | None]
    url: str = ""


@dataclass
class Grid:
    columns: list[Column]  # targets with a figure per district
    rows: list[GridRow]
    cards: list[Column]  # every target, with its province total
    period: Period | None


def _label(target: Target, indicator) -> str:
    if target.indicator in SHORT_LABELS:
        return str(SHORT_LABELS[target.indicator])
    return indicator.name if indicator is not None else target.text


def build_grid(directive: Directive, as_of: datetime.date, *, user, district_url=None) -> Grid:
    """The scorecard as at `as_of` arranged by target and district; cells link to their records
    when the user may open that unit."""
    rows = scorecard.evaluate(directive, as_of=as_of)
    visible = set(access.visible_units(user).filter(level__in=[AdminUnit.Level.DISTRICT, AdminUnit.Level.PROVINCE])
                  .values_list("pk", flat=True))
    links = DrilldownLinks()
    columns: dict[int, Column] = {}
    districts: dict[int, AdminUnit] = {}
    period = None
    for row in rows:
        target = row.target
        column = columns.get(target.pk)
        if column is None:
            column = columns[target.pk] = Column(target, _label(target, row.indicator), target_text(target))
        if row.indicator is None or row.admin_unit is None:
            column.note = column.note or row.note
            continue
        period = period or row.period
        url = ""
        if row.admin_unit.pk in visible:
            url = links.url(
                target.indicator, row.admin_unit, row.period, base_year=target.base_year,
                per_unit_level=target.per_unit_level, per_unit_value=target.value if target.per_unit_level else None,
            )
        cell = make_cell(row, url)
        if row.is_total or (row.admin_unit.level == AdminUnit.Level.PROVINCE and column.total is None):
            column.total = cell
        elif row.admin_unit.level == AdminUnit.Level.DISTRICT:
            column.by_unit[row.admin_unit.pk] = cell
            districts.setdefault(row.admin_unit.pk, row.admin_unit)
    cards = list(columns.values())
    grid_columns = [c for c in cards if c.by_unit]
    ordered = sorted(districts.values(), key=lambda u: u.path)
    grid_rows = [
        GridRow(unit, [c.by_unit.get(unit.pk) for c in grid_columns],
                district_url(unit) if district_url and unit.pk in visible else "")
        for unit in ordered
    ]
    return Grid(grid_columns, grid_rows, cards, period)


def chart_series(grid: Grid) -> list[dict]:
    """Target against actual per district, one series per target with district shares (for Chart.js)."""
    series = []
    for index, column in enumerate(grid.columns):
        if not column.allocated:
            continue
        cells = [row.cells[index] for row in grid.rows]
        per_unit = any(c is not None and c.row.per_unit is not None for c in cells)
        series.append({
            "key": str(column.target.pk),
            "label": f"{column.label} ({column.target_text})",
            "unit": str(AdminUnit.Level(column.target.per_unit_level).label).lower() if per_unit else column.target.unit,
            "labels": [row.unit.short_name or row.unit.name for row in grid.rows],
            "target": [None if c is None else json_number(c.row.denominator if per_unit else c.row.target_value)
                       for c in cells],
            "actual": [None if c is None else json_number(c.row.numerator if per_unit else c.row.actual, 1)
                       for c in cells],
            "target_label": _("Tổng số xã") if per_unit else _("Kế hoạch"),
            "actual_label": _("Số xã đạt") if per_unit else _("Thực hiện"),
        })
    return series


# --- tasks ----------------------------------------------------------------------------------------

# Columns a status needs none of, left unread: the directive's full text and JSON fields would otherwise
# come back and be decoded once per assignment (a fifth of the page's time on the demo).
UNUSED_FIELDS = (
    "as_written", "created_at", "agency__aliases", "agency__email",
    "task__lead_as_written", "task__coordinate_as_written", "task__source_start", "task__source_end",
    "task__directive__source_text", "task__directive__basis", "task__directive__recipients",
    "task__directive__warnings", "task__directive__signer_name", "task__directive__signer_title",
    "task__directive__issuer_as_written", "task__directive__subject",
)


@dataclass
class OverdueItem:
    assignment: Assignment
    result: st.StatusResult
    days: int


@dataclass
class PlanStatus:
    counts: st.StatusCounts
    overdue: list[OverdueItem]


def plan_status(directive: Directive, as_of: datetime.date) -> PlanStatus:
    """The four-way counts of the lead assignments (heading tasks left out) and the overdue ones with the
    agency holding each — `plans.queries.directive_status`'s figures, from fewer columns (5 queries)."""
    assignments = list(
        plan_queries.with_status_data(Assignment.objects.filter(task__directive=directive)).defer(*UNUSED_FIELDS)
    )
    results = plan_queries.evaluate(assignments, as_of)
    counted = [a for a in assignments if plan_queries.counted(a)]
    overdue = [
        OverdueItem(a, results[a.pk], (as_of - results[a.pk].due).days if results[a.pk].due else 0)
        for a in counted
        if results[a.pk].status == st.Status.OVERDUE
    ]
    overdue.sort(key=lambda i: (i.assignment.task.position, i.assignment.task_id, i.assignment.agency.ordering,
                                i.assignment.agency.name))
    return PlanStatus(st.StatusCounts.of(results[a.pk] for a in counted), overdue)


# --- reporting round --------------------------------------------------------------------------------


def _by(moment, day: datetime.date) -> bool:
    """Whether a recorded moment (none recorded: assume so) falls on or before `day`, local time."""
    return moment is None or timezone.localtime(moment).date() <= day


def round_as_of(rnd: ReportingRound, day: datetime.date) -> RoundOverview:
    """The round as it stood at the end of `day`: reports first sent later count as not yet sent."""
    rows = []
    for row in agency_rows(rnd, today=day):
        submission = row.submission
        if submission is not None and (submission.first_submitted_on is None or submission.first_submitted_on > day):
            standing, days = standing_of(None, rnd.due_on, day)
            row = AgencyRow(row.agency, None, standing, days)
        rows.append(row)
    received = [row.submission for row in rows if row.submission is not None]
    rates = Rates(
        expected=len(rows),
        received=len(received),
        on_time=sum(1 for s in received if s.first_submitted_on <= rnd.due_on),
        accepted=sum(1 for s in received if s.state == SubmissionState.ACCEPTED and _by(s.accepted_at, day)),
        returned=sum(1 for s in received if s.state == SubmissionState.RETURNED and _by(s.returned_at, day)),
    )
    return RoundOverview(rnd, rates, rows, day)


def reporting_round(directive: Directive, day: datetime.date) -> RoundOverview | None:
    """The plan's latest round opened by `day`, as it stood then (3 queries), or None."""
    rnd = (
        ReportingRound.objects.filter(directive=directive, opens_on__lte=day)
        .select_related("directive", "consolidator")
        .order_by("-period_end", "-opens_on", "-pk")
        .first()
    )
    return round_as_of(rnd, day) if rnd is not None else None
