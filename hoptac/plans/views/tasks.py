"""A task with its assignments and timeline, one assignment's page, and recording on it:
progress, completion, extension, return. Services do the checks; their errors show by the fields."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.lib.dates import today as local_today

from .. import deadlines as dl
from .. import queries, services
from .. import status as st
from ..forms import CompletionForm, ExtensionForm, ProgressForm, ReturnForm, occurrence_choices
from ..models import Assignment, AssignmentRole, DeadlineKind, Task
from .common import (
    reference_date,
    assignee_groups,
    badge_of,
    deadline_label,
    due_label,
    result_badge,
    role_order,
    targets_by_task,
    timeline,
    unassigned_names,
)


PROGRESS, COMPLETE, EXTEND, RETURN = "progress", "complete", "extend", "return"


def may_extend(user, assignment: Assignment) -> bool:
    """Extensions are recorded for the lead agency's assignment, or by the Alliance / administrator."""
    if access.has_right(user, perms.PLAN_WRITE):
        return True
    return assignment.is_lead and access.can_update_assignment(user, assignment)


def _occurrence_setup(assignment: Assignment, today: datetime.date):
    task = assignment.task
    if task.deadline_kind != DeadlineKind.RECURRING:
        return {}
    done = {c.occurrence_due for c in assignment.completions.all()}
    choices = occurrence_choices(task, upto=today, done=done)
    initial = services.occurrence_to_complete(assignment, today) if choices else None
    return {"occurrences": choices, "occurrence_initial": initial}


def build_forms(user, assignment: Assignment, *, action=None, data=None, files=None) -> dict:
    """The forms this user may use on the assignment, keyed by action; `action` is bound to the POST."""
    if not access.can_update_assignment(user, assignment) or assignment.returns.all():
        return {}
    today = local_today()
    task = assignment.task
    completed_once = task.deadline_kind != DeadlineKind.RECURRING and any(
        c.occurrence_due is None for c in assignment.completions.all()
    )
    occurrence = _occurrence_setup(assignment, today)
    available = {PROGRESS: (ProgressForm, {})}
    if not completed_once and (task.deadline_kind != DeadlineKind.RECURRING or occurrence.get("occurrences")):
        available[COMPLETE] = (CompletionForm, occurrence)
    extendable = task.deadline_kind in (DeadlineKind.ONCE, DeadlineKind.WINDOW, DeadlineKind.RECURRING)
    if extendable and not completed_once and may_extend(user, assignment):
        available[EXTEND] = (ExtensionForm, occurrence)
    if not completed_once:
        available[RETURN] = (ReturnForm, {})
    forms = {}
    for name, (form_class, kwargs) in available.items():
        prefix = f"{name}-{assignment.pk}"
        if name == action:
            forms[name] = form_class(data, files, prefix=prefix, **kwargs)
        else:
            forms[name] = form_class(prefix=prefix, **kwargs)
    return forms


