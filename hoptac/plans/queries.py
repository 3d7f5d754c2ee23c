"""Reads over plans: the active plan, the reference date, and statuses for many assignments.

Statuses are computed from a prefetched set (a fixed number of queries whatever the size of
the plan) by the pure functions of `status.py`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from hoptac.lib.dates import today as local_today

from . import deadlines as dl
from . import status as st
from .models import (
    Assignment,
    AssignmentReturn,
    AssignmentRole,
    Completion,
    Directive,
    Extension,
    ProgressUpdate,
    Task,
)

STATUS_PREFETCH = (
    Prefetch("completions", queryset=Completion.objects.only("id", "assignment_id", "completed_on", "occurrence_due")),
    Prefetch("extensions", queryset=Extension.objects.only("id", "assignment_id", "decided_on", "new_due", "occurrence_due")),
    Prefetch("returns", queryset=AssignmentReturn.objects.only("id", "assignment_id", "returned_on")),
    Prefetch("updates", queryset=ProgressUpdate.objects.only("id", "assignment_id", "date"), to_attr="update_dates_cache"),
)


def with_status_data(queryset):
    """Assignments with everything their status needs, in 5 queries.

    The directive's full text is left out: it would be copied into every row.
    """
    return (
        queryset.select_related("task__directive", "agency")
        .defer("task__directive__source_text")
        .annotate(task_has_children=Exists(Task.objects.filter(parent_id=OuterRef("task_id"))))
        .prefetch_related(*STATUS_PREFETCH)
    )


# --- the active plan and its reference date ------------------------------------------------------


def active_plan() -> Directive | None:
    """The directive being followed: active, of the latest plan year (then the newest)."""
    return Directive.objects.filter(is_active=True).order_by("-year", "-issued_on", "-id").first()


def default_reference_date(directive: Directive, *, today: datetime.date | None = None) -> datetime.date:
    """Today, or 31/12 of the plan year once that year has ended (a closed year reads as at its end)."""
    today = today or local_today()
    year_end = datetime.date(directive.year, 12, 31)
    return year_end if today > year_end else today


# --- facts and statuses --------------------------------------------------------------------------


def facts_of(assignment: Assignment) -> st.Facts:
    updates = getattr(assignment, "update_dates_cache", None)
    if updates is None:
        updates = assignment.updates.all()
    returns = [r.returned_on for r in assignment.returns.all()]
    return st.Facts(
        completions=tuple(st.CompletionFact(c.completed_on, c.occurrence_due) for c in assignment.completions.all()),
        extensions=tuple(st.ExtensionFact(e.decided_on, e.new_due, e.occurrence_due) for e in assignment.extensions.all()),
        update_dates=tuple(u.date for u in updates),
        returned_on=min(returns) if returns else None,
    )


def _with_leads_work(own: st.Facts, leads: list[st.Facts], as_of) -> st.Facts:
    """A coordinator's facts plus the task's completion by its leads and their extensions.

    The task (or one occurrence of it) is complete when every lead not returned has completed it;
    the coordinators' part ends then too, on the last lead's date.
    """
    active = [f for f in leads if not st.is_returned(f, as_of)]
    if not active:
        return own
    keys = {c.occurrence_due for f in active for c in f.completions if c.completed_on <= as_of}
    own_keys = {c.occurrence_due for c in own.completions if c.completed_on <= as_of}
    inherited = []
    for key in keys - own_keys:
        dates = [st.completion_on(f, as_of, key) for f in active]
        if all(dates):
            inherited.append(st.CompletionFact(max(dates), key))
    extensions = tuple(e for f in active for e in f.extensions)
    return st.Facts(
        completions=own.completions + tuple(inherited),
        extensions=own.extensions + extensions,
        update_dates=own.update_dates,
        returned_on=own.returned_on,
    )


def _status(assignment: Assignment, facts: st.Facts, as_of) -> st.StatusResult:
    task = assignment.task
    return st.assignment_status(
        task.deadline, facts, as_of, started_on=task.started_on, period=task.directive.reporting_period
    )


def evaluate(assignments: Iterable[Assignment], as_of: datetime.date) -> dict[int, st.StatusResult]:
    """StatusResult per assignment id. Assignments should come from `with_status_data`.

    Coordinators need their task's leads: those missing from `assignments` are fetched in one batch.
    """
    assignments = list(assignments)
    leads_by_task: dict[int, dict[int, Assignment]] = defaultdict(dict)
    for a in assignments:
        if a.role == AssignmentRole.LEAD:
            leads_by_task[a.task_id][a.pk] = a
    missing = {a.task_id for a in assignments if a.role != AssignmentRole.LEAD and a.task_id not in leads_by_task}
    if missing:
        extra = with_status_data(Assignment.objects.filter(task_id__in=missing, role=AssignmentRole.LEAD))
        for a in extra:
            leads_by_task[a.task_id][a.pk] = a
    facts = {}

    def facts_for(a):
        if a.pk not in facts:
            facts[a.pk] = facts_of(a)
        return facts[a.pk]

    results = {}
    for a in assignments:
        own = facts_for(a)
        if a.role != AssignmentRole.LEAD:
            own = _with_leads_work(own, [facts_for(lead) for lead in leads_by_task.get(a.task_id, {}).values()], as_of)
        results[a.pk] = _status(a, own, as_of)
    return results


def assignment_status(assignment: Assignment, as_of: datetime.date) -> st.StatusResult:
    return evaluate([assignment], as_of)[assignment.pk]


def effective_facts(assignment: Assignment, as_of: datetime.date) -> st.Facts:
    """The assignment's facts, plus its leads' work when it is a coordinator."""
    own = facts_of(assignment)
    if assignment.role == AssignmentRole.LEAD:
        return own
    leads = with_status_data(Assignment.objects.filter(task_id=assignment.task_id, role=AssignmentRole.LEAD))
    return _with_leads_work(own, [facts_of(lead) for lead in leads], as_of)


def occurrences_for(assignment: Assignment, as_of: datetime.date) -> list[st.OccurrenceStatus]:
    """A recurring task's occurrences up to the current one, each with its own status ([] otherwise)."""
    task = assignment.task
    if task.deadline_kind != dl.RECURRING:
        return []
    return st.occurrence_statuses(task.deadline, effective_facts(assignment, as_of), as_of, started_on=task.started_on)


