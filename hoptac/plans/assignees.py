"""From the names a directive writes (chủ trì / phối hợp) to the agencies assigned.

Group names expand into agencies ("Ủy ban nhân dân các huyện, thành phố" → the district
People's Committees) through `hoptac.units.lookup`. "… liên quan" groups are not expanded:
who is relevant is not said, so they stay on the task as written, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hoptac.lib.text import fold
from hoptac.units import lookup
from hoptac.units.models import Agency

from .models import AssignmentRole

LEAD = AssignmentRole.LEAD
COORDINATE = AssignmentRole.COORDINATE


def is_unspecified_group(name: str) -> bool:
    """"các sở, ban ngành liên quan", "các đơn vị liên quan": nobody in particular."""
    return fold(name).endswith("lien quan")


def _agencies(result) -> list[Agency]:
    """Lookup results as a list of agencies (they may come as a queryset or (agency, score) pairs)."""
    if result is None:
        return []
    items = []
    for item in result:
        items.append(item[0] if isinstance(item, tuple) else item)
    return items


def suggestions(name: str, limit: int = 3) -> list[str]:
    try:
        found = _agencies(lookup.suggest_agencies(name))
    except Exception:  # suggestions only decorate an error message
        found = []
    return [agency.name for agency in found[:limit]]


def _not_found(name: str) -> str:
    close = suggestions(name)
    if close:
        return _("không tìm thấy cơ quan “%(name)s”; gần nhất: %(close)s.") % {"name": name, "close": "; ".join(close)}
    return _("không tìm thấy cơ quan “%(name)s” (đã nạp danh mục cơ quan của tỉnh chưa?).") % {"name": name}


def _ambiguous(name: str, found: list[Agency]) -> str:
    names = "; ".join(a.name for a in found[:5])
    return _("“%(name)s” khớp nhiều cơ quan: %(names)s.") % {"name": name, "names": names}


def _choose(name: str, found: list[Agency]) -> Agency | None:
    if len(found) == 1:
        return found[0]
    exact = [a for a in found if fold(a.name) == fold(name)]
    return exact[0] if len(exact) == 1 else None


def resolve_one(name: str) -> tuple[Agency | None, str | None]:
    """One named agency, or (None, the reason in Vietnamese)."""
    found = _agencies(lookup.find_agencies(name))
    agency = _choose(name, found)
    if agency is not None:
        return agency, None
    if found:
        return None, _ambiguous(name, found)
    return None, _not_found(name)


def resolve_allocation_unit(name: str):
    """(agency, admin unit, problem) for an allocation's unit as the document writes it."""
    found = _agencies(lookup.find_agencies(name))
    agency = _choose(name, found)
    if agency is None:
        if found:
            return None, None, _ambiguous(name, found)
        return None, None, _not_found(name)
    return agency, agency.admin_unit, None


@dataclass
class Assigned:
    agency: Agency
    role: str
    as_written: str


@dataclass
class Resolution:
    assigned: list[Assigned] = field(default_factory=list)
    unexpanded: list[tuple[str, str]] = field(default_factory=list)  # (role, name)
    errors: list[str] = field(default_factory=list)

    def warnings(self, number: str) -> list[str]:
        return [unexpanded_warning(number, role, name) for role, name in self.unexpanded]


def unexpanded_warning(number: str, role: str, name: str) -> str:
    role_label = _("chủ trì") if role == LEAD else _("phối hợp")
    return _("Nhiệm vụ %(number)s: “%(name)s” (%(role)s) không chỉ rõ cơ quan nào, chưa giao cho cơ quan cụ thể.") % {
        "number": number,
        "name": name,
        "role": role_label,
    }


def resolve(lead: list[str], coordinate: list[str]) -> Resolution:
    """Agencies for a task's lead and coordinate names.

    A group leaves out agencies the task names explicitly in the other role (item 7: "the
    departments and units … with the Alliance" does not make the Alliance a lead); an agency in
    both roles keeps the lead role only.
    """
    result = Resolution()
    explicit: dict[str, set[int]] = {LEAD: set(), COORDINATE: set()}
    expanded: list[tuple[str, str, list[Agency] | None, Agency | None]] = []
    for role, names in ((LEAD, lead), (COORDINATE, coordinate)):
        for name in names:
            if is_unspecified_group(name):
                result.unexpanded.append((role, name))
                continue
            group = _agencies(lookup.expand_agency_group(name))
            if group:
                expanded.append((role, name, group, None))
                continue
            agency, problem = resolve_one(name)
            if problem:
                where = _("chủ trì") if role == LEAD else _("phối hợp")
                result.errors.append(f"{where}: {problem}")
                continue
            explicit[role].add(agency.pk)
            expanded.append((role, name, None, agency))
    roles: dict[int, tuple[str, str, Agency]] = {}
    for role, name, group, agency in expanded:
        other = COORDINATE if role == LEAD else LEAD
        members = [agency] if agency else [a for a in group if a.pk not in explicit[other]]
        for member in members:
            current = roles.get(member.pk)
            if current is None or (current[0] == COORDINATE and role == LEAD):
                roles[member.pk] = (role, name, member)
    for role in (LEAD, COORDINATE):
        result.assigned.extend(Assigned(agency, r, name) for r, name, agency in roles.values() if r == role)
    return result
