"""Writes of the reports app: opening a round, the submission's transitions, the consolidation inputs.

Every transition has a `can_<verb>()` that says whether it is allowed, and why not, and a
`<verb>()` that checks the same rule, writes, and records the audit entry in one transaction.
`actor=None` means the system itself (management commands, the demo): permission checks are
skipped, the state and date rules are not.

The lock rule: after the round's lock date an agency can no longer edit, submit or withdraw its
report; only the consolidator (the provincial Alliance) can reopen it, which grants that one
report a lock exception until it is submitted again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.audit.services import log_action, snapshot
from hoptac.lib.concurrency import check_version
from hoptac.lib.vi_format import format_vi_date
from hoptac.plans.models import AssignmentRole, Directive
from hoptac.units.models import Agency

from . import figures as figures_mod
from .models import (
    EDITABLE_STATES,
    Consolidation,
    ReportingRound,
    Submission,
    SubmissionAttachment,
    SubmissionState,
    TaskNarrative,
)
from .queries import expected_agencies_for

NARRATIVE_FIELDS = ("result", "difficulties", "proposals")
CONSOLIDATION_FIELDS = (
    "parent_body", "issuer_name", "number", "place", "issued_on", "subject", "section1",
    "section3_results", "section3_limitations", "section3_causes", "section4", "section5",
    "signer_authority", "signer_title", "signer_name", "recipients",
)


class TransitionError(ValidationError):
    """A transition or edit that the rules refuse; the message says why, for the user."""


@dataclass(frozen=True)
class Check:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed

    def enforce(self):
        if not self.allowed:
            raise TransitionError(self.reason)


ALLOWED = Check(True)


def _refuse(message: str) -> Check:
    return Check(False, message)


def _now(now=None) -> datetime.datetime:
    return now or timezone.now()


def _today(now=None) -> datetime.date:
    return timezone.localdate(_now(now))


# --- periods and rounds ---------------------------------------------------------------------------


def period_for_year(year: int, cutoff: str | None = None) -> tuple[datetime.date, datetime.date]:
    """The data period of a yearly report: the day after the previous year's cut-off to this year's.

    The cut-off ("dd/mm", setting HOPTAC_REPORT_CUTOFF, default 31/12) gives the calendar year of
    statistical reports; "14/12" gives the 15/12–14/12 period of administrative reports.
    """
    cutoff = cutoff or getattr(settings, "HOPTAC_REPORT_CUTOFF", "31/12")
    try:
        day, month = (int(part) for part in cutoff.split("/"))
        end = datetime.date(year, month, day)
        start = datetime.date(year - 1, month, day) + datetime.timedelta(days=1)
    except ValueError:
        raise ValidationError(_("Ngày chốt số liệu “%(value)s” không hợp lệ (dạng ngày/tháng, ví dụ 31/12).") % {"value": cutoff}) from None
    return start, end


def default_consolidator() -> Agency | None:
    return Agency.objects.internal().filter(kind=Agency.Kind.ALLIANCE).order_by("ordering", "pk").first()


def _round_snapshot(rnd: ReportingRound) -> dict:
    data = snapshot(rnd)
    data["expected_agencies"] = sorted(rnd.expected_agencies.values_list("code", flat=True))
    return data


def _validate_round_dates(period_start, period_end, opens_on, due_on, locks_on):
    if period_start > period_end:
        raise ValidationError(_("Ngày bắt đầu kỳ số liệu phải trước ngày kết thúc."))
    if not opens_on <= due_on:
        raise ValidationError(
            _("Hạn gửi báo cáo (%(due)s) không được trước ngày mở kỳ (%(opens)s).")
            % {"due": format_vi_date(due_on), "opens": format_vi_date(opens_on)}
        )
    if not due_on <= locks_on:
        raise ValidationError(
            _("Ngày khóa sổ (%(lock)s) không được trước hạn gửi báo cáo (%(due)s).")
            % {"lock": format_vi_date(locks_on), "due": format_vi_date(due_on)}
        )


def _sync_expected(rnd: ReportingRound) -> tuple[list[str], list[str]]:
    """Add agencies newly obliged by the plan; drop those no longer obliged unless they have reported."""
    wanted = set(expected_agencies_for(rnd.directive, rnd.period_start, rnd.period_end).values_list("pk", flat=True))
    current = set(rnd.expected_agencies.values_list("pk", flat=True))
    with_submissions = set(rnd.submissions.values_list("agency_id", flat=True))
    to_add = wanted - current
    to_remove = current - wanted - with_submissions
    if to_add:
        rnd.expected_agencies.add(*to_add)
    if to_remove:
        rnd.expected_agencies.remove(*to_remove)
    codes = dict(Agency.objects.filter(pk__in=to_add | to_remove).values_list("pk", "code"))
    return sorted(codes[pk] for pk in to_add), sorted(codes[pk] for pk in to_remove)


@transaction.atomic
def open_round(
    directive: Directive,
    year: int,
    *,
    actor,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    opens_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    locks_on: datetime.date | None = None,
    consolidator: Agency | None = None,
    title: str | None = None,
) -> tuple[ReportingRound, bool]:
    """Open the reporting round of `directive` for `year` (or the given period), or bring it up to date.

    Safe to run twice: an existing round of the same period is kept, its dates changed only where
    given, and its expected agencies refreshed from the plan. Returns (round, created).
    """
    if actor is not None and not access.has_right(actor, perms.REPORT_CONSOLIDATE):
        raise PermissionError(_("Chỉ đơn vị tổng hợp mới mở được kỳ báo cáo."))
    default_start, default_end = period_for_year(year)
    period_start = period_start or default_start
    period_end = period_end or default_end
    existing = (
        ReportingRound.objects.select_for_update()
        .filter(directive=directive, period_start=period_start, period_end=period_end)
        .first()
    )
    if existing:
        before = _round_snapshot(existing)
        changes = {
            name: value
            for name, value in (("opens_on", opens_on), ("due_on", due_on), ("locks_on", locks_on), ("title", title))
            if value is not None and getattr(existing, name) != value
        }
        for name, value in changes.items():
            setattr(existing, name, value)
        _validate_round_dates(existing.period_start, existing.period_end, existing.opens_on, existing.due_on, existing.locks_on)
        if changes:
            existing.save(update_fields=list(changes))
        added, removed = _sync_expected(existing)
        if changes or added or removed:
            log_action(existing, "reports.round.updated", actor=actor, before=before, after=_round_snapshot(existing),
                       data={"added": added, "removed": removed})
        return existing, False

    consolidator = consolidator or default_consolidator()
    if consolidator is None:
        raise ValidationError(_("Chưa có Liên minh HTX tỉnh trong danh mục cơ quan: không có đơn vị tổng hợp báo cáo."))
    opens_on = opens_on or period_end.replace(day=1)
    due_on = due_on or period_end
    locks_on = locks_on or due_on + datetime.timedelta(days=15)
    _validate_round_dates(period_start, period_end, opens_on, due_on, locks_on)
    rnd = ReportingRound.objects.create(
        directive=directive,
        title=title or _("Báo cáo kết quả thực hiện năm %(year)s") % {"year": year},
        year=year,
        period_start=period_start,
        period_end=period_end,
        opens_on=opens_on,
        due_on=due_on,
        locks_on=locks_on,
        consolidator=consolidator,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _sync_expected(rnd)
    log_action(rnd, "reports.round.opened", actor=actor, after=_round_snapshot(rnd))
    return rnd, True


# --- who may act ----------------------------------------------------------------------------------


def is_consolidator(actor, rnd: ReportingRound) -> bool:
    return actor is None or access.has_right(actor, perms.REPORT_CONSOLIDATE, agency=rnd.consolidator)


def acts_for(actor, agency: Agency) -> bool:
    return actor is None or access.has_right(actor, perms.REPORT_SUBMIT, agency=agency)


def _locked_for_agency(submission: Submission, today: datetime.date) -> bool:
    return submission.round.is_locked_on(today) and not submission.lock_exception


def _lock_message(rnd: ReportingRound) -> str:
    return _("Kỳ báo cáo đã khóa sổ từ sau ngày %(date)s: chỉ Liên minh HTX tỉnh mở lại được báo cáo.") % {
        "date": format_vi_date(rnd.locks_on)
    }


# --- the submission -------------------------------------------------------------------------------


def _locked(submission: Submission) -> Submission:
    """The submission as stored now, row-locked for the rest of the transaction."""
    return Submission.objects.select_for_update().select_related("round__consolidator", "agency").get(pk=submission.pk)


def _submission_snapshot(submission: Submission) -> dict:
    return snapshot(submission, fields={"state", "first_submitted_at", "submitted_at", "returned_at", "return_reason",
                                        "accepted_at", "lock_exception", "version"})


@transaction.atomic
def start_submission(rnd: ReportingRound, agency: Agency, *, actor) -> Submission:
    """The agency's report for the round, created as a draft with figures from the registry. Idempotent."""
    existing = Submission.objects.filter(round=rnd, agency=agency).first()
    if existing:
        return existing
    if not rnd.expected_agencies.filter(pk=agency.pk).exists():
        raise TransitionError(
            _("%(agency)s không thuộc danh sách đơn vị phải báo cáo trong kỳ này.") % {"agency": agency.name}
        )
    if not acts_for(actor, agency):
        raise PermissionError(_("Bạn không lập báo cáo cho %(agency)s.") % {"agency": agency.name})
    submission = Submission.objects.create(round=rnd, agency=agency, figures=figures_mod.figures_for(rnd, agency))
    TaskNarrative.objects.bulk_create(
        [TaskNarrative(submission=submission, assignment=a) for a in figures_mod.assignments_of(rnd, agency)]
    )
    log_action(submission, "reports.submission.created", actor=actor, after=_submission_snapshot(submission))
    return submission


