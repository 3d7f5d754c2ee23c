"""Checking a draft's names against the stored agencies and administrative units.

The plan JSON keeps every name as the document writes it; resolution only adds warnings for a
name that matches no agency, matches several, or ("… liên quan") names nobody in particular.
Each distinct name is looked up once per draft.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hoptac.lib.text import fold
from hoptac.units import lookup
from hoptac.units.models import AdminUnit, Agency

from .names import Lexicon
from .parser import Draft


def db_lexicon() -> Lexicon:
    """The built-in name patterns plus the names and aliases of stored agencies."""
    names: list[str] = []
    for name, short_name, aliases in Agency.objects.values_list("name", "short_name", "aliases"):
        names.extend([name, short_name, *aliases.splitlines()])
    return Lexicon([n.strip() for n in names if n and n.strip()])


class _Resolver:
    def __init__(self):
        self.agencies: dict[str, list[Agency]] = {}
        self.groups: dict[str, list[Agency] | None] = {}
        self.units: dict[str, list[AdminUnit]] = {}

    def find_agencies(self, name: str) -> list[Agency]:
        if name not in self.agencies:
            self.agencies[name] = list(lookup.find_agencies(name))
        return self.agencies[name]

    def group(self, name: str) -> list[Agency] | None:
        if name not in self.groups:
            found = lookup.expand_agency_group(name)
            self.groups[name] = None if found is None else list(found)
        return self.groups[name]

    def find_units(self, name: str) -> list[AdminUnit]:
        if name not in self.units:
            self.units[name] = list(lookup.find_units(name))
        return self.units[name]

    def suggestion(self, name: str) -> str:
        try:
            close = [a.name for a in lookup.suggest_agencies(name)]
        except Exception:  # a suggestion only decorates the message
            close = []
        return _(" Gần nhất: %(names)s.") % {"names": "; ".join(close)} if close else ""


def resolve_draft(draft: Draft) -> Draft:
    """Add a warning for every name of the draft that does not designate stored agencies."""
    if not Agency.objects.exists():
        draft.add_warning(_("Chưa có danh mục cơ quan, đơn vị; chưa đối chiếu được tên cơ quan trong văn bản."))
        return draft
    resolver = _Resolver()
    issuer = draft.plan["document"].get("issuer")
    if issuer:
        found = resolver.find_agencies(issuer)
        if len(found) != 1:
            draft.add_warning(_agency_problem(_("Cơ quan ban hành"), issuer, found, resolver))
    roles = ((_("chủ trì"), "lead"), (_("phối hợp"), "coordinate"))
    for task in draft.plan["tasks"]:
        where = _("Nhiệm vụ %(number)s") % {"number": task["number"]}
        for role_label, key in roles:
            for name in task[key]:
                message = _name_problem(name, resolver)
                if message:
                    draft.add_warning(f"{where}: {message} ({role_label})")
        for target in task["targets"]:
            for allocation in target["allocations"]:
                message = _allocation_problem(allocation["unit"], resolver)
                if message:
                    draft.add_warning(f"{where}, {_('phân bổ chỉ tiêu')}: {message}")
    return draft


def _name_problem(name: str, resolver: _Resolver) -> str | None:
    if is_unspecified_group(name):
        return _("“%(name)s” không chỉ rõ cơ quan nào; khi lưu sẽ không giao cho cơ quan cụ thể.") % {"name": name}
    members = resolver.group(name)
    if members is not None:
        if not members:
            return _("nhóm “%(name)s” chưa có cơ quan nào trong danh mục.") % {"name": name}
        return None
    found = resolver.find_agencies(name)
    if len(found) == 1:
        return None
    return _agency_problem("", name, found, resolver)


def _agency_problem(prefix: str, name: str, found: list[Agency], resolver: _Resolver) -> str:
    if found:
        text = _("“%(name)s” khớp nhiều cơ quan: %(names)s.") % {"name": name, "names": "; ".join(a.name for a in found[:5])}
    else:
        text = _("không tìm thấy cơ quan “%(name)s” trong danh mục.") % {"name": name} + resolver.suggestion(name)
    return f"{prefix}: {text}" if prefix else text


def _allocation_problem(name: str, resolver: _Resolver) -> str | None:
    found = resolver.find_agencies(name)
    if len(found) == 1:
        return None
    if not found:
        units = [u for u in resolver.find_units(name) if u.level in (AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE)]
        if len(units) == 1:
            return None
        if units:
            return _("“%(name)s” khớp nhiều đơn vị hành chính: %(names)s.") % {"name": name, "names": "; ".join(u.name for u in units[:5])}
        return _("không tìm thấy đơn vị “%(name)s”.") % {"name": name} + resolver.suggestion(name)
    return _("“%(name)s” khớp nhiều cơ quan: %(names)s.") % {"name": name, "names": "; ".join(a.name for a in found[:5])}


def is_unspecified_group(name: str) -> bool:
    """"các sở, ban ngành liên quan": whoever is relevant, which the text does not say."""
    return fold(name).endswith("lien quan")
