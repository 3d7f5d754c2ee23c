"""Resolve unit and agency names as people write them.

Documents and spreadsheets write the same place many ways: "Đăk Hà" / "Đắk Hà" / "dak ha",
"Ia H'Drai" / "Ia H' Drai", "TP Kon Tum" / "Thành phố Kon Tum", NFD text, "Ð" for "Đ".
Units are matched on AdminUnit.search_key (place_key of the short name, indexed), so a
lookup is one indexed query and always sees the current data. An ambiguous name returns
every candidate; callers decide (or ask the user) which one is meant.
"""

import difflib
import re
from collections.abc import Iterable
from datetime import date

from hoptac.lib.text import fold, nfc, place_key

from .models import AdminUnit, Agency

Kind = AdminUnit.Kind
Level = AdminUnit.Level
LEVEL_RANK = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}

# Kind prefixes as written with their diacritics: unmistakable ("Phường" is not "Phương").
KIND_WORDS = [
    ("thành phố", {Kind.CITY}, None),
    ("thị xã", {Kind.TOWN}, Level.DISTRICT),
    ("thị trấn", {Kind.TOWNLET}, Level.COMMUNE),
    ("đặc khu", {Kind.SPECIAL_ZONE}, None),
    ("huyện", {Kind.RURAL_DISTRICT}, Level.DISTRICT),
    ("quận", {Kind.URBAN_DISTRICT}, Level.DISTRICT),
    ("phường", {Kind.WARD}, Level.COMMUNE),
    ("xã", {Kind.COMMUNE}, Level.COMMUNE),
    ("tỉnh", {Kind.PROVINCE}, Level.PROVINCE),
]
# Abbreviations: "TP", "TP.", "T.P", "Tp.Kon Tum", "TX", "TT.", "H.", "X.", "P.", "Q.".
ABBREVIATIONS = [
    (re.compile(r"^t\.?p(?:\.\s*|\s+)(?=\S)"), {Kind.CITY}, None),
    (re.compile(r"^t\.?x(?:\.\s*|\s+)(?=\S)"), {Kind.TOWN}, Level.DISTRICT),
    (re.compile(r"^t\.?t(?:\.\s*|\s+)(?=\S)"), {Kind.TOWNLET}, Level.COMMUNE),
    (re.compile(r"^h\.\s*(?=\S)"), {Kind.RURAL_DISTRICT}, Level.DISTRICT),
    (re.compile(r"^q\.\s*(?=\S)"), {Kind.URBAN_DISTRICT}, Level.DISTRICT),
    (re.compile(r"^p\.\s*(?=\S)"), {Kind.WARD}, Level.COMMUNE),
    (re.compile(r"^x\.\s*(?=\S)"), {Kind.COMMUNE}, Level.COMMUNE),
]
COMMITTEE_KINDS = [Agency.Kind.PROVINCE_COMMITTEE, Agency.Kind.DISTRICT_COMMITTEE, Agency.Kind.COMMUNE_COMMITTEE]


class _Reading:
    """What a unit name says: its keys with and without a kind prefix, and the kind it names."""

    def __init__(self, text: str):
        text = _drop_committee_words(" ".join(nfc(text or "").split()))
        self.full_key = place_key(text)
        self.bare_key = ""
        self.kinds: set[str] = set()
        self.level = None
        # strong: written with diacritics or as an abbreviation, so it is surely a kind prefix;
        # weak: typed without diacritics, where "phuong" may be "Phường" or the name "Phương".
        self.strong = False
        lower = text.lower()
        for word, kinds, level in KIND_WORDS:
            if lower.startswith(word + " "):
                self._set(text[len(word) + 1 :], kinds, level, strong=True)
                return
        for pattern, kinds, level in ABBREVIATIONS:
            match = pattern.match(lower)
            if match:
                self._set(text[match.end() :], kinds, level, strong=True)
                return
        for word, kinds, level in KIND_WORDS:
            plain = fold(word)
            if lower.startswith(plain + " ") and lower[: len(plain)].isascii():
                self._set(text[len(plain) + 1 :], kinds, level, strong=False)
                return

    def _set(self, rest, kinds, level, *, strong):
        self.bare_key, self.kinds, self.level, self.strong = place_key(rest), kinds, level, strong

    @property
    def keys(self) -> list[str]:
        return [key for key in (self.full_key, self.bare_key) if key]

    @property
    def best_key(self) -> str:
        return self.bare_key or self.full_key

    def choose(self, units: list[AdminUnit]) -> list[AdminUnit]:
        by_full = [u for u in units if u.search_key == self.full_key]
        by_bare = [u for u in units if self.bare_key and u.search_key == self.bare_key]
        of_kind = [u for u in by_bare if u.kind in self.kinds]
        if self.strong:
            if of_kind:
                return of_kind
            if by_full:
                return by_full
            return [u for u in by_bare if u.level == self.level] or by_bare
        return _unique(by_full + (of_kind or by_bare))


