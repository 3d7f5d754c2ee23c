"""Ingest pages: upload a directive, review the draft beside its text, correct it, store the plan.

upload  GET/POST /ingest/         the file (or pasted text) is read and parsed; the review page follows
review  POST     /ingest/review/  "Kiểm tra lại" re-validates the corrections; "Lưu kế hoạch" stores the plan
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.plans.models import Assignment
from hoptac.plans.plan_json import PlanError
from hoptac.plans.services import create_plan_from_json
from hoptac.units.models import Agency

from .errors import ParseError
from .forms import DocumentForm, TargetForm, TaskForm, UploadForm
from .parser import parse_bytes, parse_text
from .resolve import db_lexicon
from .review import (
    DraftUnavailable,
    Review,
    highlight,
    messages_for_task,
    messages_naming,
    name_warnings,
    repeats,
    seal,
    storing_problems,
    unseal,
)

logger = logging.getLogger(__name__)

CHECK, CONFIRM = "check", "confirm"


@dataclass
class TaskEntry:
    """One task of the draft on the review page: its form, its targets' forms, what was parsed."""

    index: int
    form: TaskForm
    targets: list[tuple[int, TargetForm]]
    original: dict
    notes: list[str] = field(default_factory=list)
    lead_flags: list[str] = field(default_factory=list)
    coordinate_flags: list[str] = field(default_factory=list)

    @property
    def removed(self) -> bool:
        return self.form.removed

    @property
    def has_source(self) -> bool:
        return bool(self.original.get("source"))

    @property
    def deadline_as_written(self) -> str:
        return (self.original.get("deadline") or {}).get("as_written") or ""

    @property
    def has_deadline_source(self) -> bool:
        return bool((self.original.get("deadline") or {}).get("source"))

    def forms(self):
        yield self.form
        for _j, target in self.targets:
            yield target

    def is_valid(self) -> bool:
        if not self.form.is_valid():
            return False
        return self.removed or all(target.is_valid() for _j, target in self.targets)

    def task(self) -> dict:
        data = self.form.cleaned_data
        return {
            "number": data["number"].strip(),
            "text": data["text"].strip(),
            "lead": data["lead"],
            "coordinate": data["coordinate"],
            "deadline": data["deadline"],
            "targets": [target.target() for _j, target in self.targets if not target.removed],
            "source": self.original.get("source"),
        }


@dataclass
class ReviewForms:
    review: Review
    document: DocumentForm
    entries: list[TaskEntry]

    @classmethod
    def build(cls, review: Review, data=None) -> ReviewForms:
        document = review.plan.get("document") or {}
        doc_form = DocumentForm(data, prefix="doc", initial=DocumentForm.initial_from(document))
        entries = []
        for i, task in enumerate(review.tasks):
            as_written = (task.get("deadline") or {}).get("as_written")
            form = TaskForm(data, prefix=f"task-{i}", initial=TaskForm.initial_from(task), as_written=as_written)
            targets = [
                (j, TargetForm(data, prefix=f"task-{i}-target-{j}", initial=TargetForm.initial_from(target)))
                for j, target in enumerate(task.get("targets") or [])
            ]
            entries.append(TaskEntry(index=i, form=form, targets=targets, original=task))
        return cls(review=review, document=doc_form, entries=entries)

    @classmethod
    def first_look(cls, review: Review) -> ReviewForms:
        """The forms bound to the draft as parsed, so the first page already shows what needs fixing."""
        return cls.build(review, cls.build(review).as_data())

    def all_forms(self):
        yield self.document
        for entry in self.entries:
            yield from entry.forms()

    def as_data(self) -> dict:
        """What the unbound forms would post back untouched."""
        data = {}
        for form in self.all_forms():
            for bound in form:
                value = bound.field.widget.format_value(bound.field.prepare_value(bound.initial))
                if isinstance(value, list):  # a select: its one chosen value
                    value = value[0] if value else ""
                if value is None or value is False:
                    continue
                data[bound.html_name] = value
        return data

    def field_count(self) -> int:
        return 3 + sum(len(form.fields) for form in self.all_forms())

    def is_valid(self) -> bool:
        results = [self.document.is_valid()] + [entry.is_valid() for entry in self.entries]
        return all(results)

    def kept(self) -> list[TaskEntry]:
        return [entry for entry in self.entries if not entry.removed]

    def plan(self, warnings: list[str]) -> dict:
        """The plan JSON of the corrected draft (forms valid)."""
        return {
            "format": self.review.plan.get("format"),
            "document": self.document.document(self.review.plan.get("document") or {}),
            "tasks": [entry.task() for entry in self.kept()],
            "warnings": warnings,
        }