def can_edit(submission: Submission, *, actor, now=None) -> Check:
    if not acts_for(actor, submission.agency):
        return _refuse(_("Bạn không lập báo cáo cho %(agency)s.") % {"agency": submission.agency.name})
    if submission.state not in EDITABLE_STATES:
        return _refuse(
            _("Báo cáo đang ở trạng thái “%(state)s”, không sửa được.") % {"state": submission.get_state_display()}
        )
    if _locked_for_agency(submission, _today(now)):
        return _refuse(_lock_message(submission.round))
    return ALLOWED


def _apply_figures(submission: Submission, reported: dict) -> list[str]:
    """Set the agency's reported values ({key: value or None}); returns the keys changed."""
    from hoptac.lib.vi_format import NumberParseError, parse_vi_number

    changed = []
    by_key = {row["key"]: row for row in submission.figures}
    for key, value in reported.items():
        row = by_key.get(key)
        if row is None:
            raise TransitionError(_("Chỉ tiêu “%(key)s” không có trong báo cáo này.") % {"key": key})
        if value in (None, ""):
            new = None
        else:
            try:
                new = str(parse_vi_number(value))
            except NumberParseError as exc:
                raise TransitionError(_("Chỉ tiêu “%(text)s”: %(error)s") % {"text": row["text"], "error": exc}) from None
        if row.get("reported") != new:
            row["reported"] = new
            changed.append(key)
    return changed


