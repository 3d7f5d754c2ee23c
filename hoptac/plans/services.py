"""Writes to plans. Each function validates, saves and records the audit entry in one transaction.

Views, the API, imports and management commands all call these; none writes plan models itself.
Errors are `django.core.exceptions.ValidationError` with Vietnamese messages keyed by field.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hoptac.audit.services import log_action, snapshot
from hoptac.lib.dates import format_vi_date, today as local_today

from . import deadlines as dl
from . import plan_json
from .models import (
    Allocation,
    Assignment,
    AssignmentReturn,
    Attachment,
    Comparator,
    Completion,
    DeadlineKind,
    Directive,
    Extension,
    PerUnitLevel,
    ProgressUpdate,
    Target,
    Task,
)

DIRECTIVE_CREATED = "plans.directive.created"
PROGRESS_ADDED = "plans.assignment.progress_added"
ASSIGNMENT_COMPLETED = "plans.assignment.completed"
ASSIGNMENT_EXTENDED = "plans.assignment.extended"
ASSIGNMENT_RETURNED = "plans.assignment.returned"
TARGET_CREATED = "plans.target.created"
TARGET_CHANGED = "plans.target.changed"
ALLOCATIONS_SET = "plans.target.allocations_set"


def _d(day: datetime.date) -> str:
    return format_vi_date(day)


# --- plans ---------------------------------------------------------------------------------------


def find_existing_plan(parsed: plan_json.ParsedPlan) -> Directive | None:
    """A stored directive with the same identity (issuer, type, number, date, subject, year)."""
    return Directive.objects.filter(
        issuer=parsed.issuer,
        doc_type=parsed.doc_type,
        number=parsed.number,
        issued_on=parsed.issued_on,
        subject=parsed.subject,
        year=parsed.year,
    ).first()


@transaction.atomic
def create_plan_from_json(data, *, actor, source_text: str = "", year: int | None = None, parsed=None) -> Directive:
    """Store a plan document: directive, tasks, assignments (groups expanded), targets, allocations.

    Raises `plan_json.PlanError` listing every problem; nothing is written then.
    """
    parsed = parsed or plan_json.parse_plan(data, year=year)
    existing = find_existing_plan(parsed)
    if existing is not None:
        message = _("Văn bản này đã có trong hệ thống (mã %(id)s: %(label)s).")
        raise plan_json.PlanError([message % {"id": existing.pk, "label": existing}])
    directive = Directive.objects.create(
        issuer=parsed.issuer,
        issuer_as_written=parsed.issuer_as_written if parsed.issuer_as_written != parsed.issuer.name else "",
        doc_type=parsed.doc_type,
        number=parsed.number,
        issued_on=parsed.issued_on,
        subject=parsed.subject,
        basis=parsed.basis,
        signer_name=parsed.signer_name,
        signer_title=parsed.signer_title,
        recipients=parsed.recipients,
        source_text=source_text,
        year=parsed.year,
        warnings=parsed.warnings,
    )
    by_number: dict[str, Task] = {}
    assignments, allocations = [], []
    for item in parsed.tasks:
        deadline = item.deadline or dl.Deadline(dl.UNSPECIFIED)
        task = Task.objects.create(
            directive=directive,
            parent=by_number.get(item.parent_number),
            number=item.number,
            position=item.position,
            text=item.text,
            deadline_kind=deadline.kind,
            start=deadline.start,
            due=deadline.due,
            recurrence=deadline.recurrence,
            deadline_as_written=item.deadline_as_written,
            lead_as_written=item.lead_as_written,
            coordinate_as_written=item.coordinate_as_written,
            source_start=item.source_start,
            source_end=item.source_end,
        )
        by_number[item.number] = task
        assignments += [Assignment(task=task, agency=a.agency, role=a.role, as_written=a.as_written) for a in item.assignments]
        for position, t in enumerate(item.targets, 1):
            target = Target.objects.create(
                task=task,
                position=position,
                text=t.text,
                indicator=t.indicator,
                comparator=t.comparator,
                value=t.value,
                unit=t.unit,
                base_year=t.base_year,
                year=t.year,
                per_unit_level=t.per_unit_level,
            )
            allocations += [
                Allocation(target=target, agency=a.agency, admin_unit=a.admin_unit, value=a.value, as_written=a.as_written)
                for a in t.allocations
            ]
    Assignment.objects.bulk_create(assignments)
    Allocation.objects.bulk_create(allocations)
    log_action(
        directive,
        DIRECTIVE_CREATED,
        actor=actor,
        after=snapshot(directive, fields={"doc_type", "number", "issued_on", "subject", "year"}),
        data={"tasks": len(by_number), "assignments": len(assignments), "warnings": parsed.warnings},
    )
    return directive


# --- assignment events ---------------------------------------------------------------------------


def _ensure_not_returned(assignment: Assignment):
    if assignment.returns.exists():
        raise ValidationError(_("Phân công này đã bị trả lại; không ghi nhận thêm."))


def _check_day(day, field: str, *, not_before: datetime.date | None = None, label_before: str = ""):
    if day is None:
        raise ValidationError({field: _("Chưa nhập ngày.")})
    if day > local_today():
        raise ValidationError({field: _("Ngày %(day)s ở tương lai.") % {"day": _d(day)}})
    if not_before and day < not_before:
        message = _("Ngày %(day)s trước %(what)s (%(start)s).")
        raise ValidationError({field: message % {"day": _d(day), "what": label_before, "start": _d(not_before)}})


def _attach(files, **owner):
    for f in files:
        Attachment.objects.create(file=f, name=getattr(f, "name", "")[:250] or _("tệp"), **owner)


@transaction.atomic
def add_progress_update(
    assignment: Assignment, *, actor, date: datetime.date, text: str, percent=None, files=(), is_demo=False
) -> ProgressUpdate:
    _ensure_not_returned(assignment)
    _check_day(date, "date", not_before=assignment.task.directive.start_date, label_before=_("ngày văn bản có hiệu lực"))
    if not (text or "").strip():
        raise ValidationError({"text": _("Chưa nhập nội dung cập nhật.")})
    if percent is not None:
        try:
            percent = int(percent)
        except (TypeError, ValueError):
            percent = -1
        if not 0 <= percent <= 100:
            raise ValidationError({"percent": _("Tỷ lệ hoàn thành phải từ 0 đến 100.")})
    update = ProgressUpdate.objects.create(
        assignment=assignment,
        date=date,
        text=text.strip(),
        percent=percent,
        author=actor,
        is_demo=is_demo,
    )
    _attach(files, update=update)
    log_action(
        assignment,
        PROGRESS_ADDED,
        actor=actor,
        data={"update": update.pk, "date": date, "percent": update.percent, "files": len(files)},
    )
    return update


def occurrence_to_complete(assignment: Assignment, on: datetime.date) -> datetime.date | None:
    """For a recurring task: the earliest occurrence, up to the one of `on`'s cycle, not yet completed."""
    task = assignment.task
    done = set(assignment.completions.values_list("occurrence_due", flat=True))
    last = dl.occurrence_in_cycle_of(task.recurrence, on).end
    first = task.started_on
    for occurrence in dl.occurrences(task.recurrence, first, min(filter(None, [last, task.due]))):
        if occurrence.end not in done:
            return occurrence.end
    return None


