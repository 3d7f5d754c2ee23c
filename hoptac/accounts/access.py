"""The one place where access decisions are made.

A user's grants are turned once per request into scopes: (role, rights, agency, unit
subtree). Every decision — "may this user do X here?", "which cooperatives may she see?" —
is answered from those scopes, here and nowhere else.

Scope rules (see permissions.py for the role → rights table):
- province-wide roles (province leader, Alliance, department, administrator) cover the
  whole installation, whatever unit their grant names;
- district and commune officers cover the subtree of their grant's unit (or of their
  agency's unit); without a unit they cover no territory;
- a viewer covers its grant's unit, or everything when the grant names none;
- a superuser is an administrator everywhere.
Outside a user's scope an object does not exist for her (404); inside it but without the
write right she may read and not write (403).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from hoptac.units.models import AdminUnit, Agency

from . import permissions as perms
from .models import Grant

# Scope.unit_path values: None covers every unit; NOWHERE covers none.
NOWHERE = ""


@dataclass(frozen=True)
class Scope:
    role: str
    rights: frozenset
    agency_id: int | None
    unit_id: int | None
    unit_path: str | None
    scope_name: str = ""  # the unit or agency named by the grant, for display

    def covers_unit(self, unit: AdminUnit | None) -> bool:
        if self.unit_path is None:
            return True
        if self.unit_path == NOWHERE or unit is None:
            return False
        return unit.path == self.unit_path or unit.path.startswith(self.unit_path + "/")

    def covers_agency(self, agency: Agency | None) -> bool:
        if self.role in perms.CROSS_AGENCY_ROLES or agency is None:
            return True
        return self.agency_id == agency.pk


def _user_of(request_or_user):
    return getattr(request_or_user, "user", request_or_user)


def scopes(user) -> tuple[Scope, ...]:
    """The user's scopes, loaded with one query and cached on the user object (so per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_hoptac_scopes", None)
    if cached is not None:
        return cached
    result = []
    grants = Grant.objects.filter(user_id=user.pk).select_related("admin_unit", "agency__admin_unit")
    for grant in grants:
        unit = grant.admin_unit or (grant.agency.admin_unit if grant.agency_id else None)
        if grant.role in perms.PROVINCE_WIDE_ROLES:
            path = None
        elif grant.role in perms.TERRITORIAL_ROLES:
            path = unit.path if unit else NOWHERE
        else:
            path = unit.path if unit else None
        named = grant.admin_unit or grant.agency
        result.append(
            Scope(
                grant.role, perms.rights_of(grant.role), grant.agency_id, unit.pk if unit else None, path,
                str(named) if named else "",
            )
        )
    if user.is_superuser:
        result.append(Scope(perms.ADMINISTRATOR, perms.rights_of(perms.ADMINISTRATOR), None, None, None))
    user._hoptac_scopes = tuple(result)
    return user._hoptac_scopes


def forget_scopes(user) -> None:
    """Drop the cached scopes after the user's grants change."""
    if hasattr(user, "_hoptac_scopes"):
        del user._hoptac_scopes


def has_right(user, right: str, *, unit: AdminUnit | None = None, agency: Agency | None = None) -> bool:
    """Whether `user` holds `right` — anywhere, or over `unit` and/or for `agency` when given."""
    if right not in perms.ALL_RIGHTS:
        raise ValueError(f"Unknown right {right!r}")
    for scope in scopes(_user_of(user)):
        if right not in scope.rights:
            continue
        if unit is not None and not scope.covers_unit(unit):
            continue
        if agency is not None and not scope.covers_agency(agency):
            continue
        return True
    return False


def roles_of(user) -> set[str]:
    return {scope.role for scope in scopes(_user_of(user))}


# --- territory -------------------------------------------------------------------------------


def _territory_q(user, right: str, prefix: str) -> Q | None:
    """A filter selecting rows whose unit (reached through `prefix`) lies in the user's scope
    for `right`; an empty Q means everything, None means nothing."""
    paths = set()
    for scope in scopes(_user_of(user)):
        if right not in scope.rights:
            continue
        if scope.unit_path is None:
            return Q()
        if scope.unit_path != NOWHERE:
            paths.add(scope.unit_path)
    if not paths:
        return None
    # Drop paths nested in another one: the outer subtree already covers them.
    outer = [p for p in paths if not any(p != o and p.startswith(o + "/") for o in paths)]
    q = Q()
    for path in sorted(outer):
        q |= Q(**{f"{prefix}path": path}) | Q(**{f"{prefix}path__startswith": path + "/"})
    return q


def _unrestricted(user, right: str) -> bool:
    q = _territory_q(user, right, "")
    return q is not None and not q


def _scoped(queryset, user, right: str, prefixes: tuple[str, ...]):
    combined = None
    for prefix in prefixes:
        q = _territory_q(user, right, prefix)
        if q is None:
            return queryset.none()
        if not q:  # unrestricted
            return queryset
        combined = q if combined is None else combined | q
    return queryset.filter(combined)


def visible_units(user, right: str = perms.REGISTRY_READ):
    """Administrative units whose data the user may see (or act on, for another `right`)."""
    return _scoped(AdminUnit.objects.all(), user, right, ("",))


def editable_communes(user, right: str = perms.REGISTRY_WRITE):
    return visible_units(user, right).filter(level=AdminUnit.Level.COMMUNE)


