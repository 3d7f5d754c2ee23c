"""The figures an agency's report is pre-filled with, taken from the plan's scorecard.

A district reports its own rows of the scorecard (the targets allocated to its territory). An agency
without a territory of its own (the Alliance, a department) reports the targets of the tasks it
leads, as the scorecard gives them for the whole province or for that agency (the Alliance's
membership). The scorecard is the only source of target figures (docs/adr/0005).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef

from hoptac.plans.models import Assignment, AssignmentRole, Target, Task
from hoptac.units.agencies import written_name
from hoptac.units.models import AdminUnit, Agency

from .queries import task_in_period


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def scorecard_rows(directive, year: int) -> list[dict]:
    """The scorecard of `directive` for `year` exactly as `manage.py scorecard --format json` gives it
    (one dict per target × unit: target, indicator, unit, unit_code, unit_name, target_value, actual,
    numerator, denominator, met, percent_achieved, is_total, per_unit_level …), numbers as Decimal."""
    from hoptac.plans import scorecard

    rows = scorecard.as_json_rows(scorecard.evaluate(directive, year=year))
    result = []
    for row in rows:
        item = dict(row)
        for key in ("target_value", "actual", "numerator", "denominator", "percent_achieved"):
            item[key] = _decimal(item.get(key))
        result.append(item)
    return result


def province_code(directive) -> str:
    unit = directive.issuer.admin_unit if directive.issuer_id else None
    if unit is not None:
        return unit.path.split("/")[0]
    province = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE).order_by("code").first()
    return province.code if province else ""


def _target_tasks(directive) -> dict[int, tuple[str, str]]:
    return {
        pk: (number, text)
        for pk, number, text in Target.objects.filter(task__directive=directive).values_list("pk", "task__number", "text")
    }


def _led_targets(directive, agency: Agency) -> set[int]:
    led = Assignment.objects.filter(task=OuterRef("task"), agency=agency, role=AssignmentRole.LEAD)
    return set(Target.objects.filter(task__directive=directive).filter(Exists(led)).values_list("pk", flat=True))


def select_rows(rows: list[dict], agency: Agency, *, directive) -> list[dict]:
    """The scorecard rows an agency answers for (see the module docstring)."""
    unit = agency.admin_unit
    if unit is not None and unit.level != AdminUnit.Level.PROVINCE:
        own = [r for r in rows if r["unit_code"] == unit.code and not r.get("is_total")]
        if own:
            return own
    led = _led_targets(directive, agency)
    by_agency = [r for r in rows if r["target"] in led and r["unit_code"] == agency.code]
    covered = {r["target"] for r in by_agency}
    total = [r for r in rows if r["target"] in led and r["target"] not in covered and r.get("is_total")]
    return by_agency + total


def figure_of(row: dict, tasks: dict[int, tuple[str, str]], province: str = "") -> dict:
    number, text = tasks.get(row["target"], ("", ""))

    def out(value):
        return None if value is None else str(value)

    return {
        "key": f"{row['target']}:{row['unit_code']}",
        "target": row["target"],
        "task": number,
        "text": text,
        "indicator": row.get("indicator", ""),
        "unit": row.get("unit", ""),
        "unit_name": written_name(row.get("unit_name") or "", province),
        "target_value": out(row["target_value"]),
        "computed": out(row["actual"]),
        "numerator": out(row["numerator"]),
        "denominator": out(row["denominator"]),
        "percent": out(row.get("percent_achieved")),
        "met": row.get("met"),
        "per_unit_level": row.get("per_unit_level"),
        "reported": None,
    }


def figures_for(rnd, agency: Agency, *, rows: list[dict] | None = None) -> list[dict]:
    """The figure rows of `agency`'s report for round `rnd` (computed now from the registry)."""
    directive = rnd.directive
    rows = rows if rows is not None else scorecard_rows(directive, rnd.year)
    chosen = select_rows(rows, agency, directive=directive)
    tasks = _target_tasks(directive)
    province = province_code(directive)
    return [figure_of(row, tasks, province) for row in chosen]


def refresh(old: list[dict], new: list[dict]) -> list[dict]:
    """New computed figures, keeping what the agency reported for each key that still exists."""
    reported = {row["key"]: row.get("reported") for row in old}
    return [{**row, "reported": reported.get(row["key"])} for row in new]


def differences(figures: list[dict]) -> list[dict]:
    """Rows where the agency reports a value other than the registry's: what the consolidator checks."""
    return [
        row for row in figures
        if row.get("reported") is not None and _decimal(row["reported"]) != _decimal(row.get("computed"))
    ]


def tasks_in_period(directive, period_start, period_end):
    return Task.objects.filter(directive=directive).filter(task_in_period(directive, period_start, period_end))


def assignments_of(rnd, agency: Agency):
    """The agency's assignments the report speaks of: tasks of the period, headings left out
    (their sub-tasks carry the work)."""
    children = Task.objects.filter(parent=OuterRef("task"))
    return (
        Assignment.objects.filter(agency=agency, task__in=tasks_in_period(rnd.directive, rnd.period_start, rnd.period_end))
        .filter(~Exists(children))
        .select_related("task")
        .order_by("task__position", "task_id")
    )