def _read(form: UploadForm, user) -> Review:
    """The uploaded file or pasted text, parsed; ParseError says why it cannot be."""
    try:
        lexicon = db_lexicon()
    except DatabaseError:
        lexicon = None
    upload = form.cleaned_data.get("file")
    if upload:
        draft = parse_bytes(upload.read(), upload.name, lexicon=lexicon)
        filename = upload.name
    else:
        draft = parse_text(form.cleaned_data["text"], lexicon=lexicon)
        filename = ""
    return Review(source_text=draft.source_text, filename=filename, plan=draft.to_json(spans=True), user_id=user.pk)


def _too_many_fields(forms: ReviewForms) -> bool:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return limit is not None and forms.field_count() > limit


@requires(perms.PLAN_WRITE)
def upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_bound and form.is_valid():
        target = "file" if form.cleaned_data.get("file") else "text"
        try:
            review = _read(form, request.user)
        except ParseError as exc:
            form.add_error(target, str(exc))
        except Exception:  # the parser promises ParseError; an upload still never ends in a server error
            logger.exception("Unexpected error while reading an uploaded directive")
            form.add_error(target, _("Không đọc được văn bản này; hãy lưu lại thành tệp .docx hoặc .txt rồi thử lại."))
        else:
            forms = ReviewForms.build(review)
            if not _too_many_fields(forms):
                forms = ReviewForms.first_look(review)
            if _too_many_fields(forms):
                form.add_error(
                    None,
                    _("Văn bản có %(count)s nhiệm vụ, quá nhiều để rà soát trên một trang; hãy chia văn bản thành nhiều phần.")
                    % {"count": len(forms.entries)},
                )
            else:
                return _render_review(request, forms)
    return render(request, "ingest/upload.html", {"form": form})


def directive_url(directive) -> str:
    try:
        return reverse("plans:directive", args=[directive.pk])
    except NoReverseMatch:
        return reverse("admin:plans_directive_change", args=[directive.pk])


@requires(perms.PLAN_WRITE)
def review(request):
    if request.method != "POST":
        return redirect("ingest:upload")
    try:
        draft = unseal(request.POST.get("draft", ""), request.user)
    except DraftUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("ingest:upload")
    forms = ReviewForms.build(draft, request.POST)
    if not forms.is_valid() or request.POST.get("action") != CONFIRM:
        return _render_review(request, forms, checked=True)
    plan = forms.plan(draft.parser_warnings + name_warnings(forms.plan([])))
    try:
        directive = create_plan_from_json(plan, actor=request.user, source_text=draft.source_text)
    except PlanError as exc:
        return _render_review(request, forms, problems=exc.errors, failed=True)
    except ValidationError as exc:
        return _render_review(request, forms, problems=exc.messages, failed=True)
    assignments = Assignment.objects.filter(task__directive=directive).count()
    messages.success(
        request,
        _("Đã lưu văn bản %(label)s: %(tasks)s nhiệm vụ, %(assignments)s phân công.")
        % {"label": directive, "tasks": directive.tasks.count(), "assignments": assignments},
    )
    return redirect(directive_url(directive))


def _render_review(request, forms: ReviewForms, *, problems: list[str] | None = None, checked=False, failed=False):
    valid = forms.is_valid()
    names: list[str] = []
    if valid:
        plan = forms.plan([])
        if problems is None:
            problems = storing_problems(plan)
        # A name that blocks storing is said once, by the problem, not again as a warning.
        names = [w for w in name_warnings(plan) if not repeats(w, problems)]
        for entry, task in zip(forms.kept(), plan["tasks"]):
            notes = messages_for_task(task["number"], problems + names)
            entry.lead_flags = [m for name in task["lead"] for m in messages_naming(name, notes)]
            entry.coordinate_flags = [m for name in task["coordinate"] for m in messages_naming(name, notes)]
            flagged = set(entry.lead_flags) | set(entry.coordinate_flags)
            entry.notes = [m for m in notes if m not in flagged]
    removed = {entry.index for entry in forms.entries if entry.removed}
    context = {
        "forms": forms,
        "document_form": forms.document,
        "entries": forms.entries,
        "token": seal(forms.review),
        "filename": forms.review.filename,
        "source_html": highlight(forms.review.source_text, forms.review.tasks, removed),
        "parser_warnings": forms.review.parser_warnings,
        "basis": (forms.review.plan.get("document") or {}).get("basis") or [],
        "name_warnings": names,
        "warning_count": len(forms.review.parser_warnings) + len(names),
        "problems": problems or [],
        "valid": valid,
        "checked": checked,
        "failed": failed,
        "kept_count": len(forms.kept()),
        "agency_names": Agency.objects.order_by("ordering", "name").values_list("name", flat=True),
    }
    return render(request, "ingest/review.html", context)
