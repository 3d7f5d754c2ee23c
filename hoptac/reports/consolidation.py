"""Build the consolidated year-end report of a round as plain data (`report.ConsolidatedReport`).

Figures come from the plan's scorecard for the round's year (so the report equals
`manage.py scorecard`), task statuses from `plans.queries.directive_status` as at the period end,
texts from the lead agencies' received reports, the registry lists as at the period end, and the
header, closing and sections III–V from the consolidator's `Consolidation` (generated from the
figures where left blank, see `defaults.py`).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hoptac.plans.models import AssignmentRole, Target
from hoptac.plans.queries import directive_status
from hoptac.plans.status import STATUS_ORDER
from hoptac.registry.models import AllianceMembership, Cooperative, CooperativeGroup, CooperativeYear, State
from hoptac.units.agencies import written_name

from . import defaults
from . import figures as figures_mod
from .models import RECEIVED_STATES, Consolidation, ReportingRound, TaskNarrative
from .queries import agency_rows, round_rates
from .report import (
    AssignmentLine,
    ConsolidatedReport,
    CooperativeRow,
    GroupRow,
    Narrative,
    ReportingLine,
    ReportingSummary,
    StatusCount,
    TargetLine,
    TargetTable,
    TaskItem,
)

PERCENT_UNITS = {"%"}


# --- targets --------------------------------------------------------------------------------------


def _line(row: dict, *, province_code: str, is_total: bool) -> TargetLine:
    return TargetLine(
        unit_code=row["unit_code"],
        unit_name=_("Toàn tỉnh") if is_total else written_name(row.get("unit_name") or "", province_code),
        target_value=row["target_value"],
        actual=row["actual"],
        numerator=row["numerator"],
        denominator=row["denominator"],
        percent=row.get("percent_achieved"),
        met=row.get("met"),
        is_total=is_total,
    )


def target_tables(directive, rows: list[dict], province_code: str) -> list[TargetTable]:
    """One table per target of the plan, in the plan's order: its units' rows, then the province total."""
    by_target: dict[int, list[dict]] = {}
    for row in rows:
        by_target.setdefault(row["target"], []).append(row)
    tables = []
    targets = Target.objects.filter(task__directive=directive).select_related("task").order_by("task__position", "position", "pk")
    for target in targets:
        own = by_target.get(target.pk, [])
        total_rows = [r for r in own if r.get("is_total")]
        lines = [_line(r, province_code=province_code, is_total=False) for r in own if not r.get("is_total")]
        total = _line(total_rows[0], province_code=province_code, is_total=True) if total_rows else None
        tables.append(
            TargetTable(
                target_id=target.pk,
                task_number=target.task.number,
                text=target.text,
                indicator=target.indicator,
                unit=target.unit,
                comparator=target.comparator,
                value=target.value,
                is_percentage=target.unit in PERCENT_UNITS,
                per_unit_level=target.per_unit_level,
                lines=tuple(lines),
                total=total,
            )
        )
    return tables


# --- tasks ----------------------------------------------------------------------------------------


def _narratives(rnd: ReportingRound) -> dict[int, Narrative]:
    """The received reports' texts, by assignment id."""
    items = TaskNarrative.objects.filter(submission__round=rnd, submission__state__in=RECEIVED_STATES).select_related(
        "submission__agency"
    )
    return {
        n.assignment_id: Narrative(
            agency=n.submission.agency.name,
            result=n.result,
            difficulties=n.difficulties,
            proposals=n.proposals,
            state_label=n.submission.get_state_display(),
        )
        for n in items
    }


def _depth(task, by_id) -> int:
    depth = 1
    while task.parent_id and task.parent_id in by_id:
        task = by_id[task.parent_id]
        depth += 1
    return depth


def task_items(rnd: ReportingRound, as_of: datetime.date):
    """Every task with its roll-up status at `as_of` and each lead's status and narrative."""
    status = directive_status(rnd.directive, as_of)
    narratives = _narratives(rnd)
    by_id = {t.pk: t for t in status.tasks}
    parents = {t.parent_id for t in status.tasks if t.parent_id}
    leads_by_task: dict[int, list] = {}
    for assignment in status.assignments:
        if assignment.role == AssignmentRole.LEAD:
            leads_by_task.setdefault(assignment.task_id, []).append(assignment)
    items = []
    for task in sorted(status.tasks, key=lambda t: (t.position, t.pk)):
        rolled = status.task_statuses.get(task.pk)
        lines = []
        for assignment in sorted(leads_by_task.get(task.pk, []), key=lambda a: (a.agency.ordering, a.agency.name)):
            result = status.results[assignment.pk]
            lines.append(
                AssignmentLine(
                    agency=assignment.agency.name,
                    role_label=assignment.get_role_display(),
                    status=result.status.value if result.status else None,
                    status_label=str(result.label),
                    due=result.due,
                    completed_on=result.completed_on,
                    narrative=narratives.get(assignment.pk),
                )
            )
        items.append(
            TaskItem(
                number=task.number,
                text=task.text,
                deadline=task.deadline_as_written,
                level=_depth(task, by_id),
                status=rolled.value if rolled else None,
                status_label=str(rolled.label) if rolled else "",
                leads=tuple(lines),
                is_heading=task.pk in parents,
            )
        )
    counts = tuple(StatusCount(s.value, str(s.label), status.counts.counts[s]) for s in STATUS_ORDER)
    return items, counts


