"""Django admin for the registry. Every write goes through `registry.services`, so the
admin obeys the same rules and leaves the same audit trail as the web pages and the API.

Forms run the services' own validators (`validation.py`, `lifecycle.py`) so problems are
shown next to the field; should a service still refuse (a concurrent change), the whole
request is rolled back and its message shown instead of an error page.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from hoptac.lib.concurrency import EditConflict
from hoptac.units.models import AdminUnit

from . import lifecycle, services
from .models import (
    AllianceMembership,
    Cooperative,
    CooperativeGroup,
    CooperativeYear,
    EventKind,
    LifecycleEvent,
    State,
)
from .validation import YEAR_FIELDS, clean_cooperative, clean_group, clean_membership, clean_year_figures


def add_errors(form, error: ValidationError):
    """Show a service's ValidationError on the form, next to the fields it names."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for field, messages_ in by_field.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def copy_stored(target, stored):
    """Make the admin's instance the one the service saved (for the redirect and the admin log)."""
    for field in stored._meta.concrete_fields:
        setattr(target, field.attname, getattr(stored, field.attname))
    target._state.adding = False
    target._state.db = stored._state.db


class DistrictFilter(admin.SimpleListFilter):
    title = gettext_lazy("huyện, thành phố")
    parameter_name = "district"
    lookups_paths = ("commune__parent",)

    def lookups(self, request, model_admin):
        return [(u.pk, u.name) for u in AdminUnit.objects.districts().order_by("path")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        condition = Q()
        for path in self.lookups_paths:
            condition |= Q(**{f"{path}__pk": self.value()})
        return queryset.filter(condition)


class YearDistrictFilter(DistrictFilter):
    lookups_paths = ("cooperative__commune__parent",)


class MembershipDistrictFilter(DistrictFilter):
    lookups_paths = ("cooperative__commune__parent", "group__commune__parent", "commune__parent")


class ServiceAdmin(admin.ModelAdmin):
    """Turns a refusal raised while saving into a message, after the transaction rolled back."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, EditConflict) as exc:
            return self.refused(request, exc)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except (ValidationError, EditConflict) as exc:
            return self.refused(request, exc)

    def refused(self, request, exc):
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        self.message_user(request, _("Chưa lưu: %(reason)s") % {"reason": text}, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def folded_search(self, queryset, search_term, *extra_lookups):
        """Search ignoring diacritics ("dak ha" finds "Đăk Hà") plus exact-ish code lookups."""
        if not search_term:
            return queryset
        condition = Q(pk__in=queryset.model.objects.search(search_term).values("pk"))
        for lookup in extra_lookups:
            condition |= Q(**{lookup: search_term.strip()})
        return queryset.filter(condition)


# --- cooperatives -----------------------------------------------------------------------


class CooperativeForm(forms.ModelForm):
    established_on = forms.DateField(label=gettext_lazy("ngày thành lập"))
    establishment_ref = forms.CharField(
        label=gettext_lazy("số giấy chứng nhận / quyết định thành lập"), required=False, max_length=150
    )

    class Meta:
        model = Cooperative
        fields = ["name", "registration_code", "commune", "sector", "address", "representative", "phone", "is_demo"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            event = self.instance.events.filter(kind=EventKind.ESTABLISHED).first()
            self.initial.setdefault("established_on", self.instance.established_on)
            self.initial.setdefault("establishment_ref", event.document_ref if event else "")

    def clean(self):
        data = super().clean()
        values = {f: data[f] for f in self.fields if f in data and f != "is_demo"}
        try:
            normalised = clean_cooperative(values, instance=self.instance if self.instance.pk else None)
        except ValidationError as exc:
            add_errors(self, exc)
        else:
            data.update(normalised)
        return data


class EventFormSet(forms.BaseInlineFormSet):
    """Existing events are read-only; new ones are added and mistaken ones deleted, in that
    order, each step checked exactly as `services` will check it."""

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        stored = list(self.instance.events.order_by("pk"))
        deleted = {f.instance.pk for f in self.initial_forms if self._should_delete_form(f)}
        if any(e.kind == EventKind.ESTABLISHED for e in stored if e.pk in deleted):
            raise forms.ValidationError(_("Không thể xoá sự kiện “Thành lập”; hãy sửa ngày thành lập của hợp tác xã."))
        pairs = [(e.kind, e.date) for e in stored if e.pk not in deleted]
        try:
            if deleted:
                lifecycle.validate_sequence(pairs)
            for form in self.extra_forms:
                if form.has_changed() and not self._should_delete_form(form):
                    pairs.append((form.cleaned_data["kind"], form.cleaned_data["date"]))
                    lifecycle.validate_sequence(pairs)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class LifecycleEventInline(admin.TabularInline):
    model = LifecycleEvent
    formset = EventFormSet
    fields = ["kind", "date", "document_ref", "note", "created_by"]
    readonly_fields = ["created_by"]
    extra = 1
    ordering = ["date", "id"]

    def has_change_permission(self, request, obj=None):
        return False  # existing events are shown read-only; correct by deleting and adding

    def has_add_permission(self, request, obj=None):
        return obj is not None and request.user.has_perm("registry.add_lifecycleevent")

    def has_delete_permission(self, request, obj=None):
        return obj is not None and request.user.has_perm("registry.delete_lifecycleevent")


class YearForm(forms.ModelForm):
    class Meta:
        model = CooperativeYear
        fields = ["year", *YEAR_FIELDS]

    def clean(self):
        data = super().clean()
        if self.instance.pk and "year" in self.changed_data:
            self.add_error("year", _("Không đổi năm của số liệu đã có; hãy thêm một dòng cho năm mới."))
        # The cooperative comes from the form (year admin, add) or from the instance (inline, change).
        coop = data.get("cooperative") or getattr(self.instance, "cooperative", None)
        year = data.get("year") if "year" in self.fields else self.instance.year
        if coop is None or year is None or self.errors:
            return data
        try:
            data.update(clean_year_figures(coop, year, {f: data.get(f) for f in YEAR_FIELDS}))
        except ValidationError as exc:
            add_errors(self, exc)
        return data


class CooperativeYearInline(admin.StackedInline):
    model = CooperativeYear
    form = YearForm
    extra = 0
    can_delete = False
    fieldsets = [
        (None, {"fields": [("year", "members", "regular_workers"), ("charter_capital", "revenue", "profit", "average_income")]}),
        (gettext_lazy("Xếp loại"), {"fields": [("grade", "grading_regime")]}),
        (gettext_lazy("Mô hình chuỗi giá trị"), {
            "fields": [("is_value_chain_model", "value_chain_funding"), ("value_chain_product", "value_chain_partner")]
        }),
    ]  # fmt: skip


def save_years(request, coop, formset):
    formset.save(commit=False)  # nothing is written; it lists the changes for the admin's history message
    for form in formset.forms:
        if form.has_changed() and not formset._should_delete_form(form):
            data = form.cleaned_data
            services.set_year_figures(
                coop, actor=request.user, year=data["year"], expected_version=form.instance.version if form.instance.pk else 0,
                **{f: data.get(f) for f in YEAR_FIELDS},
            )  # fmt: skip


@admin.register(Cooperative)
class CooperativeAdmin(ServiceAdmin):
    form = CooperativeForm
    list_display = [
        "name", "registration_code", "commune", "district", "sector", "established_on", "state_today", "dissolved_on", "is_demo",
    ]  # fmt: skip
    list_filter = ["sector", DistrictFilter, "is_demo"]
    list_select_related = ["commune__parent"]
    search_fields = ["name", "registration_code"]
    search_help_text = gettext_lazy("Tên (không cần dấu) hoặc mã số HTX")
    autocomplete_fields = ["commune"]
    readonly_fields = ["dissolved_on", "version", "created_at", "updated_at"]
    inlines = [LifecycleEventInline, CooperativeYearInline]
    date_hierarchy = "established_on"

    def get_fields(self, request, obj=None):
        fields = ["name", "registration_code", "commune", "sector", "address", "representative", "phone",
                  "established_on", "establishment_ref", "is_demo"]  # fmt: skip
        return fields + (self.readonly_fields if obj else [])

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The establishment fields are declared on the form; the model's own `established_on`
        # is not editable, so let the form's Meta choose the model fields.
        kwargs["fields"] = forms.ALL_FIELDS
        return super().get_form(request, obj, change, **kwargs)

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_queryset(self, request):
        return super().get_queryset(request).with_state_on(timezone.localdate())

    def get_search_results(self, request, queryset, search_term):
        return self.folded_search(queryset, search_term, "registration_code__icontains"), False

    @admin.display(description=gettext_lazy("huyện"), ordering="commune__parent__name")
    def district(self, obj):
        return obj.commune.parent

    @admin.display(description=gettext_lazy("trạng thái hiện nay"), ordering="state")
    def state_today(self, obj):
        return State(obj.state).label

    def has_delete_permission(self, request, obj=None):
        return False  # cooperatives are dissolved through a lifecycle event, never deleted

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        values = {f: data[f] for f in CooperativeForm.Meta.fields}
        if not change:
            stored = services.create_cooperative(
                actor=request.user, established_on=data["established_on"], establishment_ref=data["establishment_ref"],
                **values,
            )  # fmt: skip
        else:
            changed = {f: data[f] for f in form.changed_data if f in values or f in services.ESTABLISHMENT_FIELDS}
            stored = services.update_cooperative(Cooperative.objects.get(pk=obj.pk), actor=request.user, **changed)
        copy_stored(obj, stored)

    def save_formset(self, request, form, formset, change):
        coop = form.instance
        if formset.model is LifecycleEvent:
            formset.save(commit=False)
            for event in formset.deleted_objects:
                services.delete_event(event, actor=request.user)
            for event in formset.new_objects:
                services.record_event(
                    coop, actor=request.user, kind=event.kind, date=event.date, document_ref=event.document_ref, note=event.note
                )  # fmt: skip
        elif formset.model is CooperativeYear:
            save_years(request, coop, formset)


@admin.register(LifecycleEvent)
class LifecycleEventAdmin(ServiceAdmin):
    """The events of every cooperative, read-only; a mistaken entry may be deleted."""

    list_display = ["cooperative", "kind", "date", "document_ref", "created_by", "created_at"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    list_select_related = ["cooperative", "created_by"]
    search_fields = ["cooperative__name", "document_ref"]
    date_hierarchy = "date"

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        found = Cooperative.objects.search(search_term).values("pk")
        return queryset.filter(Q(cooperative__in=found) | Q(document_ref__icontains=search_term.strip())), False

    def has_add_permission(self, request):
        return False  # events are added on the cooperative's page, where the sequence is checked

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.delete_event(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        # Latest first, so each deletion leaves a sequence that was valid before it.
        for event in queryset.order_by("-date", "-id"):
            try:
                services.delete_event(event, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)


@admin.register(CooperativeYear)
class CooperativeYearAdmin(ServiceAdmin):
    form = YearForm
    list_display = ["cooperative", "year", "members", "regular_workers", "revenue", "profit", "grade", "is_value_chain_model"]
    list_filter = ["year", "grade", "grading_regime", "is_value_chain_model", "value_chain_funding", YearDistrictFilter]
    list_select_related = ["cooperative"]
    search_fields = ["cooperative__name"]
    autocomplete_fields = ["cooperative"]

    def get_fields(self, request, obj=None):
        return ["cooperative", "year", *YEAR_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return ["cooperative", "year"] if obj else []

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(cooperative__in=Cooperative.objects.search(search_term).values("pk")), False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        coop = obj.cooperative
        stored = services.set_year_figures(
            coop, actor=request.user, year=obj.year if change else data["year"],
            expected_version=None if change else 0, **{f: data.get(f) for f in YEAR_FIELDS},
        )  # fmt: skip
        copy_stored(obj, stored)


# --- cooperative groups -----------------------------------------------------------------


class GroupForm(forms.ModelForm):
    class Meta:
        model = CooperativeGroup
        fields = ["name", "commune", "founded_on", "certified_on", "members", "field", "leader", "dissolved_on", "is_demo"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data.update(clean_group({f: data.get(f) for f in self.Meta.fields}))
        except ValidationError as exc:
            add_errors(self, exc)
        return data


@admin.register(CooperativeGroup)
class CooperativeGroupAdmin(ServiceAdmin):
    form = GroupForm
    list_display = ["name", "commune", "district", "field", "founded_on", "certified_on", "members", "dissolved_on", "is_demo"]
    list_filter = ["field", DistrictFilter, "is_demo", ("dissolved_on", admin.EmptyFieldListFilter)]
    list_select_related = ["commune__parent"]
    search_fields = ["name"]
    search_help_text = gettext_lazy("Tên (không cần dấu)")
    autocomplete_fields = ["commune"]
    readonly_fields = ["version", "created_at", "updated_at"]
    date_hierarchy = "founded_on"

    @admin.display(description=gettext_lazy("huyện"), ordering="commune__parent__name")
    def district(self, obj):
        return obj.commune.parent

    def get_search_results(self, request, queryset, search_term):
        return self.folded_search(queryset, search_term), False

    def has_delete_permission(self, request, obj=None):
        return False  # a group that stops is given an end date

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            stored = services.create_group(actor=request.user, **{f: data[f] for f in GroupForm.Meta.fields if f != "dissolved_on"})
            if data.get("dissolved_on"):
                stored = services.dissolve_group(stored, actor=request.user, on=data["dissolved_on"])
        else:
            stored = CooperativeGroup.objects.get(pk=obj.pk)
            dissolving = stored.dissolved_on is None and data.get("dissolved_on") is not None
            changed = {f: data[f] for f in form.changed_data if f in GroupForm.Meta.fields}
            if dissolving:
                changed.pop("dissolved_on")
            stored = services.update_group(stored, actor=request.user, **changed)
            if dissolving:
                stored = services.dissolve_group(stored, actor=request.user, on=data["dissolved_on"])
        copy_stored(obj, stored)


# --- Alliance memberships ---------------------------------------------------------------


class MembershipForm(forms.ModelForm):
    class Meta:
        model = AllianceMembership
        fields = ["alliance", "cooperative", "group", "organisation_name", "commune", "joined_on", "left_on", "is_demo"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data.update(
                clean_membership({f: data.get(f) for f in self.Meta.fields}, instance=self.instance if self.instance.pk else None)
            )
        except ValidationError as exc:
            add_errors(self, exc)
        return data

    def _post_clean(self):
        if self.has_error(NON_FIELD_ERRORS):
            return  # clean_membership has named the problem; the model's constraints would only repeat it
        super()._post_clean()


@admin.register(AllianceMembership)
class AllianceMembershipAdmin(ServiceAdmin):
    form = MembershipForm
    list_display = ["member", "member_kind", "district", "alliance", "joined_on", "left_on", "is_demo"]
    list_filter = ["alliance", MembershipDistrictFilter, "is_demo", ("left_on", admin.EmptyFieldListFilter)]
    list_select_related = ["alliance", "cooperative__commune__parent", "group__commune__parent", "commune__parent"]
    search_fields = ["organisation_name", "cooperative__name", "group__name"]
    autocomplete_fields = ["cooperative", "group", "commune"]
    readonly_fields = ["version"]
    date_hierarchy = "joined_on"

    @admin.display(description=gettext_lazy("thành viên"))
    def member(self, obj):
        return obj.member_name

    @admin.display(description=gettext_lazy("loại thành viên"))
    def member_kind(self, obj):
        if obj.cooperative_id:
            return _("Hợp tác xã")
        return _("Tổ hợp tác") if obj.group_id else _("Tổ chức khác")

    @admin.display(description=gettext_lazy("huyện"))
    def district(self, obj):
        unit = (obj.cooperative or obj.group or obj).commune
        return unit.parent if unit else "—"

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(
            Q(cooperative__in=Cooperative.objects.search(search_term).values("pk"))
            | Q(group__in=CooperativeGroup.objects.search(search_term).values("pk"))
            | Q(organisation_name__icontains=search_term.strip())
        ), False

    def has_delete_permission(self, request, obj=None):
        return False  # a member that leaves is given a leaving date

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        member = {f: data.get(f) for f in ("cooperative", "group", "organisation_name", "commune")}
        if not change:
            stored = services.add_membership(
                actor=request.user, alliance=data["alliance"], joined_on=data["joined_on"], is_demo=data["is_demo"], **member
            )  # fmt: skip
            if data.get("left_on"):
                stored = services.end_membership(stored, actor=request.user, on=data["left_on"])
        else:
            stored = AllianceMembership.objects.get(pk=obj.pk)
            leaving = stored.left_on is None and data.get("left_on") is not None
            changed = {f: data[f] for f in form.changed_data if f in services.MEMBERSHIP_FIELDS}
            if leaving:
                changed.pop("left_on")
            stored = services.update_membership(stored, actor=request.user, **changed)
            if leaving:
                stored = services.end_membership(stored, actor=request.user, on=data["left_on"])
        copy_stored(obj, stored)
