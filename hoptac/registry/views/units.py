"""The commune picker's server side and the unit lists of the filter bars."""

from django.shortcuts import render

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.units.models import AdminUnit

from ..forms import search_units, unit_choices

# Which communes each form may pick: those the user may write for that kind of record.
PICKER_SCOPES = {
    "cooperative": perms.REGISTRY_WRITE,
    "group": perms.GROUP_WRITE,
    "membership": perms.REGISTRY_READ,
}


def picker_query(request) -> str:
    return (request.POST.get("commune_q") or request.GET.get("commune_q") or "").strip()[:100]


def filter_units(user):
    """Districts and communes the user can see, in one query (for the filter selects)."""
    return list(
        access.visible_units(user)
        .filter(level__in=[AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE])
        .only("pk", "name", "level", "parent_id", "path")
    )


@requires(perms.REGISTRY_READ)
def commune_options(request):
    """<option>s of the commune select narrowed by the typed text (htmx swaps them in)."""
    right = PICKER_SCOPES.get(request.GET.get("for"), perms.REGISTRY_READ)
    communes = access.visible_units(request.user, right).filter(level=AdminUnit.Level.COMMUNE)
    selected = request.GET.get("commune", "")
    query = picker_query(request)
    units = list(search_units(communes, query).select_related("parent")) if query else list(
        communes.select_related("parent")
    )
    if selected.isdigit() and all(str(u.pk) != selected for u in units):
        units += list(communes.filter(pk=selected).select_related("parent"))
    if query and len(units) == 1:
        selected = str(units[0].pk)
    return render(
        request,
        "registry/_commune_options.html",
        {"groups": unit_choices(units, grouped=True)[1:], "selected": selected},
    )
