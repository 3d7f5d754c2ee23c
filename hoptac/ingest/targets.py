"""Numeric targets (chỉ tiêu) in a task's text, and their allocations from footnotes.

A target is a counted quantity ("35 HTX", "17 mô hình", "50%") with a comparator from the words
around it ("ít nhất", "từ … trở lên", "không quá"), a base year for growth ("so với năm 2017"),
an indicator code from the phrase it sits in, and allocations per unit from the footnote whose
marker follows it or from a list in parentheses after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .prepare import FN_RE

# Units counted by targets, longest spelling first; the value is the unit as the plan stores it.
_UNIT_WORDS = [
    (r"liên hiệp\s+(?:htx|hợp tác xã)", "liên hiệp HTX"),
    (r"tổ hợp tác|tht", "THT"),
    (r"hợp tác xã|htx", "HTX"),
    (r"mô hình", "mô hình"),
    (r"thành viên|xã viên", "thành viên"),
    (r"lượt người|học viên|cán bộ|người", "người"),
    (r"lớp", "lớp"),
    (r"doanh nghiệp", "doanh nghiệp"),
    (r"sản phẩm", "sản phẩm"),
    (r"chuỗi", "chuỗi"),
    (r"tỷ đồng", "tỷ đồng"),
    (r"triệu đồng", "triệu đồng"),
    (r"hội nghị|hội thảo", "hội nghị"),
    (r"cuộc", "cuộc"),
    (r"đợt", "đợt"),
    (r"lượt", "lượt"),
    (r"ha", "ha"),
    (r"tấn", "tấn"),
]
_UNIT_ALTS = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _unit) in enumerate(_UNIT_WORDS))
_NUMBER = r"(?<![\w/.,])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,9}(?:,\d{1,4})?)(?![\d/])"
_QUANTITY_RE = re.compile(rf"{_NUMBER}\s*(?:(?P<pct>%)|(?:{_UNIT_ALTS})(?![^\W\d_]))", re.IGNORECASE)

# Targets without a figure: "xử lý dứt điểm việc giải thể …" means all of them (100%).
_ALL_RE = re.compile(r"xử lý dứt điểm|giải quyết dứt điểm|hoàn thành dứt điểm", re.IGNORECASE)

_AT_LEAST_BEFORE = re.compile(r"(?:ít nhất|tối thiểu|không dưới|không ít hơn|từ|trên)\s*$", re.IGNORECASE)
_AT_MOST_BEFORE = re.compile(r"(?:không quá|không vượt quá|tối đa|dưới|không vượt)\s*$", re.IGNORECASE)
_AT_LEAST_AFTER = re.compile(r"^[^;.,]{0,20}?trở lên", re.IGNORECASE)
_GROWTH_BEFORE = re.compile(r"tăng(?:\s+thêm)?(?:\s+(?:ít nhất|tối thiểu|từ))?\s*$", re.IGNORECASE)
_BASE_YEAR_RE = re.compile(r"so với\s+(?:cùng kỳ\s+)?(?:năm\s+)?(?P<year>(?:19|20)\d\d)", re.IGNORECASE)
_TARGET_YEAR_RE = re.compile(r"(?:đến|trong|vào|đến hết|cuối)\s+năm\s+(?P<year>(?:19|20)\d\d)", re.IGNORECASE)
_COMMUNE_RE = re.compile(r"mỗi\s+(?:xã|phường|thị trấn|đơn vị cấp xã)|100%\s+(?:số\s+)?xã", re.IGNORECASE)
_DISTRICT_RE = re.compile(r"mỗi\s+(?:huyện|thành phố|thị xã|đơn vị cấp huyện|địa phương cấp huyện)", re.IGNORECASE)

# Indicator codes, first match wins: the alliance's variants before the general ones.
INDICATOR_RULES: list[tuple[str, re.Pattern, tuple[str, ...]]] = [
    ("alliance_member_growth", re.compile(r"thành viên\s+(?:của\s+)?liên minh", re.I), ()),
    ("htx_member_growth", re.compile(r"(?:số lượng\s+)?(?:thành viên|xã viên)\s+(?:của\s+)?(?:các\s+)?(?:htx|hợp tác xã)", re.I), ()),
    (
        "value_chain_models_alliance",
        re.compile(r"mô hình[^;]{0,80}chuỗi[^;]{0,120}(?:nguồn lực|kinh phí|hỗ trợ)\s+(?:của\s+)?liên minh", re.I),
        (),
    ),
    ("value_chain_models", re.compile(r"mô hình[^;.]{0,40}(?:chuỗi giá trị|chuỗi liên kết|gắn với chuỗi)", re.I), ()),
    ("tht_new", re.compile(r"(?:thành lập|phát triển)(?:\s+mới|\s+thêm)?[^;.]{0,30}$", re.I), ("THT",)),
    ("htx_new", re.compile(r"(?:thành lập|phát triển)(?:\s+mới|\s+thêm)?[^;.]{0,30}$", re.I), ("HTX",)),
    ("htx_law2012_share", re.compile(r"luật\s+(?:htx|hợp tác xã)(?:\s+năm)?\s+2012", re.I), ("%",)),
    ("htx_ceased_resolved_share", re.compile(r"giải thể[^;.]{0,60}ngừng hoạt động|ngừng hoạt động[^;.]{0,60}giải thể", re.I), ("%",)),
    ("htx_effective_share", re.compile(r"hoạt động\s+(?:có\s+)?hiệu quả|xếp loại\s+(?:tốt|khá)", re.I), ("%",)),
]

_CLAUSE_END_RE = re.compile(r";|\.(?=\s|$)|\n")


@dataclass
class Allocation:
    unit: str
    value: int | float


@dataclass
class FoundTarget:
    text: str
    indicator: str | None
    comparator: str
    value: int | float
    unit: str
    base_year: int | None
    year: int | None  # stated in the target's phrase; else the parser fills the task's year
    per_unit_level: str | None
    allocations: list[Allocation] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)
    footnote: str | None = None
    notes: list[str] = field(default_factory=list)


def parse_number(text: str) -> int | float:
    """Vietnamese number: "1.234" is 1234, "10,5" is 10.5; whole numbers come back as int."""
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def _unit_of(match: re.Match) -> str:
    if match.group("pct"):
        return "%"
    for i, (_pattern, unit) in enumerate(_UNIT_WORDS):
        if match.group(f"u{i}"):
            return unit
    return ""


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE_END_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _clause_of(clauses: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in clauses:
        if start <= pos <= end:
            return start, end
    return 0, 0


def _indicator(window: str, before_number: str, unit: str) -> str | None:
    for code, regex, units in INDICATOR_RULES:
        if units and unit not in units:
            continue
        haystack = before_number if code in ("tht_new", "htx_new") else window
        if regex.search(haystack):
            return code
    return None


def find_targets(text: str, footnotes: dict[str, str]) -> list[FoundTarget]:
    """Targets of one task's text. `footnotes` maps footnote labels to their text."""
    clauses = _clauses(text)
    anchors: list[tuple[int, int, re.Match | None]] = [(m.start(), m.end(), m) for m in _QUANTITY_RE.finditer(text)]
    anchors += [(m.start(), m.end(), None) for m in _ALL_RE.finditer(text)]
    anchors.sort(key=lambda a: a[0])
    markers = _footnote_markers(text, footnotes)
    found: list[FoundTarget] = []
    consumed_until = -1  # quantities inside an allocation list are not targets of their own
    for index, (start, end, match) in enumerate(anchors):
        if start < consumed_until:
            continue
        clause_start, clause_end = _clause_of(clauses, start)
        window_start = start if match is None else max(clause_start, anchors[index - 1][1] if index else 0)
        window_end = min(clause_end, anchors[index + 1][0] if index + 1 < len(anchors) else len(text))
        window = text[window_start:window_end]
        before = text[max(window_start, start - 40) : start]
        after = text[end:window_end]
        if match is None:
            unit, value, comparator = "%", 100, "="
        else:
            unit = _unit_of(match)
            value = parse_number(match.group("num"))
            comparator = _comparator(before, after, unit)
        indicator = _indicator(window, text[window_start:end], unit)
        if match is None and indicator is None:
            continue  # "dứt điểm" about something no indicator measures is not a target
        base = _BASE_YEAR_RE.search(window)
        stated_year = None
        for m in _TARGET_YEAR_RE.finditer(window):
            stated_year = int(m.group("year"))
        prefix = text[clause_start:start]
        level = "commune" if _COMMUNE_RE.search(prefix) else "district" if _DISTRICT_RE.search(prefix) else None
        target = FoundTarget(
            text=_target_text(text, window_start, window_end),
            indicator=indicator,
            comparator=comparator,
            value=value,
            unit=unit,
            base_year=int(base.group("year")) if base else None,
            year=stated_year,
            per_unit_level=level,
            span=(start, end),
        )
        for marker_pos, label in markers:
            if window_start <= marker_pos <= window_end and marker_pos >= start and label in footnotes:
                target.footnote = label
                target.allocations, target.notes = parse_allocations(footnotes[label])
                break
        if not target.allocations:
            listed, listed_end = _listed_allocations(text, end, clause_end)
            if listed:
                target.allocations = listed
                consumed_until = listed_end
        found.append(target)
    return found


