"""Cooperative (HTX) pages: list with filters, detail with lifecycle and yearly figures,
create / edit forms, lifecycle events and yearly-figure forms."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.audit.models import AuditEntry
from hoptac.lib.dates import reference_date_from

from .. import lifecycle, services
from ..forms import CooperativeEditForm, CooperativeFilterForm, CooperativeForm, EventForm, YearFiguresForm
from ..models import Cooperative, CooperativeYear, EventKind, Grade, LifecycleEvent, State
from .common import conflict_details, name_search_q, paginate, rebind_with_version, run_service
from .units import create_in_commune, filter_units, filtering_communes, picker_query

STATE_CLASSES = {
    State.ACTIVE: "status-ok",
    State.SUSPENDED: "status-warn",
    State.CEASED: "status-bad",
    State.DISSOLVED: "status-neutral",
    State.NOT_ESTABLISHED: "status-neutral",
}


def cooperative_rows(user, day, filters: dict):
    """The user's cooperatives with their state on `day` and that year's grade: one query per page."""
    year = CooperativeYear.objects.filter(cooperative=OuterRef("pk"), year=day.year).order_by()
    qs = (
        access.visible_cooperatives(user)
        .with_state_on(day)
        .annotate(
            year_grade=Subquery(year.values("grade")[:1]),
            year_value_chain=Subquery(year.values("is_value_chain_model")[:1]),
        )
        .select_related("commune__parent")
        .order_by("name", "pk")
    )
    if text := (filters.get("q") or "").strip():
        code = "".join(text.split())
        qs = qs.filter(name_search_q(text) | Q(registration_code__startswith=code))
    if filters.get("district"):
        qs = qs.in_unit(filters["district"])
    if filters.get("commune"):
        qs = qs.filter(commune=filters["commune"])
    if filters.get("status"):
        qs = qs.filter(state=filters["status"])
    if filters.get("sector"):
        qs = qs.filter(sector=filters["sector"])
    if grade := filters.get("grade"):
        qs = qs.filter(Q(year_grade=grade) | Q(year_grade__isnull=True)) if grade == Grade.UNGRADED else qs.filter(
            year_grade=grade
        )
    if filters.get("value_chain") == "1":
        qs = qs.filter(year_value_chain=True)
    elif filters.get("value_chain") == "0":
        qs = qs.filter(Q(year_value_chain=False) | Q(year_value_chain__isnull=True))
    return qs


def _decorate(rows):
    states, grades = dict(State.choices), dict(Grade.choices)
    for coop in rows:
        coop.state_label = states.get(coop.state, coop.state)
        coop.state_class = STATE_CLASSES.get(coop.state, "status-neutral")
        coop.grade_label = grades.get(coop.year_grade) if coop.year_grade else ""
    return rows


@requires(perms.REGISTRY_READ)
def cooperative_list(request):
    ref_date, ref_date_error = reference_date_from(request.GET)
    form = CooperativeFilterForm(request.GET, units=filter_units(request.user), year=ref_date.year)
    filters = form.cleaned_data if form.is_valid() else {}
    page_obj = paginate(request, cooperative_rows(request.user, ref_date, filters))
    _decorate(page_obj.object_list)
    context = {
        "form": form,
        "page_obj": page_obj,
        "ref_date": ref_date,
        "ref_date_error": ref_date_error,
        "can_create": access.has_right(request.user, perms.REGISTRY_WRITE),
    }
    partial = request.htmx and not request.htmx.boosted
    template = "registry/_cooperative_rows.html" if partial else "registry/cooperative_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _history(coop, years):
    """The cooperative's own entries and those of its yearly figures, newest first."""
    types = ContentType.objects.get_for_models(Cooperative, CooperativeYear)
    return (
        AuditEntry.objects.filter(
            Q(content_type=types[Cooperative], object_id=str(coop.pk))
            | Q(content_type=types[CooperativeYear], object_id__in=[str(y.pk) for y in years])
        )
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:50]
    )


@requires(perms.REGISTRY_READ)
def cooperative_detail(request, pk):
    coop = access.get_cooperative_for_user(request, pk)
    ref_date, ref_date_error = reference_date_from(request.GET)
    events = list(LifecycleEvent.objects.filter(cooperative=coop).select_related("created_by").order_by("date", "id"))
    pairs = [(e.kind, e.date) for e in sorted(events, key=lambda e: e.pk)]
    state = lifecycle.state_on(pairs, ref_date)
    years = list(coop.years.order_by("-year"))
    context = {
        "coop": coop,
        "events": events,
        "years": years,
        "memberships": coop.memberships.select_related("alliance").order_by("joined_on"),
        "state": state,
        "state_label": State(state).label,
        "state_class": STATE_CLASSES[state],
        "compliant": lifecycle.is_compliant_on(pairs, ref_date),
        "ref_date": ref_date,
        "ref_date_error": ref_date_error,
        "can_edit": access.can_edit_cooperative(request.user, coop),
        "history_entries": _history(coop, years),
    }
    return render(request, "registry/cooperative_detail.html", context)


@requires(perms.REGISTRY_WRITE)
def cooperative_create(request):
    return create_in_commune(
        request,
        form_class=CooperativeForm,
        communes=access.editable_communes(request.user),
        create=lambda values: services.create_cooperative(actor=request.user, **values),
        success_message=_("Đã thêm hợp tác xã “%(name)s”."),
        detail_url="registry:cooperative_detail",
        title=_("Thêm hợp tác xã"),
        cancel_url=reverse("registry:cooperative_list"),
    )


