"""Task status, derived and never stored (docs/adr/0002-task-status.md).

Pure functions over a deadline, the dated facts recorded on an assignment (completions,
extensions, progress-update dates, a return) and a reference date `as_of`. Facts dated after
`as_of` are ignored, so the status "as at 31/12/2018" is the same whenever it is asked.

The four values follow the Government Office's taxonomy (Báo cáo 1270/BC-TCTTTg): completed on
time, completed late, in progress within the deadline, overdue and not completed.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import deadlines as dl
from .deadlines import Deadline, Period


class Status(models.TextChoices):
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    IN_PROGRESS = "in_progress", _("Đang thực hiện trong hạn")
    OVERDUE = "overdue", _("Quá hạn, chưa hoàn thành")


DONE = frozenset({Status.DONE_ON_TIME, Status.DONE_LATE})
STATUS_ORDER = (Status.DONE_ON_TIME, Status.DONE_LATE, Status.IN_PROGRESS, Status.OVERDUE)


@dataclass(frozen=True)
class CompletionFact:
    completed_on: datetime.date
    occurrence_due: datetime.date | None = None


@dataclass(frozen=True)
class ExtensionFact:
    decided_on: datetime.date
    new_due: datetime.date
    occurrence_due: datetime.date | None = None


@dataclass(frozen=True)
class Facts:
    """What has been recorded on one assignment (any dates; filtering by as_of happens here)."""

    completions: tuple[CompletionFact, ...] = ()
    extensions: tuple[ExtensionFact, ...] = ()
    update_dates: tuple[datetime.date, ...] = ()
    returned_on: datetime.date | None = None


@dataclass(frozen=True)
class OccurrenceStatus:
    """One occurrence of a recurring task: its own due date (after extensions) and status."""

    occurrence: Period
    status: Status
    due: datetime.date
    completed_on: datetime.date | None

    @property
    def original_due(self) -> datetime.date:
        return self.occurrence.end

    @property
    def extended(self) -> bool:
        return self.due != self.occurrence.end


@dataclass(frozen=True)
class PeriodStatus:
    """One reporting period of an ongoing task: was anything reported in it?"""

    period: Period
    reported: bool
    ended: bool
    status: Status


@dataclass(frozen=True)
class StatusResult:
    status: Status | None  # None when the assignment was returned
    returned: bool = False
    due: datetime.date | None = None  # in force at as_of, after extensions
    original_due: datetime.date | None = None
    completed_on: datetime.date | None = None
    occurrence: Period | None = None  # recurring: the occurrence judged
    period: Period | None = None  # ongoing: the reporting period judged

    @property
    def label(self) -> str:
        if self.returned:
            return str(_("Đã trả lại"))
        return self.status.label if self.status else ""

    @property
    def extended(self) -> bool:
        return self.due is not None and self.original_due is not None and self.due != self.original_due


# --- building blocks -----------------------------------------------------------------------------


def effective_due(original_due, extensions: Iterable[ExtensionFact], as_of, occurrence_due=None):
    """The due date in force at `as_of`: the latest extension granted by then, else the original."""
    granted = [
        ext.new_due for ext in extensions if ext.decided_on <= as_of and ext.occurrence_due == occurrence_due
    ]
    if original_due is None:
        return None
    return max([original_due, *granted])


def completion_on(facts: Facts, as_of, occurrence_due=None) -> datetime.date | None:
    dates = [c.completed_on for c in facts.completions if c.occurrence_due == occurrence_due and c.completed_on <= as_of]
    return min(dates) if dates else None


def judge(due: datetime.date | None, completed_on: datetime.date | None, as_of: datetime.date) -> Status:
    """The four-way status against one due date. The due date itself is still in time."""
    if completed_on is not None:
        if due is None or completed_on <= due:
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    if due is None or as_of <= due:
        return Status.IN_PROGRESS
    return Status.OVERDUE


def is_returned(facts: Facts, as_of) -> bool:
    return facts.returned_on is not None and facts.returned_on <= as_of


# --- per kind ------------------------------------------------------------------------------------


def occurrence_statuses(deadline: Deadline, facts: Facts, as_of, *, started_on) -> list[OccurrenceStatus]:
    """Every occurrence from the start through the one of the cycle containing `as_of`."""
    recurrence = deadline.recurrence
    first_day = max(filter(None, [started_on, deadline.start]))
    current = dl.occurrence_in_cycle_of(recurrence, as_of)
    last_day = min(filter(None, [current.end, deadline.due]))
    result = []
    for occurrence in dl.occurrences(recurrence, first_day, last_day):
        due = effective_due(occurrence.end, facts.extensions, as_of, occurrence.end)
        done = completion_on(facts, as_of, occurrence.end)
        result.append(OccurrenceStatus(occurrence, judge(due, done, as_of), due, done))
    return result


def _next_occurrence(deadline: Deadline, as_of, started_on) -> Period | None:
    first_day = max(filter(None, [started_on, deadline.start, as_of]))
    upcoming = dl.occurrences(deadline.recurrence, first_day, first_day + datetime.timedelta(days=800))
    if upcoming and (deadline.due is None or upcoming[0].end <= deadline.due):
        return upcoming[0]
    return None


def _recurring_status(deadline: Deadline, facts: Facts, as_of, started_on) -> StatusResult:
    """An overdue occurrence outweighs the rest; otherwise the occurrence of the current cycle."""
    items = occurrence_statuses(deadline, facts, as_of, started_on=started_on)
    chosen = next((item for item in items if item.status == Status.OVERDUE), None)
    if chosen is None and items:
        chosen = items[-1]
    if chosen is None:
        upcoming = _next_occurrence(deadline, as_of, started_on)
        return StatusResult(
            Status.IN_PROGRESS,
            due=upcoming.end if upcoming else None,
            original_due=upcoming.end if upcoming else None,
            occurrence=upcoming,
        )
    return StatusResult(
        chosen.status,
        due=chosen.due,
        original_due=chosen.occurrence.end,
        completed_on=chosen.completed_on,
        occurrence=chosen.occurrence,
    )


def period_statuses(facts: Facts, as_of, *, started_on, period: str = "quarter") -> list[PeriodStatus]:
    """Each reporting period from the start to the one containing `as_of`: reported or not.

    A progress update or a completion dated within the period (and not after `as_of`) counts.
    An ended period with a report is "on time"; an ended one without is "overdue"; the current
    period is "in progress" either way.
    """
    if as_of < started_on:
        return []
    dates = [d for d in facts.update_dates if d <= as_of] + [c.completed_on for c in facts.completions if c.completed_on <= as_of]
    result = []
    for span in dl.periods_between(started_on, as_of, period):
        reported = any(span.contains(d) for d in dates)
        ended = span.end < as_of
        if not ended:
            status = Status.IN_PROGRESS
        else:
            status = Status.DONE_ON_TIME if reported else Status.OVERDUE
        result.append(PeriodStatus(span, reported, ended, status))
    return result


def _ongoing_status(facts: Facts, as_of, started_on, period) -> StatusResult:
    """Reported in the current period: in progress. Silent in the last ended period: overdue."""
    done = completion_on(facts, as_of)
    if done is not None:
        return StatusResult(Status.DONE_ON_TIME, completed_on=done)
    items = period_statuses(facts, as_of, started_on=started_on, period=period)
    if not items:
        return StatusResult(Status.IN_PROGRESS, period=dl.period_of(as_of, period))
    current = items[-1]
    if current.reported or len(items) < 2:
        return StatusResult(Status.IN_PROGRESS, period=current.period)
    previous = items[-2]
    if not previous.reported:
        return StatusResult(Status.OVERDUE, due=previous.period.end, original_due=previous.period.end, period=previous.period)
    return StatusResult(Status.IN_PROGRESS, period=current.period)


def assignment_status(
    deadline: Deadline, facts: Facts, as_of: datetime.date, *, started_on: datetime.date, period: str = "quarter"
) -> StatusResult:
    """The status of one assignment at `as_of`.

    `started_on` is when the task began (window start, else the directive's date or 1 January
    of its year); `period` is the reporting period ongoing tasks are judged by.
    """
    if is_returned(facts, as_of):
        return StatusResult(None, returned=True, due=deadline.due, original_due=deadline.due)
    kind = deadline.kind
    if kind in (dl.ONCE, dl.WINDOW):
        due = effective_due(deadline.due, facts.extensions, as_of)
        done = completion_on(facts, as_of)
        return StatusResult(judge(due, done, as_of), due=due, original_due=deadline.due, completed_on=done)
    if kind == dl.RECURRING:
        return _recurring_status(deadline, facts, as_of, started_on)
    if kind == dl.ONGOING:
        return _ongoing_status(facts, as_of, started_on, period)
    # Unspecified: no deadline to miss, so never overdue.
    done = completion_on(facts, as_of)
    return StatusResult(Status.DONE_ON_TIME if done else Status.IN_PROGRESS, completed_on=done)


# --- roll-up and aggregates ----------------------------------------------------------------------


def rollup(statuses: Iterable[Status | None]) -> Status | None:
    """A task's status from its lead assignments' (returned ones passed as None and skipped).

    Overdue if any lead is overdue; done when every lead is done (late if any was late);
    otherwise in progress. None when no lead remains.
    """
    active = [s for s in statuses if s is not None]
    if not active:
        return None
    if Status.OVERDUE in active:
        return Status.OVERDUE
    if all(s in DONE for s in active):
        return Status.DONE_LATE if Status.DONE_LATE in active else Status.DONE_ON_TIME
    return Status.IN_PROGRESS


@dataclass
class StatusCounts:
    """Counts per status, returned items apart; the overdue share is the headline figure."""

    counts: dict = field(default_factory=lambda: {s: 0 for s in STATUS_ORDER})
    returned: int = 0

    @classmethod
    def of(cls, results: Iterable[StatusResult]) -> StatusCounts:
        tally = Counter()
        returned = 0
        for result in results:
            if result.returned:
                returned += 1
            elif result.status is not None:
                tally[result.status] += 1
        return cls({s: tally.get(s, 0) for s in STATUS_ORDER}, returned)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def overdue(self) -> int:
        return self.counts[Status.OVERDUE]

    @property
    def overdue_share(self) -> Decimal:
        """Overdue, not completed, as a percentage of the counted items (two decimals)."""
        if not self.total:
            return Decimal("0")
        return (Decimal(self.overdue) * 100 / self.total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def rows(self):
        """(value, label, count) in the conventional order, for tables."""
        return [(s.value, s.label, self.counts[s]) for s in STATUS_ORDER]

    def as_dict(self) -> dict:
        return {
            **{s.value: self.counts[s] for s in STATUS_ORDER},
            "total": self.total,
            "returned": self.returned,
            "overdue_share": str(self.overdue_share),
        }
