from rest_framework import serializers

from hoptac.units.models import AdminUnit, Agency

from ..schema import doc
from .fields import ViDateField, choice


class AdminUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text=doc("Mã số", "Identifier"))
    code = serializers.CharField(read_only=True, help_text=doc("Mã thống kê chính thức", "Official statistical code"))
    name = serializers.CharField(read_only=True, help_text=doc("Tên đầy đủ", "Full name"))
    short_name = serializers.CharField(read_only=True, help_text=doc("Tên không có tiền tố", "Name without prefix"))
    level = choice(
        AdminUnit.Level.choices, "Cấp (tỉnh, huyện, xã)", "Level (province, district, commune)", read_only=True
    )
    kind = choice(AdminUnit.Kind.choices, "Loại đơn vị", "Kind of unit", read_only=True)
    parent = serializers.CharField(
        source="parent.code", read_only=True, allow_null=True, help_text=doc("Mã đơn vị cấp trên", "Parent unit code")
    )
    path = serializers.CharField(
        read_only=True, help_text=doc("Đường dẫn mã (62/615/23440)", "Code path (62/615/23440)")
    )
    valid_from = ViDateField(read_only=True, allow_null=True, help_text=doc("Hiệu lực từ", "Valid from"))
    valid_to = ViDateField(read_only=True, allow_null=True, help_text=doc("Hết hiệu lực từ", "Valid until"))
    successor_code = serializers.CharField(
        read_only=True,
        help_text=doc("Mã đơn vị kế thừa sau sắp xếp 2025", "Successor code after the 2025 reorganisation"),
    )
    successor_name = serializers.CharField(
        read_only=True, help_text=doc("Đơn vị kế thừa sau sắp xếp 2025", "Successor after the 2025 reorganisation")
    )


class AgencySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text=doc("Mã số", "Identifier"))
    code = serializers.CharField(read_only=True, help_text=doc("Mã cơ quan", "Agency code"))
    name = serializers.CharField(read_only=True, help_text=doc("Tên cơ quan", "Agency name"))
    short_name = serializers.CharField(read_only=True, help_text=doc("Tên viết tắt", "Short name"))
    kind = choice(Agency.Kind.choices, "Loại cơ quan", "Kind of agency", read_only=True)
    admin_unit = serializers.CharField(
        source="admin_unit.code", read_only=True, allow_null=True, help_text=doc("Mã địa bàn", "Unit code")
    )
    is_external = serializers.BooleanField(read_only=True, help_text=doc("Cơ quan ngoài tỉnh", "Outside the province"))
