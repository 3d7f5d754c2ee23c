"""Reporting rounds and the agencies' submissions."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hoptac.reports.models import SubmissionState

from ..schema import doc
from .fields import ViDateField, choice


def _date(vi, en, **kwargs):
    return ViDateField(read_only=True, help_text=doc(vi, en), **kwargs)


def _count(vi, en):
    return serializers.IntegerField(read_only=True, help_text=doc(vi, en))


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text=doc("Mã số kỳ báo cáo", "Round id"))
    directive = serializers.IntegerField(
        source="directive_id", read_only=True, help_text=doc("Mã số văn bản chỉ đạo", "Directive id")
    )
    title = serializers.CharField(read_only=True, help_text=doc("Tên kỳ báo cáo", "Title"))
    year = serializers.IntegerField(read_only=True, help_text=doc("Năm báo cáo", "Year reported on"))
    period_start = _date("Số liệu từ ngày", "Period start")
    period_end = _date("Số liệu đến ngày", "Period end")
    opens_on = _date("Ngày mở kỳ báo cáo", "Opens on")
    due_on = _date("Hạn gửi báo cáo", "Due on")
    locks_on = _date("Ngày khóa sổ", "Locked after")
    consolidator = serializers.CharField(
        source="consolidator.code", read_only=True, help_text=doc("Mã đơn vị tổng hợp", "Consolidating agency code")
    )
    expected = _count("Số đơn vị phải báo cáo", "Agencies expected to report")
    received = _count("Số báo cáo đã nhận", "Reports received")
    on_time = _count("Số báo cáo đúng hạn", "Reports received on time")


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField(
        read_only=True, help_text=doc("Khóa dòng số liệu (chỉ tiêu:địa bàn)", "Row key (target:unit)")
    )
    target = serializers.IntegerField(read_only=True, help_text=doc("Mã số chỉ tiêu", "Target id"))
    task = serializers.CharField(read_only=True, help_text=doc("Số nhiệm vụ", "Task number"))
    text = serializers.CharField(read_only=True, help_text=doc("Nội dung nhiệm vụ", "Task text"))
    indicator = serializers.CharField(read_only=True, allow_null=True, help_text=doc("Mã chỉ số đo", "Indicator code"))
    unit = serializers.CharField(read_only=True, allow_null=True, help_text=doc("Đơn vị tính", "Unit of measure"))
    unit_name = serializers.CharField(read_only=True, allow_null=True, help_text=doc("Địa bàn", "Unit"))
    target_value = serializers.CharField(read_only=True, allow_null=True, help_text=doc("Kế hoạch", "Target value"))
    computed = serializers.CharField(
        read_only=True, allow_null=True, help_text=doc("Số liệu tính từ sổ theo dõi", "Computed from the registry")
    )
    numerator = serializers.CharField(read_only=True, allow_null=True, help_text=doc("Tử số", "Numerator"))
    denominator = serializers.CharField(read_only=True, allow_null=True, help_text=doc("Mẫu số", "Denominator"))
    percent = serializers.CharField(read_only=True, allow_null=True, help_text=doc("% kế hoạch", "Percent of target"))
    met = serializers.BooleanField(read_only=True, allow_null=True, help_text=doc("Đạt", "Met"))
    per_unit_level = serializers.CharField(
        read_only=True, allow_null=True, help_text=doc("Chỉ tiêu cho từng xã/huyện", "Per-unit level")
    )
    reported = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=doc(
            "Số liệu đơn vị báo cáo (null: lấy số tính được)", "Reported value (null: the computed one stands)"
        ),
    )


class NarrativeSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(
        source="assignment_id", read_only=True, help_text=doc("Mã số phân công", "Assignment id")
    )
    task = serializers.CharField(
        source="assignment.task.number", read_only=True, help_text=doc("Số nhiệm vụ", "Task number")
    )
    role = serializers.CharField(
        source="assignment.role", read_only=True, help_text=doc("Vai trò (lead/coordinate)", "Role")
    )
    result = serializers.CharField(read_only=True, help_text=doc("Kết quả thực hiện", "Results"))
    difficulties = serializers.CharField(read_only=True, help_text=doc("Khó khăn, vướng mắc", "Difficulties"))
    proposals = serializers.CharField(read_only=True, help_text=doc("Đề xuất, kiến nghị", "Proposals"))


class SubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text=doc("Mã số báo cáo", "Submission id"))
    round = serializers.IntegerField(source="round_id", read_only=True, help_text=doc("Mã số kỳ báo cáo", "Round id"))
    agency = serializers.CharField(
        source="agency.code", read_only=True, help_text=doc("Mã đơn vị báo cáo", "Reporting agency code")
    )
    agency_name = serializers.CharField(
        source="agency.name", read_only=True, help_text=doc("Đơn vị báo cáo", "Reporting agency")
    )
    state = choice(SubmissionState.choices, "Trạng thái", "State", read_only=True)
    state_label = serializers.CharField(
        source="get_state_display", read_only=True, help_text=doc("Tên trạng thái", "State label")
    )
    first_submitted_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=doc("Gửi lần đầu lúc", "First submitted at")
    )
    submitted_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=doc("Gửi gần nhất lúc", "Last submitted at")
    )
    on_time = serializers.SerializerMethodField(
        help_text=doc("Gửi đúng hạn (null: chưa gửi)", "Submitted on time (null: not yet)")
    )
    return_reason = serializers.CharField(read_only=True, help_text=doc("Lý do trả lại", "Reason for return"))
    version = serializers.IntegerField(
        read_only=True, help_text=doc("Phiên bản; gửi lại khi sửa", "Version; send it back when editing")
    )

    @extend_schema_field({"type": "boolean", "nullable": True})
    def get_on_time(self, obj):
        return obj.was_on_time


class SubmissionDetailSerializer(SubmissionSerializer):
    summary = serializers.CharField(read_only=True, help_text=doc("Tình hình chung", "General situation"))
    figures = FigureSerializer(many=True, read_only=True, help_text=doc("Số liệu chỉ tiêu", "Target figures"))
    narratives = NarrativeSerializer(
        many=True, read_only=True, help_text=doc("Nội dung theo từng nhiệm vụ", "Narrative per task")
    )


class StartSubmissionSerializer(serializers.Serializer):
    round = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text=doc("Mã số kỳ báo cáo", "Round id"))
    agency = serializers.CharField(max_length=50, help_text=doc("Mã đơn vị báo cáo", "Reporting agency code"))


class NarrativeWriteSerializer(serializers.Serializer):
    result = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, help_text=doc("Kết quả thực hiện", "Results")
    )
    difficulties = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, help_text=doc("Khó khăn, vướng mắc", "Difficulties")
    )
    proposals = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, help_text=doc("Đề xuất, kiến nghị", "Proposals")
    )


class SubmissionDraftSerializer(serializers.Serializer):
    summary = serializers.CharField(
        required=False, allow_blank=True, max_length=50000, help_text=doc("Tình hình chung", "General situation")
    )
    figures = serializers.DictField(
        child=serializers.CharField(allow_null=True, allow_blank=True, max_length=50),
        required=False,
        help_text=doc(
            "Số liệu báo cáo theo khóa dòng (“12:615” → “5”; rỗng: lấy số tính được)",
            "Reported values by row key (“12:615” → “5”; empty: the computed one stands)",
        ),
    )
    narratives = serializers.DictField(
        child=NarrativeWriteSerializer(),
        required=False,
        help_text=doc("Nội dung theo mã số phân công", "Narrative by assignment id"),
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text=doc("Phiên bản bạn đã đọc; đã đổi thì trả lời 409", "The version you read; a stale one answers 409"),
    )


class SubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text=doc("Phiên bản bạn đã đọc; đã đổi thì trả lời 409", "The version you read; a stale one answers 409"),
    )