def _cooperative_initial(coop) -> dict:
    establishment = coop.events.filter(kind=EventKind.ESTABLISHED).first()
    return {
        "name": coop.name,
        "registration_code": coop.registration_code,
        "commune": coop.commune,
        "sector": coop.sector,
        "established_on": coop.established_on,
        "establishment_ref": establishment.document_ref if establishment else "",
        "address": coop.address,
        "representative": coop.representative,
        "phone": coop.phone,
        "version": coop.version,
    }


@requires(perms.REGISTRY_READ)
def cooperative_edit(request, pk):
    coop = access.get_cooperative_for_user(request, pk, write=True)
    communes = access.editable_communes(request.user)
    commune_q = picker_query(request)
    conflict = None
    if request.method == "POST" and not filtering_communes(request):
        form = CooperativeEditForm(request.POST, communes=communes, commune_q=commune_q)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in CooperativeForm.service_fields}
            updated, stale = run_service(
                form,
                lambda: services.update_cooperative(
                    coop, actor=request.user, expected_version=form.cleaned_data["version"], **values
                ),
            )
            if updated is not None:
                messages.success(request, _("Đã lưu thay đổi của “%(name)s”.") % {"name": updated.name})
                return redirect("registry:cooperative_detail", pk=coop.pk)
            if stale is not None:
                current = Cooperative.objects.select_related("commune").get(pk=coop.pk)
                current_values = _cooperative_initial(current)
                conflict = conflict_details(form, current, CooperativeForm.service_fields, current_values)
                form = rebind_with_version(
                    CooperativeEditForm, request, current.version, communes=communes, commune_q=commune_q
                )
    else:
        initial = request.POST.dict() if filtering_communes(request) else _cooperative_initial(coop)
        form = CooperativeEditForm(initial=initial, communes=communes, commune_q=commune_q)
    return render(
        request,
        "registry/form.html",
        {
            "form": form, "object": coop, "conflict": conflict,
            "title": _("Sửa thông tin hợp tác xã"),
            "cancel_url": reverse("registry:cooperative_detail", args=[coop.pk]),
        },
    )  # fmt: skip


@requires(perms.REGISTRY_READ)
def event_create(request, pk):
    coop = access.get_cooperative_for_user(request, pk, write=True)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event, _conflict = run_service(
            form, lambda: services.record_event(coop, actor=request.user, **form.cleaned_data)
        )
        if event is not None:
            messages.success(
                request,
                _("Đã ghi nhận “%(event)s” ngày %(date)s.")
                % {"event": event.get_kind_display(), "date": event.date.strftime("%d/%m/%Y")},
            )
            return redirect("registry:cooperative_detail", pk=coop.pk)
    return render(
        request,
        "registry/form.html",
        {
            "form": form, "object": coop, "title": _("Ghi nhận sự kiện pháp lý"),
            "cancel_url": reverse("registry:cooperative_detail", args=[coop.pk]),
        },
    )  # fmt: skip


@requires(perms.REGISTRY_READ)
def event_delete(request, pk, event_pk):
    coop = access.get_cooperative_for_user(request, pk, write=True)
    try:
        event = coop.events.get(pk=event_pk)
    except LifecycleEvent.DoesNotExist:
        raise Http404 from None
    errors = []
    if request.method == "POST":
        label = event.get_kind_display()
        try:
            services.delete_event(event, actor=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Đã xoá sự kiện “%(event)s”.") % {"event": label})
            return redirect("registry:cooperative_detail", pk=coop.pk)
    return render(request, "registry/event_confirm_delete.html", {"coop": coop, "event": event, "errors": errors})


@requires(perms.REGISTRY_READ)
def year_edit(request, pk, year=None):
    coop = access.get_cooperative_for_user(request, pk, write=True)
    existing = coop.years.filter(year=year).first() if year is not None else None
    conflict = None
    if request.method == "POST":
        form = YearFiguresForm(request.POST, fixed_year=year)
        if form.is_valid():
            data = form.cleaned_data
            target_year = year if year is not None else data["year"]
            figures = {name: data[name] for name in YearFiguresForm.figure_fields}
            figures["grading_regime"] = figures["grading_regime"] or ""
            figures["value_chain_funding"] = figures["value_chain_funding"] or ""
            version = data.get("version")
            row, stale = run_service(
                form,
                lambda: services.set_year_figures(
                    coop, actor=request.user, year=target_year,
                    expected_version=version if version is not None else 0, **figures,
                ),
            )  # fmt: skip
            if row is not None:
                messages.success(request, _("Đã lưu số liệu năm %(year)s.") % {"year": row.year})
                return redirect("registry:cooperative_detail", pk=coop.pk)
            if stale is not None:
                current = stale.current
                conflict = conflict_details(form, current, YearFiguresForm.figure_fields)
                form = rebind_with_version(YearFiguresForm, request, current.version, fixed_year=year)
    else:
        if existing is not None:
            initial = {name: getattr(existing, name) for name in YearFiguresForm.figure_fields}
            initial["version"] = existing.version
        else:
            initial = {"version": 0, "year": year}
        form = YearFiguresForm(initial=initial, fixed_year=year)
    title = _("Số liệu năm %(year)s") % {"year": year} if year is not None else _("Thêm số liệu năm")
    return render(
        request,
        "registry/form.html",
        {
            "form": form, "object": coop, "conflict": conflict, "title": title,
            "cancel_url": reverse("registry:cooperative_detail", args=[coop.pk]),
        },
    )  # fmt: skip
