"""Registry lists as spreadsheets: cooperatives (with their state on a date), yearly figures,
groups and Alliance members, each scoped to what the user may see.

An exporter yields rows, header first, from one scoped query (`hoptac.accounts.access`),
whatever the number of rows; `hoptac.lib.excel` turns them into .xlsx or .csv. Headers
match the import templates, so an exported file can be corrected and imported again
(columns the importer does not know, such as the state, are ignored there).
"""

import datetime

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from hoptac.accounts import access
from hoptac.lib.excel import ExportFile, render_table
from hoptac.lib.vi_format import format_vi_date

from .models import (
    CooperativeYear,
    EventKind,
    FundingSource,
    Grade,
    GradingRegime,
    GroupField,
    LifecycleEvent,
    Sector,
    State,
)

CHUNK = 2000


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def _district(commune) -> str:
    return commune.parent.name if commune is not None and commune.parent_id else ""


def _demo(flag: bool) -> str:
    return _("Có") if flag else ""


class Exporter:
    """Rows (header first) of one registry list for `user`."""

    identifier = ""
    verbose_name = ""
    sheet_title = ""
    filename_stem = ""

    def __init__(self, user, *, on: datetime.date | None = None, year: int | None = None):
        self.user = user
        self.on = on or timezone.localdate()
        self.year = year

    def columns(self) -> list[tuple[str, float]]:
        """(header, column width) pairs."""
        raise NotImplementedError

    def queryset(self):
        raise NotImplementedError

    def row(self, obj) -> list:
        raise NotImplementedError

    def iterate_rows(self):
        yield [header for header, _width in self.columns()]
        for obj in self.queryset().iterator(chunk_size=CHUNK):
            yield self.row(obj)

    def title_rows(self) -> list[str]:
        if settings.HOPTAC_DEMO:
            return [_("DỮ LIỆU MẪU — số liệu minh hoạ, không phải số liệu chính thức")]
        return []

    def filename(self) -> str:
        return self.filename_stem

    def render(self, fmt: str) -> ExportFile:
        return render_table(
            self.iterate_rows(),
            fmt,
            filename_stem=self.filename(),
            sheet_title=self.sheet_title,
            title_rows=self.title_rows(),
            column_widths=[width for _header, width in self.columns()],
        )


class CooperativeExporter(Exporter):
    identifier = "cooperatives"
    verbose_name = gettext_lazy("Danh sách hợp tác xã")
    sheet_title = "Hợp tác xã"
    filename_stem = "hop-tac-xa"

    def columns(self):
        return [
            (_("Tên hợp tác xã"), 40), (_("Mã số HTX"), 16), (_("Huyện, thành phố"), 20),
            (_("Xã, phường, thị trấn"), 20), (_("Ngày thành lập"), 14), (_("Số giấy chứng nhận đăng ký"), 18),
            (_("Lĩnh vực"), 24), (_("Địa chỉ trụ sở"), 30), (_("Người đại diện"), 22), (_("Điện thoại"), 14),
            (_("Ngày giải thể"), 14), (_("Tình trạng ngày %(date)s") % {"date": format_vi_date(self.on)}, 20),
            (_("Dữ liệu mẫu"), 12),
        ]  # fmt: skip

    def queryset(self):
        establishment = LifecycleEvent.objects.filter(cooperative=OuterRef("pk"), kind=EventKind.ESTABLISHED)
        return (
            access.visible_cooperatives(self.user)
            .with_state_on(self.on)
            .annotate(establishment_ref=Subquery(establishment.values("document_ref")[:1]))
            .select_related("commune__parent")
            .order_by("commune__path", "name", "pk")
        )

    def row(self, coop):
        sectors, states = _labels(Sector.choices), _labels(State.choices)
        return [
            coop.name, coop.registration_code, _district(coop.commune), coop.commune.name, coop.established_on,
            coop.establishment_ref or "", sectors.get(coop.sector, coop.sector), coop.address, coop.representative,
            coop.phone, coop.dissolved_on, states.get(coop.state, coop.state), _demo(coop.is_demo),
        ]  # fmt: skip

    def filename(self):
        return f"{self.filename_stem}-{self.on:%d-%m-%Y}"


