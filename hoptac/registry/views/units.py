"""The commune picker's server side and the unit lists of the filter bars."""

from django.contrib import messages
from django.shortcuts import redirect, render

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.units.models import AdminUnit

from ..forms import search_units, unit_choices
from .common import run_service

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


def filtering_communes(request) -> bool:
    """The form was posted to narrow the commune picker, not to be saved."""
    return request.method == "POST" and "_filter_communes" in request.POST


def create_in_commune(request, *, form_class, communes, create, success_message, detail_url, title, cancel_url):
    """A create page whose form has the commune picker: save through `create(values)` or show errors."""
    commune_q = picker_query(request)
    if request.method == "POST" and not filtering_communes(request):
        form = form_class(request.POST, communes=communes, commune_q=commune_q)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form_class.service_fields}
            created, _conflict = run_service(form, lambda: create(values))
            if created is not None:
                messages.success(request, success_message % {"name": created.name})
                return redirect(detail_url, pk=created.pk)
    else:
        initial = request.POST.dict() if filtering_communes(request) else {}
        form = form_class(initial=initial, communes=communes, commune_q=commune_q)
    return render(request, "registry/form.html", {"form": form, "title": title, "cancel_url": cancel_url})