# --- reporting and registry -----------------------------------------------------------------------


def reporting_summary(rnd: ReportingRound, today: datetime.date) -> ReportingSummary:
    rates = round_rates(rnd)
    lines = tuple(
        ReportingLine(
            agency=row.agency.name,
            standing=row.standing,
            standing_label=row.standing_label,
            state_label=row.state_label,
            first_submitted_on=row.submission.first_submitted_on if row.submission else None,
        )
        for row in agency_rows(rnd, today=today)
    )
    return ReportingSummary(rates.expected, rates.received, rates.on_time, rates.completeness, rates.timeliness, lines)


def registry_lists(rnd: ReportingRound, province_code: str):
    """Cooperatives and groups existing at the period end, with their state and figures then."""
    day = rnd.period_end
    members = CooperativeYear.objects.filter(cooperative=OuterRef("pk"), year=day.year).values("members")[:1]
    compliant = set(Cooperative.objects.compliant_on(day).values_list("pk", flat=True))
    in_alliance = set(
        AllianceMembership.objects.member_on(day).filter(cooperative__isnull=False).values_list("cooperative_id", flat=True)
    )
    cooperatives = (
        Cooperative.objects.existing_on(day)
        .filter(commune__path__startswith=province_code + "/")
        .with_state_on(day)
        .annotate(year_members=Subquery(members))
        .select_related("commune__parent")
        .order_by("commune__parent__code", "commune__code", "name")
    )
    states = dict(State.choices)
    coop_rows = tuple(
        CooperativeRow(
            name=c.name,
            registration_code=c.registration_code,
            district=written_name(c.commune.parent.name if c.commune.parent_id else "", province_code),
            commune=written_name(c.commune.name, province_code),
            established_on=c.established_on,
            state_label=str(states.get(c.state, c.state)),
            compliant=c.pk in compliant,
            members=c.year_members,
            alliance_member=c.pk in in_alliance,
        )
        for c in cooperatives
    )
    groups = (
        CooperativeGroup.objects.existing_on(day)
        .filter(commune__path__startswith=province_code + "/")
        .select_related("commune__parent")
        .order_by("commune__parent__code", "commune__code", "name")
    )
    group_rows = tuple(
        GroupRow(
            name=g.name,
            district=written_name(g.commune.parent.name if g.commune.parent_id else "", province_code),
            commune=written_name(g.commune.name, province_code),
            founded_on=g.founded_on,
            members=g.members,
            field_label=g.get_field_display(),
            leader=g.leader,
        )
        for g in groups
    )
    return coop_rows, group_rows


# --- the whole report -----------------------------------------------------------------------------


def build_report(rnd: ReportingRound, *, today: datetime.date | None = None, with_registry: bool = True,
                 rows: list[dict] | None = None) -> ConsolidatedReport:
    """The consolidated report of `rnd`. `rows` may pass scorecard rows already computed."""
    with translation.override("vi"):
        return _build(rnd, today=today or timezone.localdate(), with_registry=with_registry, rows=rows)


def _build(rnd: ReportingRound, *, today, with_registry, rows) -> ConsolidatedReport:
    directive = rnd.directive
    consolidation = Consolidation.objects.filter(round=rnd).first() or Consolidation(round=rnd)
    province_code = figures_mod.province_code(directive)
    rows = rows if rows is not None else figures_mod.scorecard_rows(directive, rnd.year)
    targets = target_tables(directive, rows, province_code)
    tasks, counts = task_items(rnd, rnd.period_end)
    reporting = reporting_summary(rnd, today)
    coop_rows, group_rows = registry_lists(rnd, province_code) if with_registry else ((), ())

    facts = defaults.Facts(
        rnd=rnd, targets=targets, tasks=tasks, counts=counts, reporting=reporting,
        province_code=province_code,
    )
    header = defaults.header(consolidation, facts)

    def pick(field: str, generated) -> tuple[str, ...]:
        text = getattr(consolidation, field)
        return defaults.paragraphs(text) if text.strip() else tuple(generated())

    return ConsolidatedReport(
        round_id=rnd.pk,
        year=rnd.year,
        period_start=rnd.period_start,
        period_end=rnd.period_end,
        parent_body=header["parent_body"],
        issuer=header["issuer"],
        number=header["number"],
        place=header["place"],
        issued_on=consolidation.issued_on,
        subject=header["subject"],
        signer_authority=header["signer_authority"],
        signer_title=header["signer_title"],
        signer_name=consolidation.signer_name,
        recipients=header["recipients"],
        opening=defaults.opening(facts, header["issuer"]),
        closing=defaults.closing(facts, header),
        section1=pick("section1", lambda: defaults.section1(facts)),
        targets=tuple(targets),
        tasks=tuple(tasks),
        task_counts=counts,
        reporting=reporting,
        section3_results=pick("section3_results", lambda: defaults.results(facts)),
        section3_limitations=pick("section3_limitations", lambda: defaults.limitations(facts)),
        section3_causes=pick("section3_causes", lambda: defaults.causes(facts)),
        section4=pick("section4", lambda: defaults.next_year(facts)),
        section5=pick("section5", lambda: defaults.proposals(facts)),
        cooperatives=coop_rows,
        groups=group_rows,
        is_demo=getattr(settings, "HOPTAC_DEMO", False),
    )