def user_units(user):
    """The units named by the user's grants (directly or through the agency)."""
    ids = {scope.unit_id for scope in scopes(_user_of(user)) if scope.unit_id}
    return AdminUnit.objects.filter(pk__in=ids)


def user_agencies(user):
    ids = {scope.agency_id for scope in scopes(_user_of(user)) if scope.agency_id}
    return Agency.objects.filter(pk__in=ids)


def visible_agencies(user):
    """Agencies whose assignments and reports the user may read."""
    user = _user_of(user)
    user_scopes = scopes(user)
    if any(scope.role in perms.CROSS_AGENCY_ROLES for scope in user_scopes):
        return Agency.objects.all()
    q = Q(pk__in={scope.agency_id for scope in user_scopes if scope.agency_id})
    territory = _territory_q(user, perms.PLAN_READ, "admin_unit__")
    if territory:
        q |= territory
    return Agency.objects.filter(q)


# --- registry ------------------------------------------------------------------------------------


def _registry_models():
    # Imported late: accounts sits below registry in the import order.
    from hoptac.registry import models

    return models


def visible_cooperatives(user):
    return _scoped(_registry_models().Cooperative.objects.all(), user, perms.REGISTRY_READ, ("commune__",))


def editable_cooperatives(user):
    return _scoped(_registry_models().Cooperative.objects.all(), user, perms.REGISTRY_WRITE, ("commune__",))


def visible_groups(user):
    return _scoped(_registry_models().CooperativeGroup.objects.all(), user, perms.REGISTRY_READ, ("commune__",))


def editable_groups(user):
    return _scoped(_registry_models().CooperativeGroup.objects.all(), user, perms.GROUP_WRITE, ("commune__",))


_MEMBERSHIP_PATHS = ("cooperative__commune__", "group__commune__", "commune__")


def _scoped_memberships(user, right):
    """Memberships whose member (cooperative, group or organisation) lies in the user's scope."""
    queryset = _registry_models().AllianceMembership.objects.all()
    q = _territory_q(user, right, "cooperative__commune__")
    if q is None:
        return queryset.none()
    if not q:
        return queryset
    combined = Q()
    for prefix in _MEMBERSHIP_PATHS:
        combined |= _territory_q(user, right, prefix)
    return queryset.filter(combined)


def visible_memberships(user):
    return _scoped_memberships(user, perms.REGISTRY_READ)


def editable_memberships(user):
    return _scoped_memberships(user, perms.MEMBERSHIP_WRITE)


def membership_unit(membership) -> AdminUnit | None:
    if membership.cooperative_id:
        return membership.cooperative.commune
    if membership.group_id:
        return membership.group.commune
    return membership.commune


def can_edit_cooperative(user, coop) -> bool:
    return has_right(user, perms.REGISTRY_WRITE, unit=coop.commune)


def can_edit_group(user, group) -> bool:
    return has_right(user, perms.GROUP_WRITE, unit=group.commune)


def can_edit_membership(user, membership) -> bool:
    unit = membership_unit(membership)
    if unit is None:
        return _unrestricted(user, perms.MEMBERSHIP_WRITE)
    return has_right(user, perms.MEMBERSHIP_WRITE, unit=unit)


def _get_for_user(queryset, pk, user, write: bool, can_edit):
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_edit(user, obj):
        raise PermissionDenied
    return obj


def get_cooperative_for_user(request_or_user, pk, *, write: bool = False):
    """The cooperative `pk`: 404 outside the user's scope, 403 when `write` and read-only."""
    user = _user_of(request_or_user)
    queryset = visible_cooperatives(user).select_related("commune__parent")
    return _get_for_user(queryset, pk, user, write, can_edit_cooperative)


def get_group_for_user(request_or_user, pk, *, write: bool = False):
    user = _user_of(request_or_user)
    queryset = visible_groups(user).select_related("commune__parent")
    return _get_for_user(queryset, pk, user, write, can_edit_group)


def get_membership_for_user(request_or_user, pk, *, write: bool = False):
    user = _user_of(request_or_user)
    queryset = visible_memberships(user).select_related(
        "alliance", "cooperative__commune__parent", "group__commune__parent", "commune__parent"
    )
    return _get_for_user(queryset, pk, user, write, can_edit_membership)


# --- plans ---------------------------------------------------------------------------------------


def can_update_assignment(user, assignment) -> bool:
    """Progress on an assignment is recorded by its own agency, or by the Alliance / administrator."""
    if has_right(user, perms.PLAN_WRITE):
        return True
    return has_right(user, perms.TASK_UPDATE, agency=assignment.agency)


# --- reports -------------------------------------------------------------------------------------


def reads_every_agency(user) -> bool:
    """Whether the user reads the plans and reports of every agency, over the whole province."""
    return any(
        scope.role in perms.CROSS_AGENCY_ROLES and perms.PLAN_READ in scope.rights and scope.unit_path is None
        for scope in scopes(_user_of(user))
    )


def can_read_consolidated_report(user, consolidator: Agency | None = None) -> bool:
    """The consolidated report gathers every agency's report and the whole province's registry, so it
    is read by the consolidator and by those who read every agency's work (province leader,
    province-wide viewer, administrator) — not by a department, district or commune officer."""
    return has_right(user, perms.REPORT_CONSOLIDATE, agency=consolidator) or reads_every_agency(user)