def add_service_errors(form, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names, the rest above the form."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for name, texts in by_field.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        for text in texts:
            form.add_error(target, text)


def _call_service(action: str, assignment: Assignment, form, user):
    data = form.cleaned_data
    occurrence_due = data.get("occurrence_due")
    if action == PROGRESS:
        return services.add_progress_update(
            assignment, actor=user, date=data["date"], text=data["text"], percent=data.get("percent"),
            files=data["files"],
        )
    if action == COMPLETE:
        return services.complete_assignment(
            assignment, actor=user, completed_on=data["completed_on"], evidence=data["evidence"],
            occurrence_due=occurrence_due, files=data["files"],
        )  # fmt: skip
    if action == EXTEND:
        return services.extend_assignment(
            assignment, actor=user, new_due=data["new_due"], reason=data["reason"], approved_by=data["approved_by"],
            decided_on=data["decided_on"], occurrence_due=occurrence_due,
        )  # fmt: skip
    return services.return_assignment(assignment, actor=user, returned_on=data["returned_on"], reason=data["reason"])


DONE_MESSAGES = {
    PROGRESS: gettext_lazy("Đã ghi nhận cập nhật tiến độ."),
    COMPLETE: gettext_lazy("Đã ghi nhận hoàn thành."),
    EXTEND: gettext_lazy("Đã ghi nhận gia hạn."),
    RETURN: gettext_lazy("Đã ghi nhận trả lại nhiệm vụ."),
}


def _assignment_queryset():
    return queries.with_status_data(Assignment.objects.select_related("task__directive__issuer", "task__parent"))


def _get_assignment(pk) -> Assignment:
    assignment = _assignment_queryset().filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def _keep_ref_date(url: str, raw: str) -> str:
    return f"{url}?{urlencode({'ngay': raw})}" if raw else url


def _record(request, pk, action):
    assignment = _get_assignment(pk)
    if not access.can_update_assignment(request.user, assignment):
        raise PermissionDenied
    if action == EXTEND and not may_extend(request.user, assignment):
        raise PermissionDenied
    forms = build_forms(request.user, assignment, action=action, data=request.POST, files=request.FILES)
    form = forms.get(action)
    if form is None:
        messages.error(request, _("Không thể ghi nhận thao tác này cho phân công hiện tại."))
        return redirect(reverse("plans:assignment", args=[assignment.pk]))
    if form.is_valid():
        try:
            _call_service(action, assignment, form, request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, DONE_MESSAGES[action])
            url = _keep_ref_date(reverse("plans:task", args=[assignment.task_id]), request.POST.get("ngay", "").strip())
            return redirect(f"{url}#assignment-{assignment.pk}")
    return _render_assignment(request, assignment, forms, focus=action)


@requires(perms.PLAN_READ)
@require_POST
def record_progress(request, pk):
    return _record(request, pk, PROGRESS)


@requires(perms.PLAN_READ)
@require_POST
def record_completion(request, pk):
    return _record(request, pk, COMPLETE)


@requires(perms.PLAN_READ)
@require_POST
def record_extension(request, pk):
    return _record(request, pk, EXTEND)


@requires(perms.PLAN_READ)
@require_POST
def record_return(request, pk):
    return _record(request, pk, RETURN)


FORM_TITLES = {
    PROGRESS: gettext_lazy("Cập nhật tiến độ"),
    COMPLETE: gettext_lazy("Báo cáo hoàn thành"),
    EXTEND: gettext_lazy("Ghi nhận gia hạn"),
    RETURN: gettext_lazy("Trả lại nhiệm vụ"),
}
FORM_URLS = {
    PROGRESS: "plans:record_progress",
    COMPLETE: "plans:record_completion",
    EXTEND: "plans:record_extension",
    RETURN: "plans:record_return",
}


def form_panels(assignment: Assignment, forms: dict, focus: str | None = None) -> list[dict]:
    return [
        {
            "action": name,
            "title": FORM_TITLES[name],
            "form": form,
            "url": reverse(FORM_URLS[name], args=[assignment.pk]),
            "open": name == focus or (focus is None and name == PROGRESS),
        }
        for name, form in forms.items()
    ]


def _render_assignment(request, assignment: Assignment, forms: dict, focus=None, status=200):
    task = assignment.task
    as_of, as_of_error = reference_date(request, task.directive)
    result = queries.evaluate([assignment], as_of)[assignment.pk]
    context = {
        "assignment": assignment,
        "task": task,
        "directive": task.directive,
        "result": result,
        "badge": result_badge(result),
        "due": due_label(task, result),
        "deadline": deadline_label(task),
        "occurrences": [
            (o, badge_of(o.status)) for o in queries.occurrences_for(assignment, as_of)
        ],
        "periods": [
            (p, dl.period_label(p.period, task.directive.reporting_period), badge_of(p.status))
            for p in queries.periods_for(assignment, as_of)
        ],
        "entries": timeline({"assignment": assignment}, {assignment.pk: assignment}, as_of),
        "panels": form_panels(assignment, forms, focus),
        "returned": bool(assignment.returns.all()),
        "ref_date": as_of,
        "ref_date_error": as_of_error,
        "ref_raw": request.GET.get("ngay", "") or request.POST.get("ngay", ""),
    }
    return render(request, "plans/assignment_detail.html", context, status=status)


@requires(perms.PLAN_READ)
def assignment_detail(request, pk):
    """One agency's part of a task: its status, periods or occurrences, its records and the forms."""
    assignment = _get_assignment(pk)
    return _render_assignment(request, assignment, build_forms(request.user, assignment))


# --- a task --------------------------------------------------------------------------------------


def _task_assignments(task: Task, as_of: datetime.date):
    """The task's assignments (lead first) with their statuses, and the task's own status.

    A heading rolls up from its children, so it takes the whole directive's statuses.
    """
    if task.has_children:
        ds = queries.directive_status(task.directive, as_of)
        assignments, results = [a for a in ds.assignments if a.task_id == task.pk], ds.results
        children = [(c, badge_of(ds.task_statuses.get(c.pk))) for c in ds.tasks if c.parent_id == task.pk]
        task_status = ds.task_statuses.get(task.pk)
    else:
        assignments = list(queries.with_status_data(task.assignments.all()))
        results = queries.evaluate(assignments, as_of)
        children = []
        task_status = st.rollup(results[a.pk].status for a in assignments if a.role == AssignmentRole.LEAD)
    assignments.sort(key=role_order)
    for a in assignments:
        a.task = task  # one task object: the same directive everywhere, no repeated joins
    return assignments, results, children, task_status


@requires(perms.PLAN_READ)
def task_detail(request, pk):
    has_children = Exists(Task.objects.filter(parent=OuterRef("pk")))
    task = get_object_or_404(
        Task.objects.select_related("directive__issuer", "parent").annotate(has_children=has_children), pk=pk
    )
    as_of, as_of_error = reference_date(request, task.directive)
    assignments, results, children, task_status = _task_assignments(task, as_of)
    entries = timeline({"assignment__task": task}, {a.pk: a for a in assignments}, as_of)
    latest = {}
    for entry in entries:
        if entry.kind == "update" and not entry.after_ref:
            latest.setdefault(entry.assignment.pk, entry)
    user = request.user
    mine = {scope.agency_id for scope in access.scopes(user) if scope.agency_id}
    rows, own_panels = [], []
    for a in assignments:
        can_update = access.can_update_assignment(user, a)
        result = results[a.pk]
        rows.append(
            {
                "assignment": a,
                "result": result,
                "badge": result_badge(result),
                "due": due_label(task, result),
                "latest": latest.get(a.pk),
                "can_update": can_update,
            }
        )
        if can_update and a.agency_id in mine:
            # Forms for the user's own agency right on the task page; others go through "Ghi nhận".
            own_panels.append({"assignment": a, "panels": form_panels(a, build_forms(user, a))})
    leads = [a for a in assignments if a.role == AssignmentRole.LEAD]
    context = {
        "task": task,
        "directive": task.directive,
        "badge": badge_of(task_status),
        "deadline": deadline_label(task),
        "targets": targets_by_task({"task": task}).get(task.pk, []),
        "lead_groups": assignee_groups([(a, results[a.pk]) for a in leads]),
        "coordinate_groups": assignee_groups([(a, results[a.pk]) for a in assignments if a not in leads]),
        "unassigned": unassigned_names(task, assignments),
        "rows": rows,
        "entries": entries,
        "own_panels": own_panels,
        "children": children,
        "ref_date": as_of,
        "ref_date_error": as_of_error,
        "ref_raw": request.GET.get("ngay", ""),
    }
    return render(request, "plans/task_detail.html", context)