@transaction.atomic
def complete_assignment(
    assignment: Assignment, *, actor, completed_on: datetime.date, evidence: str, occurrence_due=None, files=(), is_demo=False
) -> Completion:
    """Record that the agency finished its part (one occurrence for a recurring task)."""
    _ensure_not_returned(assignment)
    task = assignment.task
    _check_day(completed_on, "completed_on", not_before=task.started_on, label_before=_("ngày bắt đầu nhiệm vụ"))
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("Chưa nêu kết quả, minh chứng hoàn thành.")})
    if task.deadline_kind == DeadlineKind.RECURRING:
        if occurrence_due is None:
            occurrence_due = occurrence_to_complete(assignment, completed_on)
            if occurrence_due is None:
                message = _("Không còn lần thực hiện nào chưa hoàn thành đến ngày %(day)s.")
                raise ValidationError({"occurrence_due": message % {"day": _d(completed_on)}})
        elif dl.occurrence_for(task.recurrence, occurrence_due) is None:
            message = _("%(day)s không phải là hạn của một lần thực hiện.")
            raise ValidationError({"occurrence_due": message % {"day": _d(occurrence_due)}})
    elif occurrence_due is not None:
        raise ValidationError({"occurrence_due": _("Chỉ nhiệm vụ định kỳ mới hoàn thành theo từng lần.")})
    if assignment.completions.filter(occurrence_due=occurrence_due).exists():
        if occurrence_due:
            message = _("Lần thực hiện hạn %(day)s đã được ghi nhận hoàn thành.") % {"day": _d(occurrence_due)}
        else:
            message = _("Phân công này đã được ghi nhận hoàn thành.")
        raise ValidationError(message)
    completion = Completion.objects.create(
        assignment=assignment,
        occurrence_due=occurrence_due,
        completed_on=completed_on,
        evidence=evidence.strip(),
        author=actor,
        is_demo=is_demo,
    )
    _attach(files, completion=completion)
    result = assignment.status(completed_on)
    log_action(
        assignment,
        ASSIGNMENT_COMPLETED,
        actor=actor,
        data={
            "completion": completion.pk,
            "completed_on": completed_on,
            "occurrence_due": occurrence_due,
            "status": result.status.value if result.status else None,
            "files": len(files),
        },
    )
    return completion


