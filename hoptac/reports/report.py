"""The consolidated year-end report as plain data: what every renderer (DOCX, PDF, XLSX) prints.

Built by `consolidation.build_report()`; values are numbers, dates and strings, never model
instances, so renderers need no database and tests can compare figures directly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from hoptac.lib.vi_format import format_vi_date, format_vi_number


def fmt_number(value: Decimal | None, decimals: int | None = None) -> str:
    """1234.5 → "1.234,5"; whole numbers without decimals; empty for None."""
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if Decimal(value) == Decimal(value).to_integral_value() else 1
    return format_vi_number(value, decimals)


def fmt_percent(value: Decimal | None) -> str:
    return "" if value is None else fmt_number(value, 1)


@dataclass(frozen=True)
class TargetLine:
    """One unit's row in a target table (or the province total)."""

    unit_code: str
    unit_name: str
    target_value: Decimal | None
    actual: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    percent: Decimal | None = None  # actual / target × 100
    met: bool | None = None
    is_total: bool = False

    @property
    def met_label(self) -> str:
        if self.met is None:
            return ""
        return "Đạt" if self.met else "Chưa đạt"


@dataclass(frozen=True)
class TargetTable:
    target_id: int
    task_number: str
    text: str
    indicator: str
    unit: str
    comparator: str
    value: Decimal
    is_percentage: bool
    lines: tuple[TargetLine, ...]
    total: TargetLine | None
    # "commune" / "district" for a target every unit of that level must meet: its lines count units
    # (numerator = units meeting it, denominator = units), as the scorecard does.
    per_unit_level: str = ""

    @property
    def title(self) -> str:
        return self.text[:1].upper() + self.text[1:]

    def all_lines(self) -> tuple[TargetLine, ...]:
        return self.lines + ((self.total,) if self.total else ())


@dataclass(frozen=True)
class Narrative:
    agency: str
    result: str = ""
    difficulties: str = ""
    proposals: str = ""
    state_label: str = ""


@dataclass(frozen=True)
class AssignmentLine:
    agency: str
    role_label: str
    status: str | None
    status_label: str
    due: datetime.date | None = None
    completed_on: datetime.date | None = None
    narrative: Narrative | None = None


@dataclass(frozen=True)
class TaskItem:
    number: str
    text: str
    deadline: str
    level: int
    status: str | None
    status_label: str
    leads: tuple[AssignmentLine, ...] = ()
    is_heading: bool = False


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class ReportingLine:
    agency: str
    standing: str
    standing_label: str
    state_label: str
    first_submitted_on: datetime.date | None


@dataclass(frozen=True)
class ReportingSummary:
    expected: int
    received: int
    on_time: int
    completeness: Decimal | None
    timeliness: Decimal | None
    lines: tuple[ReportingLine, ...]

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.received


@dataclass(frozen=True)
class CooperativeRow:
    name: str
    registration_code: str
    district: str
    commune: str
    established_on: datetime.date | None
    state_label: str
    compliant: bool
    members: int | None
    alliance_member: bool


@dataclass(frozen=True)
class GroupRow:
    name: str
    district: str
    commune: str
    founded_on: datetime.date | None
    members: int | None
    field_label: str
    leader: str


@dataclass(frozen=True)
class ConsolidatedReport:
    round_id: int
    year: int
    period_start: datetime.date
    period_end: datetime.date
    # NĐ 30/2020 header and closing
    parent_body: str
    issuer: str
    number: str
    place: str
    issued_on: datetime.date | None
    subject: str
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]
    # body
    opening: str
    closing: str
    section1: tuple[str, ...]
    targets: tuple[TargetTable, ...]
    tasks: tuple[TaskItem, ...]
    task_counts: tuple[StatusCount, ...]
    reporting: ReportingSummary
    section3_results: tuple[str, ...]
    section3_limitations: tuple[str, ...]
    section3_causes: tuple[str, ...]
    section4: tuple[str, ...]
    section5: tuple[str, ...]
    # annex
    cooperatives: tuple[CooperativeRow, ...] = ()
    groups: tuple[GroupRow, ...] = ()
    is_demo: bool = False
    notes: dict = field(default_factory=dict)

    doc_kind: str = "BÁO CÁO"

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}"

    @property
    def place_date(self) -> str:
        if self.issued_on:
            day = self.issued_on
            return f"{self.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
        # Day and month left blank to be filled in when the report is signed and registered.
        blank = "\u00a0" * 6
        return f"{self.place}, ngày{blank}tháng{blank}năm {self.period_end.year}"

    @property
    def period_label(self) -> str:
        return f"{format_vi_date(self.period_start)} – {format_vi_date(self.period_end)}"
