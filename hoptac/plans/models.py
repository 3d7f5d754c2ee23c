"""A directive held as data: tasks, assignments, deadlines, targets and allocations.

Status is never stored: it is derived from the deadline, completions, extensions
and a reference date (see `status.py`).
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hoptac.units.models import AdminUnit, Agency

from . import deadlines as dl


class DocumentType(models.TextChoices):
    OFFICIAL_LETTER = "công văn", _("Công văn")
    DIRECTIVE = "chỉ thị", _("Chỉ thị")
    PLAN = "kế hoạch", _("Kế hoạch")
    DECISION = "quyết định", _("Quyết định")
    NOTICE = "thông báo", _("Thông báo")


class ReportingPeriod(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")


class Directive(models.Model):
    issuer = models.ForeignKey(Agency, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="directives")
    issuer_as_written = models.CharField(_("cơ quan ban hành (theo văn bản)"), max_length=250, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=400)
    basis = models.JSONField(_("căn cứ"), default=list, blank=True, help_text=_("[{number, issued_on, issuer}]"))
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    source_text = models.TextField(_("toàn văn"), blank=True)
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"), help_text=_("Năm mà các chỉ tiêu hướng tới"))
    is_active = models.BooleanField(_("đang theo dõi"), default=True)
    reporting_period = models.CharField(
        _("kỳ đánh giá nhiệm vụ thường xuyên"),
        max_length=10,
        choices=ReportingPeriod.choices,
        default=ReportingPeriod.QUARTER,
        help_text=_("Nhiệm vụ thường xuyên được coi là quá hạn khi không có báo cáo trong kỳ vừa kết thúc"),
    )
    warnings = models.JSONField(_("lưu ý khi nhập"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-year", "-issued_on", "-id"]

    def __str__(self):
        label = self.number or self.get_doc_type_display()
        return f"{label} — {self.subject}"

    @property
    def start_date(self) -> datetime.date:
        """When the directive's tasks begin: its issue date, else 1 January of the plan year."""
        return self.issued_on or datetime.date(self.year, 1, 1)


class DeadlineKind(models.TextChoices):
    ONCE = "once", _("Một thời hạn")
    WINDOW = "window", _("Trong khoảng thời gian")
    ONGOING = "ongoing", _("Thường xuyên")
    RECURRING = "recurring", _("Định kỳ")
    UNSPECIFIED = "unspecified", _("Không nêu thời hạn")


