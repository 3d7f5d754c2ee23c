"""Where a user lands after signing in: the page her role works from."""

from django.urls import NoReverseMatch, reverse

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.units.models import AdminUnit

# Roles that follow the whole province: the overview.
OVERVIEW_ROLES = frozenset({perms.PROVINCE_LEADER, perms.ALLIANCE_OFFICER, perms.VIEWER, perms.ADMINISTRATOR})


def landing_url(user) -> str:
    """Leaders, the Alliance, viewers and administrators: the overview; a district officer: her
    district's page; a department officer: his tasks; anyone else: the overview."""
    scopes = access.scopes(user)
    roles = {scope.role for scope in scopes}
    if roles & OVERVIEW_ROLES:
        return reverse("home")
    if perms.DISTRICT_OFFICER in roles:
        unit_ids = [s.unit_id for s in scopes if s.role == perms.DISTRICT_OFFICER and s.unit_id]
        district = AdminUnit.objects.filter(pk__in=unit_ids, level=AdminUnit.Level.DISTRICT).order_by("path").first()
        if district is not None:
            return reverse("district", args=[district.code])
    if perms.DEPARTMENT_OFFICER in roles:
        try:
            return reverse("plans:my_tasks")
        except NoReverseMatch:
            pass
    return reverse("home")
