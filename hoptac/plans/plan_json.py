"""The plan JSON format (`hoptac.plan/1`, described in PLAN_JSON.md): export and validated parsing.

`export_plan` writes a stored directive; `parse_plan` reads a document, checks every part and
resolves agency names, and either returns a `ParsedPlan` ready to store
(`services.create_plan_from_json`) or raises `PlanError` listing every problem at once.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from hoptac.lib.dates import DateParseError, parse_vi_date
from hoptac.lib.vi_format import NumberParseError, format_vi_number, parse_vi_number

from . import assignees
from . import deadlines as dl
from .models import Comparator, Directive, DocumentType, PerUnitLevel

FORMAT = "hoptac.plan/1"


class PlanError(ValueError):
    """The plan cannot be stored; `errors` lists every problem found, in Vietnamese."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


# --- export --------------------------------------------------------------------------------------


def json_number(value):
    """35, not 35.0 nor "35.00"; 12.5 stays a decimal."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(day: datetime.date | None):
    return day.isoformat() if day else None


def export_plan(directive: Directive) -> dict:
    """The directive in the plan format, keys in the documented order."""
    tasks = (
        directive.tasks.order_by("position", "id")
        .prefetch_related("targets__allocations__agency", "targets__allocations__admin_unit", "assignments__agency")
    )
    has_source = bool(directive.source_text)
    return {
        "format": FORMAT,
        "document": {
            "type": directive.doc_type,
            "number": directive.number or None,
            "issued_on": _iso(directive.issued_on),
            "issuer": directive.issuer_as_written or directive.issuer.name,
            "subject": directive.subject,
            "signer": {"name": directive.signer_name or None, "title": directive.signer_title or None},
            "basis": [_basis_item(item) for item in directive.basis],
            "recipients": list(directive.recipients),
        },
        "tasks": [_export_task(task, has_source) for task in tasks],
        "warnings": list(directive.warnings),
    }


def _basis_item(item: dict) -> dict:
    return {"number": item.get("number"), "issued_on": item.get("issued_on"), "issuer": item.get("issuer")}


def _names(task, role) -> list[str]:
    return [a.agency.name for a in task.assignments.all() if a.role == role]


def _export_task(task, has_source: bool) -> dict:
    return {
        "number": task.number,
        "text": task.text,
        "lead": list(task.lead_as_written) or _names(task, "lead"),
        "coordinate": list(task.coordinate_as_written) or _names(task, "coordinate"),
        "deadline": {
            "kind": task.deadline_kind,
            "start": _iso(task.start),
            "due": _iso(task.due),
            "recurrence": dl.normalise_recurrence(task.recurrence) if task.recurrence else None,
            "as_written": task.deadline_as_written or None,
        },
        "targets": [_export_target(target) for target in sorted(task.targets.all(), key=lambda t: (t.position, t.pk))],
        "source": (
            {"start": task.source_start, "end": task.source_end}
            if has_source and task.source_start is not None and task.source_end is not None
            else None
        ),
    }


def _export_target(target) -> dict:
    return {
        "text": target.text,
        "indicator": target.indicator or None,
        "comparator": target.comparator,
        "value": json_number(target.value),
        "unit": target.unit,
        "base_year": target.base_year,
        "year": target.year,
        "per_unit_level": target.per_unit_level or None,
        "allocations": [
            {"unit": a.as_written or (a.agency.name if a.agency_id else a.admin_unit.name), "value": json_number(a.value)}
            for a in sorted(target.allocations.all(), key=lambda a: a.pk)
        ],
    }


def dumps(data: dict) -> str:
    """The canonical text: UTF-8 characters as they are, two-space indent, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def loads(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        message = _("Tệp không phải JSON hợp lệ: dòng %(line)s, cột %(col)s: %(msg)s.")
        raise PlanError([message % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}]) from None
    return data


# --- parsing and validation ----------------------------------------------------------------------


@dataclass
class ParsedAllocation:
    agency: object | None
    admin_unit: object | None
    value: Decimal
    as_written: str


@dataclass
class ParsedTarget:
    text: str
    indicator: str
    comparator: str
    value: Decimal
    unit: str
    base_year: int | None
    year: int | None
    per_unit_level: str
    allocations: list[ParsedAllocation] = field(default_factory=list)


