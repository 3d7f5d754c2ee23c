"""What the plan pages share: status badges, deadline and target labels, assignees grouped as
the text names them, the reference date and status tabs, and the timeline of an assignment's facts."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.lib.dates import format_vi_date, reference_date_from
from hoptac.lib.text import fold
from hoptac.lib.vi_format import format_vi_number

from .. import deadlines as dl
from .. import queries
from .. import status as st
from ..models import (
    Allocation,
    Assignment,
    AssignmentReturn,
    AssignmentRole,
    Completion,
    DeadlineKind,
    Directive,
    Extension,
    ProgressUpdate,
    Target,
    Task,
)

STATUS_CLASSES = {
    st.Status.DONE_ON_TIME: "status-ok",
    st.Status.DONE_LATE: "status-warn",
    st.Status.IN_PROGRESS: "status-neutral",
    st.Status.OVERDUE: "status-bad",
}
RETURNED = "returned"
STATUS_FILTERS = frozenset([*st.Status.values, RETURNED])
COMPARATOR_SIGNS = {">=": "≥", "=": "=", "<=": "≤"}
EVERY_LABELS = {
    "year": gettext_lazy("hằng năm"),
    "quarter": gettext_lazy("hằng quý"),
    "month": gettext_lazy("hằng tháng"),
}


# --- presentation helpers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    value: str
    label: str
    css: str


def badge_of(status: st.Status | None, *, returned: bool = False) -> Badge | None:
    if returned:
        return Badge(RETURNED, _("Đã trả lại"), "status-neutral")
    if status is None:
        return None
    status = st.Status(status)
    return Badge(status.value, str(status.label), STATUS_CLASSES[status])


def result_badge(result: st.StatusResult) -> Badge | None:
    return badge_of(result.status, returned=result.returned)


def deadline_label(task: Task) -> str:
    """The deadline as the system reads it: "30/06/2018", "01/07/2018 – 31/12/2018", "hằng năm, tháng 5" …"""
    kind = task.deadline_kind
    if kind == DeadlineKind.ONCE:
        return _("Hạn %(due)s") % {"due": format_vi_date(task.due)}
    if kind == DeadlineKind.WINDOW:
        return _("Từ %(start)s đến %(due)s") % {"start": format_vi_date(task.start), "due": format_vi_date(task.due)}
    if kind == DeadlineKind.ONGOING:
        period = task.directive.get_reporting_period_display().lower()
        return _("Thường xuyên, báo cáo theo %(period)s") % {"period": period}
    if kind == DeadlineKind.RECURRING and task.recurrence:
        rec = task.recurrence
        text = str(EVERY_LABELS.get(rec.get("every"), rec.get("every")))
        if rec.get("every") == "year" and rec.get("month"):
            text += _(", tháng %(month)s") % {"month": rec["month"]}
        elif rec.get("every") == "quarter" and rec.get("month"):
            text += _(", tháng thứ %(month)s của quý") % {"month": rec["month"]}
        if rec.get("day"):
            text += _(", ngày %(day)s") % {"day": rec["day"]}
        return _("Định kỳ %(rule)s") % {"rule": text}
    return _("Không nêu thời hạn")


def due_label(task: Task, result: st.StatusResult) -> str:
    """The due date in force at the reference date (after extensions), or the period judged."""
    if result.period is not None:
        label = dl.period_label(result.period, task.directive.reporting_period)
        if result.status == st.Status.OVERDUE:
            return _("%(period)s: chưa báo cáo") % {"period": label}
        return _("Kỳ %(period)s") % {"period": label}
    if result.due:
        return format_vi_date(result.due)
    if task.deadline_kind == DeadlineKind.UNSPECIFIED:
        return _("Không nêu thời hạn")
    return ""


def agency_label(agency) -> str:
    return agency.name


def target_label(target: Target) -> str:
    """"≥ 35 HTX (năm 2018)", "≥ 1 THT mỗi xã", "≥ 10 % so với năm 2017"."""
    space = "" if target.unit == "%" else " "
    sign = COMPARATOR_SIGNS.get(target.comparator, target.comparator)
    parts = [f"{sign} {format_vi_number(target.value)}{space}{target.unit}"]
    if target.per_unit_level:
        parts.append(str(target.get_per_unit_level_display()))
    if target.base_year:
        parts.append(_("so với năm %(year)s") % {"year": target.base_year})
    if target.year:
        parts.append(_("(năm %(year)s)") % {"year": target.year})
    return " ".join(parts)


def allocation_label(allocation: Allocation) -> str:
    owner = allocation.agency or allocation.admin_unit
    name = (owner.short_name or owner.name) if owner else allocation.as_written
    return f"{name}: {format_vi_number(allocation.value)}"


def targets_by_task(task_filter: dict) -> dict[int, list[Target]]:
    """Targets (with allocation labels) per task id, in 2 queries."""
    allocations = Allocation.objects.select_related("agency", "admin_unit").order_by("id")
    targets = Target.objects.filter(**task_filter).prefetch_related(Prefetch("allocations", queryset=allocations))
    result = defaultdict(list)
    for target in targets:
        target.label = target_label(target)
        target.allocation_labels = [allocation_label(a) for a in target.allocations.all()]
        result[target.task_id].append(target)
    return result


@dataclass
class AssigneeGroup:
    """Agencies assigned by one name of the text: "Ủy ban nhân dân các huyện, thành phố" → 10 committees."""

    label: str
    members: list  # [(Assignment, Badge)]
    collapsed: bool = False

    @property
    def count(self) -> int:
        return len(self.members)


def assignee_groups(pairs) -> list[AssigneeGroup]:
    """Group one role's assignments by the name the text used; a group of one shows the agency."""
    groups: dict[str, list] = {}
    for assignment, result in pairs:
        key = assignment.as_written.strip() or f"#{assignment.agency_id}"
        groups.setdefault(key, []).append((assignment, result_badge(result)))
    result = []
    for key, members in groups.items():
        if len(members) > 1:
            result.append(AssigneeGroup(key, members, collapsed=True))
        else:
            result.append(AssigneeGroup(agency_label(members[0][0].agency), members))
    return result