@transaction.atomic
def save_draft(
    submission: Submission,
    *,
    actor,
    narratives: dict | None = None,
    figures: dict | None = None,
    summary: str | None = None,
    expected_version=None,
    refresh: bool = True,
    now=None,
) -> Submission:
    """Save the agency's text and figures while the report is editable.

    `narratives`: {assignment_id: {"result", "difficulties", "proposals"}}; `figures`: {key: reported value}
    (None or "" = the registry's figure stands). With `refresh`, the registry figures are recomputed.
    """
    submission = _locked(submission)
    check_version(submission, expected_version)
    can_edit(submission, actor=actor, now=now).enforce()
    before = _submission_snapshot(submission)
    changed = {}
    if refresh:
        submission.figures = figures_mod.refresh(submission.figures, figures_mod.figures_for(submission.round, submission.agency))
    if figures:
        changed["figures"] = _apply_figures(submission, figures)
    if summary is not None and summary != submission.summary:
        submission.summary = summary
        changed["summary"] = True
    if narratives:
        existing = {n.assignment_id: n for n in submission.narratives.all()}
        for assignment_id, values in narratives.items():
            narrative = existing.get(int(assignment_id))
            if narrative is None:
                raise TransitionError(_("Nhiệm vụ này không được giao cho %(agency)s.") % {"agency": submission.agency.name})
            dirty = [f for f in NARRATIVE_FIELDS if f in values and (values[f] or "").strip() != getattr(narrative, f)]
            for field in dirty:
                setattr(narrative, field, (values[field] or "").strip())
            if dirty:
                narrative.save(update_fields=dirty)
                changed.setdefault("narratives", []).append(narrative.assignment.task.number)
    submission.version += 1
    submission.save()
    log_action(submission, "reports.submission.saved", actor=actor, before=before, after=_submission_snapshot(submission),
               data=changed)
    return submission


