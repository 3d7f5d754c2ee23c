"""The directives: the list, one directive with its status counts and task tree, its full text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render

from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.lib.dates import DateParseError, parse_vi_date

from .. import queries
from .. import status as st
from ..models import Assignment, AssignmentRole, Directive, Target, Task
from .common import (
    STATUS_CLASSES,
    AssigneeGroup,
    Badge,
    reference_date,
    assignee_groups,
    badge_of,
    deadline_label,
    due_label,
    role_order,
    targets_by_task,
    unassigned_names,
)


@requires(perms.PLAN_READ)
def directive_list(request):
    """Directives, the ones being followed first, each with its status counts at its own default date."""
    directives = list(Directive.objects.select_related("issuer").order_by("-is_active", "-year", "-issued_on", "-id"))
    items = list(queries.with_status_data(Assignment.objects.filter(task__directive__in=directives)))
    by_directive = defaultdict(list)
    for a in items:
        by_directive[a.task.directive_id].append(a)
    rows = []
    for directive in directives:
        as_of = queries.default_reference_date(directive)
        assignments = by_directive.get(directive.pk, [])
        results = queries.evaluate(assignments, as_of)
        counts = st.StatusCounts.of(results[a.pk] for a in assignments if queries.counted(a))
        rows.append({"directive": directive, "as_of": as_of, "counts": counts})
    return render(request, "plans/directive_list.html", {"rows": rows})


@dataclass
class TaskNode:
    task: Task
    depth: int
    badge: Badge | None
    leads: list[AssigneeGroup]
    coordinators: list[AssigneeGroup]
    unassigned: dict
    targets: list[Target]
    deadline: str
    has_children: bool = False


def task_nodes(ds: queries.DirectiveStatus, targets: dict[int, list[Target]]) -> list[TaskNode]:
    by_task = defaultdict(list)
    for a in ds.assignments:
        by_task[a.task_id].append(a)
    depth: dict[int, int] = {}
    parents = {t.parent_id for t in ds.tasks if t.parent_id}
    nodes = []
    for task in ds.tasks:
        depth[task.pk] = depth.get(task.parent_id, -1) + 1 if task.parent_id else 0
        assignments = sorted(by_task.get(task.pk, []), key=role_order)
        leads = [(a, ds.results[a.pk]) for a in assignments if a.role == AssignmentRole.LEAD]
        coordinators = [(a, ds.results[a.pk]) for a in assignments if a.role != AssignmentRole.LEAD]
        nodes.append(
            TaskNode(
                task=task,
                depth=depth[task.pk],
                badge=badge_of(ds.task_statuses.get(task.pk)),
                leads=assignee_groups(leads),
                coordinators=assignee_groups(coordinators),
                unassigned=unassigned_names(task, assignments),
                targets=targets.get(task.pk, []),
                deadline=deadline_label(task),
                has_children=task.pk in parents,
            )
        )
    return nodes


def basis_rows(directive: Directive) -> list[dict]:
    """The directive's legal basis with its dates read (stored as ISO text)."""
    rows = []
    for item in directive.basis or []:
        try:
            day = parse_vi_date(item.get("issued_on")) if item.get("issued_on") else None
        except DateParseError:
            day = None
        rows.append({"number": item.get("number", ""), "issuer": item.get("issuer", ""), "day": day})
    return rows


def _get_directive(pk) -> Directive:
    return get_object_or_404(Directive.objects.select_related("issuer"), pk=pk)


@requires(perms.PLAN_READ)
def directive_detail(request, pk):
    directive = _get_directive(pk)
    as_of, as_of_error = reference_date(request, directive)
    ds = queries.directive_status(directive, as_of)
    for task in ds.tasks:
        task.directive = directive  # the same object: deadline labels read its reporting period
    nodes = task_nodes(ds, targets_by_task({"task__directive": directive}))
    overdue = sorted(ds.overdue(), key=lambda pair: (pair[0].task.position, pair[0].agency.ordering))
    context = {
        "directive": directive,
        "basis": basis_rows(directive),
        "ds": ds,
        "counts": ds.counts,
        "count_rows": [
            (value, label, count, STATUS_CLASSES[st.Status(value)]) for value, label, count in ds.counts.rows()
        ],
        "nodes": nodes,
        "overdue": [(a, result, due_label(a.task, result)) for a, result in overdue],
        "ref_date": as_of,
        "ref_date_error": as_of_error,
        "default_date": queries.default_reference_date(directive),
    }
    return render(request, "plans/directive_detail.html", context)


def source_passages(text: str, tasks) -> list[dict]:
    """The directive's text cut into plain stretches and task passages (by `source` offsets)."""
    spans = sorted(
        (t for t in tasks if t.source_start is not None and t.source_end and t.source_end > t.source_start),
        key=lambda t: (t.source_start, -t.source_end),
    )
    parts, cursor = [], 0
    for task in spans:
        start, end = max(task.source_start, cursor), min(task.source_end, len(text))
        if start >= end:
            continue  # nested in or overlapping a passage already shown
        if start > cursor:
            parts.append({"text": text[cursor:start], "task": None})
        parts.append({"text": text[start:end], "task": task})
        cursor = end
    if cursor < len(text):
        parts.append({"text": text[cursor:], "task": None})
    return parts


@requires(perms.PLAN_READ)
def directive_text(request, pk):
    directive = _get_directive(pk)
    tasks = list(directive.tasks.only("id", "number", "source_start", "source_end", "directive_id"))
    context = {"directive": directive, "parts": source_passages(directive.source_text, tasks)}
    return render(request, "plans/directive_text.html", context)
