"""Drill-down: the records behind one indicator value of one unit and period.

    /indicators/htx_new/<unit id>/?tu=01/01/2018&den=15/10/2018

lists the cooperatives counted in that unit's "new HTX" figure, with the indicator's definition and
its numerator and denominator. Other parameters: `goc` (base year of a growth indicator), `phan`
(numerator, denominator or missing: the denominator's records outside the numerator) and, for a
per-unit target such as "every commune at least one new group", `moi` (the level: commune or
district) and `dat` (the value each unit must reach), which add a table of those units.

The list is the engine's own drill-down queryset, so it holds exactly the records counted. It is
scoped like every registry list: a unit outside the user's territory does not exist (404).
"""

import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.lib.dates import DateParseError, format_vi_date, parse_vi_date, today
from hoptac.registry.models import AllianceMembership, Cooperative, CooperativeGroup, CooperativeYear
from hoptac.units.models import AdminUnit

from .measures import LEVELS
from .periods import Period
from .registry import INDICATORS, units_valid_during
from .values import AVERAGE, COUNT, GROWTH, RATIO, format_number, format_value

PAGE_SIZE = 100
PARTS = ("numerator", "denominator", "missing")


def drilldown_query(period: Period, *, base_year: int | None = None, part: str = "numerator",
                    per_unit_level: str = "", per_unit_value=None) -> str:
    params = {"tu": format_vi_date(period.start), "den": format_vi_date(period.end)}
    if base_year:
        params["goc"] = base_year
    if part != "numerator":
        params["phan"] = part
    if per_unit_level:
        params["moi"] = per_unit_level
        if per_unit_value is not None:
            params["dat"] = format_number(per_unit_value, 2)
    return urlencode(params)


def drilldown_url(code: str, unit, period: Period, **options) -> str:
    """Where a figure links to: the drill-down of `code` for `unit` over `period` (options: `base_year`,
    `part`, `per_unit_level`, `per_unit_value`)."""
    unit_id = unit.pk if isinstance(unit, AdminUnit) else unit
    return f"{reverse('indicators:drilldown', args=[code, unit_id])}?{drilldown_query(period, **options)}"


class DrilldownLinks:
    """`drilldown_url` for a grid of figures: one URL lookup per indicator and one query string per
    period, whatever the number of units."""

    def __init__(self):
        self._paths: dict[str, str] = {}
        self._queries: dict[tuple, str] = {}

    def url(self, code: str, unit, period: Period, **options) -> str:
        if code not in self._paths:
            self._paths[code] = reverse("indicators:drilldown", args=[code, 0])[: -len("0/")]
        key = (period, tuple(sorted(options.items())))
        if key not in self._queries:
            self._queries[key] = drilldown_query(period, **options)
        unit_id = unit.pk if isinstance(unit, AdminUnit) else unit
        return f"{self._paths[code]}{unit_id}/?{self._queries[key]}"


def registry_scope(user):
    """The engine's `queryset_scope` limiting every base queryset to the records `user` may see."""
    visible = {
        Cooperative: access.visible_cooperatives(user),
        CooperativeGroup: access.visible_groups(user),
        AllianceMembership: access.visible_memberships(user),
    }
    restricted = {model: qs for model, qs in visible.items() if qs.query.has_filters()}
    if not restricted:
        return None  # sees the whole registry: no filter to add

    def scope(qs):
        if qs.model is CooperativeYear and Cooperative in restricted:
            return qs.filter(cooperative__in=restricted[Cooperative].values("pk"))
        if qs.model in restricted:
            return qs.filter(pk__in=restricted[qs.model].values("pk"))
        return qs

    return scope


def _date_param(query, name, default, errors):
    raw = (query.get(name) or "").strip()
    if not raw:
        return default
    try:
        return parse_vi_date(raw)
    except DateParseError as exc:
        errors.append(str(exc))
        return default


def period_from(query) -> tuple[Period, list[str]]:
    """`tu`/`den` (dd/mm/yyyy); by default from 1 January of the end's year to today."""
    errors: list[str] = []
    end = _date_param(query, "den", today(), errors)
    start = _date_param(query, "tu", datetime.date(end.year, 1, 1), errors)
    if start > end:
        errors.append(_("Ngày bắt đầu sau ngày kết thúc: đang tính từ đầu năm."))
        start = datetime.date(end.year, 1, 1)
    return Period(start, end), errors


def _base_year(query, indicator, period, errors) -> int | None:
    if indicator.kind != GROWTH:
        return None
    raw = (query.get("goc") or "").strip()
    if raw.isdigit() and int(raw) < period.figures_year:
        return int(raw)
    if raw:
        errors.append(_("Năm gốc phải là một năm trước năm %(year)s.") % {"year": period.figures_year})
    return period.figures_year - 1


def _per_unit(query, unit) -> tuple[str, Decimal | None]:
    level = query.get("moi", "")
    if level not in LEVELS or LEVELS.index(level) >= LEVELS.index(unit.level):
        return "", None  # only a level below the unit's own makes sense
    try:
        value = Decimal((query.get("dat") or "1").replace(",", "."))
    except InvalidOperation:
        value = Decimal(1)
    return level, value


def _parts_of(indicator) -> tuple[str, ...]:
    """A count has only records counted; growth compares two sets; a ratio also has those left out."""
    if indicator.kind == COUNT:
        return ("numerator",)
    return ("numerator", "denominator") if indicator.kind == GROWTH else PARTS


