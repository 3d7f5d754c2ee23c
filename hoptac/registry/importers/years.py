"""Yearly figures of cooperatives, keyed by registration code and year."""

from django.utils.translation import gettext as _, gettext_lazy

from hoptac.lib.importing import (
    CREATE,
    UNCHANGED,
    UPDATE,
    BooleanColumn,
    ChoiceColumn,
    DecimalColumn,
    IntegerColumn,
    TextColumn,
    YearColumn,
)
from hoptac.lib.text import fold

from .. import services
from ..models import CooperativeYear, FundingSource, Grade, GradingRegime
from ..validation import YEAR_FIELDS, clean_year_figures
from .common import RegistrationCodeColumn, RegistryImporter, chunks, load_cooperatives, missing_cooperative


class YearFiguresImporter(RegistryImporter):
    identifier = "years"
    verbose_name = gettext_lazy("Số liệu năm của hợp tác xã")
    sheet_title = "Số liệu năm"
    key_description = gettext_lazy("mã số HTX và năm")
    notes = (
        gettext_lazy("Mỗi dòng là số liệu một năm của một hợp tác xã đã có trong sổ, nhận biết bằng mã số HTX."),
        gettext_lazy("Số tiền tính bằng triệu đồng, một chữ số thập phân (ví dụ 1.250,5 là 1 tỷ 250 triệu 500 nghìn đồng)."),
        gettext_lazy("Đã xếp loại thì phải ghi căn cứ xếp loại; là mô hình chuỗi giá trị thì ghi sản phẩm, doanh nghiệp liên kết và nguồn kinh phí."),
    )  # fmt: skip

    def get_columns(self):
        return [
            RegistrationCodeColumn(),
            TextColumn("name", _("Tên hợp tác xã"), aliases=("Tên HTX",), width=36,
                       help_text=_("Chỉ để đối chiếu; hợp tác xã được nhận biết bằng mã số HTX.")),
            YearColumn("year", _("Năm"), required=True, width=8, help_text=_("Năm của số liệu.")),
            IntegerColumn("members", _("Số thành viên"), width=12),
            IntegerColumn("regular_workers", _("Lao động thường xuyên"), width=12),
            DecimalColumn("charter_capital", _("Vốn điều lệ (triệu đồng)"), min_value=0, width=14),
            DecimalColumn("revenue", _("Doanh thu (triệu đồng)"), min_value=0, width=14),
            DecimalColumn("profit", _("Lợi nhuận (triệu đồng)"), width=14, help_text=_("Lỗ thì ghi số âm.")),
            DecimalColumn("average_income", _("Thu nhập bình quân lao động (triệu đồng/năm)"), min_value=0, width=16,
                          aliases=("Thu nhập bình quân",)),
            ChoiceColumn("grade", _("Xếp loại"), choices=Grade.choices, width=14,
                         synonyms={"Tot": Grade.GOOD, "Kém": Grade.WEAK}),
            ChoiceColumn("grading_regime", _("Căn cứ xếp loại"), choices=GradingRegime.choices, width=26,
                         synonyms={"09/2017": GradingRegime.TT09_2017, "TT 09/2017": GradingRegime.TT09_2017,
                                   "Thông tư 09/2017": GradingRegime.TT09_2017, "01/2020": GradingRegime.TT01_2020,
                                   "TT 01/2020": GradingRegime.TT01_2020, "Thông tư 01/2020": GradingRegime.TT01_2020}),
            BooleanColumn("is_value_chain_model", _("Mô hình chuỗi giá trị"), width=12,
                          aliases=("Mô hình gắn với chuỗi giá trị",),
                          help_text=_("“Có” nếu hợp tác xã là mô hình gắn với chuỗi giá trị trong năm.")),
            TextColumn("value_chain_product", _("Sản phẩm chuỗi giá trị"), max_length=150, width=20),
            TextColumn("value_chain_partner", _("Doanh nghiệp liên kết"), max_length=200, width=24),
            ChoiceColumn("value_chain_funding", _("Nguồn kinh phí mô hình"), choices=FundingSource.choices, width=20,
                         synonyms={"Ngân sách trung ương": FundingSource.CENTRAL,
                                   "Ngân sách địa phương": FundingSource.LOCAL,
                                   "Liên minh HTX": FundingSource.NATIONAL_ALLIANCE}),
        ]  # fmt: skip

    def row_key(self, row):
        return (row.values["registration_code"], row.values["year"])

    def prefetch(self, rows):
        self.cooperatives = load_cooperatives((row.values["registration_code"] for row in rows), self.units)
        self.existing = {}
        for ids in chunks(coop.pk for coop in self.cooperatives.values()):
            for figures in CooperativeYear.objects.filter(cooperative_id__in=ids):
                self.existing[(figures.cooperative_id, figures.year)] = figures

    def plan(self, row):
        code, year = row.values["registration_code"], row.values["year"]
        coop = self.cooperatives.get(code)
        if coop is None:
            raise missing_cooperative(code)
        self.check_unit(coop.commune, "registration_code")
        if row.values.get("name") and fold(row.values["name"]) != coop.name_folded:
            self.warn(row, "name", _("Tên trong tệp khác tên trong sổ (“%(name)s”); số liệu được ghi cho hợp tác xã mã số %(code)s.")
                      % {"name": coop.name, "code": code})  # fmt: skip
        given = self.given(row, YEAR_FIELDS)
        existing = self.existing.get((coop.pk, year))
        row.target = coop
        if existing is not None and all(getattr(existing, field) == value for field, value in given.items()):
            row.action = UNCHANGED  # the stored figures were checked when they were stored
            return
        if existing is None:
            base = {field: CooperativeYear._meta.get_field(field).get_default() for field in YEAR_FIELDS}
        else:
            base = {field: getattr(existing, field) for field in YEAR_FIELDS}
        cleaned = clean_year_figures(coop, year, {**base, **given}, today=self.today)
        if existing is None:
            row.context["figures"] = {field: cleaned[field] for field in given}
            row.action = CREATE
            return
        row.changes = self.diff(existing, cleaned)
        row.action = UPDATE if row.changes else UNCHANGED

    def save_row(self, row):
        figures = row.context["figures"] if row.action == CREATE else self.new_values(row)
        return services.set_year_figures(row.target, actor=self.actor, year=row.values["year"], **figures)

    def describe(self, row):
        coop = row.target
        return f"{coop.name if coop else row.values.get('name') or ''} ({row.values.get('registration_code')}) — {row.values.get('year')}"