def current_due(assignment: Assignment, occurrence_due=None) -> datetime.date | None:
    """The due date after every extension recorded (the original stays on the task)."""
    original = occurrence_due if occurrence_due is not None else assignment.task.due
    extended = [e.new_due for e in assignment.extensions.all() if e.occurrence_due == occurrence_due]
    return max([original, *extended]) if original else None


@transaction.atomic
def extend_assignment(
    assignment: Assignment,
    *,
    actor,
    new_due: datetime.date,
    reason: str,
    approved_by: str,
    decided_on: datetime.date,
    occurrence_due=None,
    is_demo=False,
) -> Extension:
    """Gia hạn: a later due date for this assignment; the task's own due date is never changed."""
    _ensure_not_returned(assignment)
    task = assignment.task
    if task.deadline_kind not in (DeadlineKind.ONCE, DeadlineKind.WINDOW, DeadlineKind.RECURRING):
        kind = task.get_deadline_kind_display().lower()
        raise ValidationError(_("Nhiệm vụ %(kind)s không có hạn để gia hạn.") % {"kind": kind})
    _check_day(decided_on, "decided_on")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Chưa nêu lý do gia hạn.")})
    if not (approved_by or "").strip():
        raise ValidationError({"approved_by": _("Chưa nêu người cho phép gia hạn.")})
    if task.deadline_kind == DeadlineKind.RECURRING:
        if occurrence_due is None:
            occurrence_due = occurrence_to_complete(assignment, decided_on)
        if occurrence_due is None or dl.occurrence_for(task.recurrence, occurrence_due) is None:
            raise ValidationError({"occurrence_due": _("Chưa xác định lần thực hiện được gia hạn.")})
    else:
        occurrence_due = None
    if assignment.completions.filter(occurrence_due=occurrence_due).exists():
        raise ValidationError(_("Đã hoàn thành, không gia hạn."))
    due = current_due(assignment, occurrence_due)
    if new_due is None or new_due <= due:
        raise ValidationError({"new_due": _("Hạn mới phải sau hạn hiện tại %(due)s.") % {"due": _d(due)}})
    extension = Extension.objects.create(
        assignment=assignment,
        occurrence_due=occurrence_due,
        new_due=new_due,
        reason=reason.strip(),
        approved_by=approved_by.strip(),
        decided_on=decided_on,
        author=actor,
        is_demo=is_demo,
    )
    log_action(
        assignment,
        ASSIGNMENT_EXTENDED,
        actor=actor,
        before={"due": due},
        after={"due": new_due},
        data={
            "extension": extension.pk,
            "occurrence_due": occurrence_due,
            "reason": extension.reason,
            "approved_by": extension.approved_by,
            "decided_on": decided_on,
        },
    )
    return extension


@transaction.atomic
def return_assignment(
    assignment: Assignment, *, actor, returned_on: datetime.date, reason: str, is_demo=False
) -> AssignmentReturn:
    """Trả lại: the assignment is sent back; it leaves the status counts and is listed apart."""
    _ensure_not_returned(assignment)
    _check_day(returned_on, "returned_on")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Chưa nêu lý do trả lại.")})
    if assignment.completions.filter(occurrence_due__isnull=True).exists():
        raise ValidationError(_("Phân công đã hoàn thành, không trả lại được."))
    returned = AssignmentReturn.objects.create(
        assignment=assignment, returned_on=returned_on, reason=reason.strip(), author=actor, is_demo=is_demo
    )
    log_action(assignment, ASSIGNMENT_RETURNED, actor=actor, data={"returned_on": returned_on, "reason": returned.reason})
    return returned