def _ordered(records):
    model = records.model
    if model is Cooperative:
        return records.select_related("commune__parent").order_by("commune__parent__name", "commune__name", "name", "pk")
    if model is CooperativeYear:
        return records.select_related("cooperative__commune__parent").order_by(
            "cooperative__commune__parent__name", "cooperative__commune__name", "cooperative__name", "year", "pk"
        )
    if model is CooperativeGroup:
        return records.select_related("commune__parent").order_by("commune__parent__name", "commune__name", "name", "pk")
    if model is AllianceMembership:
        return records.select_related(
            "cooperative__commune__parent", "group__commune__parent", "commune__parent"
        ).order_by("joined_on", "pk")
    if model is AdminUnit:
        return records.select_related("parent").order_by("path")
    return records.order_by("pk")


RECORD_TEMPLATES = {
    Cooperative: "indicators/_rows_cooperative.html",
    CooperativeYear: "indicators/_rows_cooperative_year.html",
    CooperativeGroup: "indicators/_rows_group.html",
    AllianceMembership: "indicators/_rows_membership.html",
    AdminUnit: "indicators/_rows_unit.html",
}


KIND_LABELS = {
    COUNT: _lazy("Số lượng (cộng dồn các đơn vị)"),
    RATIO: _lazy("Tỷ lệ = tử số / mẫu số × 100"),
    GROWTH: _lazy("Tăng trưởng = (cuối kỳ − năm gốc) / năm gốc × 100"),
    AVERAGE: _lazy("Bình quân = tử số / mẫu số"),
}


def _summed_field(indicator, period, base_year, part) -> str:
    """The figure a sum adds up ("members" …), or "" when the value counts records."""
    measure = indicator.build(period, base_year)
    summed = measure.denominator_field if part == "denominator" else measure.field
    return summed if isinstance(summed, str) else ("" if summed is None else "expression")


def _part_tabs(indicator, part, request) -> list[dict]:
    if indicator.kind == COUNT:
        return []
    if indicator.kind == GROWTH:
        labels = {"numerator": _("Cuối kỳ (tử số)"), "denominator": _("Năm gốc (mẫu số)")}
    else:
        labels = {"numerator": _("Tử số"), "denominator": _("Mẫu số"), "missing": _("Thuộc mẫu số, chưa đạt")}
    tabs = []
    for value, label in labels.items():
        params = request.GET.copy()
        params.pop("page", None)
        params["phan"] = value
        tabs.append({"label": label, "url": f"?{params.urlencode()}", "active": value == part})
    return tabs


@requires(perms.REGISTRY_READ)
def drilldown(request, code, unit_pk):
    indicator = INDICATORS.get(code)
    if indicator is None:
        raise Http404
    unit = access.visible_units(request.user).select_related("parent").filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    period, errors = period_from(request.GET)
    base_year = _base_year(request.GET, indicator, period, errors)
    part = request.GET.get("phan", "numerator")
    if part not in _parts_of(indicator):
        part = "numerator"
    scope = registry_scope(request.user)
    value = indicator.compute(period, unit.level, units=[unit], base_year=base_year, queryset_scope=scope)[unit.pk]
    records = _ordered(indicator.drilldown(unit, period, base_year=base_year, part=part, queryset_scope=scope))
    page_obj = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))

    per_unit_level, per_unit_value = _per_unit(request.GET, unit)
    per_unit_rows = []
    if per_unit_level:
        members = list(
            units_valid_during(per_unit_level, period).filter(path__startswith=unit.path + "/").order_by("path")
        )
        values = indicator.compute(period, per_unit_level, units=members, base_year=base_year, queryset_scope=scope)
        links = DrilldownLinks()
        for member in members:
            member_value = values[member.pk]
            met = None if member_value.value is None else Decimal(member_value.value) >= per_unit_value
            per_unit_rows.append({
                "unit": member,
                "value": member_value,
                "text": format_value(member_value, indicator.unit if indicator.kind == COUNT else ""),
                "met": met,
                "url": links.url(code, member, period, base_year=base_year),
            })

    context = {
        "indicator": indicator,
        "unit": unit,
        "period": period,
        "base_year": base_year,
        "part": part,
        "tabs": _part_tabs(indicator, part, request),
        "value": value,
        "value_text": format_value(value, indicator.unit if indicator.kind == COUNT else ""),
        "summed": _summed_field(indicator, period, base_year, part),
        "kind_label": KIND_LABELS.get(indicator.kind, indicator.kind),
        "page_obj": page_obj,
        "rows_template": RECORD_TEMPLATES.get(records.model, RECORD_TEMPLATES[Cooperative]),
        "ref_date": period.end,
        "errors": errors,
        "per_unit_level": per_unit_level,
        "per_unit_level_label": AdminUnit.Level(per_unit_level).label.lower() if per_unit_level else "",
        "per_unit_value": per_unit_value,
        "per_unit_rows": per_unit_rows,
        "per_unit_meeting": sum(1 for row in per_unit_rows if row["met"]),
        "per_unit_short": [row for row in per_unit_rows if row["met"] is False],
        "parent_url": drilldown_url(code, unit.parent, period, base_year=base_year, part=part)
        if unit.parent_id and access.visible_units(request.user).filter(pk=unit.parent_id).exists() else "",
        "figures_year": period.figures_year,
    }
    return render(request, "indicators/drilldown.html", context)
