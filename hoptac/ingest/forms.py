"""Forms of the ingest pages: the upload, and the draft's document, tasks and targets for review.

They parse what the officer typed (dd/mm/yyyy dates, "1.234,5" numbers, one name per line);
whether the plan can be stored is decided by `hoptac.plans.services`, whose messages the
review page shows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from hoptac.indicators.registry import INDICATORS
from hoptac.lib.dates import DateParseError, parse_vi_date
from hoptac.lib.forms import ViDateField, ViDecimalField, ViIntegerField
from hoptac.lib.vi_format import NumberParseError, format_vi_number, parse_vi_number
from hoptac.plans import deadlines as dl
from hoptac.plans.models import Comparator, DeadlineKind, DocumentType, PerUnitLevel

from .readers import MAX_BYTES

ACCEPTED_SUFFIXES = (".docx", ".txt", ".md")
# The readers explain these themselves ("save it as .docx").
EXPLAINED_SUFFIXES = (".doc", ".pdf")
MAX_LINE = 250


def _mb(size: int) -> str:
    return format_vi_number(Decimal(size) / 1024 / 1024, 1)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp văn bản"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
        help_text=_("Tệp Word (.docx), văn bản thuần (.txt) hoặc Markdown (.md), tối đa %(size)s MB.")
        % {"size": MAX_BYTES // 1024 // 1024},
    )
    text = forms.CharField(
        label=_("Hoặc dán nội dung văn bản"),
        required=False,
        strip=False,
        max_length=MAX_BYTES,
        error_messages={"max_length": _("Văn bản quá dài (%(show_value)s ký tự); tối đa %(limit_value)s ký tự.")},
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("Dùng khi không có tệp: chép toàn bộ văn bản, kể cả phần chú thích cuối trang."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ACCEPTED_SUFFIXES + EXPLAINED_SUFFIXES:
            raise ValidationError(
                _("Tệp “%(name)s”: chỉ nhận tệp .docx, .txt hoặc .md."), code="suffix", params={"name": upload.name}
            )
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("Tệp “%(name)s” quá lớn (%(size)s MB); chỉ nhận tệp đến %(limit)s MB."),
                code="too_big",
                params={"name": upload.name, "size": _mb(upload.size), "limit": MAX_BYTES // 1024 // 1024},
            )
        if upload.size == 0:
            raise ValidationError(_("Tệp “%(name)s” trống."), code="empty", params={"name": upload.name})
        return upload

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("file"))
        has_text = bool((data.get("text") or "").strip())
        if not self.errors:
            if has_file and has_text:
                raise ValidationError(_("Chọn tệp hoặc dán nội dung, không dùng cả hai."), code="both")
            if not has_file and not has_text:
                raise ValidationError(_("Hãy chọn tệp văn bản hoặc dán nội dung văn bản."), code="none")
        return data


# --- review ----------------------------------------------------------------------------------------


class LinesField(forms.CharField):
    """One name per line; cleans to a list without blank lines."""

    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def clean(self, value):
        text = super().clean(value) or ""
        lines = [" ".join(line.split()) for line in text.splitlines()]
        lines = [line for line in lines if line]
        for number, line in enumerate(lines, 1):
            if len(line) > MAX_LINE:
                raise ValidationError(
                    _("Dòng %(line)s dài quá %(max)s ký tự."), code="too_long", params={"line": number, "max": MAX_LINE}
                )
        return lines


def format_allocations(allocations) -> str:
    return "\n".join(f"{a['unit']} = {format_vi_number(a['value'])}" for a in allocations or [])


class AllocationsField(LinesField):
    """ "Huyện Đăk Hà = 5", one unit per line; cleans to [{"unit", "value"}]."""

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return format_allocations(value)
        return value

    def clean(self, value):
        allocations, errors = [], []
        for number, line in enumerate(super().clean(value), 1):
            unit, sep, amount = line.rpartition("=")
            if not sep or not unit.strip():
                errors.append(
                    ValidationError(
                        _("Dòng %(line)s “%(text)s”: hãy viết theo dạng “Tên đơn vị = số”."),
                        code="format",
                        params={"line": number, "text": line},
                    )
                )
                continue
            try:
                parsed = parse_vi_number(amount)
            except NumberParseError as exc:
                errors.append(
                    ValidationError(
                        _("Dòng %(line)s: %(reason)s"), code="number", params={"line": number, "reason": str(exc)}
                    )
                )
                continue
            allocations.append({"unit": unit.strip(), "value": parsed})
        if errors:
            raise ValidationError(errors)
        return allocations


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _date_or_none(value) -> datetime.date | None:
    if not value:
        return None
    try:
        return parse_vi_date(value)
    except DateParseError:
        return None


class DocumentForm(forms.Form):
    type = forms.ChoiceField(label=_("Loại văn bản"), choices=[("", "—")] + DocumentType.choices)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    issued_on = ViDateField(label=_("Ngày ban hành"), required=False, help_text=_("Ngày/tháng/năm"))
    issuer = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=250, widget=forms.TextInput(attrs={"list": "agency-names"})
    )
    subject = forms.CharField(label=_("Trích yếu"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)
    recipients = LinesField(label=_("Nơi nhận"), help_text=_("Mỗi dòng một nơi nhận"), widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_from(cls, document: dict) -> dict:
        signer = document.get("signer") or {}
        return {
            "type": document.get("type") or "",
            "number": document.get("number") or "",
            "issued_on": _date_or_none(document.get("issued_on")),
            "issuer": document.get("issuer") or "",
            "subject": document.get("subject") or "",
            "signer_name": signer.get("name") or "",
            "signer_title": signer.get("title") or "",
            "recipients": document.get("recipients") or [],
        }

    def document(self, original: dict) -> dict:
        """The document part of the plan JSON: the fields as corrected, the legal basis as parsed."""
        data = self.cleaned_data
        return {
            "type": data["type"],
            "number": data["number"] or None,
            "issued_on": _iso(data["issued_on"]),
            "issuer": data["issuer"],
            "subject": data["subject"],
            "signer": {"name": data["signer_name"] or None, "title": data["signer_title"] or None},
            "basis": original.get("basis") or [],
            "recipients": data["recipients"],
        }


def _small_int():
    # Years and months read as written ("2019", not the grouped "2.019" of other numbers).
    return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 5})


EVERY_CHOICES = [("", "—"), ("year", _("hằng năm")), ("quarter", _("hằng quý")), ("month", _("hằng tháng"))]


class RemovableForm(forms.Form):
    """A draft item the officer can drop ("not a task"); a dropped item's fields are not checked."""

    remove = forms.BooleanField(required=False)

    @property
    def removed(self) -> bool:
        if not self.is_bound:
            return False
        return bool(self["remove"].value())

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.removed:
            self._errors = ErrorDict()
            self.cleaned_data = {"remove": True}