def periods_for(assignment: Assignment, as_of: datetime.date) -> list[st.PeriodStatus]:
    """An ongoing task's reporting periods up to the current one, reported or not ([] otherwise)."""
    task = assignment.task
    if task.deadline_kind != dl.ONGOING:
        return []
    facts = effective_facts(assignment, as_of)
    return st.period_statuses(facts, as_of, started_on=task.started_on, period=task.directive.reporting_period)


def _task_statuses(tasks: list[Task], by_task: dict[int, list[st.StatusResult]]) -> dict[int, st.Status | None]:
    """Roll-up per task; a heading task (with children) rolls up its children's statuses."""
    children = defaultdict(list)
    for task in tasks:
        if task.parent_id:
            children[task.parent_id].append(task.pk)
    result: dict[int, st.Status | None] = {}

    def resolve(task_id):
        if task_id not in result:
            if children.get(task_id):
                result[task_id] = st.rollup(resolve(child) for child in children[task_id])
            else:
                result[task_id] = st.rollup(r.status for r in by_task.get(task_id, []))
        return result[task_id]

    for task in tasks:
        resolve(task.pk)
    return result


def task_status(task: Task, as_of: datetime.date) -> st.Status | None:
    return directive_status(task.directive, as_of).task_statuses.get(task.pk)


# --- aggregates ----------------------------------------------------------------------------------