def unassigned_names(task: Task, assignments) -> dict[str, list[str]]:
    """Names in the text that assigned nobody ("các sở, ban ngành liên quan"), by role."""
    written = {fold(a.as_written) for a in assignments} | {fold(a.agency.name) for a in assignments}
    return {
        role: [name for name in names if fold(name) not in written]
        for role, names in (("lead", task.lead_as_written or []), ("coordinate", task.coordinate_as_written or []))
    }


def role_order(assignment: Assignment):
    return (assignment.role != AssignmentRole.LEAD, assignment.agency.ordering, assignment.agency.name)


def reference_date(request, directive: Directive | None):
    default = queries.default_reference_date(directive) if directive is not None else None
    return reference_date_from(request.GET, default=default)


def status_filter_of(request) -> str:
    value = request.GET.get("status", "")
    return value if value in STATUS_FILTERS else ""


def status_tabs(counts: st.StatusCounts, current: str) -> list[dict]:
    tabs = [{"value": "", "label": _("Tất cả"), "count": counts.total + counts.returned, "css": ""}]
    for value, label, count in counts.rows():
        tabs.append({"value": value, "label": str(label), "count": count, "css": STATUS_CLASSES[st.Status(value)]})
    tabs.append({"value": RETURNED, "label": _("Đã trả lại"), "count": counts.returned, "css": "status-neutral"})
    for tab in tabs:
        tab["active"] = tab["value"] == current
    return tabs


def chosen_directive(request) -> Directive | None:
    """The directive picked with ?directive=<id>, else the one being followed."""
    raw = request.GET.get("directive", "")
    if raw.isdigit():
        directive = Directive.objects.filter(pk=int(raw)).first()
        if directive is not None:
            return directive
    return queries.active_plan()


def directive_choices():
    ordered = Directive.objects.order_by("-is_active", "-year", "-issued_on", "-id")
    return list(ordered.only("id", "doc_type", "number", "subject"))


# --- timeline ------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One dated fact on an assignment, for the timeline."""

    kind: str
    label: str
    date: datetime.date
    assignment: Assignment
    text: str = ""
    author: object = None
    attachments: list = field(default_factory=list)
    percent: int | None = None
    details: str = ""
    created_at: datetime.datetime | None = None
    after_ref: bool = False


def timeline(assignment_filter: dict, assignments: dict[int, Assignment], as_of: datetime.date) -> list[Entry]:
    """Updates, completions, extensions and returns of the given assignments, newest first (6 queries)."""
    entries = []
    updates = ProgressUpdate.objects.filter(**assignment_filter).select_related("author")
    for u in updates.prefetch_related("attachments"):
        entries.append(
            Entry("update", _("Cập nhật tiến độ"), u.date, assignments[u.assignment_id], u.text, u.author,
                  list(u.attachments.all()), u.percent, created_at=u.created_at)
        )  # fmt: skip
    for c in Completion.objects.filter(**assignment_filter).select_related("author").prefetch_related("attachments"):
        details = _("Lần hạn %(due)s") % {"due": format_vi_date(c.occurrence_due)} if c.occurrence_due else ""
        entries.append(
            Entry("completion", _("Hoàn thành"), c.completed_on, assignments[c.assignment_id], c.evidence, c.author,
                  list(c.attachments.all()), details=details, created_at=c.created_at)
        )  # fmt: skip
    for e in Extension.objects.filter(**assignment_filter).select_related("author"):
        details = _("Hạn mới %(due)s, %(who)s cho phép") % {"due": format_vi_date(e.new_due), "who": e.approved_by}
        if e.occurrence_due:
            details += " · " + _("Lần hạn %(due)s") % {"due": format_vi_date(e.occurrence_due)}
        entries.append(
            Entry("extension", _("Gia hạn"), e.decided_on, assignments[e.assignment_id], e.reason, e.author,
                  details=details, created_at=e.created_at)
        )  # fmt: skip
    for r in AssignmentReturn.objects.filter(**assignment_filter).select_related("author"):
        entries.append(
            Entry("return", _("Trả lại"), r.returned_on, assignments[r.assignment_id], r.reason, r.author,
                  created_at=r.created_at)
        )  # fmt: skip
    for entry in entries:
        entry.after_ref = entry.date > as_of
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    entries.sort(key=lambda e: (e.date, e.created_at or epoch), reverse=True)
    return entries
