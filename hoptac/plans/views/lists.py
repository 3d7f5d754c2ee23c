"""Lists of assignments: "my tasks", one agency's tasks by status, the agencies ranked by their
overdue share; and attachments, served only through a permission-checked view."""

from __future__ import annotations

import datetime
import os
from collections import defaultdict

from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires

from .. import queries
from .. import status as st
from ..models import Assignment, Attachment, Directive, ProgressUpdate
from .common import (
    RETURNED,
    STATUS_CLASSES,
    chosen_directive,
    directive_choices,
    reference_date,
    status_filter_of,
    status_tabs,
    due_label,
    result_badge,
)


def assignment_rows(queryset, directive: Directive, as_of: datetime.date, user, status_filter: str = ""):
    """Rows (assignment, status, latest update) of work items and their counts, in a fixed number of queries.

    Heading tasks are left out: their numbered children carry the work. Both roles are listed
    and counted, since an agency answers for its coordinating part too.
    """
    latest = ProgressUpdate.objects.filter(assignment=OuterRef("pk"), date__lte=as_of).order_by("-date", "-id")
    items = list(
        queries.with_status_data(queryset.filter(task__directive=directive))
        .filter(task_has_children=False)
        .annotate(latest_text=Subquery(latest.values("text")[:1]), latest_date=Subquery(latest.values("date")[:1]))
        .order_by("task__position", "task_id", "agency__ordering", "agency__name")
    )
    results = queries.evaluate(items, as_of)
    counts = st.StatusCounts.of(results[a.pk] for a in items)
    rows = []
    for a in items:
        a.task.directive = directive
        result = results[a.pk]
        if status_filter == RETURNED and not result.returned:
            continue
        if status_filter and status_filter != RETURNED and (result.returned or result.status != status_filter):
            continue
        rows.append(
            {
                "assignment": a,
                "result": result,
                "badge": result_badge(result),
                "due": due_label(a.task, result),
                "can_update": access.can_update_assignment(user, a),
            }
        )
    return rows, counts


def _list_page(request, template, queryset, directive, extra):
    as_of, as_of_error = reference_date(request, directive)
    current = status_filter_of(request)
    rows, counts = ([], st.StatusCounts())
    if directive is not None and queryset is not None:
        rows, counts = assignment_rows(queryset, directive, as_of, request.user, current)
    context = {
        "directive": directive,
        "directives": directive_choices(),
        "rows": rows,
        "counts": counts,
        "tabs": status_tabs(counts, current),
        "status_filter": current,
        "ref_date": as_of,
        "ref_date_error": as_of_error,
        **extra,
    }
    partial = request.htmx and not request.htmx.boosted
    response = render(request, "plans/_assignment_rows.html" if partial else template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@requires(perms.PLAN_READ)
def my_tasks(request):
    """"Nhiệm vụ của tôi": the assignments of the user's agencies, by status."""
    agencies = list(access.user_agencies(request.user))
    queryset = Assignment.objects.filter(agency__in=agencies) if agencies else None
    extra = {"agencies": agencies, "show_agency": len(agencies) > 1}
    return _list_page(request, "plans/my_tasks.html", queryset, chosen_directive(request), extra)


@requires(perms.PLAN_READ)
def agency_tasks(request, pk):
    """One agency's assignments by status: 404 for agencies whose work the user may not read."""
    agency = get_object_or_404(access.visible_agencies(request.user), pk=pk)
    extra = {"agency": agency, "show_agency": False}
    queryset = Assignment.objects.filter(agency=agency)
    return _list_page(request, "plans/agency_tasks.html", queryset, chosen_directive(request), extra)


@requires(perms.PLAN_READ)
def agency_list(request):
    """Agencies with their status counts, the largest overdue share first."""
    directive = chosen_directive(request)
    as_of, as_of_error = reference_date(request, directive)
    rows = []
    if directive is not None:
        visible = access.visible_agencies(request.user)
        items = list(
            queries.with_status_data(Assignment.objects.filter(task__directive=directive, agency__in=visible)).filter(
                task_has_children=False
            )
        )
        results = queries.evaluate(items, as_of)
        by_agency = defaultdict(list)
        agencies = {}
        for a in items:
            by_agency[a.agency_id].append(results[a.pk])
            agencies[a.agency_id] = a.agency
        for agency_id, agency_results in by_agency.items():
            counts = st.StatusCounts.of(agency_results)
            rows.append({"agency": agencies[agency_id], "counts": counts, "cells": counts.rows()})
        rows.sort(
            key=lambda r: (-r["counts"].overdue_share, -r["counts"].overdue, r["agency"].ordering, r["agency"].name)
        )
    context = {
        "directive": directive,
        "directives": directive_choices(),
        "rows": rows,
        "status_columns": [(s.value, s.label, STATUS_CLASSES[s]) for s in st.STATUS_ORDER],
        "ref_date": as_of,
        "ref_date_error": as_of_error,
    }
    return render(request, "plans/agency_list.html", context)


# --- attachments ---------------------------------------------------------------------------------


@requires(perms.PLAN_READ)
def attachment_download(request, pk):
    """Files are served only through here, to users who may read the plan (never from /media/)."""
    attachment = get_object_or_404(Attachment, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    filename = attachment.name or os.path.basename(attachment.file.name)
    return FileResponse(handle, as_attachment=True, filename=filename)
