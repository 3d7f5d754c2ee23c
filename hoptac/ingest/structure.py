"""Paragraphs and numbering: from cleaned text to a tree of numbered items.

Every numbering style Vietnamese documents use is recognised at the start of a line: "Phần I",
"Điều 1.", "I.", "1.", "1.1.", "a)", "(1)", "-", "+". Levels are not fixed by style: the first
style met under a parent becomes that parent's child level, as in a reader's eye. Lines that begin
in lower case continue the paragraph before them, also across footnotes and page breaks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .prepare import FN_CLOSE, FN_OPEN

ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
_MARKER_RE = re.compile(
    rf"(?P<article>(?i:điều)\s+(?P<article_n>\d{{1,3}})\s*[.:]\s*)"
    rf"|(?P<part>(?i:phần|chương|mục)\s+(?P<part_n>(?i:thứ\s+[^\W\d_]+)|{ROMAN}|\d{{1,2}})(?![\w])\s*[.:\-–]?\s*)"
    r"|(?P<dotted>(?P<dotted_n>\d{1,2}(?:\.\d{1,2}){1,4})\.?(?:\)\s*|\s+|(?=[^\W\d_])))"
    rf"|(?P<roman>(?P<roman_n>{ROMAN})\s*[.)]\s*(?=\S))"
    r"|(?P<arabic>(?P<arabic_n>\d{1,3})\s*(?P<arabic_p>[.)])(?:\s+|(?=[^\W\d_])))"
    r"|(?P<paren>\((?P<paren_n>\d{1,3}|[a-zđ])\)\s*(?=\S))"
    r"|(?P<alpha>(?P<alpha_n>[a-zđ])\s*[).](?:\s+|(?=[^\W\d_])))"
    r"|(?P<upper>(?P<upper_n>[A-HJ-UWYZĐ])\.\s+(?=[^\W\d_]))"
    r"|(?P<dash>[-–—•·▪►❖∙◦]+\s*(?=\S))"
    r"|(?P<plus>\+\s*(?=\S))"
)
_FOOTNOTE_DEF_RE = re.compile(FN_OPEN + r"([^" + FN_CLOSE + r"]{1,12})" + FN_CLOSE + r"\s*:?\s*")
_PLAIN_FOOTNOTE_DEF_RE = re.compile(r"\((\d{1,2})\)\s*")
_LOWER_START_RE = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Marker:
    style: str  # article, part, dotted2…, roman, arabic, arabic_paren, paren_num, paren_alpha, alpha, upper, dash, plus
    label: str | None  # as the document numbers it; None for bullets
    length: int  # characters of the marker in the line


def match_marker(line: str) -> Marker | None:
    m = _MARKER_RE.match(line)
    if not m or m.end() == 0:
        return None
    kind = m.lastgroup
    for name in ("article", "part", "dotted", "roman", "arabic", "paren", "alpha", "upper", "dash", "plus"):
        if m.group(name) is not None:
            kind = name
            break
    if kind == "roman" and not m.group("roman_n"):
        return None
    if kind == "article":
        return Marker("article", m.group("article_n"), m.end())
    if kind == "part":
        word = m.group().split()[0].lower()
        return Marker(f"part_{word}", m.group("part_n"), m.end())
    if kind == "dotted":
        number = m.group("dotted_n")
        return Marker(f"dotted{number.count('.') + 1}", number, m.end())
    if kind == "roman":
        return Marker("roman", m.group("roman_n"), m.end())
    if kind == "arabic":
        style = "arabic" if m.group("arabic_p") == "." else "arabic_paren"
        return Marker(style, str(int(m.group("arabic_n"))), m.end())
    if kind == "paren":
        label = m.group("paren_n")
        return Marker("paren_num" if label.isdigit() else "paren_alpha", label, m.end())
    if kind == "alpha":
        return Marker("alpha", m.group("alpha_n"), m.end())
    if kind == "upper":
        return Marker("upper", m.group("upper_n"), m.end())
    if kind == "dash":
        return Marker("dash", None, m.end())
    return Marker("plus", None, m.end())


@dataclass
class Paragraph:
    """A paragraph of the cleaned text, possibly joined from several lines."""

    text: str
    starts: list[int] = field(default_factory=list)  # start of each joined piece within `text`
    offsets: list[int] = field(default_factory=list)  # where each piece starts in the cleaned text
    end_offset: int = 0
    marker: Marker | None = None
    footnote: str | None = None  # label when the paragraph is a footnote's text

    @property
    def start_offset(self) -> int:
        return self.offsets[0]

    def offset_of(self, index: int) -> int:
        """Offset in the cleaned text of character `index` of `text`."""
        k = max(0, bisect_right(self.starts, index) - 1)
        return self.offsets[k] + (index - self.starts[k])

    def append(self, piece: str, offset: int, end_offset: int) -> None:
        self.starts.append(len(self.text) + 1)
        self.offsets.append(offset)
        self.text = f"{self.text} {piece}"
        self.end_offset = end_offset

    @property
    def body(self) -> str:
        return self.text[self.marker.length :] if self.marker else self.text

    @property
    def body_start(self) -> int:
        return self.marker.length if self.marker else 0


def _lines(text: str):
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        yield stripped, pos + lead, pos + lead + len(stripped)
        pos += len(raw) + 1


def plain_footnote_refs(text: str) -> set[str]:
    """Labels of "(1)" markers written right after a word ("… 35 HTX(1) …")."""
    return {
        m.group(1)
        for m in _PAREN_NUMBER_RE.finditer(text)
        if m.start() and not text[m.start() - 1].isspace() and text[m.start() - 1] not in "([" and not text[m.start() - 1].isdigit()
    }


_PAREN_NUMBER_RE = re.compile(r"\((\d{1,2})\)")


MAX_PARAGRAPHS = 50_000


def paragraphs(text: str, budget=None, limit: int = MAX_PARAGRAPHS) -> list[Paragraph]:
    """Paragraphs of the text; at most `limit` of them (the caller warns when the limit is reached)."""
    refs = plain_footnote_refs(text)
    out: list[Paragraph] = []
    last_body: Paragraph | None = None  # last paragraph that is not a footnote
    blank = True
    for count, (line, start, end) in enumerate(_lines(text)):
        if budget is not None and count % 2000 == 0:
            budget.check()
        if not line:
            blank = True
            continue
        note = _FOOTNOTE_DEF_RE.match(line)
        plain = _PLAIN_FOOTNOTE_DEF_RE.match(line) if not note else None
        if note or (plain and plain.group(1) in refs and out and not _looks_like_list(out, plain.group(1))):
            m = note or plain
            para = Paragraph(text=line[m.end() :], starts=[0], offsets=[start + m.end()], end_offset=end, footnote=m.group(1).strip("()"))
            out.append(para)
            blank = False
            continue
        marker = match_marker(line)
        is_continuation = marker is None and (
            _LOWER_START_RE.match(line) and line[0].islower() or line.startswith("(") or line[0] in ",;"
        )
        if is_continuation and out:
            target = out[-1] if not blank or last_body is None else last_body
            if target.footnote is not None and blank and last_body is not None:
                target = last_body
            target.append(line, start, end)
            blank = False
            continue
        if len(out) >= limit:
            break
        para = Paragraph(text=line, starts=[0], offsets=[start], end_offset=end, marker=marker)
        out.append(para)
        last_body = para
        blank = False
    return out


def _looks_like_list(out: list[Paragraph], label: str) -> bool:
    """"(2)" right after a "(1)" item is a numbered list, not a footnote."""
    previous = out[-1]
    return previous.marker is not None and previous.marker.style == "paren_num" and label != "1"


# --- the tree -------------------------------------------------------------------------------------


@dataclass
class Node:
    paragraph: Paragraph
    parent: Node | None
    style: str
    label: str | None
    number: str = ""
    children: list[Node] = field(default_factory=list)
    extra: list[Paragraph] = field(default_factory=list)  # unnumbered paragraphs that belong to it
    unnumbered: bool = False
    skipped: bool = False
    style_counts: dict[str, int] = field(default_factory=dict)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def child_label(marker: Marker, index: int) -> str:
    """A child's own label: as written, the last part of "1.2.", or its position for bullets."""
    if marker.label is None:
        return str(index)
    if marker.style.startswith("dotted"):
        return marker.label.split(".")[-1]
    if marker.style == "roman":
        return marker.label.upper()
    return marker.label


