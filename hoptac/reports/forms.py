"""Forms of the report pages. They only parse what the user typed (dd/mm/yyyy dates, "1.234,5"
numbers); the rules live in `services.py`, whose messages are shown next to the fields."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.lib.forms import ViDateField
from hoptac.lib.vi_format import NumberParseError, format_vi_number, parse_vi_number
from hoptac.plans.forms import MultipleFileField
from hoptac.plans.models import Directive

from .models import Consolidation

NARRATIVE_LABELS = {
    "result": _("Kết quả thực hiện"),
    "difficulties": _("Khó khăn, vướng mắc"),
    "proposals": _("Đề xuất, kiến nghị"),
}


def _textarea(rows=3, **attrs):
    return forms.Textarea(attrs={"rows": rows, **attrs})


class OpenRoundForm(forms.Form):
    directive = forms.ModelChoiceField(
        label=_("Văn bản chỉ đạo"), queryset=Directive.objects.none(), empty_label=None,
    )
    year = forms.IntegerField(label=_("Năm báo cáo"), min_value=1990, max_value=2100)
    opens_on = ViDateField(label=_("Ngày mở kỳ báo cáo"), required=False,
                           help_text=_("Để trống: ngày 01 của tháng cuối kỳ số liệu"))
    due_on = ViDateField(label=_("Hạn gửi báo cáo"), required=False, help_text=_("Để trống: ngày cuối kỳ số liệu"))
    locks_on = ViDateField(label=_("Ngày khóa sổ"), required=False, help_text=_("Để trống: 15 ngày sau hạn gửi"))
    title = forms.CharField(label=_("Tên kỳ báo cáo"), max_length=200, required=False,
                            help_text=_("Để trống: “Báo cáo kết quả thực hiện năm …”"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directive"].queryset = Directive.objects.filter(is_active=True).select_related("issuer")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=_textarea(3), max_length=2000,
        help_text=_("Đơn vị sẽ thấy lý do này trên báo cáo của mình."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=_textarea(2), max_length=2000, required=False)


class AttachmentForm(forms.Form):
    files = MultipleFileField(label=_("Tệp đính kèm"), help_text=_("Văn bản, biểu số liệu, hình ảnh … mỗi tệp không quá 20 MB."))


def _parse_number(value: str) -> None:
    try:
        parse_vi_number(value)
    except NumberParseError as exc:
        raise forms.ValidationError(str(exc), code="invalid") from None


class SubmissionForm(forms.Form):
    """The agency's report: overall summary, one reported value per figure (blank: the registry's
    figure stands) and, per assigned task, result, difficulties and proposals."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("Tình hình chung"), required=False, widget=_textarea(4),
        help_text=_("Đánh giá chung của đơn vị về kết quả thực hiện trong năm."),
    )

    def __init__(self, *args, submission, narratives, **kwargs):
        kwargs.setdefault("initial", self.initial_of(submission, narratives))
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.narratives = list(narratives)
        self.figure_keys: dict[str, str] = {}
        for index, row in enumerate(submission.figures):
            name = f"figure_{index}"
            self.figure_keys[name] = row["key"]
            self.fields[name] = forms.CharField(
                label=_("Số đơn vị báo cáo — %(text)s") % {"text": row.get("text", "")}, required=False, max_length=30,
                validators=[_parse_number], widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
            )
        for narrative in self.narratives:
            for part, label in NARRATIVE_LABELS.items():
                self.fields[self.narrative_field(narrative, part)] = forms.CharField(
                    label=label, required=False, max_length=20000, widget=_textarea(4 if part == "result" else 2),
                )

    @staticmethod
    def narrative_field(narrative, part: str) -> str:
        return f"task_{narrative.assignment_id}_{part}"

    @classmethod
    def initial_of(cls, submission, narratives) -> dict:
        initial = {"version": submission.version, "summary": submission.summary}
        for index, row in enumerate(submission.figures):
            initial[f"figure_{index}"] = _display_number(row.get("reported"))
        for narrative in narratives:
            for part in NARRATIVE_LABELS:
                initial[cls.narrative_field(narrative, part)] = getattr(narrative, part)
        return initial

    def figures_data(self) -> dict:
        return {key: (self.cleaned_data.get(name) or "").strip() or None for name, key in self.figure_keys.items()}

    def narratives_data(self) -> dict:
        return {
            n.assignment_id: {part: self.cleaned_data.get(self.narrative_field(n, part), "") for part in NARRATIVE_LABELS}
            for n in self.narratives
        }

    def figure_field(self, index: int):
        return self[f"figure_{index}"]

    def narrative_fields(self, narrative) -> list:
        return [self[self.narrative_field(narrative, part)] for part in NARRATIVE_LABELS]


def _display_number(value) -> str:
    """A stored figure ("5", "12.5") as the user writes it ("5", "12,5")."""
    if value in (None, ""):
        return ""
    return format_vi_number(Decimal(str(value)))


class ConsolidationForm(forms.ModelForm):
    """The consolidator's header, sections and signer; a blank field takes the generated text."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    issued_on = ViDateField(label=_("Ngày ban hành"), required=False)

    text_fields = ("section1", "section3_results", "section3_limitations", "section3_causes", "section4", "section5")

    class Meta:
        model = Consolidation
        fields = [
            "number", "place", "issued_on", "parent_body", "issuer_name", "subject", "section1",
            "section3_results", "section3_limitations", "section3_causes", "section4", "section5",
            "signer_authority", "signer_title", "signer_name", "recipients",
        ]
        widgets = {
            "subject": forms.TextInput(),
            "section1": _textarea(6),
            "section3_results": _textarea(6),
            "section3_limitations": _textarea(5),
            "section3_causes": _textarea(4),
            "section4": _textarea(5),
            "section5": _textarea(4),
            "recipients": _textarea(5),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.text_fields:
            self.fields[name].help_text = _("Để trống để dùng nội dung tự tạo từ số liệu và báo cáo của các đơn vị (xem bên dưới ô).")

    def show_defaults(self, placeholders: dict) -> None:
        """Show in each blank header field what the report will print there."""
        for name, text in placeholders.items():
            if name in self.fields and text:
                self.fields[name].widget.attrs["placeholder"] = text

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