def _comparator(before: str, after: str, unit: str) -> str:
    if _AT_MOST_BEFORE.search(before):
        return "<="
    if _AT_LEAST_BEFORE.search(before) or _AT_LEAST_AFTER.search(after):
        return ">="
    if _GROWTH_BEFORE.search(before):
        return ">="
    return "="


_PLAIN_REF_RE = re.compile(r"(?<=[^\s(\[])\((\d{1,2})\)")


def _footnote_markers(text: str, footnotes: dict[str, str]) -> list[tuple[int, str]]:
    markers = [(m.start(), m.group(1).strip("()")) for m in FN_RE.finditer(text)]
    markers += [(m.start(), m.group(1)) for m in _PLAIN_REF_RE.finditer(text) if m.group(1) in footnotes]
    return sorted(markers)


_DEADLINE_PAREN_RE = re.compile(r"\((?:[^()]{0,80})\)\s*\.?\s*$")


def _target_text(text: str, start: int, end: int) -> str:
    piece = FN_RE.sub("", text[start:end])
    piece = _DEADLINE_PAREN_RE.sub("", piece)
    piece = re.sub(r"^[\s,;:]*(?:và|đồng thời)?\s*", "", piece)
    piece = " ".join(piece.split()).rstrip(" ,;.")
    piece = re.sub(r"[\s,]+(?:và|đồng thời|hoặc)$", "", piece)
    return piece[:400]


