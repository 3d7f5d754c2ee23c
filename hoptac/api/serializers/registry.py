"""Registry resources: cooperatives (with lifecycle events and yearly figures), groups, Alliance members.

Read serializers show the stored facts and the state on the reference date (context "day").
Write serializers only parse types; the rules and their messages are the services'.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hoptac.accounts import access
from hoptac.registry.forms import MemberKind
from hoptac.registry.models import (
    EventKind,
    FundingSource,
    Grade,
    GradingRegime,
    GroupField,
    Sector,
    State,
)
from hoptac.units.models import Agency

from ..schema import doc
from .fields import UnitCodeField, ViDateField, choice

STATES = dict(State.choices)
COUNT_MAX = 2_147_483_647  # PositiveIntegerField
ID_MAX = 2**63 - 1
GRADES = dict(Grade.choices)


def _text(vi, en, **kwargs):
    return serializers.CharField(help_text=doc(vi, en), **kwargs)


def _amount(max_digits, vi, en, *, read_only=False):
    """An amount in million VND with one decimal, empty allowed."""
    extra = {"read_only": True} if read_only else {"required": False}
    return serializers.DecimalField(
        max_digits, 1, allow_null=True, coerce_to_string=False, help_text=doc(vi, en), **extra
    )


def _id(vi="Mã số", en="Identifier"):
    return serializers.IntegerField(read_only=True, help_text=doc(vi, en))


def _version():
    return serializers.IntegerField(
        read_only=True,
        help_text=doc("Phiên bản; gửi lại khi sửa để tránh ghi đè", "Version; send it back when editing"),
    )


def _expected_version():
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=ID_MAX,
        help_text=doc(
            "Phiên bản bạn đã đọc; nếu bản ghi đã đổi, trả lời 409 và không ghi gì",
            "The version you read; if the record has changed the answer is 409 and nothing is written",
        ),
    )


class CommuneFields(serializers.Serializer):
    commune = serializers.CharField(source="commune.code", read_only=True, help_text=doc("Mã xã", "Commune code"))
    commune_name = serializers.CharField(source="commune.name", read_only=True, help_text=doc("Tên xã", "Commune name"))
    district = serializers.CharField(
        source="commune.parent.code", read_only=True, allow_null=True, help_text=doc("Mã huyện", "District code")
    )
    district_name = serializers.CharField(
        source="commune.parent.name", read_only=True, allow_null=True, help_text=doc("Tên huyện", "District name")
    )


# --- cooperatives ------------------------------------------------------------------------------


class LifecycleEventSerializer(serializers.Serializer):
    id = _id()
    kind = choice(EventKind.choices, "Loại sự kiện", "Event kind", read_only=True)
    kind_label = _text("Tên sự kiện", "Event label", source="get_kind_display", read_only=True)
    date = ViDateField(read_only=True, help_text=doc("Ngày của sự kiện", "Date of the event"))
    document_ref = _text("Số văn bản, giấy chứng nhận", "Document or certificate number", read_only=True)
    note = _text("Ghi chú", "Note", read_only=True)


class LifecycleEventWriteSerializer(serializers.Serializer):
    kind = choice(EventKind.choices, "Loại sự kiện", "Event kind")
    date = ViDateField(
        required=False, allow_null=True, default=None, help_text=doc("Ngày của sự kiện", "Date of the event")
    )
    document_ref = _text("Số văn bản", "Document number", required=False, allow_blank=True, default="", max_length=150)
    note = _text("Ghi chú", "Note", required=False, allow_blank=True, default="", max_length=2000)


class YearFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True, help_text=doc("Năm", "Year"))
    members = serializers.IntegerField(read_only=True, allow_null=True, help_text=doc("Số thành viên", "Members"))
    regular_workers = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=doc("Lao động thường xuyên", "Regular workers")
    )
    charter_capital = _amount(14, "Vốn điều lệ (triệu đồng)", "Charter capital (million VND)", read_only=True)
    revenue = _amount(14, "Doanh thu (triệu đồng)", "Revenue (million VND)", read_only=True)
    profit = _amount(14, "Lợi nhuận (triệu đồng)", "Profit (million VND)", read_only=True)
    average_income = _amount(
        10, "Thu nhập bình quân lao động (triệu đồng/năm)", "Average worker income (million VND/year)", read_only=True
    )
    grade = choice(Grade.choices, "Xếp loại", "Grade", read_only=True)
    grading_regime = choice(
        [("", "—"), *GradingRegime.choices], "Căn cứ xếp loại (thông tư)", "Grading regulation", read_only=True
    )
    is_value_chain_model = serializers.BooleanField(
        read_only=True, help_text=doc("Mô hình gắn với chuỗi giá trị", "Value-chain model")
    )
    value_chain_product = _text("Sản phẩm chuỗi giá trị", "Value-chain product", read_only=True)
    value_chain_partner = _text("Doanh nghiệp liên kết", "Partner enterprise", read_only=True)
    value_chain_funding = choice(
        [("", "—"), *FundingSource.choices], "Nguồn kinh phí mô hình", "Funding of the model", read_only=True
    )
    version = _version()


class YearFiguresWriteSerializer(serializers.Serializer):
    """Fields left out keep their stored value (for a new year: empty)."""

    year = serializers.IntegerField(min_value=1900, max_value=2100, help_text=doc("Năm", "Year"))
    members = serializers.IntegerField(
        required=False, allow_null=True, max_value=COUNT_MAX, help_text=doc("Số thành viên", "Members")
    )
    regular_workers = serializers.IntegerField(
        required=False,
        allow_null=True,
        max_value=COUNT_MAX,
        help_text=doc("Lao động thường xuyên", "Regular workers"),
    )
    charter_capital = _amount(14, "Vốn điều lệ (triệu đồng)", "Charter capital (million VND)")
    revenue = _amount(14, "Doanh thu (triệu đồng)", "Revenue (million VND)")
    profit = _amount(14, "Lợi nhuận (triệu đồng)", "Profit (million VND)")
    average_income = _amount(
        10, "Thu nhập bình quân lao động (triệu đồng/năm)", "Average worker income (million VND/year)"
    )
    grade = choice(Grade.choices, "Xếp loại", "Grade", required=False)
    grading_regime = choice(
        [("", "—"), *GradingRegime.choices],
        "Căn cứ xếp loại (thông tư)",
        "Grading regulation",
        required=False,
        allow_blank=True,
    )
    is_value_chain_model = serializers.BooleanField(
        required=False, help_text=doc("Mô hình gắn với chuỗi giá trị", "Value-chain model")
    )
    value_chain_product = _text(
        "Sản phẩm chuỗi giá trị", "Value-chain product", required=False, allow_blank=True, max_length=150
    )
    value_chain_partner = _text(
        "Doanh nghiệp liên kết", "Partner enterprise", required=False, allow_blank=True, max_length=200
    )
    value_chain_funding = choice(
        [("", "—"), *FundingSource.choices],
        "Nguồn kinh phí mô hình",
        "Funding of the model",
        required=False,
        allow_blank=True,
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text=doc(
            "Phiên bản bạn đã đọc (0: năm chưa có số liệu); sai thì trả lời 409",
            "The version you read (0: no figures for the year yet); a stale one answers 409",
        ),
    )


class YearFiguresUpdateSerializer(YearFiguresWriteSerializer):
    year = None  # taken from the URL


class CooperativeSerializer(CommuneFields):
    id = _id()
    name = _text("Tên hợp tác xã", "Cooperative name", read_only=True)
    registration_code = _text("Mã số HTX (mã số thuế)", "Registration (tax) code", read_only=True)
    sector = choice(Sector.choices, "Lĩnh vực", "Sector", read_only=True)
    sector_label = _text("Tên lĩnh vực", "Sector label", source="get_sector_display", read_only=True)
    address = _text("Địa chỉ trụ sở", "Head office address", read_only=True)
    representative = _text("Người đại diện", "Legal representative", read_only=True)
    phone = _text("Điện thoại", "Phone", read_only=True)
    established_on = ViDateField(read_only=True, allow_null=True, help_text=doc("Ngày thành lập", "Date established"))
    dissolved_on = ViDateField(
        read_only=True, allow_null=True, help_text=doc("Ngày giải thể, phá sản", "Date dissolved or bankrupt")
    )
    as_of = serializers.SerializerMethodField(
        help_text=doc("Ngày tính tình trạng, xếp loại", "Date the state and grade refer to")
    )
    state = serializers.SerializerMethodField(help_text=doc("Tình trạng tại ngày tính", "State on the reference date"))
    state_label = serializers.SerializerMethodField(help_text=doc("Tên tình trạng", "State label"))
    grade = serializers.SerializerMethodField(
        help_text=doc(
            "Xếp loại của năm chứa ngày tính (null: chưa có số liệu)",
            "Grade in the reference date's year (null: no figures)",
        )
    )
    is_value_chain_model = serializers.SerializerMethodField(
        help_text=doc("Là mô hình chuỗi giá trị trong năm đó", "A value-chain model in that year")
    )
    is_demo = serializers.BooleanField(read_only=True, help_text=doc("Dữ liệu mẫu", "Demonstration data"))
    version = _version()

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, obj):
        return self.context["day"].isoformat()

    def _state(self, obj):
        state = getattr(obj, "state", None)
        return state if state is not None else obj.state_on(self.context["day"])

    @extend_schema_field(serializers.ChoiceField(choices=State.choices))
    def get_state(self, obj):
        return str(self._state(obj))

    @extend_schema_field(OpenApiTypes.STR)
    def get_state_label(self, obj):
        return str(STATES.get(self._state(obj), ""))

    def _year(self, obj):
        year = self.context["day"].year
        return next((row for row in obj.years.all() if row.year == year), None)

    @extend_schema_field(serializers.ChoiceField(choices=Grade.choices, allow_null=True))
    def get_grade(self, obj):
        if hasattr(obj, "year_grade"):
            return obj.year_grade
        row = self._year(obj)
        return row.grade if row else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_value_chain_model(self, obj):
        if hasattr(obj, "year_value_chain"):
            return bool(obj.year_value_chain)
        row = self._year(obj)
        return bool(row and row.is_value_chain_model)


class CooperativeDetailSerializer(CooperativeSerializer):
    compliant = serializers.SerializerMethodField(
        help_text=doc(
            "Hoạt động theo Luật HTX 2012 tại ngày tính", "Organised under the 2012 Cooperative Law on the date"
        )
    )
    events = LifecycleEventSerializer(
        many=True, read_only=True, help_text=doc("Các sự kiện pháp lý", "Lifecycle events")
    )
    years = YearFiguresSerializer(many=True, read_only=True, help_text=doc("Số liệu từng năm", "Yearly figures"))

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_compliant(self, obj):
        return obj.is_compliant_on(self.context["day"])


def editable_communes(user):
    return access.editable_communes(user)


def group_communes(user):
    return access.editable_communes(user, access.perms.GROUP_WRITE)


class CooperativeWriteSerializer(serializers.Serializer):
    """Creating: `name`, `commune` and `established_on` are needed (the service says so if not)."""

    name = _text("Tên hợp tác xã", "Cooperative name", required=False, allow_blank=True, max_length=250)
    registration_code = _text(
        "Mã số HTX (10 chữ số) hoặc số giấy chứng nhận cũ",
        "Registration (tax) code or legacy certificate number",
        required=False,
        allow_blank=True,
        max_length=40,
    )
    commune = UnitCodeField(
        units=editable_communes,
        what="xã",
        required=False,
        help_text=doc("Mã xã (trong địa bàn bạn được cập nhật)", "Commune code (within the area you may edit)"),
    )
    sector = choice(Sector.choices, "Lĩnh vực", "Sector", required=False)
    address = _text("Địa chỉ trụ sở", "Head office address", required=False, allow_blank=True, max_length=250)
    representative = _text("Người đại diện", "Legal representative", required=False, allow_blank=True, max_length=150)
    phone = _text("Điện thoại", "Phone", required=False, allow_blank=True, max_length=30)
    established_on = ViDateField(
        required=False,
        allow_null=True,
        help_text=doc("Ngày thành lập (dd/mm/yyyy hoặc yyyy-mm-dd)", "Date established"),
    )
    establishment_ref = _text(
        "Số giấy chứng nhận đăng ký thành lập",
        "Registration certificate number",
        required=False,
        allow_blank=True,
        max_length=150,
    )
    version = _expected_version()


# --- groups --------------------------------------------------------------------------------------


class GroupSerializer(CommuneFields):
    id = _id()
    name = _text("Tên tổ hợp tác", "Cooperative group name", read_only=True)
    field = choice(GroupField.choices, "Lĩnh vực", "Field of activity", read_only=True)
    field_label = _text("Tên lĩnh vực", "Field label", source="get_field_display", read_only=True)
    founded_on = ViDateField(read_only=True, help_text=doc("Ngày thành lập", "Date founded"))
    certified_on = ViDateField(
        read_only=True,
        allow_null=True,
        help_text=doc("Ngày UBND xã chứng thực hợp đồng", "Date certified by the commune"),
    )
    members = serializers.IntegerField(read_only=True, allow_null=True, help_text=doc("Số tổ viên", "Members"))
    leader = _text("Tổ trưởng", "Group leader", read_only=True)
    dissolved_on = ViDateField(read_only=True, allow_null=True, help_text=doc("Ngày chấm dứt", "Date dissolved"))
    exists = serializers.SerializerMethodField(
        help_text=doc("Đang hoạt động tại ngày tính", "In existence on the reference date")
    )
    as_of = serializers.SerializerMethodField(help_text=doc("Ngày tính", "Reference date"))
    is_demo = serializers.BooleanField(read_only=True, help_text=doc("Dữ liệu mẫu", "Demonstration data"))
    version = _version()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_exists(self, obj):
        day = self.context["day"]
        return obj.founded_on <= day and (obj.dissolved_on is None or obj.dissolved_on > day)

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, obj):
        return self.context["day"].isoformat()


class GroupWriteSerializer(serializers.Serializer):
    name = _text("Tên tổ hợp tác", "Cooperative group name", required=False, allow_blank=True, max_length=250)
    commune = UnitCodeField(
        units=group_communes,
        what="xã",
        required=False,
        help_text=doc("Mã xã (trong địa bàn bạn được cập nhật)", "Commune code (within the area you may edit)"),
    )
    founded_on = ViDateField(required=False, allow_null=True, help_text=doc("Ngày thành lập", "Date founded"))
    certified_on = ViDateField(
        required=False,
        allow_null=True,
        help_text=doc("Ngày UBND xã chứng thực hợp đồng", "Date certified by the commune"),
    )
    members = serializers.IntegerField(
        required=False, allow_null=True, max_value=COUNT_MAX, help_text=doc("Số tổ viên", "Members")
    )
    field = choice(GroupField.choices, "Lĩnh vực", "Field of activity", required=False)
    leader = _text("Tổ trưởng", "Group leader", required=False, allow_blank=True, max_length=150)
    version = _expected_version()


class DissolveGroupSerializer(serializers.Serializer):
    dissolved_on = ViDateField(allow_null=True, help_text=doc("Ngày chấm dứt", "Date dissolved"))


# --- Alliance memberships ----------------------------------------------------------------------------


class MembershipSerializer(serializers.Serializer):
    id = _id()
    alliance = serializers.CharField(
        source="alliance.code", read_only=True, help_text=doc("Mã Liên minh HTX", "Alliance code")
    )
    kind = serializers.SerializerMethodField(help_text=doc("Loại thành viên", "Kind of member"))
    member_name = _text("Tên thành viên", "Member name", read_only=True)
    cooperative = serializers.IntegerField(
        source="cooperative_id", read_only=True, allow_null=True, help_text=doc("Mã số hợp tác xã", "Cooperative id")
    )
    group = serializers.IntegerField(
        source="group_id", read_only=True, allow_null=True, help_text=doc("Mã số tổ hợp tác", "Cooperative group id")
    )
    organisation_name = _text("Tên tổ chức khác", "Other organisation's name", read_only=True)
    unit = serializers.SerializerMethodField(help_text=doc("Mã xã của thành viên", "Member's commune code"))
    unit_name = serializers.SerializerMethodField(help_text=doc("Tên xã của thành viên", "Member's commune name"))
    joined_on = ViDateField(read_only=True, help_text=doc("Ngày gia nhập", "Date joined"))
    left_on = ViDateField(read_only=True, allow_null=True, help_text=doc("Ngày ra khỏi", "Date left"))
    is_member = serializers.SerializerMethodField(
        help_text=doc("Là thành viên tại ngày tính", "A member on the reference date")
    )
    as_of = serializers.SerializerMethodField(help_text=doc("Ngày tính", "Reference date"))
    is_demo = serializers.BooleanField(read_only=True, help_text=doc("Dữ liệu mẫu", "Demonstration data"))
    version = _version()

    @extend_schema_field(serializers.ChoiceField(choices=MemberKind.CHOICES))
    def get_kind(self, obj):
        return MemberKind.COOPERATIVE if obj.cooperative_id else MemberKind.GROUP if obj.group_id else MemberKind.OTHER

    @extend_schema_field({"type": "string", "nullable": True})
    def get_unit(self, obj):
        unit = access.membership_unit(obj)
        return unit.code if unit else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_unit_name(self, obj):
        unit = access.membership_unit(obj)
        return unit.name if unit else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_member(self, obj):
        day = self.context["day"]
        return obj.joined_on <= day and (obj.left_on is None or obj.left_on > day)

    @extend_schema_field(OpenApiTypes.DATE)
    def get_as_of(self, obj):
        return self.context["day"].isoformat()


class MembershipWriteSerializer(serializers.Serializer):
    """Exactly one of `cooperative`, `group` or `organisation_name` names the member."""

    alliance = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Agency.objects.filter(kind=Agency.Kind.ALLIANCE),
        required=False,
        allow_null=True,
        help_text=doc(
            "Mã Liên minh HTX (mặc định: Liên minh HTX tỉnh)", "Alliance code (default: the provincial Alliance)"
        ),
    )
    cooperative = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=ID_MAX,
        help_text=doc("Mã số hợp tác xã", "Cooperative id"),
    )
    group = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=ID_MAX,
        help_text=doc("Mã số tổ hợp tác", "Cooperative group id"),
    )
    organisation_name = _text(
        "Tên tổ chức khác", "Other organisation's name", required=False, allow_blank=True, max_length=250
    )
    commune = UnitCodeField(
        units=lambda user: access.visible_units(user).filter(level="commune"),
        what="xã",
        required=False,
        help_text=doc("Mã xã (chỉ cho tổ chức khác)", "Commune code (other organisations only)"),
    )
    joined_on = ViDateField(required=False, allow_null=True, help_text=doc("Ngày gia nhập", "Date joined"))
    version = _expected_version()


class MembershipUpdateSerializer(serializers.Serializer):
    joined_on = ViDateField(required=False, allow_null=True, help_text=doc("Ngày gia nhập", "Date joined"))
    organisation_name = _text(
        "Tên tổ chức khác (chỉ sửa được với tổ chức khác)",
        "Other organisation's name (others only)",
        required=False,
        allow_blank=True,
        max_length=250,
    )
    version = _expected_version()


class EndMembershipSerializer(serializers.Serializer):
    left_on = ViDateField(allow_null=True, help_text=doc("Ngày ra khỏi Liên minh", "Date left the Alliance"))
    version = _expected_version()