# --- targets -------------------------------------------------------------------------------------

TARGET_FIELDS = ("text", "indicator", "comparator", "value", "unit", "base_year", "year", "per_unit_level")


def _check_target_fields(fields: dict):
    errors = {}
    if not (fields.get("text") or "").strip():
        errors["text"] = _("Chưa nhập nội dung chỉ tiêu.")
    if fields.get("comparator") not in Comparator.values:
        errors["comparator"] = _("Phép so sánh phải là >=, = hoặc <=.")
    if fields.get("value") is None:
        errors["value"] = _("Chưa nhập giá trị.")
    if not (fields.get("unit") or "").strip():
        errors["unit"] = _("Chưa nhập đơn vị tính.")
    if fields.get("per_unit_level") and fields["per_unit_level"] not in PerUnitLevel.values:
        errors["per_unit_level"] = _("Chỉ dùng “commune” hoặc “district”.")
    if errors:
        raise ValidationError(errors)


def _check_sum(target: Target, allocations):
    problem = plan_json.allocation_error(
        target.comparator, Decimal(target.value), target.unit, target.per_unit_level, allocations
    )
    if problem:
        raise ValidationError({"allocations": problem})


@transaction.atomic
def set_target(task: Task, *, actor, target: Target | None = None, **fields) -> Target:
    """Create a target on `task`, or change `target`; its allocations must still add up."""
    unknown = set(fields) - set(TARGET_FIELDS)
    if unknown:
        raise TypeError(f"unknown target fields: {sorted(unknown)}")
    before = snapshot(target) if target else None
    if target is None:
        target = Target(task=task, position=task.targets.count() + 1)
        if fields.get("year") is None:
            fields["year"] = task.due.year if task.due else task.directive.year
    for name, value in fields.items():
        setattr(target, name, "" if value is None and name in ("indicator", "per_unit_level") else value)
    if target.value is not None:
        target.value = Decimal(target.value)
    _check_target_fields({name: getattr(target, name) for name in TARGET_FIELDS})
    if target.pk:
        _check_sum(target, list(target.allocations.all()))
    target.save()
    log_action(target, TARGET_CHANGED if before else TARGET_CREATED, actor=actor, before=before, after=snapshot(target))
    return target


def _allocation_row(allocation: Allocation) -> dict:
    return {"unit": allocation.as_written or str(allocation.agency or allocation.admin_unit), "value": allocation.value}


@transaction.atomic
def set_allocations(target: Target, allocations, *, actor) -> list[Allocation]:
    """Replace a target's allocations; each item {"agency"|"admin_unit", "value", "as_written"?}.

    For a total (">=" or "=") the allocations must add up to the target: "Tổng phân bổ 34 khác chỉ tiêu 35".
    """
    rows = []
    for i, item in enumerate(allocations, 1):
        agency, unit = item.get("agency"), item.get("admin_unit")
        if agency is None and unit is None:
            raise ValidationError({"allocations": _("Dòng %(n)s: chưa chọn cơ quan hoặc địa bàn.") % {"n": i}})
        value = item.get("value")
        if value is None or Decimal(value) < 0:
            raise ValidationError({"allocations": _("Dòng %(n)s: giá trị phân bổ không hợp lệ.") % {"n": i}})
        if unit is None and agency is not None:
            unit = agency.admin_unit
        rows.append(
            Allocation(target=target, agency=agency, admin_unit=unit, value=Decimal(value), as_written=item.get("as_written") or "")
        )
    _check_sum(target, rows)
    before = [_allocation_row(a) for a in target.allocations.select_related("agency", "admin_unit")]
    target.allocations.all().delete()
    Allocation.objects.bulk_create(rows)
    log_action(
        target,
        ALLOCATIONS_SET,
        actor=actor,
        before={"allocations": before},
        after={"allocations": [_allocation_row(a) for a in rows]},
    )
    return rows