# --- allocations ---------------------------------------------------------------------------------

_LEAD_IN_RE = re.compile(r"^\s*(?:trong đó|cụ thể|gồm|phân bổ(?: như sau)?|chia ra)\s*[:,]?\s*", re.IGNORECASE)
_REST_GROUP_RE = re.compile(
    r"^(?P<count>\d{1,3})\s+(?:địa phương|huyện|đơn vị|xã|huyện, thành phố)\s+(?:còn lại|khác)\s*"
    r"\((?P<list>[^()]*)\)\s*,?\s*(?:mỗi|mỗi một)\s+(?:huyện|địa phương|đơn vị|xã|thành phố)\s+"
    r"(?P<value>\d{1,3}(?:\.\d{3})*(?:,\d+)?)",
    re.IGNORECASE,
)
_ENTRY_RE = re.compile(
    rf"^(?P<name>.{{2,120}}?)\s*[:\-–]?\s*(?P<value>\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d{{1,9}}(?:,\d{{1,4}})?)"
    rf"\s*(?:%|(?:{_UNIT_ALTS}))?(?![^\W\d_])\s*\.?$",
    re.IGNORECASE,
)


def _split_top_level(text: str) -> list[str]:
    """Split on commas and semicolons outside parentheses."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def parse_allocations(text: str) -> tuple[list[Allocation], list[str]]:
    """Allocations listed in a footnote: "Ủy ban nhân dân thành phố Kon Tum 07 HTX, …"."""
    text = FN_RE.sub("", text)
    text = _LEAD_IN_RE.sub("", text).strip().rstrip(".")
    allocations: list[Allocation] = []
    notes: list[str] = []
    for entry in _split_top_level(text[:5000]):
        group = _REST_GROUP_RE.match(entry)
        if group:
            names = [n.strip() for n in re.split(r"\s*(?:,|;|\s+và\s+)\s*", group.group("list")) if n.strip()]
            value = parse_number(group.group("value"))
            if int(group.group("count")) != len(names):
                notes.append(f"group_count:{group.group('count')}:{len(names)}")
            allocations.extend(Allocation(unit=name, value=value) for name in names)
            continue
        m = _ENTRY_RE.match(entry)
        if m:
            allocations.append(Allocation(unit=" ".join(m.group("name").split()), value=parse_number(m.group("value"))))
        else:
            notes.append(f"unreadable:{entry[:80]}")
    return allocations, notes


_LIST_AFTER_RE = re.compile(r"\s*(?:\((?P<paren>[^()]{5,2000})\)|[,;]?\s*(?:trong đó|cụ thể)\s*:?\s*(?P<tail>.{5,2000}))", re.IGNORECASE | re.DOTALL)


def _listed_allocations(text: str, end: int, clause_end: int) -> tuple[list[Allocation], int]:
    """Allocations written right after the target: "35 HTX (thành phố Kon Tum 07 HTX, …)"."""
    m = _LIST_AFTER_RE.match(text, end, max(end, clause_end))
    if not m:
        return [], end
    body = m.group("paren") or m.group("tail") or ""
    body = _DEADLINE_PAREN_RE.sub("", body) if m.group("tail") else body
    allocations, notes = parse_allocations(body)
    if len(allocations) >= 2 and not notes:
        return allocations, m.end()
    return [], end