def build_tree(paras: list[Paragraph], root: Node, *, is_heading, starts_task, budget=None, limit: int | None = None) -> int:
    """Place numbered paragraphs under `root` by their numbering style; attach the unnumbered ones.

    `is_heading(node)` says whether an item is a heading (its body follows in unnumbered
    paragraphs); `starts_task(text)` whether an unnumbered paragraph is a task of its own.
    Stops after `limit` items; returns the number of items placed.
    """
    stack: list[Node] = []
    nodes: list[Node] = []
    for count, para in enumerate(paras):
        if budget is not None and count % 500 == 0:
            budget.check()
        if limit is not None and len(nodes) > limit:
            break
        if para.marker is not None:
            style = para.marker.style
            depth = next((i for i, node in enumerate(stack) if node.style == style), None)
            if depth is not None:
                del stack[depth:]
            parent = stack[-1] if stack else root
            node = Node(paragraph=para, parent=parent, style=style, label=para.marker.label)
            parent.style_counts[style] = parent.style_counts.get(style, 0) + 1
            node.label = child_label(para.marker, parent.style_counts[style])
            parent.children.append(node)
            stack.append(node)
            nodes.append(node)
            continue
        current = stack[-1] if stack else None
        if current is not None and is_heading(current) and not current.children and not current.extra:
            current.extra.append(para)
        elif starts_task(para.text):
            parent = _parent_for_unnumbered(root)
            node = Node(paragraph=para, parent=parent, style=_unnumbered_style(parent), label=None, unnumbered=True)
            parent.children.append(node)
            stack[:] = [n for n in _ancestry(parent) if n is not root] + [node]
            nodes.append(node)
        elif current is not None:
            current.extra.append(para)
        # else: text before the first item that addresses nobody, e.g. a second preamble paragraph
    return len(nodes)