@transaction.atomic
def add_attachment(submission: Submission, uploaded_file, *, actor, name: str | None = None, now=None) -> SubmissionAttachment:
    submission = _locked(submission)
    can_edit(submission, actor=actor, now=now).enforce()
    attachment = SubmissionAttachment.objects.create(
        submission=submission, file=uploaded_file, name=name or getattr(uploaded_file, "name", "tep"),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log_action(submission, "reports.submission.attachment_added", actor=actor, data={"name": attachment.name})
    return attachment


@transaction.atomic
def remove_attachment(attachment: SubmissionAttachment, *, actor, now=None) -> None:
    submission = _locked(attachment.submission)
    can_edit(submission, actor=actor, now=now).enforce()
    log_action(submission, "reports.submission.attachment_removed", actor=actor, data={"name": attachment.name})
    attachment.file.delete(save=False)
    attachment.delete()


def missing_narratives(submission: Submission) -> list[str]:
    """Numbers of the tasks the agency leads whose result is still empty."""
    return [
        n.assignment.task.number
        for n in submission.narratives.select_related("assignment__task")
        if n.assignment.role == AssignmentRole.LEAD and not n.result.strip()
    ]


def can_submit(submission: Submission, *, actor, now=None) -> Check:
    check = can_edit(submission, actor=actor, now=now)
    if not check:
        return check
    today = _today(now)
    if not submission.round.is_open_on(today):
        return _refuse(
            _("Kỳ báo cáo mở từ ngày %(date)s; chưa gửi được báo cáo.") % {"date": format_vi_date(submission.round.opens_on)}
        )
    missing = missing_narratives(submission)
    if missing:
        return _refuse(
            _("Chưa nhập kết quả thực hiện của nhiệm vụ được giao chủ trì: %(tasks)s.") % {"tasks": ", ".join(missing)}
        )
    return ALLOWED


@transaction.atomic
def submit(submission: Submission, *, actor, now=None) -> Submission:
    """Send the report to the consolidator: draft → submitted, returned (or reopened) → resubmitted.

    The first submission's time is kept for timeliness; later ones do not change it.
    """
    submission = _locked(submission)
    can_submit(submission, actor=actor, now=now).enforce()
    before = _submission_snapshot(submission)
    moment = _now(now)
    first = submission.first_submitted_at is None
    submission.state = SubmissionState.SUBMITTED if first else SubmissionState.RESUBMITTED
    if first:
        submission.first_submitted_at = moment
        submission.first_submitted_on = timezone.localdate(moment)
    submission.submitted_at = moment
    submission.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    submission.lock_exception = False
    submission.figures = figures_mod.refresh(submission.figures, figures_mod.figures_for(submission.round, submission.agency))
    submission.version += 1
    submission.save()
    action = "reports.submission.submitted" if first else "reports.submission.resubmitted"
    log_action(submission, action, actor=actor, before=before, after=_submission_snapshot(submission))
    return submission


def can_return(submission: Submission, *, actor, reason: str = "") -> Check:
    if not is_consolidator(actor, submission.round):
        return _refuse(_("Chỉ Liên minh HTX tỉnh (đơn vị tổng hợp) mới trả lại được báo cáo."))
    if submission.state not in (SubmissionState.SUBMITTED, SubmissionState.RESUBMITTED):
        return _refuse(
            _("Chỉ trả lại được báo cáo đã gửi; báo cáo này đang “%(state)s”.") % {"state": submission.get_state_display()}
        )
    if not reason.strip():
        return _refuse(_("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."))
    return ALLOWED


@transaction.atomic
def return_submission(submission: Submission, *, reason: str, actor, now=None) -> Submission:
    """Send the report back to the agency with a reason; after the lock date this also reopens it."""
    submission = _locked(submission)
    can_return(submission, actor=actor, reason=reason).enforce()
    before = _submission_snapshot(submission)
    submission.state = SubmissionState.RETURNED
    submission.returned_at = _now(now)
    submission.return_reason = reason.strip()
    submission.lock_exception = submission.round.is_locked_on(_today(now))
    submission.version += 1
    submission.save()
    log_action(submission, "reports.submission.returned", actor=actor, before=before, after=_submission_snapshot(submission),
               data={"reason": submission.return_reason})
    return submission


def can_accept(submission: Submission, *, actor) -> Check:
    if not is_consolidator(actor, submission.round):
        return _refuse(_("Chỉ Liên minh HTX tỉnh (đơn vị tổng hợp) mới tiếp nhận được báo cáo."))
    if submission.state not in (SubmissionState.SUBMITTED, SubmissionState.RESUBMITTED):
        return _refuse(
            _("Chỉ tiếp nhận được báo cáo đã gửi; báo cáo này đang “%(state)s”.") % {"state": submission.get_state_display()}
        )
    return ALLOWED


@transaction.atomic
def accept(submission: Submission, *, actor, now=None) -> Submission:
    submission = _locked(submission)
    can_accept(submission, actor=actor).enforce()
    before = _submission_snapshot(submission)
    submission.state = SubmissionState.ACCEPTED
    submission.accepted_at = _now(now)
    submission.accepted_by = actor if getattr(actor, "is_authenticated", False) else None
    submission.version += 1
    submission.save()
    log_action(submission, "reports.submission.accepted", actor=actor, before=before, after=_submission_snapshot(submission))
    return submission


def can_reopen(submission: Submission, *, actor, now=None) -> Check:
    """Reopen for editing. The consolidator may reopen any report at any time (also a locked draft);
    the agency may withdraw its own sent, not yet accepted report, only until the lock date."""
    locked = submission.round.is_locked_on(_today(now))
    if is_consolidator(actor, submission.round):
        if submission.state in EDITABLE_STATES and not (locked and not submission.lock_exception):
            return _refuse(_("Báo cáo đang ở trạng thái “%(state)s”, đơn vị vẫn sửa được.") % {"state": submission.get_state_display()})
        return ALLOWED
    if not acts_for(actor, submission.agency):
        return _refuse(_("Bạn không lập báo cáo cho %(agency)s.") % {"agency": submission.agency.name})
    if locked:
        return _refuse(_lock_message(submission.round))
    if submission.state == SubmissionState.ACCEPTED:
        return _refuse(_("Báo cáo đã được tiếp nhận: chỉ Liên minh HTX tỉnh mở lại được."))
    if submission.state not in (SubmissionState.SUBMITTED, SubmissionState.RESUBMITTED):
        return _refuse(_("Báo cáo đang ở trạng thái “%(state)s”, vẫn sửa được.") % {"state": submission.get_state_display()})
    return ALLOWED


@transaction.atomic
def reopen(submission: Submission, *, actor, reason: str = "", now=None) -> Submission:
    """Back to draft for editing; the first submission time is kept, so the next send is a resubmission."""
    submission = _locked(submission)
    can_reopen(submission, actor=actor, now=now).enforce()
    before = _submission_snapshot(submission)
    submission.state = SubmissionState.DRAFT
    submission.lock_exception = submission.round.is_locked_on(_today(now))
    submission.version += 1
    submission.save()
    log_action(submission, "reports.submission.reopened", actor=actor, before=before, after=_submission_snapshot(submission),
               data={"reason": reason.strip()})
    return submission


# --- the consolidated report's inputs --------------------------------------------------------------


@transaction.atomic
def save_consolidation(rnd: ReportingRound, values: dict, *, actor, expected_version=None) -> Consolidation:
    """Store the consolidator's header, texts and signer for the year-end report."""
    if not is_consolidator(actor, rnd):
        raise PermissionError(_("Chỉ Liên minh HTX tỉnh (đơn vị tổng hợp) mới soạn được báo cáo tổng hợp."))
    consolidation, _created = Consolidation.objects.select_for_update().get_or_create(round=rnd)
    check_version(consolidation, expected_version)
    unknown = set(values) - set(CONSOLIDATION_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = snapshot(consolidation)
    for name, value in values.items():
        if isinstance(value, list):
            value = "\n".join(value)
        setattr(consolidation, name, value.strip() if isinstance(value, str) else value)
    consolidation.version += 1
    consolidation.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    consolidation.save()
    log_action(consolidation, "reports.consolidation.saved", actor=actor, before=before, after=snapshot(consolidation))
    return consolidation
