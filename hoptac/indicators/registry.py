"""The catalogue of indicators: code → `Indicator` (names, what is counted, unit, kind, formula).

Targets name indicators by code (`Target.indicator`); the scorecard, reports and dashboard look
them up here. Adding an indicator = one formula in `definitions.py` + one entry below.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.utils import translation

from hoptac.indicators import definitions as d
from hoptac.indicators.measures import UNIT_KEY, Measure, Scope, check_level, normalise
from hoptac.indicators.periods import Period
from hoptac.indicators.values import AVERAGE, COUNT, GROWTH, KINDS, RATIO, Value
from hoptac.units.models import AdminUnit

# Above this many unit ids the filter is applied in Python rather than as an SQL IN list.
_MAX_SQL_IN = 500

AGGREGATES_BY_KIND = {
    COUNT: "cộng các đơn vị / summed over units",
    RATIO: "tính lại: tổng tử số / tổng mẫu số × 100 / recomputed from summed numerators and denominators",
    GROWTH: "tính lại: (tổng cuối kỳ − tổng năm gốc) / tổng năm gốc × 100 / recomputed from summed end and base",
    AVERAGE: "tính lại: tổng tử số / tổng mẫu số / recomputed from summed numerators and denominators",
}


@dataclass(frozen=True)
class Indicator:
    code: str
    name_vi: str
    name_en: str
    counts: str  # what is counted, in Vietnamese, for readers of reports and drill-downs
    unit: str  # "HTX", "%", "người", "triệu đồng" …
    kind: str  # count | ratio | growth | average (see values.py)
    measure: Callable[..., Measure]

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.code}: unknown kind {self.kind!r}")

    @property
    def name(self) -> str:
        lang = translation.get_language() or "vi"
        return self.name_en if lang.startswith("en") else self.name_vi

    @property
    def aggregation(self) -> str:
        """How unit values combine into a higher level's value."""
        return AGGREGATES_BY_KIND[self.kind]

    @property
    def uses_base_year(self) -> bool:
        return self.kind == GROWTH

    def build(self, period: Period, base_year: int | None = None, queryset_scope: Scope | None = None) -> Measure:
        return self.measure(period, base_year, queryset_scope)

    def compute(
        self,
        period: Period,
        level: str,
        units=None,
        base_year: int | None = None,
        queryset_scope: Scope | None = None,
    ) -> dict[int, Value]:
        """{unit id: Value} for every unit of `level` (or the given units), in one GROUP BY query
        (plus one to list the units when `units` is None). Units without records get zero."""
        level = check_level(level)
        unit_ids = resolve_units(level, period, units)
        return self.compute_for(period, level, unit_ids, explicit=units is not None, base_year=base_year,
                                queryset_scope=queryset_scope)

    def compute_for(self, period, level, unit_ids, *, explicit, base_year=None, queryset_scope=None):
        measure = self.build(period, base_year, queryset_scope)
        sql_filter = unit_ids if explicit and len(unit_ids) <= _MAX_SQL_IN else None
        wanted = set(unit_ids)
        totals: dict[int, list] = {uid: [0, 0, {} if measure.breakdown else None] for uid in unit_ids}
        for row in measure.rows(level, sql_filter):
            uid = row[UNIT_KEY]
            if uid is None or (explicit and uid not in wanted):
                continue
            # Records lying in a unit not (or no longer) valid for the period are kept, not lost.
            slot = totals.setdefault(uid, [0, 0, {} if measure.breakdown else None])
            num = normalise(row["num"])
            slot[0] += num
            if measure.has_denominator:
                slot[1] += normalise(row["den"])
            if measure.breakdown:
                key = row[measure.breakdown] or ""
                slot[2][key] = slot[2].get(key, 0) + num
        return {
            uid: Value(self.kind, num, den if self.kind != COUNT else None, breakdown)
            for uid, (num, den, breakdown) in totals.items()
        }

    def drilldown(
        self,
        unit: AdminUnit,
        period: Period,
        *,
        base_year: int | None = None,
        part: str = "numerator",
        queryset_scope: Scope | None = None,
    ) -> models.QuerySet:
        """The records counted in `unit`'s numerator (or `"denominator"`, or `"missing"`: the
        denominator's records outside the numerator), exactly those `compute` counted."""
        return self.build(period, base_year, queryset_scope).records(unit.level, unit.pk, part)


