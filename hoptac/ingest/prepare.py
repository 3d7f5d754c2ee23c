"""Text preparation: one canonical form of the input, with a map back to the input's offsets.

The parser reads a cleaned text (NFC, "Ð" read as "Đ", classic tone placement, Markdown and
HTML markup removed, footnote references turned into markers) but reports offsets in the
text the user gave, so the review page can highlight the source of each item.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

# Footnote reference markers in the cleaned text: FN_OPEN label FN_CLOSE (private-use characters,
# removed from the input first so they cannot clash with it).
FN_OPEN = "\ue000"
FN_CLOSE = "\ue001"
FN_RE = re.compile(FN_OPEN + "([^" + FN_CLOSE + "]{0,12})" + FN_CLOSE)


class OffsetMap:
    """Piecewise-linear map from offsets of a rewritten text to offsets of its source."""

    def __init__(self, clean_starts: list[int], source_starts: list[int], source_length: int, parent: OffsetMap | None = None):
        self.clean_starts = clean_starts
        self.source_starts = source_starts
        self.source_length = source_length
        self.parent = parent

    def __call__(self, offset: int) -> int:
        k = bisect_right(self.clean_starts, offset) - 1
        if k < 0:
            mapped = 0
        else:
            mapped = self.source_starts[k] + (offset - self.clean_starts[k])
            if k + 1 < len(self.source_starts):
                mapped = min(mapped, self.source_starts[k + 1])
        mapped = max(0, min(mapped, self.source_length))
        return self.parent(mapped) if self.parent else mapped


def _identity(length: int, parent: OffsetMap | None) -> OffsetMap:
    return OffsetMap([0], [0], length, parent)


def rewrite_spans(text: str, spans, parent: OffsetMap | None = None) -> tuple[str, OffsetMap]:
    """Replace non-overlapping (start, end, replacement) spans, given in order, keeping an offset map."""
    parts: list[str] = []
    clean_starts = [0]
    source_starts = [0]
    pos = 0
    out = 0
    for start, end, replacement in spans:
        if start < pos:
            continue
        if start > pos:
            parts.append(text[pos:start])
            out += start - pos
        clean_starts.append(out)
        source_starts.append(start)
        parts.append(replacement)
        out += len(replacement)
        clean_starts.append(out)
        source_starts.append(end)
        pos = end
    if len(clean_starts) == 1:
        return text, _identity(len(text), parent)
    parts.append(text[pos:])
    return "".join(parts), OffsetMap(clean_starts, source_starts, len(text), parent)


def rewrite(text: str, pattern: re.Pattern, repl, parent: OffsetMap | None = None) -> tuple[str, OffsetMap]:
    """re.sub with an offset map; `repl` may return None to leave a match as it is."""

    def spans():
        for match in pattern.finditer(text):
            replacement = repl(match)
            if replacement is not None:
                yield match.start(), match.end(), replacement

    return rewrite_spans(text, spans(), parent)


def rewrite_at(text: str, trigger: re.Pattern, pattern: re.Pattern, repl, parent: OffsetMap | None = None):
    """Like `rewrite`, but `pattern` is only tried where the fast `trigger` finds a candidate."""

    def spans():
        pos = 0
        for candidate in trigger.finditer(text):
            if candidate.start() < pos:
                continue
            match = pattern.match(text, candidate.start())
            if match is None or match.end() == match.start():
                continue
            replacement = repl(match)
            if replacement is not None:
                yield match.start(), match.end(), replacement
                pos = match.end()

    return rewrite_spans(text, spans(), parent)


# --- the steps --------------------------------------------------------------------------------

# One-to-one replacements keep every offset (str.replace per pair: faster than str.translate).
_ONE_TO_ONE = [
    ("Ð", "Đ"),  # Icelandic eth, often typed for Đ
    ("ð", "đ"),
    ("\t", " "),
    ("\u00a0", " "),
    ("\u2007", " "),
    ("\u202f", " "),
    ("\r", "\n"),
    ("\u2028", "\n"),
    ("\u2029", "\n"),
    ("\u000b", "\n"),
    ("\u000c", "\n"),
]


def _one_to_one(text: str) -> str:
    for old, new in _ONE_TO_ONE:
        if old in text:
            text = text.replace(old, new)
    return text


# CRLF, zero-width characters, control characters and our own marker characters are dropped.
_DROP_RE = re.compile("[\r\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f\ue000-\uf8ff]")


def _drop(match: re.Match) -> str | None:
    if match.group() == "\r":
        # "\r\n" becomes "\n"; a lone "\r" is turned into "\n" by the one-to-one step.
        return "" if match.string.startswith("\n", match.end()) else None
    return ""


_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_COMBINING_RUN_RE = re.compile(f"[{_COMBINING}]+")


def _compose(text: str):
    """NFC of each base character with its combining marks: (start, end, composed) spans."""
    for run in _COMBINING_RUN_RE.finditer(text):
        start = max(0, run.start() - 1)
        yield start, run.end(), unicodedata.normalize("NFC", text[start : run.end()])

# Classic tone placement ("hòa", "thủy", "khỏe") whatever the typist chose ("hoà", "thuỷ", "khoẻ"),
# only in open syllables: "hoàn", "toán" keep the tone on the second vowel.
_TONE_MOVES = {}
for _plain, _toned in (("a", "áàảãạ"), ("e", "éèẻẽẹ"), ("y", "ýỳỷỹỵ")):
    _first = {"a": "o", "e": "o", "y": "u"}[_plain]
    _first_toned = {"o": "óòỏõọ", "u": "úùủũụ"}[_first]
    for _i, _ch in enumerate(_toned):
        _TONE_MOVES[_first + _ch] = _first_toned[_i] + _plain
        _TONE_MOVES[_first.upper() + _ch] = _first_toned[_i].upper() + _plain
        _TONE_MOVES[_first.upper() + _ch.upper()] = _first_toned[_i].upper() + _plain.upper()
        _TONE_MOVES[_first + _ch.upper()] = _first_toned[_i] + _plain.upper()
_TONE_RE = re.compile("[oOuU][" + "".join(sorted({pair[1] for pair in _TONE_MOVES})) + "]")


def _tone(match: re.Match) -> str | None:
    text, start, end = match.string, match.start(), match.end()
    if start and text[start - 1] in "qQ":
        return None  # "quý": the u belongs to the consonant
    if end < len(text) and (text[end].isalpha() or text[end].isdigit()):
        return None  # closed syllable ("hoàn", "toán"): the tone stays on the second vowel
    return _TONE_MOVES.get(match.group())


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_MARKUP_RE = re.compile(
    r"(?P<sup><sup>\s*\(?(?P<sup_label>[^<()]{0,12}?)\)?\s*</sup>)"
    r"|(?P<uni>⁽?(?P<uni_label>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})⁾?)"
    r"|(?P<mdfn>\[\^(?P<mdfn_label>[^\]\s]{1,12})\])"
    r"|(?P<br><br\s*/?>)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>\n]{0,200})?/?>)"
    r"|(?P<entity>&(?:nbsp|amp|lt|gt|quot|#39);)"
    r"|(?P<heading>#{1,6}[ ]+)"
    r"|(?P<quote>>[ ]?)"
    r"|(?P<star_bullet>[*][ ]+)"
    r"|(?P<escape>\\(?P<escaped>[\\`*_{}\[\]()#+\-.!|]))"
    r"|(?P<emphasis>\*+)",
)
_MARKUP_TRIGGER_RE = re.compile("[<⁽⁰¹²³⁴⁵⁶⁷⁸⁹\\[&#>*\\\\]")
_LINE_START_KINDS = ("heading", "quote", "star_bullet")
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}


def _at_line_start(match: re.Match) -> bool:
    text, start = match.string, match.start()
    line_start = text.rfind("\n", max(0, start - 4), start) + 1 if start else 0
    return start - line_start <= 3 and not text[line_start:start].strip(" ") and (line_start > 0 or start <= 3)


def _markup(match: re.Match) -> str | None:
    kind = match.lastgroup
    if kind in _LINE_START_KINDS and not _at_line_start(match):
        # "#", ">" and "* " are markup only at the start of a line; "*" alone is emphasis.
        return "" if match.group().startswith("*") else None
    if match.group("sup") is not None:
        label = match.group("sup_label").strip()
        return f"{FN_OPEN}{label}{FN_CLOSE}" if label else ""
    if match.group("uni") is not None:
        return f"{FN_OPEN}{match.group('uni_label').translate(_SUPERSCRIPT_DIGITS)}{FN_CLOSE}"
    if match.group("mdfn") is not None:
        return f"{FN_OPEN}{match.group('mdfn_label')}{FN_CLOSE}"
    if match.group("br") is not None:
        return "\n"
    if match.group("entity") is not None:
        return _ENTITIES[match.group("entity")]
    if match.group("star_bullet") is not None:
        return "- "
    if match.group("escape") is not None:
        return match.group("escaped")
    return ""


@dataclass
class Prepared:
    text: str
    to_source: OffsetMap
    source_length: int

    def source_span(self, start: int, end: int) -> dict:
        return {"start": self.to_source(start), "end": self.to_source(end)}


def prepare(source: str) -> Prepared:
    text, mapping = rewrite(source, _DROP_RE, _drop)
    text = _one_to_one(text)
    if not unicodedata.is_normalized("NFC", text):
        text, mapping = rewrite_spans(text, _compose(text), mapping)
        if not unicodedata.is_normalized("NFC", text):
            # Rare compositions across clusters: offsets inside them may drift by a character.
            text = unicodedata.normalize("NFC", text)
        text = _one_to_one(text)
    text, mapping = rewrite(text, _TONE_RE, _tone, mapping)
    text, mapping = rewrite_at(text, _MARKUP_TRIGGER_RE, _MARKUP_RE, _markup, mapping)
    return Prepared(text=text, to_source=mapping, source_length=len(source))


def strip_markers(text: str) -> str:
    """Text for display: footnote markers removed, spaces collapsed."""
    return " ".join(FN_RE.sub("", text).split())


def render_markers(text: str) -> str:
    """Text for display with footnote references as written in plain text: "35 HTX(1)"."""
    return " ".join(FN_RE.sub(lambda m: f"({m.group(1)})", text).split())