def _ancestry(node: Node) -> list[Node]:
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def _parent_for_unnumbered(root: Node) -> Node:
    """An unnumbered task goes after the last item of the top level, or inside the last section."""
    if root.children and root.children[-1].style in ("roman", "upper", "part_phần", "part_chương", "part_mục"):
        section = root.children[-1]
        if section.children:
            return section
    return root


def _unnumbered_style(parent: Node) -> str:
    styles = [c.style for c in parent.children if not c.unnumbered]
    return styles[-1] if styles else "unnumbered"


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(text: str) -> int:
    total, previous = 0, 0
    for ch in reversed(text.upper()):
        value = _ROMAN_VALUES.get(ch, 0)
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def int_to_roman(value: int) -> str:
    out = ""
    for number, numeral in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += numeral
            value -= number
    return out


class _Labels:
    """Labels used among one parent's children, for numbering the unnumbered ones."""

    def __init__(self):
        self.taken: set[str] = set()
        self.max_number = 0
        self.max_roman = 0
        self.max_letter = -1

    LETTERS = "abcdđefghiklmnopqrstuvxy"

    def add(self, label: str) -> None:
        self.taken.add(label)
        if label.isdigit():
            self.max_number = max(self.max_number, int(label))
        elif re.fullmatch(ROMAN, label):
            self.max_roman = max(self.max_roman, roman_to_int(label))
        if label in self.LETTERS:
            self.max_letter = max(self.max_letter, self.LETTERS.index(label))

    def next(self, style: str) -> str:
        if style == "roman":
            label = int_to_roman(self.max_roman + 1)
        elif style in ("alpha", "paren_alpha") and self.max_letter + 1 < len(self.LETTERS):
            label = self.LETTERS[self.max_letter + 1]
        else:
            candidate = self.max_number + 1
            while str(candidate) in self.taken:
                candidate += 1
            label = str(candidate)
        self.add(label)
        return label


def number_nodes(root: Node) -> list[str]:
    """Give each node its plan number ("1.2", "II.2.a"); returns the numbers that had to be made unique."""
    duplicates: list[str] = []
    seen: set[str] = set()
    next_suffix: dict[str, int] = {}
    labels: dict[int, _Labels] = {}
    for node in root.walk():
        if node is root:
            continue
        used = labels.get(id(node.parent))
        if used is None:
            used = labels[id(node.parent)] = _Labels()
            for sibling in node.parent.children:
                if not sibling.unnumbered and sibling.label:
                    used.add(sibling.label)
        if node.unnumbered:
            node.label = used.next(node.style)
            node.unnumbered = False
        prefix = node.parent.number if node.parent is not root else ""
        number = f"{prefix}.{node.label}" if prefix else node.label
        if number in seen:
            if number not in next_suffix:
                duplicates.append(number)
            suffix = next_suffix.get(number, 2)
            while f"{number}-{suffix}" in seen:
                suffix += 1
            next_suffix[number] = suffix + 1
            number = f"{number}-{suffix}"
        seen.add(number)
        node.number = number
    return duplicates
