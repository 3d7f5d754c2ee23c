"""Report pages: the rounds, a round's completeness and timeliness with every expected agency by
name, an agency's report (figures from the registry beside the reported ones, a narrative per
task, attachments), "my reports", the consolidation inputs and the consolidated DOCX / PDF / XLSX.

Reading: a round page is open to anyone holding PLAN_READ (who reported and when is no secret in
the province); a report is read by those who may read its agency's work
(`access.visible_agencies`: 404 otherwise). Writing goes through `services`, whose `can_*` checks
decide: the agency's own officers edit and send; the consolidator (the provincial Alliance) returns,
accepts and reopens. A user who may not act gets 403; a rule of state or date gets its message.
The consolidated report is read per `access.can_read_consolidated_report`.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.audit.services import history_for
from hoptac.lib.concurrency import EditConflict
from hoptac.lib.dates import format_vi_date
from hoptac.lib.dates import today as local_today
from hoptac.lib.text import fold
from hoptac.lib.vi_format import format_vi_number
from hoptac.plans.queries import active_plan
from hoptac.units.models import AdminUnit

from . import consolidation as builder
from . import defaults
from . import figures as figures_mod
from . import services
from .forms import NARRATIVE_LABELS, AttachmentForm, ConsolidationForm, OpenRoundForm, ReasonForm, ReopenForm, SubmissionForm
from .models import Consolidation, ReportingRound, Submission, SubmissionAttachment, SubmissionState, TaskNarrative
from .queries import AgencyReportStatus, rates_of, round_overview, rounds_with_rates, standing_of
from .renderers import FORMATS, content_type, render as render_document
from .report import fmt_number

STANDING_CLASSES = {
    AgencyReportStatus.ON_TIME: "status-ok",
    AgencyReportStatus.LATE: "status-warn",
    AgencyReportStatus.MISSING: "status-neutral",
    AgencyReportStatus.OVERDUE: "status-bad",
}
STATE_CLASSES = {
    SubmissionState.DRAFT: "status-neutral",
    SubmissionState.SUBMITTED: "status-neutral",
    SubmissionState.RETURNED: "status-bad",
    SubmissionState.RESUBMITTED: "status-neutral",
    SubmissionState.ACCEPTED: "status-ok",
}
REMINDER_COMMAND = "python manage.py send_report_reminders --round {pk} --dry-run"


# --- presentation helpers ------------------------------------------------------------------------


def standing_badge(standing: str, days: int | None, *, locked: bool = False) -> dict:
    """"Gửi muộn (2 ngày)", "Quá hạn chưa gửi (5 ngày)"; once the round is locked, overdue days stop counting."""
    label = str(AgencyReportStatus.LABELS[standing])
    if standing == AgencyReportStatus.OVERDUE and locked:
        days = None
    if days and standing in (AgencyReportStatus.LATE, AgencyReportStatus.OVERDUE):
        label = _("%(label)s (%(days)s ngày)") % {"label": label, "days": days}
    return {"label": label, "css": STANDING_CLASSES[standing]}


def state_badge(submission: Submission | None) -> dict:
    if submission is None:
        return {"label": _("Chưa lập"), "css": "status-neutral"}
    return {"label": submission.get_state_display(), "css": STATE_CLASSES[submission.state]}


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def figure_lines(figures: list[dict]) -> list[dict]:
    """The figure rows as shown: target, registry figure, reported figure and the difference."""
    lines = []
    for index, row in enumerate(figures):
        computed, reported = _decimal(row.get("computed")), _decimal(row.get("reported"))
        registry_text = fmt_number(computed)
        numerator, denominator = _decimal(row.get("numerator")), _decimal(row.get("denominator"))
        if computed is not None and numerator is not None and denominator:
            if row.get("per_unit_level"):
                # The units meeting a per-unit target, out of all: "8/11 xã".
                level = str(AdminUnit.Level(row["per_unit_level"]).label).lower()
                registry_text = _("%(met)s/%(total)s %(level)s") % {
                    "met": fmt_number(numerator), "total": fmt_number(denominator), "level": level}
            elif row.get("unit") == "%":
                registry_text += f" ({fmt_number(numerator)}/{fmt_number(denominator)})"
        difference = None if reported is None or computed is None else reported - computed
        lines.append({
            "index": index,
            "task": row.get("task", ""),
            "text": row.get("text", ""),
            "unit": row.get("unit", ""),
            "unit_name": row.get("unit_name", ""),
            "target": fmt_number(_decimal(row.get("target_value"))),
            "registry": registry_text,
            "reported": format_vi_number(reported) if reported is not None else "",
            "differs": reported is not None and reported != computed,
            "difference": ("+" if difference > 0 else "") + format_vi_number(difference) if difference else "",
        })
    return lines


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _refuse_or_message(request, check) -> bool:
    """Show a refused check's reason; True when the action may go on."""
    if not check:
        messages.error(request, check.reason)
        return False
    return True


