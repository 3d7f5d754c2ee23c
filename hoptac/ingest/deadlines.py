"""Deadlines written in Vietnamese, normalised to the plan format.

"thực hiện trong năm 2018" -> once 2018-12-31; "quý III, IV năm 2018" -> window 2018-07-01 …
2018-12-31; "trước ngày 15/12/2018" -> once 2018-12-15; "thường xuyên" -> ongoing; "hằng năm vào
tháng 5" -> recurring {"every": "year", "month": 5}; nothing -> unspecified (never ongoing).
Dates inside citations ("Quyết định số 39/QĐ-UBND ngày 12/01/2018") are not deadlines: a day or
a bare month counts only after a cue ("trước ngày", "hoàn thành trong tháng").
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field

ONCE, WINDOW, ONGOING, RECURRING, UNSPECIFIED = "once", "window", "ongoing", "recurring", "unspecified"

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Q = r"(?:iv|i{1,3}|[1-4])(?![\w])"
_YEAR = r"(?:\s*(?:,\s*)?(?:năm\s+|/\s*)(?P<year>(?:19|20)\d\d))"
_JOIN = r"\s*(?:,|và|-|–|đến|tới)\s*"
_HANG = r"(?:hằng|hàng)"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "recurring_date_year",
        re.compile(
            rf"(?:trước|vào|trong|chậm nhất)?\s*(?:ngày\s+)?(?P<day>\d{{1,2}})\s*(?:/|-|tháng\s+)\s*(?P<month>\d{{1,2}})\s*(?:của\s+)?{_HANG}\s+năm",
            re.I,
        ),
    ),
    ("recurring_month_year", re.compile(rf"(?:vào|trong)?\s*tháng\s+(?P<month>\d{{1,2}})\s+{_HANG}\s+năm", re.I)),
    (
        "recurring_year",
        re.compile(
            rf"(?:định kỳ\s+)?{_HANG}\s+năm(?:\s*,?\s*(?:vào|trong)\s+(?:(?:ngày\s+(?P<day>\d{{1,2}})\s*/\s*)?tháng\s+|ngày\s+(?P<day2>\d{{1,2}})\s*/\s*)(?P<month>\d{{1,2}}))?",
            re.I,
        ),
    ),
    ("recurring_quarter", re.compile(rf"(?:định kỳ\s+)?{_HANG}\s+quý|định kỳ\s+quý", re.I)),
    (
        "recurring_month",
        re.compile(rf"(?:(?:trước|vào)\s+)?(?:ngày\s+(?P<day>\d{{1,2}})\s+)?{_HANG}\s+tháng|định kỳ\s+tháng", re.I),
    ),
    ("ongoing", re.compile(r"thường xuyên|liên tục", re.I)),
    (
        "quarters",
        re.compile(rf"(?:các\s+)?quý\s+(?P<quarters>{_Q}(?:{_JOIN}(?:quý\s+)?{_Q})*){_YEAR}?", re.I),
    ),
    ("half_first", re.compile(r"6 tháng đầu năm(?:\s+(?P<year>(?:19|20)\d\d))?", re.I)),
    ("half_last", re.compile(r"6 tháng cuối năm(?:\s+(?P<year>(?:19|20)\d\d))?", re.I)),
    (
        "date",
        re.compile(
            r"(?P<cue>trước|chậm nhất|muộn nhất|hạn chót|hạn cuối|đến|trong)\s+(?:(?:là\s+)?ngày\s+)?"
            r"(?P<day>\d{1,2})\s*(?:/|-|tháng\s+)\s*(?P<month>\d{1,2})"
            r"(?:\s*(?:/|-|năm\s+)\s*(?P<year>(?:19|20)\d\d))?(?![\d/])",
            re.I,
        ),
    ),
    (
        "months",
        re.compile(rf"(?P<from>từ\s+)?tháng\s+(?P<months>\d{{1,2}}(?:{_JOIN}(?:tháng\s+)?\d{{1,2}})*){_YEAR}?(?![\d/])", re.I),
    ),
    (
        "year_range",
        re.compile(
            r"(?:giai đoạn|từ năm|từ)\s+(?P<y1>(?:19|20)\d\d)\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(?P<y2>(?:19|20)\d\d)", re.I
        ),
    ),
    (
        "year",
        re.compile(r"(?P<cue>trong|cuối|đến|hết|trước|vào|thực hiện|hoàn thành)?\s*năm\s+(?P<year>(?:19|20)\d\d)", re.I),
    ),
    ("year_plain", re.compile(r"(?<=\()\s*(?P<year>(?:19|20)\d\d)\s*(?=\))")),
    ("this_year", re.compile(r"(?P<cue>trong|cuối|đến hết|hết)\s+năm(?!\s+(?:19|20)\d\d)(?![\w])", re.I)),
]

# Words before a time phrase that make it a deadline rather than a mention.
_CUE_RE = re.compile(
    r"(?:thực hiện|hoàn thành|thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: hoàn thành)?|tiến độ|triển khai|xong"
    r"|trước|chậm nhất|trong|vào|đến|hết|cuối)\s*:?\s*$",
    re.I,
)
_LOOKBACK = 40


@dataclass
class FoundDeadline:
    kind: str = UNSPECIFIED
    # (year, month, day); year None = the plan year, day None = the month's last day (or first for starts)
    start: tuple | None = None
    due: tuple | None = None
    recurrence: dict | None = None
    as_written: str | None = None
    span: tuple[int, int] | None = None
    written_years: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def resolve(self, plan_year: int | None) -> dict:
        kind, start, due = self.kind, None, None
        if kind in (ONCE, WINDOW):
            due = _date(self.due, plan_year, end=True)
            start = _date(self.start, plan_year, end=False) if kind == WINDOW else None
            if due is None or (kind == WINDOW and start is None):
                kind, start, due = UNSPECIFIED, None, None
            elif start is not None and start > due:
                start, due = due, start
        return {
            "kind": kind,
            "start": start.isoformat() if start else None,
            "due": due.isoformat() if due else None,
            "recurrence": self.recurrence,
            "as_written": self.as_written,
        }


def _date(spec: tuple | None, plan_year: int | None, *, end: bool) -> datetime.date | None:
    if spec is None:
        return None
    year, month, day = spec
    year = year or plan_year
    if year is None or not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        day = last if end else 1
    if not 1 <= day <= last:
        return None
    return datetime.date(year, month, day)


def _year(match: re.Match) -> int | None:
    value = match.groupdict().get("year")
    return int(value) if value else None


def _quarters(text: str) -> list[int]:
    return [_ROMAN_QUARTERS[q.lower()] for q in re.findall(_Q, text, re.I)]


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d{1,2}", text)]


def _candidate(name: str, m: re.Match) -> FoundDeadline | None:
    """The deadline a pattern match stands for, or None when the match is not one."""
    g = m.groupdict()
    year = _year(m)
    if name.startswith("recurring"):
        every = {"recurring_quarter": "quarter", "recurring_month": "month"}.get(name, "year")
        recurrence: dict = {"every": every}
        month = g.get("month")
        day = g.get("day") or g.get("day2")
        notes = []
        if every == "year":
            if month and 1 <= int(month) <= 12:
                recurrence["month"] = int(month)
            else:
                recurrence["month"] = 12
                notes.append("recurring_year_without_month")
        if day and 1 <= int(day) <= 31:
            recurrence["day"] = int(day)
        return FoundDeadline(kind=RECURRING, recurrence=recurrence, notes=notes)
    if name == "ongoing":
        return FoundDeadline(kind=ONGOING)
    if name == "quarters":
        quarters = [q for q in _quarters(g["quarters"]) if 1 <= q <= 4]
        if not quarters:
            return None
        first, last = min(quarters), max(quarters)
        due = (year, 3 * last, None)
        if first == last:
            return FoundDeadline(kind=ONCE, due=due)
        return FoundDeadline(kind=WINDOW, start=(year, 3 * first - 2, 1), due=due)
    if name == "half_first":
        return FoundDeadline(kind=ONCE, due=(year, 6, None))
    if name == "half_last":
        return FoundDeadline(kind=WINDOW, start=(year, 7, 1), due=(year, 12, None))
    if name == "date":
        return FoundDeadline(kind=ONCE, due=(year, int(g["month"]), int(g["day"])))
    if name == "months":
        months = [n for n in _numbers(g["months"]) if 1 <= n <= 12]
        if not months:
            return None
        first, last = min(months), max(months)
        if first == last:
            return FoundDeadline(kind=ONCE, due=(year, last, None))
        return FoundDeadline(kind=WINDOW, start=(year, first, 1), due=(year, last, None))
    if name == "year_range":
        y1, y2 = int(g["y1"]), int(g["y2"])
        return FoundDeadline(kind=WINDOW, start=(min(y1, y2), 1, 1), due=(max(y1, y2), 12, None))
    if name in ("year", "year_plain"):
        return FoundDeadline(kind=ONCE, due=(year, 12, None))
    if name == "this_year":
        return FoundDeadline(kind=ONCE, due=(None, 12, None))
    return None


def _needs_cue(name: str, m: re.Match) -> bool:
    """Patterns that are deadlines only after a cue word (or inside parentheses)."""
    if name == "months":
        return not m.group("year")
    if name == "year":
        return not m.group("cue")
    return False


def _in_parentheses(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The enclosing "( … )" of a short phrase, if any."""
    left = text.rfind("(", max(0, start - 60), start)
    if left < 0 or ")" in text[left:start]:
        return None
    right = text.find(")", end, end + 60)
    if right < 0 or "(" in text[end:right]:
        return None
    return left, right + 1