@dataclass
class ParsedTask:
    number: str
    parent_number: str | None
    position: int
    text: str
    deadline: dl.Deadline | None
    deadline_as_written: str
    lead_as_written: list[str]
    coordinate_as_written: list[str]
    assignments: list[assignees.Assigned]
    targets: list[ParsedTarget]
    source_start: int | None
    source_end: int | None


@dataclass
class ParsedPlan:
    doc_type: str
    number: str
    issued_on: datetime.date | None
    issuer: object | None
    issuer_as_written: str
    subject: str
    signer_name: str
    signer_title: str
    basis: list[dict]
    recipients: list[str]
    year: int | None
    tasks: list[ParsedTask]
    warnings: list[str]


class _Checker:
    """Collects every error with where it was found, instead of stopping at the first."""

    def __init__(self):
        self.errors: list[str] = []

    def error(self, where: str, message: str):
        self.errors.append(f"{where}: {message}" if where else message)

    def text(self, value, where, *, required=False, max_length=None) -> str:
        if value is None:
            if required:
                self.error(where, _("chưa có nội dung."))
            return ""
        if not isinstance(value, str):
            self.error(where, _("phải là chuỗi ký tự."))
            return ""
        value = value.strip()
        if required and not value:
            self.error(where, _("chưa có nội dung."))
        if max_length and len(value) > max_length:
            self.error(where, _("dài quá %(max)s ký tự.") % {"max": max_length})
        return value

    def date(self, value, where) -> datetime.date | None:
        if value in (None, ""):
            return None
        try:
            return parse_vi_date(value)
        except DateParseError as exc:
            self.error(where, str(exc))
            return None

    def number(self, value, where) -> Decimal | None:
        if value is None or isinstance(value, bool):
            self.error(where, _("chưa có giá trị số."))
            return None
        try:
            return parse_vi_number(value)
        except NumberParseError as exc:
            self.error(where, str(exc))
            return None

    def year(self, value, where) -> int | None:
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2200:
            self.error(where, _("năm “%(value)s” không hợp lệ.") % {"value": value})
            return None
        return value

    def names(self, value, where) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(where, _("phải là danh sách tên."))
            return []
        return [v.strip() for v in value if v.strip()]

    def mapping(self, value, where, *, required=True) -> dict:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.error(where, _("phải là một đối tượng JSON."))
            return {}
        return value


def parent_number(number: str, known: set[str]) -> str | None:
    """"1.2" -> "1", "II.2.a" -> "II.2" (or "II" when "II.2" is not a task)."""
    parts = number.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:cut])
        if candidate in known:
            return candidate
    return None


def plan_year(data_tasks: list[ParsedTask], issued_on) -> int | None:
    """Plan year: the most common target year, else the most common deadline year, else the issue year."""
    years = Counter(t.year for task in data_tasks for t in task.targets if t.year)
    if years:
        return years.most_common(1)[0][0]
    due_years = Counter(d.year for task in data_tasks if task.deadline for d in (task.deadline.due, task.deadline.start) if d)
    if due_years:
        return due_years.most_common(1)[0][0]
    return issued_on.year if issued_on else None


def allocation_error(comparator: str, value: Decimal, unit: str, per_unit_level: str, allocations) -> str | None:
    """Allocations of a total (">=" or "=") must add up to it.

    Percentages and per-unit floors are not totals, so their allocations are not summed.
    """
    if not allocations or comparator not in (Comparator.AT_LEAST, Comparator.EQUAL):
        return None
    if unit.strip() == "%" or per_unit_level:
        return None
    total = sum((a.value for a in allocations), Decimal(0))
    if total != value:
        return _("Tổng phân bổ %(total)s khác chỉ tiêu %(value)s") % {
            "total": format_vi_number(total),
            "value": format_vi_number(value),
        }
    return None