class YearFiguresExporter(Exporter):
    identifier = "years"
    verbose_name = gettext_lazy("Số liệu năm của hợp tác xã")
    sheet_title = "Số liệu năm"
    filename_stem = "so-lieu-nam-htx"

    def columns(self):
        return [
            (_("Mã số HTX"), 16), (_("Tên hợp tác xã"), 36), (_("Huyện, thành phố"), 20), (_("Xã, phường, thị trấn"), 20),
            (_("Năm"), 8), (_("Số thành viên"), 12), (_("Lao động thường xuyên"), 12), (_("Vốn điều lệ (triệu đồng)"), 14),
            (_("Doanh thu (triệu đồng)"), 14), (_("Lợi nhuận (triệu đồng)"), 14),
            (_("Thu nhập bình quân lao động (triệu đồng/năm)"), 16), (_("Xếp loại"), 14), (_("Căn cứ xếp loại"), 26),
            (_("Mô hình chuỗi giá trị"), 12), (_("Sản phẩm chuỗi giá trị"), 20), (_("Doanh nghiệp liên kết"), 24),
            (_("Nguồn kinh phí mô hình"), 20), (_("Dữ liệu mẫu"), 12),
        ]  # fmt: skip

    def queryset(self):
        rows = CooperativeYear.objects.filter(cooperative__in=access.visible_cooperatives(self.user))
        if self.year:
            rows = rows.filter(year=self.year)
        return rows.select_related("cooperative__commune__parent").order_by(
            "cooperative__commune__path", "cooperative__name", "cooperative_id", "year"
        )

    def row(self, figures):
        coop = figures.cooperative
        grades, regimes, sources = _labels(Grade.choices), _labels(GradingRegime.choices), _labels(FundingSource.choices)
        return [
            coop.registration_code, coop.name, _district(coop.commune), coop.commune.name, figures.year,
            figures.members, figures.regular_workers, figures.charter_capital, figures.revenue, figures.profit,
            figures.average_income, grades.get(figures.grade, figures.grade),
            regimes.get(figures.grading_regime, figures.grading_regime), _demo(figures.is_value_chain_model),
            figures.value_chain_product, figures.value_chain_partner,
            sources.get(figures.value_chain_funding, figures.value_chain_funding), _demo(coop.is_demo),
        ]  # fmt: skip

    def filename(self):
        return f"{self.filename_stem}-{self.year}" if self.year else self.filename_stem


class GroupExporter(Exporter):
    identifier = "groups"
    verbose_name = gettext_lazy("Danh sách tổ hợp tác")
    sheet_title = "Tổ hợp tác"
    filename_stem = "to-hop-tac"

    def columns(self):
        return [
            (_("Tên tổ hợp tác"), 36), (_("Huyện, thành phố"), 20), (_("Xã, phường, thị trấn"), 20),
            (_("Ngày thành lập"), 14), (_("Ngày chứng thực"), 14), (_("Số tổ viên"), 10), (_("Lĩnh vực"), 20),
            (_("Tổ trưởng"), 22), (_("Ngày chấm dứt"), 14), (_("Dữ liệu mẫu"), 12),
        ]  # fmt: skip

    def queryset(self):
        return access.visible_groups(self.user).select_related("commune__parent").order_by("commune__path", "name", "pk")

    def row(self, group):
        fields = _labels(GroupField.choices)
        return [
            group.name, _district(group.commune), group.commune.name, group.founded_on, group.certified_on,
            group.members, fields.get(group.field, group.field), group.leader, group.dissolved_on, _demo(group.is_demo),
        ]  # fmt: skip


class MembershipExporter(Exporter):
    identifier = "members"
    verbose_name = gettext_lazy("Thành viên Liên minh HTX")
    sheet_title = "Thành viên Liên minh"
    filename_stem = "thanh-vien-lien-minh"

    def columns(self):
        return [
            (_("Loại thành viên"), 16), (_("Mã số HTX"), 16), (_("Tên thành viên"), 36), (_("Huyện, thành phố"), 20),
            (_("Xã, phường, thị trấn"), 20), (_("Ngày gia nhập"), 14), (_("Ngày ra khỏi"), 14), (_("Dữ liệu mẫu"), 12),
        ]  # fmt: skip

    def queryset(self):
        return (
            access.visible_memberships(self.user)
            .select_related("cooperative__commune__parent", "group__commune__parent", "commune__parent")
            .order_by("joined_on", "pk")
        )

    def row(self, m):
        if m.cooperative_id:
            kind, code, name, unit = _("Hợp tác xã"), m.cooperative.registration_code, m.cooperative.name, m.cooperative.commune
        elif m.group_id:
            kind, code, name, unit = _("Tổ hợp tác"), "", m.group.name, m.group.commune
        else:
            kind, code, name, unit = _("Tổ chức khác"), "", m.organisation_name, m.commune
        return [
            kind, code, name, _district(unit), unit.name if unit else "", m.joined_on, m.left_on, _demo(m.is_demo),
        ]


EXPORTERS = {
    exporter.identifier: exporter
    for exporter in (CooperativeExporter, YearFiguresExporter, GroupExporter, MembershipExporter)
}
