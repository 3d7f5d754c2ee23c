"""Plan resources: directives, tasks and assignments with their status as of a date, progress
updates and completions; the scorecard's rows (the same dicts `manage.py scorecard --format json` prints)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hoptac.plans.models import AssignmentRole, DeadlineKind, DocumentType, ReportingPeriod
from hoptac.plans.status import Status

from ..schema import doc
from .fields import ViDateField, choice

NULLABLE_DATE = {"type": "string", "format": "date", "nullable": True}
STATUS_CHOICES = [*Status.choices, ("returned", "Đã trả lại")]


def _text(vi, en, **kwargs):
    return serializers.CharField(help_text=doc(vi, en), read_only=True, **kwargs)


def _date(vi, en, **kwargs):
    return ViDateField(help_text=doc(vi, en), read_only=True, allow_null=True, **kwargs)


class BasisSerializer(serializers.Serializer):
    number = serializers.CharField(
        allow_null=True, read_only=True, help_text=doc("Số văn bản căn cứ", "Number of the basis document")
    )
    issued_on = serializers.CharField(
        allow_null=True, read_only=True, help_text=doc("Ngày ban hành (yyyy-mm-dd)", "Date issued")
    )
    issuer = serializers.CharField(allow_null=True, read_only=True, help_text=doc("Cơ quan ban hành", "Issuer"))


class DirectiveSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text=doc("Mã số văn bản", "Directive id"))
    issuer = serializers.CharField(
        source="issuer.code", read_only=True, help_text=doc("Mã cơ quan ban hành", "Issuer code")
    )
    issuer_name = serializers.CharField(
        source="issuer.name", read_only=True, help_text=doc("Cơ quan ban hành", "Issuer")
    )
    doc_type = choice(DocumentType.choices, "Loại văn bản", "Document type", read_only=True)
    number = _text("Số, ký hiệu", "Number")
    issued_on = _date("Ngày ban hành", "Date issued")
    subject = _text("Trích yếu", "Subject")
    year = serializers.IntegerField(read_only=True, help_text=doc("Năm kế hoạch", "Plan year"))
    is_active = serializers.BooleanField(read_only=True, help_text=doc("Đang theo dõi", "Being followed"))
    reporting_period = choice(
        ReportingPeriod.choices,
        "Kỳ đánh giá nhiệm vụ thường xuyên",
        "Period ongoing tasks are judged on",
        read_only=True,
    )
    signer_name = _text("Người ký", "Signed by")
    signer_title = _text("Chức vụ người ký", "Signer's title")
    basis = BasisSerializer(many=True, read_only=True, help_text=doc("Văn bản căn cứ", "Documents it is based on"))
    recipients = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=doc("Nơi nhận", "Recipients")
    )


class StatusFields(serializers.Serializer):
    """The status of an assignment (or a task's roll-up) at `as_of`, taken from context["results"]."""

    as_of = serializers.SerializerMethodField(help_text=doc("Ngày tính tình trạng", "Date the status refers to"))
    status = serializers.SerializerMethodField(
        help_text=doc(
            "Tình trạng: hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện trong hạn, quá hạn; returned: đã trả lại",
            "Status: done on time, done late, in progress within the deadline, overdue; returned: sent back",
        )
    )
    status_label = serializers.SerializerMethodField(help_text=doc("Tên tình trạng", "Status label"))

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, obj):
        return self.context["as_of"].isoformat()

    def status_of(self, obj):
        raise NotImplementedError

    @extend_schema_field(serializers.ChoiceField(choices=STATUS_CHOICES, allow_null=True))
    def get_status(self, obj):
        return self.status_of(obj)[0]

    @extend_schema_field(OpenApiTypes.STR)
    def get_status_label(self, obj):
        return self.status_of(obj)[1]


