"""Pages of the provincial Cooperative Alliance's members: list, detail, add, edit, end."""

from django.contrib import messages
from django.db.models import Q
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
from ..forms import EndMembershipForm, MemberKind, MembershipEditForm, MembershipFilterForm, MembershipForm
from ..models import AllianceMembership
from .common import conflict_details, name_search_q, paginate, rebind_with_version, record_ending, run_service
from .units import filter_units, picker_query

UNIT_PATHS = ("cooperative__commune", "group__commune", "commune")


def membership_rows(user, day, filters: dict):
    qs = access.visible_memberships(user).select_related(
        "alliance", "cooperative__commune__parent", "group__commune__parent", "commune__parent"
    ).order_by("-joined_on", "pk")
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(
            name_search_q(text, "cooperative__name_folded")
            | name_search_q(text, "group__name_folded")
            | Q(organisation_name__icontains=text)
        )
    for key in ("district", "commune"):
        unit = filters.get(key)
        if unit is not None:
            q = Q()
            for path in UNIT_PATHS:
                q |= Q(**{f"{path}__path": unit.path}) | Q(**{f"{path}__path__startswith": unit.path + "/"})
            qs = qs.filter(q)
    kind = filters.get("kind")
    if kind == MemberKind.COOPERATIVE:
        qs = qs.filter(cooperative__isnull=False)
    elif kind == MemberKind.GROUP:
        qs = qs.filter(group__isnull=False)
    elif kind == MemberKind.OTHER:
        qs = qs.filter(cooperative__isnull=True, group__isnull=True)
    if filters.get("status") == MembershipFilterForm.MEMBER:
        qs = qs.member_on(day)
    elif filters.get("status") == MembershipFilterForm.LEFT:
        qs = qs.filter(left_on__lte=day)
    return qs


def _decorate(rows, day):
    kinds = dict(MemberKind.CHOICES)
    for m in rows:
        m.unit = access.membership_unit(m)
        m.kind_label = kinds[
            MemberKind.COOPERATIVE if m.cooperative_id else MemberKind.GROUP if m.group_id else MemberKind.OTHER
        ]
        m.is_member_on_day = m.joined_on <= day and (m.left_on is None or m.left_on > day)
    return rows


@requires(perms.REGISTRY_READ)
def membership_list(request):
    ref_date, ref_date_error = reference_date_from(request.GET)
    form = MembershipFilterForm(request.GET, units=filter_units(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    page_obj = paginate(request, membership_rows(request.user, ref_date, filters))
    _decorate(page_obj.object_list, ref_date)
    context = {
        "form": form,
        "page_obj": page_obj,
        "ref_date": ref_date,
        "ref_date_error": ref_date_error,
        "member_count": access.visible_memberships(request.user).member_on(ref_date).count(),
        "can_create": access.has_right(request.user, perms.MEMBERSHIP_WRITE),
    }
    partial = request.htmx and not request.htmx.boosted
    response = render(
        request, "registry/_membership_rows.html" if partial else "registry/membership_list.html", context
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


@requires(perms.REGISTRY_READ)
def membership_detail(request, pk):
    membership = access.get_membership_for_user(request, pk)
    ref_date, ref_date_error = reference_date_from(request.GET)
    _decorate([membership], ref_date)
    context = {
        "membership": membership,
        "ref_date": ref_date,
        "ref_date_error": ref_date_error,
        "can_edit": access.can_edit_membership(request.user, membership),
        "history_entries": history_for(membership).select_related("content_type")[:50],
    }
    return render(request, "registry/membership_detail.html", context)


@requires(perms.MEMBERSHIP_WRITE)
def membership_create(request):
    filtering = request.method == "POST" and "_filter_communes" in request.POST
    kwargs = {
        "cooperatives": access.visible_cooperatives(request.user),
        "groups": access.visible_groups(request.user),
        "communes": access.visible_units(request.user).filter(level="commune"),
        "commune_q": picker_query(request),
    }
    if request.method == "POST" and not filtering:
        form = MembershipForm(request.POST, **kwargs)
        if form.is_valid():
            values = form.service_values()
            membership, _conflict = run_service(form, lambda: services.add_membership(actor=request.user, **values))
            if membership is not None:
                messages.success(
                    request, _("Đã thêm thành viên “%(name)s”.") % {"name": membership.member_name}
                )
                return redirect("registry:membership_detail", pk=membership.pk)
    else:
        initial = request.POST.dict() if filtering else {}
        initial.setdefault("cooperative", request.GET.get("cooperative"))
        initial.setdefault("group", request.GET.get("group"))
        if request.GET.get("group"):
            initial.setdefault("member_kind", MemberKind.GROUP)
        form = MembershipForm(initial=initial, **kwargs)
        alliances = list(form.fields["alliance"].queryset[:2])
        if len(alliances) == 1:
            form.initial.setdefault("alliance", alliances[0].pk)
    return render(
        request,
        "registry/form.html",
        {
            "form": form, "title": _("Thêm thành viên Liên minh HTX"),
            "cancel_url": reverse("registry:membership_list"),
        },
    )  # fmt: skip


@requires(perms.REGISTRY_READ)
def membership_edit(request, pk):
    membership = access.get_membership_for_user(request, pk, write=True)
    conflict = None
    if request.method == "POST":
        form = MembershipEditForm(request.POST, membership=membership)
        if form.is_valid():
            values = form.service_values()
            updated, stale = run_service(
                form,
                lambda: services.update_membership(
                    membership, actor=request.user, expected_version=form.cleaned_data["version"], **values
                ),
            )
            if updated is not None:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("registry:membership_detail", pk=membership.pk)
            if stale is not None:
                current = AllianceMembership.objects.get(pk=membership.pk)
                conflict = conflict_details(form, current, list(values))
                form = rebind_with_version(MembershipEditForm, request, current.version, membership=membership)
    else:
        initial = {name: getattr(membership, name) for name in ("joined_on", "organisation_name")}
        form = MembershipEditForm(initial={**initial, "version": membership.version}, membership=membership)
    return render(
        request,
        "registry/form.html",
        {
            "form": form, "object": membership, "conflict": conflict, "title": _("Sửa thông tin thành viên"),
            "cancel_url": reverse("registry:membership_detail", args=[membership.pk]),
        },
    )  # fmt: skip


@requires(perms.REGISTRY_READ)
def membership_end(request, pk):
    membership = access.get_membership_for_user(request, pk, write=True)
    return record_ending(
        request,
        obj=membership,
        form_class=EndMembershipForm,
        date_field="left_on",
        end=lambda day: services.end_membership(membership, actor=request.user, on=day),
        success_message=_("Đã ghi nhận “%(name)s” ra khỏi Liên minh.") % {"name": membership.member_name},
        detail_url="registry:membership_detail",
        title=_("Ghi nhận ra khỏi Liên minh"),
    )