# --- scoping -------------------------------------------------------------------------------------


def visible_submissions(user):
    """Reports of the agencies whose work the user may read."""
    return Submission.objects.filter(agency__in=access.visible_agencies(user))


def get_submission_for_user(request, pk, *, write: bool = False) -> Submission:
    """The report `pk`: 404 outside the user's agencies, 403 when `write` and she does not report for it."""
    submission = (
        visible_submissions(request.user)
        .select_related("round__directive", "round__consolidator", "agency__admin_unit", "submitted_by", "accepted_by")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    if write and not services.acts_for(request.user, submission.agency):
        raise PermissionDenied
    return submission


def _own_agency_ids(user) -> set[int]:
    """The agencies the user reports for through a grant of her own (no query: from her scopes)."""
    return {s.agency_id for s in access.scopes(user) if s.agency_id and perms.REPORT_SUBMIT in s.rights}


def _get_round(pk) -> ReportingRound:
    return get_object_or_404(ReportingRound.objects.select_related("directive__issuer", "consolidator"), pk=pk)


def _require_consolidator(user, rnd: ReportingRound) -> None:
    if not services.is_consolidator(user, rnd):
        raise PermissionDenied


# --- rounds --------------------------------------------------------------------------------------


def _round_rows(user):
    rows = list(rounds_with_rates(ReportingRound.objects.select_related("directive", "consolidator")).order_by("-period_end", "-pk"))
    today = local_today()
    for rnd in rows:
        rnd.rates = rates_of(rnd)
        rnd.is_locked = rnd.is_locked_on(today)
        rnd.is_open = rnd.is_open_on(today) and not rnd.is_locked
    return rows


def _index(request, form=None, status=200):
    can_open = access.has_right(request.user, perms.REPORT_CONSOLIDATE)
    if can_open and form is None:
        plan = active_plan()
        form = OpenRoundForm(initial={"directive": plan, "year": plan.year if plan else local_today().year})
    context = {
        "rounds": _round_rows(request.user),
        "form": form if can_open else None,
        "can_submit": access.has_right(request.user, perms.REPORT_SUBMIT),
    }
    return render(request, "reports/index.html", context, status=status)


@requires(perms.PLAN_READ)
def index(request):
    """The reporting rounds with their completeness and timeliness, and the form opening a round."""
    return _index(request)


@requires(perms.REPORT_CONSOLIDATE)
@require_POST
def round_open(request):
    form = OpenRoundForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rnd, created = services.open_round(
                data["directive"], data["year"], actor=request.user, opens_on=data["opens_on"], due_on=data["due_on"],
                locks_on=data["locks_on"], title=data["title"] or None,
            )  # fmt: skip
        except PermissionError:
            raise PermissionDenied from None
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if created:
                text = _("Đã mở kỳ báo cáo “%(title)s”: %(count)s đơn vị phải báo cáo.")
            else:
                text = _("Kỳ báo cáo “%(title)s” đã có; đã cập nhật ngày và danh sách đơn vị (%(count)s đơn vị phải báo cáo).")
            messages.success(request, text % {"title": rnd.title, "count": rnd.expected_agencies.count()})
            return redirect("reports:round", pk=rnd.pk)
    return _index(request, form, status=400)


@requires(perms.PLAN_READ)
def round_detail(request, pk):
    """Completeness, timeliness and every expected agency's report, by name."""
    rnd = _get_round(pk)
    user = request.user
    overview = round_overview(rnd)
    is_consolidator = services.is_consolidator(user, rnd)
    visible = None if access.reads_every_agency(user) else set(access.visible_agencies(user).values_list("pk", flat=True))
    locked = rnd.is_locked_on(overview.today)
    # The start button is offered for the user's own agencies only (the Alliance may also write for
    # others, from the report page, but its round page should not offer to start everyone's report).
    own_agencies = _own_agency_ids(user)
    # The return button opens a reason form, so its check is asked with a placeholder reason.
    rows = []
    for row in overview.rows:
        submission = row.submission
        may_read = submission is not None and (visible is None or row.agency.pk in visible)
        own = row.agency.pk in own_agencies and services.acts_for(user, row.agency)
        rows.append({
            "agency": row.agency,
            "submission": submission,
            "standing": standing_badge(row.standing, row.late_days, locked=locked),
            "state": state_badge(submission),
            "url": reverse("reports:submission", args=[submission.pk]) if may_read else "",
            "differences": len(figures_mod.differences(submission.figures)) if may_read else 0,
            "can_start": submission is None and own,
            "can_accept": may_read and is_consolidator and bool(services.can_accept(submission, actor=user)),
            "can_return": may_read and is_consolidator and bool(services.can_return(submission, actor=user, reason="-")),
            "can_reopen": may_read and is_consolidator and bool(services.can_reopen(submission, actor=user)),
        })
    context = {
        "round": rnd,
        "overview": overview,
        "rates": overview.rates,
        "rows": rows,
        "locked": locked,
        "is_consolidator": is_consolidator,
        "can_download": access.can_read_consolidated_report(user, rnd.consolidator),
        "reminder_command": REMINDER_COMMAND.format(pk=rnd.pk),
    }
    return render(request, "reports/round_detail.html", context)


@requires(perms.REPORT_SUBMIT)
@require_POST
def submission_start(request, pk, agency_pk):
    """Open the agency's report for the round: made on first opening as a draft pre-filled from the registry."""
    rnd = _get_round(pk)
    agency = get_object_or_404(access.visible_agencies(request.user), pk=agency_pk)
    if not services.acts_for(request.user, agency):
        raise PermissionDenied
    try:
        submission = services.start_submission(rnd, agency, actor=request.user)
    except PermissionError:
        raise PermissionDenied from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:round", pk=rnd.pk)
    return redirect("reports:submission", pk=submission.pk)


@requires(perms.REPORT_SUBMIT)
def my_reports(request):
    """"Báo cáo của tôi": the reports of the user's agencies in every round that expects them."""
    agencies = [a for a in access.user_agencies(request.user) if services.acts_for(request.user, a)]
    through = ReportingRound.expected_agencies.through
    pairs = list(
        through.objects.filter(agency__in=agencies)
        .select_related("reportinground__directive", "agency")
        .order_by("-reportinground__period_end", "-reportinground_id", "agency__ordering", "agency__name")
    )
    submissions = {
        (s.round_id, s.agency_id): s
        for s in Submission.objects.filter(agency__in=agencies, round__in={p.reportinground_id for p in pairs})
    }
    today = local_today()
    items = []
    for pair in pairs:
        rnd, agency = pair.reportinground, pair.agency
        submission = submissions.get((rnd.pk, agency.pk))
        if submission is not None:
            submission.round = rnd  # already loaded: the edit check reads its dates
        standing, days = standing_of(submission, rnd.due_on, today)
        items.append({
            "round": rnd,
            "agency": agency,
            "submission": submission,
            "state": state_badge(submission),
            "standing": standing_badge(standing, days, locked=rnd.is_locked_on(today)),
            "locked": rnd.is_locked_on(today) and not (submission and submission.lock_exception),
            "editable": submission is not None and bool(services.can_edit(submission, actor=request.user)),
        })
    context = {"items": items, "agencies": agencies, "show_agency": len(agencies) > 1}
    return render(request, "reports/my_reports.html", context)


# --- the consolidated report ---------------------------------------------------------------------


def generated_texts(rnd: ReportingRound) -> tuple[dict, dict]:
    """What the report says where the consolidator writes nothing: (header defaults, section texts)."""
    with translation.override("vi"):
        directive = rnd.directive
        province_code = figures_mod.province_code(directive)
        rows = figures_mod.scorecard_rows(directive, rnd.year)
        targets = builder.target_tables(directive, rows, province_code)
        tasks, counts = builder.task_items(rnd, rnd.period_end)
        facts = defaults.Facts(
            rnd=rnd, targets=targets, tasks=tasks, counts=counts,
            reporting=builder.reporting_summary(rnd, local_today()), province_code=province_code,
        )  # fmt: skip
        header = defaults.header(Consolidation(round=rnd), facts)
        sections = {
            "section1": defaults.section1(facts),
            "section3_results": defaults.results(facts),
            "section3_limitations": defaults.limitations(facts),
            "section3_causes": defaults.causes(facts),
            "section4": defaults.next_year(facts),
            "section5": defaults.proposals(facts),
        }
    placeholders = {
        "parent_body": header["parent_body"],
        "issuer_name": header["issuer"],
        "number": header["number"].replace(defaults.NBSP, " "),
        "place": header["place"],
        "subject": header["subject"],
        "signer_authority": header["signer_authority"],
        "signer_title": header["signer_title"],
        "recipients": "\n".join(header["recipients"]),
    }
    return placeholders, {name: "\n".join(texts) for name, texts in sections.items()}


def _conflict_of(record, mine: dict, theirs: dict, labels: dict) -> dict:
    """Who last changed `record` and, for each value the user typed that differs from the stored one, both."""
    rows = []
    for name, value in mine.items():
        left, right = _as_text(value), _as_text(theirs.get(name))
        if left.strip() != right.strip():
            rows.append({"label": labels.get(name, name), "mine": left, "theirs": right, "differs": True})
    entry = history_for(record).first()
    changed_by = changed_at = None
    if entry is not None:
        changed_by = (entry.actor.get_full_name() or entry.actor.get_username()) if entry.actor else _("hệ thống")
        changed_at = timezone.localtime(entry.created_at).strftime("%H:%M %d/%m/%Y")
    return {"changed_by": changed_by, "changed_at": changed_at, "rows": rows}


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return format_vi_date(value)
    return str(value)


@requires(perms.REPORT_CONSOLIDATE)
def consolidation_edit(request, pk):
    """The consolidator's inputs: number, place, date, texts of sections I, III–V, signer and recipients."""
    rnd = _get_round(pk)
    _require_consolidator(request.user, rnd)
    consolidation = Consolidation.objects.filter(round=rnd).first() or Consolidation(round=rnd, version=0)
    conflict = None
    if request.method == "POST":
        form = ConsolidationForm(request.POST, instance=Consolidation(round=rnd))
        if form.is_valid():
            try:
                services.save_consolidation(
                    rnd, form.values(), actor=request.user,
                    expected_version=form.cleaned_data["version"] if consolidation.pk else None,
                )  # fmt: skip
            except EditConflict as stale:
                current = stale.current
                names = ConsolidationForm.Meta.fields
                conflict = _conflict_of(
                    current, {name: form.cleaned_data[name] for name in names},
                    {name: getattr(current, name) for name in names}, {name: form.fields[name].label for name in names},
                )  # fmt: skip
                data = request.POST.copy()
                data["version"] = str(current.version)
                form = ConsolidationForm(data, instance=Consolidation(round=rnd))
                form.is_valid()
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã lưu thông tin báo cáo tổng hợp."))
                return redirect("reports:consolidation", pk=rnd.pk)
    else:
        form = ConsolidationForm(instance=consolidation, initial={"version": consolidation.version})
    placeholders, generated = generated_texts(rnd)
    form.show_defaults(placeholders)
    sections = [{"field": form[name], "generated": generated.get(name, "")} for name in ConsolidationForm.text_fields]
    context = {
        "round": rnd,
        "form": form,
        "sections": sections,
        "header_fields": [form[name] for name in ("number", "place", "issued_on", "parent_body", "issuer_name", "subject")],
        "signer_fields": [form[name] for name in ("signer_authority", "signer_title", "signer_name", "recipients")],
        "conflict": conflict,
    }
    status = 409 if conflict else 400 if form.errors else 200
    return render(request, "reports/consolidation_form.html", context, status=status)


DOCUMENT_NAMES = {
    "docx": "{title}.docx",
    "pdf": "{title}.pdf",
    "xlsx": "Phụ lục số liệu - {title}.xlsx",
}
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\r\n]+')