def parse_plan(data, *, year: int | None = None) -> ParsedPlan:
    """Validate a plan document and resolve its agency names; raise PlanError with every problem."""
    check = _Checker()
    if not isinstance(data, dict):
        raise PlanError([_("Tệp phải chứa một đối tượng JSON theo định dạng %(format)s.") % {"format": FORMAT}])
    if data.get("format") != FORMAT:
        message = _("phải là “%(format)s” (đang là “%(value)s”).")
        check.error("format", message % {"format": FORMAT, "value": data.get("format")})
    doc = check.mapping(data.get("document"), _("Văn bản (document)"))
    where = _("Văn bản")
    doc_type = check.text(doc.get("type"), f"{where}, {_('loại')}", required=True)
    if doc_type and doc_type not in DocumentType.values:
        message = _("“%(value)s” không có; dùng một trong: %(choices)s.")
        check.error(f"{where}, {_('loại')}", message % {"value": doc_type, "choices": ", ".join(DocumentType.values)})
    issuer_name = check.text(doc.get("issuer"), f"{where}, {_('cơ quan ban hành')}", required=True, max_length=250)
    issuer = None
    if issuer_name:
        issuer, problem = assignees.resolve_one(issuer_name)
        if problem:
            check.error(f"{where}, {_('cơ quan ban hành')}", problem)
    signer = check.mapping(doc.get("signer"), f"{where}, {_('người ký')}", required=False)
    basis = []
    basis_list = doc.get("basis") or []
    if not isinstance(basis_list, list):
        check.error(f"{where}, {_('căn cứ')}", _("phải là danh sách."))
        basis_list = []
    for i, item in enumerate(basis_list, 1):
        item_where = f"{where}, {_('căn cứ')} {i}"
        item = check.mapping(item, item_where)
        issued = check.date(item.get("issued_on"), item_where)
        basis.append(
            {
                "number": check.text(item.get("number"), item_where) or None,
                "issued_on": _iso(issued),
                "issuer": check.text(item.get("issuer"), item_where) or None,
            }
        )
    warnings = check.names(data.get("warnings"), _("Lưu ý (warnings)"))
    issued_on = check.date(doc.get("issued_on"), f"{where}, {_('ngày ban hành')}")
    tasks = _parse_tasks(data.get("tasks"), check, warnings)
    plan = ParsedPlan(
        doc_type=doc_type,
        number=check.text(doc.get("number"), f"{where}, {_('số')}", max_length=60),
        issued_on=issued_on,
        issuer=issuer,
        issuer_as_written=issuer_name,
        subject=check.text(doc.get("subject"), f"{where}, {_('trích yếu')}", required=True, max_length=400),
        signer_name=check.text(signer.get("name"), f"{where}, {_('người ký')}", max_length=120),
        signer_title=check.text(signer.get("title"), f"{where}, {_('chức vụ người ký')}", max_length=120),
        basis=basis,
        recipients=check.names(doc.get("recipients"), f"{where}, {_('nơi nhận')}"),
        year=year,
        tasks=tasks,
        warnings=warnings,
    )
    if plan.year is None:
        plan.year = plan_year(tasks, issued_on)
        if plan.year is None and not check.errors:
            check.error("", _("Không xác định được năm kế hoạch: văn bản không có ngày, thời hạn hay chỉ tiêu nào có năm."))
    for task in tasks:
        for target in task.targets:
            if target.year is None:
                target.year = (task.deadline.due.year if task.deadline and task.deadline.due else None) or plan.year
    if check.errors:
        raise PlanError(check.errors)
    return plan