def _drop_committee_words(text: str) -> str:
    """"Ủy ban nhân dân huyện Đăk Hà" / "UBND huyện Đăk Hà" name the unit "huyện Đăk Hà"."""
    folded = fold(text)
    if folded.startswith("uy ban nhan dan "):
        return " ".join(text.split()[4:])
    if folded.startswith("ubnd "):
        return " ".join(text.split()[1:])
    return text


def _unique(items):
    return list(dict.fromkeys(items))


def _sorted(units) -> list[AdminUnit]:
    return sorted(units, key=lambda u: (LEVEL_RANK.get(u.level, 9), u.path))


def _filtered(level=None, within: AdminUnit | None = None, on: date | None = None, kind=None):
    qs = AdminUnit.objects.all()
    if level:
        qs = qs.filter(level=level)
    if kind:
        qs = qs.filter(kind__in=[kind] if isinstance(kind, str) else list(kind))
    if within is not None:
        qs = qs.filter(path__startswith=within.path + "/")
    if on is not None:
        qs = qs.valid_on(on)
    return qs


def find_units(
    text: str,
    *,
    level: str | None = None,
    within: AdminUnit | None = None,
    on: date | None = None,
    kind: str | Iterable[str] | None = None,
) -> list[AdminUnit]:
    """Every unit the text may name, province first, then districts, then communes.

    A kind in the text ("Huyện", "TP.", "Thị trấn" …) narrows to units of that kind.
    `within` keeps units strictly inside another unit; `on` keeps units valid on that day.
    """
    reading = _Reading(text)
    if not reading.keys:
        return []
    units = list(_filtered(level, within, on, kind).filter(search_key__in=reading.keys).select_related("parent"))
    return _sorted(reading.choose(units))


def find_unit(text: str, **filters) -> AdminUnit | None:
    """The unit the text names when exactly one matches, else None."""
    units = find_units(text, **filters)
    return units[0] if len(units) == 1 else None


def suggest_units(text: str, n: int = 3, **filters) -> list[AdminUnit]:
    """Up to n units whose names are closest to the text, for "did you mean …" messages."""
    reading = _Reading(text)
    if not reading.best_key:
        return []
    rows = list(_filtered(**filters).values_list("pk", "search_key"))
    keys = _unique(key for _pk, key in rows)
    close = difflib.get_close_matches(reading.best_key, keys, n=n, cutoff=0.6)
    rank = {key: index for index, key in enumerate(close)}
    pks = [pk for pk, key in rows if key in rank]
    units = AdminUnit.objects.filter(pk__in=pks).select_related("parent")
    return sorted(units, key=lambda u: (rank[u.search_key], LEVEL_RANK.get(u.level, 9), u.path))[:n]


# --- agencies ---------------------------------------------------------------------------

# Phrases written both in full and abbreviated in documents.
_AGENCY_PHRASES = [
    (re.compile(r"\buy ban nhan dan\b"), "ubnd"),
    (re.compile(r"\bhop tac xa\b"), "htx"),
    (re.compile(r"\bthanh pho\b|\bt p\b"), "tp"),
]
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def _rewrite_phrases(text: str | None) -> str:
    folded = fold(text)
    for pattern, replacement in _AGENCY_PHRASES:
        folded = pattern.sub(replacement, folded)
    return folded


def agency_key(text: str | None) -> str:
    """Matching key of an agency name: "Ủy ban nhân dân huyện Đắk Hà" and "UBND huyện Đăk Hà" agree."""
    return place_key(_rewrite_phrases(text))


def _agency_index() -> tuple[dict[str, list[int]], dict[int, Agency]]:
    agencies = {agency.pk: agency for agency in Agency.objects.select_related("admin_unit")}
    index: dict[str, list[int]] = {}
    for agency in agencies.values():
        names = [agency.name, agency.short_name, *agency.aliases.splitlines()]
        for key in _unique(agency_key(name) for name in names if name.strip()):
            index.setdefault(key, []).append(agency.pk)
    return index, agencies