@dataclass
class DirectiveStatus:
    """Everything status-related about one directive at one date."""

    directive: Directive
    as_of: datetime.date
    assignments: list[Assignment]
    results: dict[int, st.StatusResult]
    tasks: list[Task]
    task_statuses: dict[int, st.Status | None]
    counts: st.StatusCounts = field(default_factory=st.StatusCounts)
    task_counts: st.StatusCounts = field(default_factory=st.StatusCounts)

    def for_task(self, task: Task) -> list[tuple[Assignment, st.StatusResult]]:
        return [(a, self.results[a.pk]) for a in self.assignments if a.task_id == task.pk]

    def overdue(self) -> list[tuple[Assignment, st.StatusResult]]:
        """Lead assignments overdue at the date, with the agency holding each."""
        return [
            (a, self.results[a.pk])
            for a in self.assignments
            if a.role == AssignmentRole.LEAD and not a.task_has_children and self.results[a.pk].status == st.Status.OVERDUE
        ]


def counted(assignment: Assignment, roles=(AssignmentRole.LEAD,)) -> bool:
    """Whether an assignment enters the four-way totals: a role counted, not a heading task."""
    return assignment.role in roles and not getattr(assignment, "task_has_children", False)


def directive_status(directive: Directive, as_of: datetime.date, *, roles=(AssignmentRole.LEAD,)) -> DirectiveStatus:
    """Statuses of a whole directive in 6 queries.

    `counts` tallies assignments (by default lead ones; heading tasks are left out, their children
    carry the work); `task_counts` tallies tasks by their roll-up.
    """
    assignments = list(with_status_data(Assignment.objects.filter(task__directive=directive)))
    tasks = list(Task.objects.filter(directive=directive).select_related("directive"))
    results = evaluate(assignments, as_of)
    by_task = defaultdict(list)
    for a in assignments:
        if a.role == AssignmentRole.LEAD:
            by_task[a.task_id].append(results[a.pk])
    task_statuses = _task_statuses(tasks, by_task)
    parents = {t.parent_id for t in tasks if t.parent_id}
    leaf_results = [
        st.StatusResult(task_statuses[t.pk]) for t in tasks if t.pk not in parents and task_statuses[t.pk] is not None
    ]
    return DirectiveStatus(
        directive=directive,
        as_of=as_of,
        assignments=assignments,
        results=results,
        tasks=tasks,
        task_statuses=task_statuses,
        counts=st.StatusCounts.of(results[a.pk] for a in assignments if counted(a, roles)),
        task_counts=st.StatusCounts.of(leaf_results),
    )


def status_counts(assignments, as_of: datetime.date, *, roles=(AssignmentRole.LEAD,)) -> st.StatusCounts:
    """Four-way counts (and the returned ones apart) over an assignment queryset."""
    items = list(with_status_data(assignments))
    results = evaluate(items, as_of)
    return st.StatusCounts.of(results[a.pk] for a in items if counted(a, roles))


@dataclass(frozen=True)
class AgencyAssignment:
    assignment: Assignment
    result: st.StatusResult

    @property
    def status(self):
        return self.result.status


def assignments_for_agency(agency, as_of: datetime.date, status: str | None = None, *, directive: Directive | None = None):
    """An agency's assignments (both roles) with their status at `as_of`, optionally one status only.

    `status` is a `Status` value, or "returned" for the assignments sent back.
    """
    qs = Assignment.objects.filter(agency=agency)
    if directive is not None:
        qs = qs.filter(task__directive=directive)
    items = list(with_status_data(qs).order_by("task__directive__year", "task__directive_id", "task__position", "task_id"))
    results = evaluate(items, as_of)
    rows = [AgencyAssignment(a, results[a.pk]) for a in items]
    if status == "returned":
        return [row for row in rows if row.result.returned]
    if status:
        return [row for row in rows if row.result.status == status]
    return rows


def agency_status_counts(
    agency, as_of: datetime.date, *, directive: Directive | None = None, roles=(AssignmentRole.LEAD,)
) -> st.StatusCounts:
    qs = Assignment.objects.filter(agency=agency)
    if directive is not None:
        qs = qs.filter(task__directive=directive)
    return status_counts(qs, as_of, roles=roles)