def _cue_before(text: str, start: int) -> re.Match | None:
    return _CUE_RE.search(text, max(0, start - _LOOKBACK), start)


def find_deadline(text: str) -> FoundDeadline:
    """The deadline a task's text states: the most explicit phrase, the last one when several are."""
    taken: list[tuple[int, int]] = []
    best: tuple[int, int, FoundDeadline] | None = None
    written_years: list[int] = []
    for name, regex in _PATTERNS:
        for m in regex.finditer(text):
            start, end = m.start(), m.end()
            # Leading spaces of optional groups are not part of the phrase.
            while start < end and text[start].isspace():
                start += 1
            if start == end or any(s < end and start < e for s, e in taken):
                continue
            # "so với năm 2017" is a base year, "Luật HTX năm 2012" a law, "ngày … năm …" a date.
            before = text[max(0, start - 30) : start].lower()
            if name in ("year", "months") and re.search(r"(so với(?: cùng kỳ)?|luật[^.;,]*|ngày(?:\s*\d{1,2})?|tháng\s+\d{1,2})\s*$", before):
                continue
            parens = _in_parentheses(text, start, end)
            cue = _cue_before(text, start)
            if _needs_cue(name, m) and not (cue or parens):
                continue
            found = _candidate(name, m)
            if found is None:
                continue
            taken.append((start, end))
            year = _year(m)
            if year:
                written_years.append(year)
            if name == "year_range":
                written_years.extend([int(m.group("y1")), int(m.group("y2"))])
            priority = 2 if (cue or parens or name.startswith("recurring")) else 1
            if name == "ongoing" and not (cue or parens):
                priority = 1
            span_start = cue.start() if cue and not parens else start
            if parens:
                span_start, end_paren = parens
                found.as_written = " ".join(text[span_start + 1 : end_paren - 1].split())
                found.span = (span_start, end_paren)
            else:
                found.as_written = " ".join(text[span_start:end].split())
                found.span = (span_start, end)
            key = (priority, start)
            if best is None or key > best[:2]:
                best = (priority, start, found)
    if best is None:
        result = FoundDeadline()
    else:
        result = best[2]
    result.written_years = written_years
    return result