class TaskForm(RemovableForm):
    number = forms.CharField(label=_("Số thứ tự"), max_length=30, widget=forms.TextInput(attrs={"size": 6}))
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))
    lead = LinesField(label=_("Chủ trì"), help_text=_("Mỗi dòng một cơ quan"))
    coordinate = LinesField(label=_("Phối hợp"), help_text=_("Mỗi dòng một cơ quan"))
    deadline_kind = forms.ChoiceField(label=_("Loại thời hạn"), choices=DeadlineKind.choices)
    start = ViDateField(label=_("Bắt đầu"), required=False)
    due = ViDateField(label=_("Hạn hoàn thành"), required=False)
    every = forms.ChoiceField(label=_("Định kỳ"), choices=EVERY_CHOICES, required=False)
    month = ViIntegerField(
        label=_("Tháng"),
        required=False,
        min_value=1,
        widget=_small_int(),
        help_text=_("Hằng năm: tháng 1–12; hằng quý: tháng thứ 1–3 của quý"),
    )
    day = ViIntegerField(label=_("Ngày"), required=False, min_value=1, widget=_small_int())

    def __init__(self, *args, as_written: str | None = None, **kwargs):
        self.remove_label = _("Bỏ mục này (không phải nhiệm vụ)")
        super().__init__(*args, **kwargs)
        self.fields["remove"].label = self.remove_label
        self.as_written = as_written

    @classmethod
    def initial_from(cls, task: dict) -> dict:
        deadline = task.get("deadline") or {}
        recurrence = deadline.get("recurrence") or {}
        return {
            "number": task.get("number") or "",
            "text": task.get("text") or "",
            "lead": task.get("lead") or [],
            "coordinate": task.get("coordinate") or [],
            "deadline_kind": deadline.get("kind") or DeadlineKind.UNSPECIFIED,
            "start": _date_or_none(deadline.get("start")),
            "due": _date_or_none(deadline.get("due")),
            "every": recurrence.get("every") or "",
            "month": recurrence.get("month"),
            "day": recurrence.get("day"),
        }

    def clean(self):
        data = super().clean()
        kind = data.get("deadline_kind")
        if kind is None or "start" not in data or "due" not in data:
            return data
        start, due = data["start"], data["due"]
        # Dates a kind does not use are dropped rather than refused: switching "một thời hạn"
        # to "thường xuyên" should not make the officer clear the date first.
        if kind == DeadlineKind.UNSPECIFIED:
            start = due = None
        elif kind == DeadlineKind.ONGOING:
            due = None
        recurrence = None
        if kind == DeadlineKind.ONCE and due is None:
            self.add_error("due", _("Thời hạn một lần phải có hạn hoàn thành."))
        elif kind == DeadlineKind.WINDOW:
            if start is None:
                self.add_error("start", _("Thời hạn trong khoảng phải có ngày bắt đầu."))
            if due is None:
                self.add_error("due", _("Thời hạn trong khoảng phải có hạn hoàn thành."))
        elif kind == DeadlineKind.RECURRING:
            every = data.get("every")
            if not every:
                self.add_error("every", _("Chọn định kỳ hằng năm, hằng quý hay hằng tháng."))
            else:
                recurrence = {"every": every}
                if every != "month" and data.get("month") is not None:
                    recurrence["month"] = data["month"]
                if data.get("day") is not None:
                    recurrence["day"] = data["day"]
        if self.errors:
            return data
        try:
            deadline = dl.normalise(kind, start, due, recurrence)
        except dl.DeadlineError as exc:
            field = "due" if start and due and start > due else "month" if kind == DeadlineKind.RECURRING else "deadline_kind"
            self.add_error(field, str(exc))
            return data
        data["deadline"] = {
            "kind": deadline.kind,
            "start": _iso(deadline.start),
            "due": _iso(deadline.due),
            "recurrence": deadline.recurrence,
            "as_written": self.as_written,
        }
        return data


