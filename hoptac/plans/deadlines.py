"""Deadlines as data: normalising a plan's deadline and the calendar arithmetic behind it.

Pure functions over dates, no database. A deadline has a kind (see `models.DeadlineKind`):
- once:        one due date;
- window:      a start and a due date ("quý III, IV năm 2018" = 2018-07-01 … 2018-12-31);
- ongoing:     "thường xuyên", no dates, judged per reporting period;
- recurring:   repeats ("hằng năm vào tháng 5"); each occurrence has its own due date;
- unspecified: the text gives no time; never treated as ongoing.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

ONCE = "once"
WINDOW = "window"
ONGOING = "ongoing"
RECURRING = "recurring"
UNSPECIFIED = "unspecified"
KINDS = (ONCE, WINDOW, ONGOING, RECURRING, UNSPECIFIED)

EVERY_CHOICES = ("year", "quarter", "month")
PERIOD_CHOICES = ("month", "quarter", "half", "year")
_PERIOD_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


class DeadlineError(ValueError):
    """The deadline data is inconsistent; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Deadline:
    kind: str
    start: datetime.date | None = None
    due: datetime.date | None = None
    recurrence: dict | None = None


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included (a reporting period or a recurring occurrence's window)."""

    start: datetime.date
    end: datetime.date

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def last_day_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    return Period(datetime.date(year, first_month, 1), last_day_of_month(year, first_month + 2))


def _clamped(year: int, month: int, day: int | None) -> datetime.date:
    """The given day of a month, or its last day when `day` is None or past the month's end."""
    last = last_day_of_month(year, month)
    return last if day is None or day > last.day else datetime.date(year, month, day)


# --- normalisation -------------------------------------------------------------------------------


def normalise_recurrence(recurrence) -> dict:
    """Validated recurrence in a stable key order: {"every", "month"?, "day"?}."""
    if not isinstance(recurrence, dict):
        raise DeadlineError(_("Định kỳ phải có dạng {\"every\": \"year\", \"month\": 5}."))
    unknown = set(recurrence) - {"every", "month", "day"}
    if unknown:
        raise DeadlineError(_("Định kỳ có khóa không hợp lệ: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    every = recurrence.get("every")
    if every not in EVERY_CHOICES:
        raise DeadlineError(_("Định kỳ “every” phải là year, quarter hoặc month (đang là “%(value)s”).") % {"value": every})
    month = recurrence.get("month")
    day = recurrence.get("day")
    result = {"every": every}
    if month is not None:
        limit = {"year": 12, "quarter": 3}.get(every)
        if limit is None:
            raise DeadlineError(_("Định kỳ hằng tháng không dùng “month”."))
        if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= limit:
            raise DeadlineError(
                _("Tháng của định kỳ phải từ 1 đến %(limit)s (đang là “%(value)s”).") % {"limit": limit, "value": month}
            )
        result["month"] = month
    elif every == "year":
        raise DeadlineError(_("Định kỳ hằng năm phải nêu tháng (“month”)."))
    if day is not None:
        if not isinstance(day, int) or isinstance(day, bool) or not 1 <= day <= 31:
            raise DeadlineError(_("Ngày của định kỳ phải từ 1 đến 31 (đang là “%(value)s”).") % {"value": day})
        result["day"] = day
    return result


def normalise(kind, start=None, due=None, recurrence=None) -> Deadline:
    """Check a deadline's parts against its kind; dates already parsed.

    Dates a kind does not use must be absent; a recurring deadline may carry start/due as the
    first and last day occurrences are counted for.
    """
    if kind not in KINDS:
        raise DeadlineError(
            _("Loại thời hạn “%(kind)s” không hợp lệ (once, window, ongoing, recurring, unspecified).") % {"kind": kind}
        )
    if start and due and start > due:
        raise DeadlineError(
            _("Ngày bắt đầu %(start)s sau hạn hoàn thành %(due)s.")
            % {"start": start.strftime("%d/%m/%Y"), "due": due.strftime("%d/%m/%Y")}
        )
    if kind == ONCE:
        if due is None:
            raise DeadlineError(_("Thời hạn một lần phải có hạn hoàn thành (“due”)."))
    elif kind == WINDOW:
        if start is None or due is None:
            raise DeadlineError(_("Thời hạn trong khoảng phải có cả ngày bắt đầu (“start”) và hạn hoàn thành (“due”)."))
    elif kind == RECURRING:
        recurrence = normalise_recurrence(recurrence)
    elif kind == ONGOING:
        if due is not None:
            raise DeadlineError(_("Nhiệm vụ thường xuyên không có hạn hoàn thành."))
    elif kind == UNSPECIFIED:
        if start is not None or due is not None:
            raise DeadlineError(_("Nhiệm vụ không nêu thời hạn không có ngày bắt đầu hay hạn hoàn thành."))
    if kind != RECURRING and recurrence:
        raise DeadlineError(_("Chỉ thời hạn định kỳ mới có “recurrence”."))
    return Deadline(kind=kind, start=start, due=due, recurrence=recurrence if kind == RECURRING else None)


# --- recurring occurrences -----------------------------------------------------------------------


def _cycle(recurrence: dict, day: datetime.date) -> Period:
    """The calendar cycle (year, quarter or month) of a recurrence that contains `day`."""
    every = recurrence["every"]
    if every == "year":
        return Period(datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
    if every == "quarter":
        return quarter_bounds(day.year, quarter_of(day))
    return Period(datetime.date(day.year, day.month, 1), last_day_of_month(day.year, day.month))


def _occurrence_in_cycle(recurrence: dict, cycle: Period) -> Period:
    """The occurrence of a cycle: its due date, and the month it falls in as its window."""
    every = recurrence["every"]
    if every == "year":
        month = recurrence["month"]
    elif every == "quarter":
        month = cycle.start.month + recurrence.get("month", 3) - 1
    else:
        month = cycle.start.month
    due = _clamped(cycle.start.year, month, recurrence.get("day"))
    return Period(datetime.date(cycle.start.year, month, 1), due)


def _next_cycle(recurrence: dict, cycle: Period) -> Period:
    return _cycle(recurrence, cycle.end + datetime.timedelta(days=1))


def cycle_of(recurrence: dict, day: datetime.date) -> Period:
    return _cycle(recurrence, day)


def occurrence_in_cycle_of(recurrence: dict, day: datetime.date) -> Period:
    """The occurrence belonging to the cycle (year / quarter / month) that contains `day`."""
    return _occurrence_in_cycle(recurrence, _cycle(recurrence, day))


def occurrences(recurrence: dict, first_day: datetime.date, last_day: datetime.date) -> list[Period]:
    """Occurrences whose due date lies between `first_day` and `last_day`, in order.

    `Period.end` is the occurrence's due date; `Period.start` the first day of its month
    ("vào tháng 5" = during May, due 31 May).
    """
    result = []
    cycle = _cycle(recurrence, first_day)
    while cycle.start <= last_day:
        occurrence = _occurrence_in_cycle(recurrence, cycle)
        if first_day <= occurrence.end <= last_day:
            result.append(occurrence)
        cycle = _next_cycle(recurrence, cycle)
    return result


def occurrence_for(recurrence: dict, due: datetime.date) -> Period | None:
    """The occurrence whose due date is `due`, or None when no occurrence falls on that day."""
    occurrence = occurrence_in_cycle_of(recurrence, due)
    return occurrence if occurrence.end == due else None


# --- reporting periods ---------------------------------------------------------------------------


def period_of(day: datetime.date, period: str = "quarter") -> Period:
    """The calendar reporting period ("month", "quarter", "half", "year") containing `day`."""
    months = _PERIOD_MONTHS[period]
    first_month = ((day.month - 1) // months) * months + 1
    return Period(datetime.date(day.year, first_month, 1), last_day_of_month(day.year, first_month + months - 1))


def previous_period(current: Period, period: str = "quarter") -> Period:
    return period_of(current.start - datetime.timedelta(days=1), period)


def periods_between(first_day: datetime.date, last_day: datetime.date, period: str = "quarter") -> list[Period]:
    """Reporting periods overlapping first_day … last_day, in order."""
    result = []
    current = period_of(first_day, period)
    while current.start <= last_day:
        result.append(current)
        current = period_of(current.end + datetime.timedelta(days=1), period)
    return result


def period_label(span: Period, period: str = "quarter") -> str:
    """"Quý III/2018", "Tháng 5/2018", "6 tháng đầu năm 2018", "Năm 2018"."""
    year = span.start.year
    if period == "month":
        return _("Tháng %(month)s/%(year)s") % {"month": span.start.month, "year": year}
    if period == "quarter":
        roman = ("I", "II", "III", "IV")[quarter_of(span.start) - 1]
        return _("Quý %(quarter)s/%(year)s") % {"quarter": roman, "year": year}
    if period == "half":
        if span.start.month == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": year}
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    return _("Năm %(year)s") % {"year": year}