def _ordered(agencies) -> list[Agency]:
    return sorted(agencies, key=lambda a: (a.ordering, a.name))


def find_agencies(text: str) -> list[Agency]:
    """Agencies whose name, short name or an alias is the text, ignoring diacritics and spelling.

    A trailing note such as "(b/c)" is ignored; "UBND <unit>" also finds the committee of
    that unit when no alias says so.
    """
    index, agencies = _agency_index()
    for candidate in _unique([text or "", _TRAILING_NOTE.sub("", text or "")]):
        pks = index.get(agency_key(candidate))
        if pks:
            return _ordered(agencies[pk] for pk in pks)
    if fold(text).startswith(("ubnd ", "uy ban nhan dan ")):
        units = {unit.pk for unit in find_units(text)}
        return _ordered(a for a in agencies.values() if a.kind in COMMITTEE_KINDS and a.admin_unit_id in units)
    return []


def suggest_agencies(text: str, n: int = 3) -> list[Agency]:
    """Up to n agencies whose names are closest to the text."""
    index, agencies = _agency_index()
    close = difflib.get_close_matches(agency_key(text), list(index), n=n * 3, cutoff=0.5)
    found = _unique(pk for key in close for pk in index[key])
    return [agencies[pk] for pk in found[:n]]


# Group names standing for several agencies, matched on the folded text (after agency_key's
# phrase rewriting). "... liên quan" (whoever is relevant) is never a group: nobody knows who.
_PROVINCIAL = [Agency.Kind.DEPARTMENT, Agency.Kind.PROVINCIAL_UNIT, Agency.Kind.ALLIANCE]
_OF_PROVINCE = r"(?: (?:truc )?thuoc tinh(?: [a-z ]+)?)?"
AGENCY_GROUPS = [
    (re.compile(r"^(?:ubnd )?(?:cac|cap) huyen(?: (?:thi xa|tp|quan))*$"), [Agency.Kind.DISTRICT_COMMITTEE]),
    (re.compile(r"^ubnd huyen(?: (?:thi xa|tp|quan))+$"), [Agency.Kind.DISTRICT_COMMITTEE]),
    (re.compile(r"^cac dia phuong(?: trong tinh)?$"), [Agency.Kind.DISTRICT_COMMITTEE]),
    (re.compile(r"^(?:ubnd )?(?:cac|cap) xa(?: (?:phuong|thi tran))*$"), [Agency.Kind.COMMUNE_COMMITTEE]),
    (re.compile(rf"^cac so(?: ban)? nganh(?: don vi)?{_OF_PROVINCE}$"), _PROVINCIAL),
    (re.compile(r"^cac don vi (?:truc )?thuoc tinh(?: [a-z ]+)?$"), _PROVINCIAL),
    (re.compile(rf"^cac so{_OF_PROVINCE}$"), [Agency.Kind.DEPARTMENT]),
    (
        re.compile(rf"^cac (?:so(?: ban)? nganh(?: don vi)? |don vi )dia phuong{_OF_PROVINCE}$"),
        [*_PROVINCIAL, Agency.Kind.DISTRICT_COMMITTEE],
    ),
]


def expand_agency_group(text: str) -> list[Agency] | None:
    """The agencies a group name stands for, or None when the text is not a group name.

    "Ủy ban nhân dân các huyện, thành phố" → the district committees;
    "Các sở, ban ngành, đơn vị thuộc tỉnh" → departments, provincial units and the Alliance;
    "các đơn vị, địa phương thuộc tỉnh" → those and the district committees.
    "sở, ban ngành liên quan" and "các đơn vị liên quan" are not groups.
    """
    folded = _rewrite_phrases(text)
    if "lien quan" in folded:
        return None
    for pattern, kinds in AGENCY_GROUPS:
        if pattern.match(folded):
            return _ordered(Agency.objects.internal().filter(kind__in=kinds).select_related("admin_unit"))
    return None


def agencies_of_unit(unit: AdminUnit) -> list[Agency]:
    """The People's Committee(s) of a unit."""
    return _ordered(Agency.objects.filter(admin_unit=unit, kind__in=COMMITTEE_KINDS))