def _parse_tasks(raw_tasks, check: _Checker, warnings: list[str]) -> list[ParsedTask]:
    if not isinstance(raw_tasks, list) or not raw_tasks:
        check.error(_("Nhiệm vụ (tasks)"), _("văn bản phải có ít nhất một nhiệm vụ."))
        return []
    numbers = [t.get("number") if isinstance(t, dict) else None for t in raw_tasks]
    known = {n for n in numbers if isinstance(n, str)}
    for number, count in Counter(n for n in numbers if isinstance(n, str)).items():
        if count > 1:
            where = _("Nhiệm vụ %(number)s") % {"number": number}
            check.error(where, _("số thứ tự bị trùng (%(count)s lần).") % {"count": count})
    tasks = []
    for position, raw in enumerate(raw_tasks, 1):
        if not isinstance(raw, dict):
            check.error(_("Nhiệm vụ thứ %(n)s") % {"n": position}, _("phải là một đối tượng JSON."))
            continue
        number = raw.get("number")
        where = _("Nhiệm vụ %(number)s") % {"number": number}
        number = check.text(number, where, required=True, max_length=30)
        text = check.text(raw.get("text"), f"{where}, {_('nội dung')}", required=True)
        lead = check.names(raw.get("lead"), f"{where}, {_('chủ trì')}")
        coordinate = check.names(raw.get("coordinate"), f"{where}, {_('phối hợp')}")
        resolved = assignees.resolve(lead, coordinate)
        for problem in resolved.errors:
            check.errors.append(f"{where}, {problem}")
        for note in resolved.warnings(number):
            if note not in warnings:
                warnings.append(note)
        deadline, as_written = _parse_deadline(raw.get("deadline"), check, f"{where}, {_('thời hạn')}")
        source = raw.get("source")
        source_start = source_end = None
        if source is not None:
            source = check.mapping(source, f"{where}, source")
            source_start, source_end = source.get("start"), source.get("end")
            offsets = (source_start, source_end)
            if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in offsets) or source_start > source_end:
                check.error(f"{where}, source", _("vị trí trong văn bản phải là hai số nguyên start ≤ end."))
                source_start = source_end = None
        targets = []
        raw_targets = raw.get("targets") or []
        if not isinstance(raw_targets, list):
            check.error(f"{where}, {_('chỉ tiêu')}", _("phải là danh sách."))
            raw_targets = []
        for i, raw_target in enumerate(raw_targets, 1):
            target = _parse_target(raw_target, check, f"{where}, {_('chỉ tiêu')} {i}")
            if target:
                targets.append(target)
        tasks.append(
            ParsedTask(
                number=number,
                parent_number=parent_number(number, known) if number else None,
                position=position,
                text=text,
                deadline=deadline,
                deadline_as_written=as_written,
                lead_as_written=lead,
                coordinate_as_written=coordinate,
                assignments=resolved.assigned,
                targets=targets,
                source_start=source_start,
                source_end=source_end,
            )
        )
    return tasks


def _parse_deadline(raw, check: _Checker, where: str):
    raw = check.mapping(raw, where)
    if not raw:
        return None, ""
    start = check.date(raw.get("start"), where)
    due = check.date(raw.get("due"), where)
    as_written = check.text(raw.get("as_written"), where, max_length=250)
    try:
        return dl.normalise(raw.get("kind"), start, due, raw.get("recurrence")), as_written
    except dl.DeadlineError as exc:
        check.error(where, str(exc))
        return None, as_written


def _parse_target(raw, check: _Checker, where: str) -> ParsedTarget | None:
    raw = check.mapping(raw, where)
    if not raw:
        return None
    errors_before = len(check.errors)
    comparator = raw.get("comparator")
    if comparator not in Comparator.values:
        check.error(where, _("phép so sánh “%(value)s” không hợp lệ (>=, =, <=).") % {"value": comparator})
    level = raw.get("per_unit_level") or ""
    if level and level not in PerUnitLevel.values:
        check.error(where, _("“per_unit_level” phải là commune, district hoặc null (đang là “%(value)s”).") % {"value": level})
    target = ParsedTarget(
        text=check.text(raw.get("text"), where, required=True, max_length=400),
        indicator=check.text(raw.get("indicator"), where, max_length=60),
        comparator=comparator,
        value=check.number(raw.get("value"), f"{where}, {_('giá trị')}"),
        unit=check.text(raw.get("unit"), f"{where}, {_('đơn vị tính')}", required=True, max_length=40),
        base_year=check.year(raw.get("base_year"), where),
        year=check.year(raw.get("year"), where),
        per_unit_level=level,
    )
    raw_allocations = raw.get("allocations") or []
    if not isinstance(raw_allocations, list):
        check.error(f"{where}, {_('phân bổ')}", _("phải là danh sách."))
        raw_allocations = []
    for j, item in enumerate(raw_allocations, 1):
        item_where = f"{where}, {_('phân bổ')} {j}"
        item = check.mapping(item, item_where)
        name = check.text(item.get("unit"), item_where, required=True, max_length=200)
        value = check.number(item.get("value"), item_where)
        if not name or value is None:
            continue
        agency, admin_unit, problem = assignees.resolve_allocation_unit(name)
        if problem:
            check.error(item_where, problem)
            continue
        target.allocations.append(ParsedAllocation(agency, admin_unit, value, name))
    if len(check.errors) == errors_before and target.value is not None:
        problem = allocation_error(target.comparator, target.value, target.unit, target.per_unit_level, target.allocations)
        if problem:
            check.error(where, problem)
    return target
