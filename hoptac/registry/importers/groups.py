"""Cooperative groups (tổ hợp tác), keyed by name (any accents and case) and commune."""

from django.utils.translation import gettext as _, gettext_lazy

from hoptac.accounts import permissions as perms
from hoptac.lib.importing import CREATE, UNCHANGED, UPDATE, ChoiceColumn, DateColumn, IntegerColumn, RowError, TextColumn
from hoptac.lib.text import fold

from .. import services
from ..models import CooperativeGroup, GroupField
from ..validation import clean_group
from .common import RegistryImporter, chunks, commune_column, demo_column, district_column, unit_label

GROUP_IMPORT_FIELDS = ("name", "commune", "founded_on", "certified_on", "members", "field", "leader", "dissolved_on", "is_demo")


class GroupImporter(RegistryImporter):
    identifier = "groups"
    verbose_name = gettext_lazy("Tổ hợp tác")
    sheet_title = "Tổ hợp tác"
    key_description = gettext_lazy("tên tổ hợp tác và xã")
    right = perms.GROUP_WRITE
    notes = (
        gettext_lazy("Mỗi dòng một tổ hợp tác. Tổ hợp tác cùng tên (không kể dấu, hoa thường) trong cùng xã được cập nhật; chưa có thì được thêm mới."),
    )  # fmt: skip

    def get_columns(self):
        return [
            TextColumn("name", _("Tên tổ hợp tác"), required=True, aliases=("Tên THT", "Tên tổ"), width=36),
            district_column(),
            commune_column(help_text=_("Xã, phường, thị trấn chứng thực hợp đồng hợp tác, ví dụ “Đắk Ui”.")),
            DateColumn("founded_on", _("Ngày thành lập"), required=True, width=14,
                       help_text=_("Ngày ký hợp đồng hợp tác.")),
            DateColumn("certified_on", _("Ngày chứng thực"), width=14,
                       help_text=_("Ngày UBND xã chứng thực hợp đồng hợp tác.")),
            IntegerColumn("members", _("Số tổ viên"), aliases=("Số thành viên",), width=10),
            ChoiceColumn("field", _("Lĩnh vực"), choices=GroupField.choices, width=20,
                         help_text=_("Để trống khi thêm mới là Trồng trọt.")),
            TextColumn("leader", _("Tổ trưởng"), max_length=150, width=22),
            DateColumn("dissolved_on", _("Ngày chấm dứt"), width=14,
                       help_text=_("Chỉ ghi khi tổ hợp tác đã chấm dứt hoạt động.")),
            demo_column(),
        ]  # fmt: skip

    def clean_row(self, row):
        commune = self.units.resolve(row, on=row.values.get("founded_on"))
        if commune is not None:
            self.check_unit(commune)

    def row_key(self, row):
        return (fold(row.values["name"]), row.values["commune"].pk)

    def prefetch(self, rows):
        self.existing: dict[tuple, list[CooperativeGroup]] = {}
        for ids in chunks({row.values["commune"].pk for row in rows}):
            for group in CooperativeGroup.objects.filter(commune_id__in=ids).select_related("commune__parent"):
                self.existing.setdefault((group.name_folded, group.commune_id), []).append(group)

    def plan(self, row):
        given = self.given(row, GROUP_IMPORT_FIELDS)
        matches = self.existing.get(self.row_key(row), [])
        if len(matches) > 1:
            raise RowError(
                _("%(commune)s có %(count)s tổ hợp tác cùng tên “%(name)s”; hãy sửa trực tiếp trên trang tổ hợp tác.")
                % {"commune": unit_label(row.values["commune"]), "count": len(matches), "name": row.values["name"]},
                "name",
            )
        if not matches:
            values = {"field": GroupField.CROPS, "certified_on": None, "members": None, "leader": "",
                      "dissolved_on": None, **given}  # fmt: skip
            cleaned = clean_group(values, today=self.today)
            row.context["values"] = {k: v for k, v in cleaned.items() if k != "dissolved_on"}
            row.context["values"]["is_demo"] = bool(given.get("is_demo"))
            row.context["dissolved_on"] = cleaned.get("dissolved_on")
            row.action = CREATE
            return
        group = matches[0]
        self.check_unit(group.commune, "name")
        row.target = group
        if all(getattr(group, field) == value for field, value in given.items()):
            row.action = UNCHANGED  # the stored values were checked when they were stored
            return
        current = {field: getattr(group, field) for field in GROUP_IMPORT_FIELDS}
        cleaned = clean_group({**current, **given}, today=self.today)
        row.changes = self.diff(group, {field: cleaned[field] for field in given})
        row.action = UPDATE if row.changes else UNCHANGED

    def save_row(self, row):
        if row.action == UPDATE:
            return services.update_group(row.target, actor=self.actor, **self.new_values(row))
        group = services.create_group(actor=self.actor, **row.context["values"])
        if row.context["dissolved_on"]:
            services.dissolve_group(group, actor=self.actor, on=row.context["dissolved_on"])
        return group

    def describe(self, row):
        return f"{row.values.get('name')} — {unit_label(row.values.get('commune'))}"