class TaskSerializer(StatusFields):
    id = serializers.IntegerField(read_only=True, help_text=doc("Mã số nhiệm vụ", "Task id"))
    directive = serializers.IntegerField(
        source="directive_id", read_only=True, help_text=doc("Mã số văn bản", "Directive id")
    )
    number = _text("Số thứ tự theo văn bản (1.2, 3.4 …)", "Number as written (1.2, 3.4 …)")
    parent = serializers.IntegerField(
        source="parent_id", read_only=True, allow_null=True, help_text=doc("Nhiệm vụ cha", "Parent task id")
    )
    position = serializers.IntegerField(read_only=True, help_text=doc("Thứ tự", "Order"))
    text = _text("Nội dung", "Text")
    deadline_kind = choice(DeadlineKind.choices, "Loại thời hạn", "Kind of deadline", read_only=True)
    start = _date("Bắt đầu", "Start")
    due = _date("Hạn hoàn thành", "Due date")
    recurrence = serializers.JSONField(
        read_only=True,
        allow_null=True,
        help_text=doc('Lặp lại, ví dụ {"every": "year", "month": 5}', 'Recurrence, e.g. {"every": "year", "month": 5}'),
    )
    deadline_as_written = _text("Thời hạn theo văn bản", "Deadline as written")
    lead_as_written = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=doc("Chủ trì (theo văn bản)", "Lead (as written)")
    )
    coordinate_as_written = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=doc("Phối hợp (theo văn bản)", "Coordinating (as written)"),
    )

    def status_of(self, obj):
        status = self.context["task_statuses"].get(obj.pk)
        return (str(status), str(Status(status).label)) if status else (None, "")


class AssignmentSerializer(StatusFields):
    id = serializers.IntegerField(read_only=True, help_text=doc("Mã số phân công", "Assignment id"))
    task = serializers.IntegerField(source="task_id", read_only=True, help_text=doc("Mã số nhiệm vụ", "Task id"))
    task_number = serializers.CharField(
        source="task.number", read_only=True, help_text=doc("Số nhiệm vụ", "Task number")
    )
    task_text = serializers.CharField(
        source="task.text", read_only=True, help_text=doc("Nội dung nhiệm vụ", "Task text")
    )
    directive = serializers.IntegerField(
        source="task.directive_id", read_only=True, help_text=doc("Mã số văn bản", "Directive id")
    )
    agency = serializers.CharField(
        source="agency.code", read_only=True, help_text=doc("Mã cơ quan được giao", "Agency code")
    )
    agency_name = serializers.CharField(
        source="agency.name", read_only=True, help_text=doc("Cơ quan được giao", "Agency")
    )
    role = choice(AssignmentRole.choices, "Vai trò: chủ trì / phối hợp", "Role: lead / coordinate", read_only=True)
    as_written = _text("Tên trong văn bản đã sinh ra phân công", "Name in the text that produced the assignment")
    heading = serializers.BooleanField(
        source="task_has_children",
        read_only=True,
        default=False,
        help_text=doc(
            "Nhiệm vụ là đề mục có nhiệm vụ con (không tính vào số liệu tình trạng)",
            "The task is a heading with sub-tasks (left out of the status counts)",
        ),
    )
    due = serializers.SerializerMethodField(
        help_text=doc("Hạn đang áp dụng (sau gia hạn)", "Due date in force (after extensions)")
    )
    original_due = serializers.SerializerMethodField(help_text=doc("Hạn theo văn bản", "Original due date"))
    completed_on = serializers.SerializerMethodField(help_text=doc("Ngày hoàn thành", "Date completed"))
    can_update = serializers.SerializerMethodField(
        help_text=doc("Bạn được cập nhật tiến độ phân công này", "You may record progress on this assignment")
    )

    def _result(self, obj):
        return self.context["results"][obj.pk]

    def status_of(self, obj):
        result = self._result(obj)
        if result.returned:
            return "returned", result.label
        return (str(result.status), result.label) if result.status else (None, "")

    @extend_schema_field(NULLABLE_DATE)
    def get_due(self, obj):
        day = self._result(obj).due
        return day.isoformat() if day else None

    @extend_schema_field(NULLABLE_DATE)
    def get_original_due(self, obj):
        day = self._result(obj).original_due
        return day.isoformat() if day else None

    @extend_schema_field(NULLABLE_DATE)
    def get_completed_on(self, obj):
        day = self._result(obj).completed_on
        return day.isoformat() if day else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_can_update(self, obj):
        return self.context["can_update"](obj)


class ProgressUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text=doc("Mã số", "Identifier"))
    date = _date("Ngày", "Date")
    text = _text("Nội dung", "Text")
    percent = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=doc("Tỷ lệ hoàn thành (%)", "Percent complete")
    )
    author = serializers.SerializerMethodField(help_text=doc("Người cập nhật", "Recorded by"))

    @extend_schema_field({"type": "string", "nullable": True})
    def get_author(self, obj):
        return (obj.author.get_full_name() or obj.author.get_username()) if obj.author_id else None


class CompletionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text=doc("Mã số", "Identifier"))
    completed_on = _date("Ngày hoàn thành", "Date completed")
    occurrence_due = _date("Kỳ (hạn của lần thực hiện) với nhiệm vụ định kỳ", "Occurrence due date (recurring tasks)")
    evidence = _text("Kết quả, minh chứng", "Result and evidence")


