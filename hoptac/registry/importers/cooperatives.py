"""Cooperatives, keyed by their registration code (mã số HTX)."""

from django.utils.translation import gettext as _, gettext_lazy

from hoptac.lib.importing import CREATE, UNCHANGED, UPDATE, ChoiceColumn, DateColumn, TextColumn

from .. import services
from ..lifecycle import fmt
from ..models import EventKind, LifecycleEvent, Sector
from ..validation import clean_cooperative
from .common import (
    RegistrationCodeColumn,
    RegistryImporter,
    chunks,
    commune_column,
    demo_column,
    district_column,
    load_cooperatives,
    unit_label,
)

COOPERATIVE_FIELDS = (
    "name", "commune", "sector", "address", "representative", "phone", "is_demo", "established_on", "establishment_ref",
)  # fmt: skip


class CooperativeImporter(RegistryImporter):
    identifier = "cooperatives"
    verbose_name = gettext_lazy("Hợp tác xã")
    sheet_title = "Hợp tác xã"
    key_description = gettext_lazy("mã số HTX")
    notes = (
        gettext_lazy("Mỗi dòng một hợp tác xã. Hợp tác xã đã có trong sổ (cùng mã số HTX) được cập nhật; chưa có thì được thêm mới."),
        gettext_lazy("Tạm ngừng, giải thể … không nhập ở đây: ghi sự kiện trên trang của từng hợp tác xã."),
    )  # fmt: skip

    def get_columns(self):
        return [
            TextColumn("name", _("Tên hợp tác xã"), required=True, aliases=("Tên HTX",), width=40,
                       help_text=_("Tên đầy đủ theo giấy chứng nhận đăng ký.")),
            RegistrationCodeColumn(),
            district_column(),
            commune_column(),
            DateColumn("established_on", _("Ngày thành lập"), required=True, width=14,
                       help_text=_("Ngày cấp giấy chứng nhận đăng ký lần đầu.")),
            TextColumn("establishment_ref", _("Số giấy chứng nhận đăng ký"), max_length=150, width=18,
                       aliases=("Số GCN", "Số GCN đăng ký", "Số giấy chứng nhận"),
                       help_text=_("Số giấy chứng nhận đăng ký hợp tác xã lần đầu.")),
            ChoiceColumn("sector", _("Lĩnh vực"), choices=Sector.choices, width=24,
                         synonyms={"Nông, lâm, ngư nghiệp": Sector.AGRICULTURE, "Thương mại": Sector.TRADE_SERVICES,
                                   "Dịch vụ": Sector.TRADE_SERVICES, "Quỹ tín dụng nhân dân": Sector.CREDIT},
                         help_text=_("Lĩnh vực hoạt động chính; để trống khi thêm mới là Nông nghiệp.")),
            TextColumn("address", _("Địa chỉ trụ sở"), aliases=("Địa chỉ",), width=30),
            TextColumn("representative", _("Người đại diện"), max_length=150,
                       aliases=("Người đại diện theo pháp luật",), width=22),
            TextColumn("phone", _("Điện thoại"), max_length=30, aliases=("Số điện thoại",), width=14),
            demo_column(),
        ]  # fmt: skip

    def clean_row(self, row):
        commune = self.units.resolve(row, on=row.values.get("established_on"))
        if commune is not None:
            self.check_unit(commune)

    def row_key(self, row):
        return row.values["registration_code"]

    def prefetch(self, rows):
        self.existing = load_cooperatives((row.values["registration_code"] for row in rows), self.units)
        self.establishment_refs = {}
        for ids in chunks(coop.pk for coop in self.existing.values()):
            events = LifecycleEvent.objects.filter(cooperative_id__in=ids, kind=EventKind.ESTABLISHED)
            self.establishment_refs.update(events.values_list("cooperative_id", "document_ref"))

    def plan(self, row):
        values = self.given(row, COOPERATIVE_FIELDS)
        coop = self.existing.get(row.values["registration_code"])
        if coop is None:
            values.setdefault("sector", Sector.AGRICULTURE)
            is_demo = values.pop("is_demo", False)
            cleaned = clean_cooperative(values, today=self.today)  # the code's uniqueness is known: it is new
            row.context["values"] = {**cleaned, "registration_code": row.values["registration_code"], "is_demo": is_demo}
            row.action = CREATE
            return
        self.check_unit(coop.commune, "registration_code")
        current = {field: getattr(coop, field) for field in values if field != "establishment_ref"}
        current["establishment_ref"] = self.establishment_refs.get(coop.pk, "")
        # What equals the stored values was checked when it was stored; check only the rest.
        differing = {field: value for field, value in values.items() if current[field] != value}
        cleaned = clean_cooperative(differing, instance=coop, today=self.today) if differing else {}
        changes = {field: (current[field], value) for field, value in cleaned.items() if current[field] != value}
        if "established_on" in changes:
            old, new = changes["established_on"]
            self.warn(row, "established_on", _("Ngày thành lập sẽ đổi từ %(old)s thành %(new)s.") % {
                "old": fmt(old) if old else "—", "new": fmt(new),
            })  # fmt: skip
        row.target, row.changes = coop, changes
        row.action = UPDATE if changes else UNCHANGED

    def save_row(self, row):
        if row.action == CREATE:
            return services.create_cooperative(actor=self.actor, **row.context["values"])
        return services.update_cooperative(row.target, actor=self.actor, **self.new_values(row))

    def describe(self, row):
        return f"{row.values.get('name')} ({row.values.get('registration_code')}) — {unit_label(row.values.get('commune'))}"
