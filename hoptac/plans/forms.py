"""Forms of the plan pages. They only parse what the user typed (dd/mm/yyyy dates forgiven);
the rules live in `services.py`, whose errors are shown next to the fields."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.lib.dates import format_vi_date, today as local_today
from hoptac.lib.forms import ViDateField, ViIntegerField

from . import deadlines as dl
from .models import DeadlineKind

MAX_FILE_MB = 20
MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when nothing was chosen)."""

    widget = MultipleFileInput
    default_error_messages = {
        "too_big": _("Tệp “%(name)s” lớn hơn %(limit)s MB."),
        "too_many": _("Chỉ đính kèm tối đa %(limit)s tệp mỗi lần."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else [data] if data else []
        files = [super(MultipleFileField, self).clean(item, initial) for item in items if item]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many", params={"limit": MAX_FILES})
        for f in files:
            if f.size > MAX_FILE_MB * 1024 * 1024:
                raise forms.ValidationError(
                    self.error_messages["too_big"], code="too_big", params={"name": f.name, "limit": MAX_FILE_MB}
                )
        return files


def _files_field():
    return MultipleFileField(
        label=_("Tệp đính kèm"),
        help_text=_("Văn bản, biên bản, hình ảnh … tối đa %(count)s tệp, mỗi tệp không quá %(size)s MB.")
        % {"count": MAX_FILES, "size": MAX_FILE_MB},
    )


def _today_field(label):
    return ViDateField(label=label, initial=local_today, help_text=_("Ngày/tháng/năm, ví dụ 30/06/2018"))


def occurrence_choices(task, *, upto: datetime.date, done=()) -> list[tuple[str, str]]:
    """A recurring task's occurrences from its start to the cycle of `upto`, those not done yet."""
    if task.deadline_kind != DeadlineKind.RECURRING or not task.recurrence:
        return []
    last = dl.occurrence_in_cycle_of(task.recurrence, upto).end
    if task.due:
        last = min(last, task.due)
    choices = []
    for occurrence in dl.occurrences(task.recurrence, task.started_on, last):
        if occurrence.end in done:
            continue
        label = _("Lần hạn %(due)s") % {"due": format_vi_date(occurrence.end)}
        choices.append((occurrence.end.isoformat(), label))
    return choices


class OccurrenceMixin:
    """Adds the occurrence select for a recurring task; other tasks have no such field."""

    def setup_occurrences(self, choices, initial=None):
        if not choices:
            return
        self.fields["occurrence_due"] = forms.TypedChoiceField(
            label=_("Lần thực hiện"),
            choices=choices,
            coerce=datetime.date.fromisoformat,
            initial=initial.isoformat() if initial else None,
            help_text=_("Nhiệm vụ định kỳ: mỗi lần có hạn riêng."),
        )


class ProgressForm(forms.Form):
    date = _today_field(_("Ngày cập nhật"))
    text = forms.CharField(label=_("Nội dung tiến độ"), widget=forms.Textarea(attrs={"rows": 4}))
    percent = ViIntegerField(
        label=_("Tỷ lệ hoàn thành (%)"), required=False, help_text=_("Từ 0 đến 100, có thể bỏ trống")
    )
    files = _files_field()


class CompletionForm(OccurrenceMixin, forms.Form):
    completed_on = _today_field(_("Ngày hoàn thành"))
    evidence = forms.CharField(
        label=_("Kết quả, minh chứng"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ví dụ: số, ngày văn bản đã trình; sản phẩm đã hoàn thành"),
    )
    files = _files_field()

    def __init__(self, *args, occurrences=(), occurrence_initial=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_occurrences(occurrences, occurrence_initial)


class ExtensionForm(OccurrenceMixin, forms.Form):
    new_due = ViDateField(label=_("Hạn mới"))
    decided_on = _today_field(_("Ngày cho phép gia hạn"))
    approved_by = forms.CharField(
        label=_("Người cho phép"), max_length=150, help_text=_("Ví dụ: Phó Chủ tịch UBND tỉnh, văn bản số …")
    )
    reason = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, occurrences=(), occurrence_initial=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_occurrences(occurrences, occurrence_initial)


class ReturnForm(forms.Form):
    returned_on = _today_field(_("Ngày trả lại"))
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: không thuộc chức năng, nhiệm vụ của cơ quan"),
    )