class AssignmentDetailSerializer(AssignmentSerializer):
    updates = ProgressUpdateSerializer(
        many=True, read_only=True, help_text=doc("Các lần cập nhật tiến độ", "Progress updates")
    )
    completions = CompletionSerializer(many=True, read_only=True, help_text=doc("Hoàn thành", "Completions"))


class ProgressUpdateWriteSerializer(serializers.Serializer):
    date = ViDateField(required=False, allow_null=True, default=None, help_text=doc("Ngày", "Date"))
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text=doc("Nội dung cập nhật", "What was done"),
    )
    percent = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=-(2**31),
        max_value=2**31,
        help_text=doc("Tỷ lệ hoàn thành (0–100 %)", "Percent complete (0–100)"),
    )


class CompletionWriteSerializer(serializers.Serializer):
    completed_on = ViDateField(
        required=False, allow_null=True, default=None, help_text=doc("Ngày hoàn thành", "Date completed")
    )
    evidence = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text=doc("Kết quả, minh chứng hoàn thành", "Result and evidence of completion"),
    )
    occurrence_due = ViDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=doc(
            "Với nhiệm vụ định kỳ: hạn của lần thực hiện (mặc định lần sớm nhất chưa xong)",
            "Recurring tasks: the occurrence's due date (default: the earliest not done)",
        ),
    )


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True, help_text=doc("Mã đơn vị", "Unit code"))
    name = serializers.CharField(read_only=True, help_text=doc("Tên đơn vị", "Unit name"))


def _number(vi, en):
    return serializers.FloatField(read_only=True, allow_null=True, help_text=doc(vi, en))


class ScorecardRowSerializer(serializers.Serializer):
    target = serializers.IntegerField(read_only=True, help_text=doc("Mã số chỉ tiêu", "Target id"))
    task = _text("Số nhiệm vụ", "Task number")
    target_text = _text("Chỉ tiêu theo văn bản", "Target as written")
    indicator = _text("Mã chỉ số đo", "Indicator code")
    unit = _text("Đơn vị tính", "Unit of measure")
    comparator = _text("So sánh (>=, =, <=)", "Comparator (>=, =, <=)")
    period = _text("Kỳ tính", "Period")
    base_year = serializers.IntegerField(read_only=True, allow_null=True, help_text=doc("Năm gốc", "Base year"))
    per_unit_level = serializers.CharField(
        read_only=True, allow_null=True, help_text=doc("Chỉ tiêu cho từng xã/huyện", "Per-commune/district target")
    )
    is_total = serializers.BooleanField(read_only=True, help_text=doc("Dòng toàn tỉnh", "Province total row"))
    unit_code = serializers.CharField(read_only=True, allow_null=True, help_text=doc("Mã địa bàn", "Unit code"))
    unit_name = serializers.CharField(read_only=True, allow_null=True, help_text=doc("Tên địa bàn", "Unit name"))
    target_value = _number("Kế hoạch", "Target value")
    actual = _number("Thực hiện", "Actual value")
    numerator = _number("Tử số", "Numerator")
    denominator = _number("Mẫu số", "Denominator")
    met = serializers.BooleanField(
        read_only=True, allow_null=True, help_text=doc("Đạt (null: không xác định)", "Met (null: unknown)")
    )
    percent_achieved = _number("% kế hoạch", "Percent of target")
    gap = _number("Chênh lệch so với kế hoạch", "Gap to target")
    units_not_meeting = UnitRefSerializer(
        many=True,
        read_only=True,
        allow_null=True,
        help_text=doc("Các địa bàn chưa đạt (chỉ tiêu từng xã/huyện)", "Units not meeting a per-unit target"),
    )
    note = _text("Ghi chú", "Note")


class ScorecardSerializer(serializers.Serializer):
    plan = serializers.IntegerField(read_only=True, help_text=doc("Mã số văn bản chỉ đạo", "Directive id"))
    plan_title = _text("Văn bản chỉ đạo", "Directive")
    year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=doc("Năm đánh giá (null: năm của từng chỉ tiêu)", "Year evaluated")
    )
    as_of = _date("Tính đến ngày (null: hết năm)", "Computed up to (null: the whole year)")
    unit = serializers.CharField(
        read_only=True, allow_null=True, help_text=doc("Mã địa bàn đã lọc", "Unit code filtered on")
    )
    rows = ScorecardRowSerializer(
        many=True, read_only=True, help_text=doc("Các dòng: chỉ tiêu × địa bàn", "Rows: target × unit")
    )
