"""Reporting rounds, the agencies' submissions and the consolidated report's inputs.

A round asks every agency obliged by the plan in the period for one report. A
submission moves only through the transitions in `services.py`; its state field is
never assigned elsewhere. Completeness and timeliness are computed by `queries.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoptac.plans.models import Assignment, Directive, attachment_path
from hoptac.units.models import Agency


class ReportingRoundQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)


class ReportingRound(models.Model):
    """Kỳ báo cáo: one period of one plan, with its opening, due and lock dates."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("văn bản chỉ đạo"), on_delete=models.PROTECT, related_name="reporting_rounds"
    )
    title = models.CharField(_("tên kỳ báo cáo"), max_length=200)
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    period_start = models.DateField(_("số liệu từ ngày"))
    period_end = models.DateField(_("số liệu đến ngày"))
    opens_on = models.DateField(_("ngày mở kỳ báo cáo"))
    due_on = models.DateField(_("hạn gửi báo cáo"))
    locks_on = models.DateField(
        _("ngày khóa sổ"), help_text=_("Sau ngày này đơn vị không sửa, gửi được báo cáo; chỉ Liên minh HTX tỉnh mở lại.")
    )
    consolidator = models.ForeignKey(
        Agency, verbose_name=_("đơn vị tổng hợp"), on_delete=models.PROTECT, related_name="consolidated_rounds"
    )
    expected_agencies = models.ManyToManyField(
        Agency, verbose_name=_("đơn vị phải báo cáo"), related_name="expected_in_rounds", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "period_start", "period_end"], name="unique_round_per_period"),
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")), name="round_period_ordered"),
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("due_on")) & Q(due_on__lte=models.F("locks_on")),
                name="round_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day

    def is_locked_on(self, day) -> bool:
        return day > self.locks_on


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    RESUBMITTED = "resubmitted", _("Đã gửi lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


# States in which the report is in the consolidator's hands.
RECEIVED_STATES = (SubmissionState.SUBMITTED, SubmissionState.RESUBMITTED, SubmissionState.ACCEPTED)
# States in which the agency may edit its report.
EDITABLE_STATES = (SubmissionState.DRAFT, SubmissionState.RETURNED)


class SubmissionQuerySet(models.QuerySet):
    def received(self):
        """Reported at least once (DHIS2's "actual reports"), whatever happened afterwards."""
        return self.filter(first_submitted_at__isnull=False)

    def on_time(self):
        return self.received().filter(first_submitted_on__lte=models.F("round__due_on"))


class Submission(models.Model):
    """One agency's report for one round."""

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE, related_name="submissions"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="submissions")
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT, editable=False
    )
    # [{key, target, task, text, unit, target_value, computed, reported, note}]: computed comes from the
    # registry when the draft is made or refreshed; reported is what the agency stands behind.
    figures = models.JSONField(_("số liệu"), default=list, blank=True)
    summary = models.TextField(_("tình hình chung"), blank=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True, editable=False)
    # The local calendar day of the first submission, kept so timeliness is a plain comparison in SQL.
    first_submitted_on = models.DateField(_("ngày gửi lần đầu"), null=True, blank=True, editable=False, db_index=True)
    submitted_at = models.DateTimeField(_("gửi gần nhất lúc"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("lý do trả lại"), blank=True, editable=False)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tiếp nhận"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    # Set when the consolidator reopens or returns a report after the lock date: the agency may edit again.
    lock_exception = models.BooleanField(_("được mở lại sau khóa sổ"), default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["round", "agency__ordering", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="unique_submission_per_round")]

    def __str__(self):
        return f"{self.agency} — {self.round}"

    @property
    def is_received(self) -> bool:
        return self.first_submitted_at is not None

    @property
    def was_on_time(self) -> bool | None:
        if self.first_submitted_on is None:
            return None
        return self.first_submitted_on <= self.round.due_on


class TaskNarrative(models.Model):
    """What the agency says about one of its assigned tasks."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="narratives")
    assignment = models.ForeignKey(Assignment, verbose_name=_("nhiệm vụ được giao"), on_delete=models.CASCADE, related_name="+")
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)

    class Meta:
        verbose_name = _("nội dung báo cáo nhiệm vụ")
        verbose_name_plural = _("nội dung báo cáo nhiệm vụ")
        ordering = ["assignment__task__position", "assignment__task__id"]
        constraints = [models.UniqueConstraint(fields=["submission", "assignment"], name="unique_narrative_per_assignment")]

    def __str__(self):
        return f"{self.submission} — {self.assignment.task.number}"


class SubmissionAttachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_path)
    name = models.CharField(_("tên tệp"), max_length=250)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name


class ReminderKind(models.TextChoices):
    MISSING = "missing", _("Chưa gửi báo cáo, sắp đến hạn")
    LATE = "late", _("Quá hạn chưa gửi báo cáo")


class ReminderSent(models.Model):
    """One reminder e-mailed to an agency for a round; its existence stops a second one of the same kind."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại nhắc"), max_length=20, choices=ReminderKind.choices)
    recipients = models.JSONField(_("người nhận"), default=list)
    sent_at = models.DateTimeField(_("gửi lúc"))

    class Meta:
        verbose_name = _("thư nhắc báo cáo")
        verbose_name_plural = _("thư nhắc báo cáo")
        ordering = ["round", "sent_at", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "agency", "kind"], name="unique_reminder_per_kind")]

    def __str__(self):
        return f"{self.agency} — {self.get_kind_display()}"


class Consolidation(models.Model):
    """The consolidator's inputs to the year-end report (NĐ 30/2020 components); blanks get generated text."""

    round = models.OneToOneField(ReportingRound, on_delete=models.CASCADE, related_name="consolidation")
    parent_body = models.CharField(_("cơ quan chủ quản"), max_length=200, blank=True)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 125/BC-LMHTX"))
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=400, blank=True)
    section1 = models.TextField(_("I. Tình hình triển khai thực hiện"), blank=True)
    section3_results = models.TextField(_("III.1. Kết quả đạt được"), blank=True)
    section3_limitations = models.TextField(_("III.2. Tồn tại, hạn chế"), blank=True)
    section3_causes = models.TextField(_("III.3. Nguyên nhân"), blank=True)
    section4 = models.TextField(_("IV. Phương hướng, nhiệm vụ năm tới"), blank=True)
    section5 = models.TextField(_("V. Kiến nghị, đề xuất"), blank=True)
    signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=100, blank=True, help_text=_("Ví dụ: TM. BAN THƯỜNG VỤ, KT. CHỦ TỊCH")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận"))
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thông tin báo cáo tổng hợp")
        verbose_name_plural = _("thông tin báo cáo tổng hợp")

    def __str__(self):
        return str(self.round)

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