def content_disposition(filename: str) -> str:
    """An attachment header with an ASCII fallback and the Vietnamese name (RFC 6266 / 5987)."""
    stem, dot, ext = filename.rpartition(".")
    fallback = "-".join(fold(stem).split()) + dot + ext
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@requires(perms.PLAN_READ)
def download(request, pk, fmt):
    """The consolidated report as DOCX (official format), PDF (the same) or XLSX (annex)."""
    if fmt not in FORMATS:
        raise Http404
    rnd = _get_round(pk)
    if not access.can_read_consolidated_report(request.user, rnd.consolidator):
        raise PermissionDenied
    content = render_document(builder.build_report(rnd), fmt)
    response = HttpResponse(content, content_type=content_type(fmt))
    title = _UNSAFE_IN_NAMES.sub(" ", rnd.title).strip() or _("Báo cáo tổng hợp")
    response["Content-Disposition"] = content_disposition(DOCUMENT_NAMES[fmt].format(title=title))
    return response


# --- one agency's report -------------------------------------------------------------------------


def _narratives(submission: Submission) -> list[TaskNarrative]:
    return list(submission.narratives.select_related("assignment__task"))


def _submission_page(request, submission, *, form=None, return_form=None, conflict=None, status=200):
    user = request.user
    rnd = submission.round
    narratives = _narratives(submission) if form is None else form.narratives
    edit_check = services.can_edit(submission, actor=user)
    if edit_check and form is None:
        form = SubmissionForm(submission=submission, narratives=narratives)
    if not edit_check:
        form = None
    submit_check = services.can_submit(submission, actor=user) if edit_check else None
    standing, days = standing_of(submission, rnd.due_on, local_today())
    is_consolidator = services.is_consolidator(user, rnd)
    accept_check = services.can_accept(submission, actor=user)
    return_check = services.can_return(submission, actor=user, reason="-")
    reopen_check = services.can_reopen(submission, actor=user)
    lines = figure_lines(submission.figures)
    if form is not None:
        for line in lines:
            line["field"] = form.figure_field(line["index"])
    tasks = []
    for narrative in narratives:
        tasks.append({
            "narrative": narrative,
            "task": narrative.assignment.task,
            "role": narrative.assignment.get_role_display(),
            "fields": form.narrative_fields(narrative) if form is not None else [],
            "parts": [(label, getattr(narrative, part)) for part, label in NARRATIVE_LABELS.items()],
        })
    context = {
        "submission": submission,
        "round": rnd,
        "agency": submission.agency,
        "state": state_badge(submission),
        "standing": standing_badge(standing, days, locked=rnd.is_locked_on(local_today())),
        "lines": lines,
        "differences": sum(1 for line in lines if line["differs"]),
        "tasks": tasks,
        "attachments": list(submission.attachments.select_related("uploaded_by")),
        "form": form,
        "edit_refusal": "" if edit_check else edit_check.reason,
        # The agency's own officers (not the Alliance, which may also write for an agency).
        "own": submission.agency_id in _own_agency_ids(user),
        "submit_refusal": submit_check.reason if submit_check is not None and not submit_check else "",
        "attachment_form": AttachmentForm() if edit_check else None,
        "is_consolidator": is_consolidator,
        "can_accept": bool(accept_check),
        "can_return": bool(return_check),
        "can_reopen": bool(reopen_check),
        "return_form": return_form or (ReasonForm() if return_check else None),
        "reopen_form": ReopenForm(prefix="reopen") if reopen_check else None,
        "conflict": conflict,
    }
    return render(request, "reports/submission_detail.html", context, status=status)