def units_valid_during(level: str, period: Period) -> models.QuerySet:
    """Units of a level that existed at some time during the period."""
    return (
        AdminUnit.objects.filter(level=level)
        .filter(models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=period.end))
        .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=period.start))
    )


def resolve_units(level: str, period: Period, units) -> list[int]:
    """Unit ids: every unit of `level` valid during the period when `units` is None, else the
    given AdminUnits / ids / queryset."""
    if units is None:
        return list(units_valid_during(level, period).order_by().values_list("pk", flat=True))
    if isinstance(units, models.QuerySet):
        return list(units.order_by().values_list("pk", flat=True))
    return [u.pk if isinstance(u, AdminUnit) else int(u) for u in units]


def _i(code, name_vi, name_en, counts, unit, kind, measure) -> tuple[str, Indicator]:
    return code, Indicator(code, name_vi, name_en, counts, unit, kind, measure)


INDICATORS: dict[str, Indicator] = dict(
    [
        _i("htx_new", "Số HTX thành lập mới", "New cooperatives",
           "HTX có ngày thành lập trong kỳ", "HTX", COUNT, d.htx_new),
        _i("htx_dissolved", "Số HTX giải thể, phá sản", "Cooperatives dissolved or bankrupt",
           "HTX giải thể (tự nguyện, bắt buộc) hoặc phá sản trong kỳ", "HTX", COUNT, d.htx_dissolved),
        _i("htx_active", "Số HTX đang hoạt động", "Active cooperatives",
           "HTX ở trạng thái đang hoạt động vào ngày cuối kỳ", "HTX", COUNT, d.htx_active),
        _i("htx_total", "Tổng số HTX", "Cooperatives",
           "HTX đã thành lập, chưa giải thể vào ngày cuối kỳ (kể cả tạm ngừng, ngừng hoạt động)", "HTX", COUNT,
           d.htx_total),
        _i("htx_law2012_share", "Tỷ lệ HTX hoạt động theo Luật HTX 2012", "Share of cooperatives under the 2012 law",
           "HTX đang hoạt động đã thành lập hoặc đăng ký lại theo Luật HTX 2012 / HTX đang hoạt động", "%", RATIO,
           d.htx_law2012_share),
        _i("htx_ceased_resolved_share", "Tỷ lệ HTX ngừng hoạt động đã được giải thể",
           "Share of ceased cooperatives that have been dissolved",
           "HTX ngừng hoạt động đã giải thể đến cuối kỳ / HTX đã ngừng hoạt động", "%", RATIO,
           d.htx_ceased_resolved_share),
        _i("htx_effective_share", "Tỷ lệ HTX hoạt động hiệu quả", "Share of effective cooperatives",
           "HTX xếp loại Tốt, Khá / HTX được xếp loại trong năm", "%", RATIO, d.htx_effective_share),
        _i("value_chain_models", "Số mô hình HTX gắn với chuỗi giá trị", "Value-chain cooperative models",
           "HTX được công nhận mô hình gắn với chuỗi giá trị lần đầu trong kỳ, theo nguồn kinh phí", "mô hình",
           COUNT, d.value_chain_models),
        _i("value_chain_models_alliance",
           "Số mô hình HTX gắn với chuỗi giá trị bằng nguồn lực Liên minh HTX Việt Nam, doanh nghiệp",
           "Value-chain models funded by the national Alliance or enterprises",
           "Mô hình chuỗi giá trị mới trong kỳ có nguồn kinh phí Liên minh HTX Việt Nam hoặc doanh nghiệp",
           "mô hình", COUNT, d.value_chain_models_alliance),
        _i("htx_members", "Số thành viên HTX", "Cooperative members",
           "Thành viên của các HTX còn tồn tại cuối kỳ, theo số liệu năm", "thành viên", COUNT, d.htx_members),
        _i("htx_member_growth", "Tăng trưởng số thành viên HTX so với năm gốc",
           "Growth of cooperative members over the base year",
           "(Thành viên cuối kỳ − thành viên cuối năm gốc) / thành viên cuối năm gốc", "%", GROWTH,
           d.htx_member_growth),
        _i("htx_regular_workers", "Số lao động thường xuyên trong HTX", "Regular workers in cooperatives",
           "Lao động làm việc thường xuyên của các HTX còn tồn tại cuối kỳ", "người", COUNT, d.htx_regular_workers),
        _i("htx_avg_revenue", "Doanh thu bình quân một HTX", "Average revenue per cooperative",
           "Tổng doanh thu / số HTX có báo cáo doanh thu trong năm", "triệu đồng", AVERAGE, d.htx_avg_revenue),
        _i("htx_avg_profit", "Lãi bình quân một HTX", "Average profit per cooperative",
           "Tổng lợi nhuận / số HTX có báo cáo lợi nhuận trong năm", "triệu đồng", AVERAGE, d.htx_avg_profit),
        _i("htx_avg_income", "Thu nhập bình quân của lao động thường xuyên", "Average income per regular worker",
           "Σ(thu nhập bình quân × lao động thường xuyên) / Σ lao động thường xuyên", "triệu đồng/người/năm",
           AVERAGE, d.htx_avg_income),
        _i("tht_new", "Số THT thành lập mới", "New cooperative groups",
           "THT có ngày thành lập trong kỳ", "THT", COUNT, d.tht_new),
        _i("tht_total", "Tổng số THT", "Cooperative groups",
           "THT đã thành lập, chưa chấm dứt vào ngày cuối kỳ", "THT", COUNT, d.tht_total),
        _i("tht_members", "Số tổ viên THT", "Cooperative group members",
           "Tổ viên của các THT còn hoạt động cuối kỳ", "tổ viên", COUNT, d.tht_members),
        _i("tht_new_commune_coverage", "Tỷ lệ xã có THT thành lập mới", "Share of communes with a new group",
           "Xã có ít nhất 01 THT thành lập trong kỳ / số xã", "%", RATIO, d.tht_new_commune_coverage),
        _i("alliance_members", "Số thành viên Liên minh HTX", "Cooperative Alliance members",
           "Thành viên Liên minh HTX vào ngày cuối kỳ", "thành viên", COUNT, d.alliance_members),
        _i("alliance_member_growth", "Tăng trưởng thành viên Liên minh HTX so với năm gốc",
           "Growth of Cooperative Alliance members over the base year",
           "(Thành viên cuối kỳ − thành viên cuối năm gốc) / thành viên cuối năm gốc", "%", GROWTH,
           d.alliance_member_growth),
    ]
)

# The indicators the 2018 seed directive's targets name.
SEED_INDICATORS = (
    "tht_new",
    "htx_new",
    "value_chain_models",
    "htx_member_growth",
    "htx_effective_share",
    "htx_law2012_share",
    "htx_ceased_resolved_share",
    "alliance_member_growth",
    "value_chain_models_alliance",
)


def get_indicator(code: str) -> Indicator:
    try:
        return INDICATORS[code]
    except KeyError:
        raise UnknownIndicator(code) from None


def known_codes() -> Iterable[str]:
    return INDICATORS.keys()


class UnknownIndicator(ValueError):
    def __init__(self, code):
        super().__init__(f"Unknown indicator code {code!r}")
        self.code = code
