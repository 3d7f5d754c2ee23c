"""Cooperative group (THT) pages: list, detail, create, edit, dissolve."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.audit.services import history_for
from hoptac.lib.dates import reference_date_from

from .. import services
from ..forms import DissolveGroupForm, GroupEditForm, GroupFilterForm, GroupForm
from ..models import CooperativeGroup
from .common import conflict_details, name_search_q, paginate, rebind_with_version, record_ending, run_service
from .units import create_in_commune, filter_units, filtering_communes, picker_query


def group_rows(user, day, filters: dict):
    qs = access.visible_groups(user).select_related("commune__parent").order_by("name", "pk")
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(name_search_q(text))
    if filters.get("district"):
        qs = qs.in_unit(filters["district"])
    if filters.get("commune"):
        qs = qs.filter(commune=filters["commune"])
    if filters.get("status") == GroupFilterForm.EXISTING:
        qs = qs.existing_on(day)
    elif filters.get("status") == GroupFilterForm.DISSOLVED:
        qs = qs.filter(dissolved_on__lte=day)
    if filters.get("field"):
        qs = qs.filter(field=filters["field"])
    return qs


def _mark_existing(rows, day):
    for group in rows:
        group.exists_on_day = group.founded_on <= day and (group.dissolved_on is None or group.dissolved_on > day)
    return rows


@requires(perms.REGISTRY_READ)
def group_list(request):
    ref_date, ref_date_error = reference_date_from(request.GET)
    form = GroupFilterForm(request.GET, units=filter_units(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    page_obj = paginate(request, group_rows(request.user, ref_date, filters))
    _mark_existing(page_obj.object_list, ref_date)
    context = {
        "form": form,
        "page_obj": page_obj,
        "ref_date": ref_date,
        "ref_date_error": ref_date_error,
        "can_create": access.has_right(request.user, perms.GROUP_WRITE),
    }
    partial = request.htmx and not request.htmx.boosted
    response = render(request, "registry/_group_rows.html" if partial else "registry/group_list.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@requires(perms.REGISTRY_READ)
def group_detail(request, pk):
    group = access.get_group_for_user(request, pk)
    ref_date, ref_date_error = reference_date_from(request.GET)
    _mark_existing([group], ref_date)
    context = {
        "group": group,
        "ref_date": ref_date,
        "ref_date_error": ref_date_error,
        "memberships": group.memberships.select_related("alliance").order_by("joined_on"),
        "can_edit": access.can_edit_group(request.user, group),
        "history_entries": history_for(group).select_related("content_type")[:50],
    }
    return render(request, "registry/group_detail.html", context)


@requires(perms.GROUP_WRITE)
def group_create(request):
    return create_in_commune(
        request,
        form_class=GroupForm,
        communes=access.editable_communes(request.user, perms.GROUP_WRITE),
        create=lambda values: services.create_group(actor=request.user, **values),
        success_message=_("Đã thêm tổ hợp tác “%(name)s”."),
        detail_url="registry:group_detail",
        title=_("Thêm tổ hợp tác"),
        cancel_url=reverse("registry:group_list"),
    )


def _group_initial(group) -> dict:
    return {name: getattr(group, name) for name in GroupForm.service_fields} | {"version": group.version}


@requires(perms.REGISTRY_READ)
def group_edit(request, pk):
    group = access.get_group_for_user(request, pk, write=True)
    communes = access.editable_communes(request.user, perms.GROUP_WRITE)
    commune_q = picker_query(request)
    conflict = None
    if request.method == "POST" and not filtering_communes(request):
        form = GroupEditForm(request.POST, communes=communes, commune_q=commune_q)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in GroupForm.service_fields}
            updated, stale = run_service(
                form,
                lambda: services.update_group(
                    group, actor=request.user, expected_version=form.cleaned_data["version"], **values
                ),
            )
            if updated is not None:
                messages.success(request, _("Đã lưu thay đổi của “%(name)s”.") % {"name": updated.name})
                return redirect("registry:group_detail", pk=group.pk)
            if stale is not None:
                current = CooperativeGroup.objects.select_related("commune").get(pk=group.pk)
                conflict = conflict_details(form, current, GroupForm.service_fields)
                form = rebind_with_version(GroupEditForm, request, current.version, communes=communes,
                                           commune_q=commune_q)  # fmt: skip
    else:
        initial = request.POST.dict() if filtering_communes(request) else _group_initial(group)
        form = GroupEditForm(initial=initial, communes=communes, commune_q=commune_q)
    return render(
        request,
        "registry/form.html",
        {
            "form": form, "object": group, "conflict": conflict, "title": _("Sửa thông tin tổ hợp tác"),
            "cancel_url": reverse("registry:group_detail", args=[group.pk]),
        },
    )  # fmt: skip


@requires(perms.REGISTRY_READ)
def group_dissolve(request, pk):
    group = access.get_group_for_user(request, pk, write=True)
    return record_ending(
        request,
        obj=group,
        form_class=DissolveGroupForm,
        date_field="dissolved_on",
        end=lambda day: services.dissolve_group(group, actor=request.user, on=day),
        success_message=_("Đã ghi nhận tổ hợp tác “%(name)s” chấm dứt hoạt động.") % {"name": group.name},
        detail_url="registry:group_detail",
        title=_("Ghi nhận tổ hợp tác chấm dứt hoạt động"),
    )