def _submission_conflict(form, current) -> dict:
    narratives = {n.assignment_id: n for n in _narratives(current)}
    figures = {row["key"]: row for row in current.figures}
    mine, theirs, labels = {}, {}, {}
    mine["summary"], theirs["summary"], labels["summary"] = form.cleaned_data.get("summary", ""), current.summary, _("Tình hình chung")
    for name, key in form.figure_keys.items():
        row = figures.get(key, {})
        mine[name] = form.cleaned_data.get(name) or ""
        theirs[name] = format_vi_number(row["reported"]) if row.get("reported") not in (None, "") else ""
        labels[name] = form.fields[name].label
    for narrative in form.narratives:
        stored = narratives.get(narrative.assignment_id)
        for part, label in NARRATIVE_LABELS.items():
            name = form.narrative_field(narrative, part)
            mine[name] = form.cleaned_data.get(name, "")
            theirs[name] = getattr(stored, part, "") if stored else ""
            labels[name] = _("Nhiệm vụ %(number)s — %(label)s") % {"number": narrative.assignment.task.number, "label": label}
    return _conflict_of(current, mine, theirs, labels)


@requires(perms.PLAN_READ)
def submission_detail(request, pk):
    """The agency's report; its own officers save the draft or send it (POST)."""
    if request.method != "POST":
        return _submission_page(request, get_submission_for_user(request, pk))
    submission = get_submission_for_user(request, pk, write=True)
    narratives = _narratives(submission)
    form = SubmissionForm(request.POST, submission=submission, narratives=narratives)
    if not form.is_valid():
        return _submission_page(request, submission, form=form, status=400)
    sending = "_submit" in request.POST
    try:
        with transaction.atomic():
            saved = services.save_draft(
                submission, actor=request.user, narratives=form.narratives_data(), figures=form.figures_data(),
                summary=form.cleaned_data["summary"], expected_version=form.cleaned_data["version"],
            )  # fmt: skip
            refusal = ""
            if sending:
                try:
                    with transaction.atomic():
                        services.submit(saved, actor=request.user)
                except ValidationError as exc:
                    refusal = " ".join(exc.messages)
    except EditConflict:
        current = get_submission_for_user(request, pk)
        conflict = _submission_conflict(form, current)
        data = request.POST.copy()
        data["version"] = str(current.version)
        rebound = SubmissionForm(data, submission=current, narratives=_narratives(current))
        rebound.is_valid()
        return _submission_page(request, current, form=rebound, conflict=conflict, status=409)
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _submission_page(request, submission, form=form, status=400)
    if not sending:
        messages.success(request, _("Đã lưu bản nháp báo cáo."))
    elif refusal:
        messages.warning(request, _("Đã lưu bản nháp nhưng chưa gửi được: %(reason)s") % {"reason": refusal})
    else:
        messages.success(request, _("Đã gửi báo cáo tới %(consolidator)s.") % {"consolidator": submission.round.consolidator.name})
    return redirect("reports:submission", pk=submission.pk)