def indicator_choices(current: str | None) -> list[tuple[str, str]]:
    choices = [("", _("— không có chỉ số đo —"))]
    choices += [(code, f"{indicator.name} ({code})") for code, indicator in INDICATORS.items()]
    if current and current not in INDICATORS:
        choices.append((current, current))
    return choices


class TargetForm(RemovableForm):
    text = forms.CharField(label=_("Chỉ tiêu theo văn bản"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.ChoiceField(label=_("Chỉ số đo"), required=False)
    comparator = forms.ChoiceField(label=_("So sánh"), choices=Comparator.choices)
    value = ViDecimalField(label=_("Giá trị"), max_digits=14, decimal_places=4)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=40, widget=forms.TextInput(attrs={"size": 10}))
    base_year = ViIntegerField(label=_("Năm gốc"), required=False, min_value=1900, widget=_small_int())
    year = ViIntegerField(label=_("Năm"), required=False, min_value=1900, widget=_small_int())
    per_unit_level = forms.ChoiceField(
        label=_("Áp dụng cho"), choices=[("", _("toàn bộ (không chia theo đơn vị)"))] + PerUnitLevel.choices, required=False
    )
    allocations = AllocationsField(
        label=_("Phân bổ"),
        help_text=_("Mỗi dòng: Tên đơn vị = số, ví dụ “Huyện Đăk Hà = 5”"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].label = _("Bỏ chỉ tiêu này")
        current = self.initial.get("indicator")
        if self.is_bound:
            current = self.data.get(self.add_prefix("indicator")) or current
        self.fields["indicator"].choices = indicator_choices(current)

    @classmethod
    def initial_from(cls, target: dict) -> dict:
        return {
            "text": target.get("text") or "",
            "indicator": target.get("indicator") or "",
            "comparator": target.get("comparator") or Comparator.AT_LEAST,
            "value": target.get("value"),
            "unit": target.get("unit") or "",
            "base_year": target.get("base_year"),
            "year": target.get("year"),
            "per_unit_level": target.get("per_unit_level") or "",
            "allocations": target.get("allocations") or [],
        }

    def clean_year(self):
        return self._check_year("year")

    def clean_base_year(self):
        return self._check_year("base_year")

    def _check_year(self, name):
        year = self.cleaned_data.get(name)
        if year is not None and year > 2200:
            raise ValidationError(_("Năm %(value)s không hợp lệ."), code="year", params={"value": year})
        return year

    def target(self) -> dict:
        data = self.cleaned_data
        return {
            "text": " ".join(data["text"].split()),
            "indicator": data["indicator"] or None,
            "comparator": data["comparator"],
            "value": json_number(data["value"]),
            "unit": data["unit"],
            "base_year": data["base_year"],
            "year": data["year"],
            "per_unit_level": data["per_unit_level"] or None,
            "allocations": [{"unit": a["unit"], "value": json_number(a["value"])} for a in data["allocations"]],
        }


def json_number(value):
    """35, not 35.0 nor "35.0000"; 12.5 stays a decimal."""
    if value is None:
        return None
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)
