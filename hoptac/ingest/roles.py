"""Who leads (chủ trì) and who coordinates (phối hợp) a task, from the task's own text.

- "X chủ trì, phối hợp với Y, Z …": lead X, coordinate Y, Z.
- "Giao X …", "X có trách nhiệm …", "X <verb> …" at the start of the item: lead X.
- "X:" alone (a heading that addresses units): lead X, inherited by the items under it.
- "… phối hợp với Y" under an inherited lead: coordinate Y; but an item that begins
  "Phối hợp với Y …" (no chủ trì, not "chủ động") makes Y the lead and the addressees coordinate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .names import DEFAULT_LEXICON, Lexicon, Name

_START_VERB_RE = re.compile(r"(?P<verb>giao(?:\s+cho)?|đề nghị|yêu cầu|đối với|trách nhiệm của)\s+", re.IGNORECASE)
_ASSIGN_RE = re.compile(r"(?<![^\W\d_])(?:giao(?:\s+cho)?|do)\s+", re.IGNORECASE)
_LEAD_AFTER_RE = re.compile(
    r"\s*(?:,\s*)?(?:là cơ quan\s+|làm\s+)?(?:chủ trì|có trách nhiệm|chịu trách nhiệm|đầu mối|thường trực)", re.IGNORECASE
)
_COORDINATE_RE = re.compile(
    r"(?<![^\W\d_])(?:phối hợp|sự phối hợp)(?:\s+(?:chặt chẽ|tốt|thường xuyên|đồng bộ))?(?:\s+(?:với|của|cùng))?\s+", re.IGNORECASE
)
_GIVE_TO_RE = re.compile(r"(?<![^\W\d_])(?:giao|phân bổ|phân giao)\s+[^.;:]{0,150}?\s+cho\s+", re.IGNORECASE)
_CLAUSE_START_RE = re.compile(r"(?:[.;]\s+|:\s+)")
_HEADING_END_RE = re.compile(r"\s*(?:\([^()]{0,80}\))?\s*[:.]?\s*$")
_INVERTING_START_RE = re.compile(r"(?:tham gia\s+)?phối hợp(?:\s+chặt chẽ)?\s+(?:với\s+)?", re.IGNORECASE)
_CHU_TRI_RE = re.compile(r"(?<![^\W\d_])chủ trì", re.IGNORECASE)


@dataclass
class Roles:
    lead: list[Name] = field(default_factory=list)
    coordinate: list[Name] = field(default_factory=list)
    is_heading: bool = False  # the text only names units ("1. Ủy ban nhân dân các huyện, thành phố:")
    inverts: bool = False  # "Phối hợp với Y …" under an inherited lead
    explicit_lead: bool = False
    requested: bool = False  # lead named after "Đề nghị" / "Yêu cầu" at the start


def _dedupe(names: list[Name]) -> list[Name]:
    seen, out = set(), []
    for name in names:
        key = name.text.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def find_roles(text: str, lexicon: Lexicon = DEFAULT_LEXICON) -> Roles:
    roles = Roles()
    body = text.lstrip()
    offset = len(text) - len(body)
    lead: list[Name] = []
    coordinate: list[Name] = []

    # Subject at the start of the item, possibly after "Giao", "Đề nghị", "Yêu cầu".
    pos = offset
    verb = _START_VERB_RE.match(text, pos)
    if verb:
        pos = verb.end()
    subject = lexicon.match_list(text, pos)
    if subject:
        rest_end = subject[-1].end
        if _HEADING_END_RE.match(text, rest_end) and (_HEADING_END_RE.match(text, rest_end).end() == len(text)):
            roles.is_heading = True
        lead.extend(subject)
        roles.explicit_lead = True
        roles.requested = bool(verb) and verb.group("verb").lower() in ("đề nghị", "yêu cầu")

    # "giao X …", "do X chủ trì" anywhere; "X chủ trì" at a clause start.
    for m in _ASSIGN_RE.finditer(text):
        names = lexicon.match_list(text, m.end())
        if names and (m.group().lower().startswith("giao") or _LEAD_AFTER_RE.match(text, names[-1].end)):
            lead.extend(names)
            roles.explicit_lead = True
    # "Giao chỉ tiêu … cho Ủy ban nhân dân các huyện, thành phố": the receiver leads.
    for m in _GIVE_TO_RE.finditer(text):
        names = lexicon.match_list(text, m.end())
        if names:
            lead.extend(names)
            roles.explicit_lead = True
    for m in _CLAUSE_START_RE.finditer(text):
        names = lexicon.match_list(text, m.end())
        if names and _LEAD_AFTER_RE.match(text, names[-1].end):
            lead.extend(names)
            roles.explicit_lead = True

    for m in _COORDINATE_RE.finditer(text):
        coordinate.extend(lexicon.match_list(text, m.end()))

    if not roles.explicit_lead and coordinate and _INVERTING_START_RE.match(text, offset) and not _CHU_TRI_RE.search(text):
        roles.inverts = True

    roles.lead = _dedupe(lead)
    lead_keys = {n.text.casefold() for n in roles.lead}
    roles.coordinate = [n for n in _dedupe(coordinate) if n.text.casefold() not in lead_keys]
    return roles


_PREAMBLE_ADDRESS_RE = re.compile(r"(?<![^\W\d_])(?:yêu cầu|đề nghị|giao|chỉ đạo)\s+", re.IGNORECASE)


def addressees(text: str, lexicon: Lexicon = DEFAULT_LEXICON) -> list[Name]:
    """Units a preamble addresses ("… yêu cầu các sở, ban ngành … thực hiện … như sau:")."""
    if not text.rstrip().endswith(":"):
        return []
    out: list[Name] = []
    for m in _PREAMBLE_ADDRESS_RE.finditer(text):
        out.extend(lexicon.match_list(text, m.end()))
    return _dedupe(out)
