"""One district's page: its targets, its committee's tasks, its registry, its communes lacking a new group.

The figures are the overview's (the same scorecard rows, the same statuses), narrowed to the district.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from hoptac.indicators.engine import compute_many
from hoptac.indicators.periods import Period
from hoptac.indicators.registry import INDICATORS
from hoptac.plans import queries as plan_queries
from hoptac.plans import status as st
from hoptac.plans.models import Directive
from hoptac.units.models import AdminUnit, Agency

from .overview import Column, Grid

# Registry counts shown as links to the filtered lists: stocks on the date, flows since 1 January.
REGISTRY_CODES = ("htx_total", "htx_active", "htx_new", "tht_total", "tht_new")


@dataclass
class TargetLine:
    column: Column
    cell: object  # overview.Cell

    @property
    def not_meeting(self) -> list[AdminUnit]:
        per_unit = self.cell.row.per_unit
        return per_unit.not_meeting if per_unit is not None else []


def target_lines(grid: Grid, district: AdminUnit) -> list[TargetLine]:
    lines = []
    for column in grid.columns:
        cell = column.by_unit.get(district.pk)
        if cell is not None:
            lines.append(TargetLine(column, cell))
    return lines


def communes_without_new_group(lines: list[TargetLine], district: AdminUnit, as_of: datetime.date):
    """The communes falling short of the per-commune target (named), from the target's own row;
    without such a target, those with no group founded since 1 January (the indicator's drill-down)."""
    for line in lines:
        if line.cell.row.per_unit is not None and line.column.target.indicator == "tht_new":
            return line.not_meeting
    period = Period.year_to_date(as_of)
    return list(INDICATORS["tht_new_commune_coverage"].drilldown(district, period, part="missing").order_by("path"))


def registry_counts(district: AdminUnit, as_of: datetime.date) -> dict[str, int]:
    """Cooperatives and groups of the district: existing and active on the date, new since 1 January."""
    values = compute_many(REGISTRY_CODES, period=Period.year_to_date(as_of), level=district.level, units=[district])
    return {code: values[code][district.pk].numerator for code in REGISTRY_CODES}


def district_committee(district: AdminUnit) -> Agency | None:
    return (
        Agency.objects.filter(admin_unit=district, kind=Agency.Kind.DISTRICT_COMMITTEE)
        .order_by("ordering", "pk")
        .first()
    )


def committee_tasks(agency: Agency | None, directive: Directive | None, as_of: datetime.date):
    """The committee's assignments in the plan with their status, and the four-way counts (both roles)."""
    if agency is None or directive is None:
        return [], st.StatusCounts()
    rows = [
        row for row in plan_queries.assignments_for_agency(agency, as_of, directive=directive)
        if not getattr(row.assignment, "task_has_children", False)
    ]
    return rows, st.StatusCounts.of(row.result for row in rows)