class Task(models.Model):
    directive = models.ForeignKey(Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey("self", verbose_name=_("nhiệm vụ cha"), null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField(_("số thứ tự"), max_length=30, help_text=_("Theo cách đánh số của văn bản: 1.2, 3.4, II.2.a"))
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung"))
    deadline_kind = models.CharField(_("loại thời hạn"), max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.UNSPECIFIED)
    start = models.DateField(_("bắt đầu"), null=True, blank=True)
    due = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    recurrence = models.JSONField(_("lặp lại"), null=True, blank=True, help_text=_('{"every": "year", "month": 5}'))
    deadline_as_written = models.CharField(_("thời hạn theo văn bản"), max_length=250, blank=True)
    lead_as_written = models.JSONField(_("chủ trì (theo văn bản)"), default=list, blank=True)
    coordinate_as_written = models.JSONField(_("phối hợp (theo văn bản)"), default=list, blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["directive", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["directive", "number"], name="unique_task_number")]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"

    @property
    def deadline(self) -> dl.Deadline:
        return dl.Deadline(self.deadline_kind, self.start, self.due, self.recurrence)

    @property
    def started_on(self) -> datetime.date:
        """The first day work on the task counts: its own start, else the directive's."""
        return self.start or self.directive.start_date

    def status(self, as_of: datetime.date):
        """Roll-up of the lead assignments' statuses (children's for a heading task)."""
        from .queries import task_status

        return task_status(self, as_of)


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATE = "coordinate", _("Phối hợp")


class Assignment(models.Model):
    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("vai trò"), max_length=20, choices=AssignmentRole.choices)
    as_written = models.CharField(
        _("theo văn bản"), max_length=250, blank=True, help_text=_("Tên trong văn bản đã sinh ra phân công này, ví dụ tên nhóm")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["task", "role", "agency__ordering", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["task", "agency"], name="unique_assignment")]

    def __str__(self):
        return f"{self.task.number} — {self.agency} ({self.get_role_display()})"

    @property
    def is_lead(self) -> bool:
        return self.role == AssignmentRole.LEAD

    def status(self, as_of: datetime.date):
        """StatusResult at `as_of` (status, due in force, completion, occurrence or period)."""
        from .queries import assignment_status

        return assignment_status(self, as_of)


def attachment_path(instance, filename):
    return f"attachments/{instance.__class__.__name__.lower()}/{filename}"


class ProgressUpdate(models.Model):
    assignment = models.ForeignKey(Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("ngày"))
    text = models.TextField(_("nội dung"))
    percent = models.PositiveSmallIntegerField(
        _("tỷ lệ hoàn thành (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), null=True, on_delete=models.SET_NULL)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-date", "-id"]


class Completion(models.Model):
    """Completion of an assignment, or of one occurrence of a recurring task (`occurrence_due`)."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE, related_name="completions")
    occurrence_due = models.DateField(_("kỳ (hạn của lần thực hiện)"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"))
    evidence = models.TextField(_("kết quả, minh chứng"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), null=True, on_delete=models.SET_NULL)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hoàn thành")
        verbose_name_plural = _("hoàn thành")
        ordering = ["completed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "occurrence_due"], name="unique_completion_per_occurrence"),
            models.UniqueConstraint(
                fields=["assignment"], condition=models.Q(occurrence_due__isnull=True), name="unique_completion_once"
            ),
        ]


class Extension(models.Model):
    """Gia hạn: a new due date; the task's original due date is kept."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE, related_name="extensions")
    occurrence_due = models.DateField(_("kỳ (hạn của lần thực hiện)"), null=True, blank=True)
    new_due = models.DateField(_("hạn mới"))
    reason = models.TextField(_("lý do"))
    approved_by = models.CharField(_("người cho phép"), max_length=150)
    decided_on = models.DateField(_("ngày cho phép"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gia hạn")
        verbose_name_plural = _("gia hạn")
        ordering = ["decided_on", "id"]


class AssignmentReturn(models.Model):
    """Trả lại: the agency sends the assignment back (not its function, wrong addressee …)."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE, related_name="returns")
    returned_on = models.DateField(_("ngày trả lại"))
    reason = models.TextField(_("lý do"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trả lại")
        verbose_name_plural = _("trả lại")


class Attachment(models.Model):
    update = models.ForeignKey(ProgressUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    completion = models.ForeignKey(Completion, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_path)
    name = models.CharField(_("tên tệp"), max_length=250)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")


class Comparator(models.TextChoices):
    AT_LEAST = ">=", _("ít nhất")
    EQUAL = "=", _("bằng")
    AT_MOST = "<=", _("không quá")


class PerUnitLevel(models.TextChoices):
    COMMUNE = "commune", _("mỗi xã")
    DISTRICT = "district", _("mỗi huyện")


class Target(models.Model):
    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("chỉ tiêu theo văn bản"), max_length=400)
    indicator = models.CharField(_("chỉ số đo"), max_length=60, blank=True, help_text=_("Mã chỉ số tính từ sổ theo dõi"))
    comparator = models.CharField(_("so sánh"), max_length=2, choices=Comparator.choices, default=Comparator.AT_LEAST)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("đơn vị tính"), max_length=40)
    base_year = models.PositiveSmallIntegerField(_("năm gốc"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    per_unit_level = models.CharField(_("áp dụng cho từng"), max_length=10, choices=PerUnitLevel.choices, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["task__position", "position", "id"]

    def __str__(self):
        return self.text


class Allocation(models.Model):
    target = models.ForeignKey(Target, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="allocations")
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT)
    admin_unit = models.ForeignKey(AdminUnit, verbose_name=_("địa bàn"), null=True, blank=True, on_delete=models.PROTECT)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    as_written = models.CharField(_("theo văn bản"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phân bổ chỉ tiêu")
        verbose_name_plural = _("phân bổ chỉ tiêu")
        ordering = ["target", "id"]