@requires(perms.REPORT_CONSOLIDATE)
@require_POST
def submission_return(request, pk):
    """The consolidator sends the report back to the agency, with the reason."""
    submission = get_submission_for_user(request, pk)
    _require_consolidator(request.user, submission.round)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _submission_page(request, submission, return_form=form, status=400)
    try:
        services.return_submission(submission, reason=form.cleaned_data["reason"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã trả lại báo cáo của %(agency)s.") % {"agency": submission.agency.name})
    return redirect(_safe_next(request, reverse("reports:submission", args=[submission.pk])))


@requires(perms.REPORT_CONSOLIDATE)
@require_POST
def submission_accept(request, pk):
    submission = get_submission_for_user(request, pk)
    _require_consolidator(request.user, submission.round)
    if _refuse_or_message(request, services.can_accept(submission, actor=request.user)):
        try:
            services.accept(submission, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã tiếp nhận báo cáo của %(agency)s.") % {"agency": submission.agency.name})
    return redirect(_safe_next(request, reverse("reports:submission", args=[submission.pk])))


@requires(perms.PLAN_READ)
@require_POST
def submission_reopen(request, pk):
    """Back to draft: by the consolidator at any time, or by the agency (withdraw) until the lock date."""
    submission = get_submission_for_user(request, pk)
    user = request.user
    if not (services.is_consolidator(user, submission.round) or services.acts_for(user, submission.agency)):
        raise PermissionDenied
    form = ReopenForm(request.POST, prefix="reopen")
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if _refuse_or_message(request, services.can_reopen(submission, actor=user)):
        try:
            services.reopen(submission, actor=user, reason=reason)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Báo cáo đã trở về bản nháp; đơn vị sửa và gửi lại được."))
    return redirect(_safe_next(request, reverse("reports:submission", args=[submission.pk])))


# --- attachments ---------------------------------------------------------------------------------


@requires(perms.REPORT_SUBMIT)
@require_POST
def attachment_add(request, pk):
    submission = get_submission_for_user(request, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:submission", pk=submission.pk)
    files = form.cleaned_data["files"]
    try:
        with transaction.atomic():
            for uploaded in files:
                services.add_attachment(submission, uploaded, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if files:
            messages.success(request, _("Đã đính kèm %(count)s tệp.") % {"count": len(files)})
    return redirect("reports:submission", pk=submission.pk)


def _attachment_for_user(request, pk) -> SubmissionAttachment:
    attachment = (
        SubmissionAttachment.objects.filter(submission__in=visible_submissions(request.user), pk=pk)
        .select_related("submission__round", "submission__agency")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


@requires(perms.PLAN_READ)
def attachment_download(request, pk):
    """Files are served only through here, to those who may read the report (never from /media/)."""
    attachment = _attachment_for_user(request, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@requires(perms.REPORT_SUBMIT)
@require_POST
def attachment_delete(request, pk):
    attachment = _attachment_for_user(request, pk)
    submission = attachment.submission
    if not services.acts_for(request.user, submission.agency):
        raise PermissionDenied
    try:
        services.remove_attachment(attachment, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xoá tệp “%(name)s”.") % {"name": attachment.name})
    return redirect("reports:submission", pk=submission.pk)

