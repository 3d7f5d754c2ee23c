from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hoptac.audit.services import log_action, snapshot
from hoptac.lib.text import fold

from .models import AdminUnit, Agency


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    """Units come from the official list (manage.py load_units); only dates and successors are edited here."""

    list_display = ["code", "name", "level", "kind", "parent", "valid_to", "successor_name"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "name_folded"]
    list_select_related = ["parent"]
    list_per_page = 100
    readonly_fields = ["code", "name", "short_name", "level", "kind", "parent", "path"]
    fields = [*readonly_fields, "valid_from", "valid_to", "successor_code", "successor_name"]
    ordering = ["path"]

    def get_search_results(self, request, queryset, search_term):
        # Let "dak ha" find "Đắk Hà": search the folded name as well.
        return super().get_search_results(request, queryset, fold(search_term) or search_term)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = snapshot(AdminUnit.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        log_action(obj, "units.admin_unit.updated", actor=request.user, before=before, after=snapshot(obj))


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind", "admin_unit", "is_external", "ordering"]
    list_filter = ["kind", "is_external"]
    search_fields = ["name", "short_name", "code", "aliases"]
    list_select_related = ["admin_unit"]
    autocomplete_fields = ["admin_unit"]
    ordering = ["ordering", "name"]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "kind", "admin_unit", "is_external", "email", "ordering"]}),
        (_("Nhận diện tên trong văn bản"), {"fields": ["aliases"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The code is the key loaders and imports update by.
        return ["code"] if obj is not None else []

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = snapshot(Agency.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        action = "units.agency.updated" if change else "units.agency.created"
        log_action(obj, action, actor=request.user, before=before, after=snapshot(obj))

    @transaction.atomic
    def delete_model(self, request, obj):
        log_action(obj, "units.agency.deleted", actor=request.user, before=snapshot(obj))
        super().delete_model(request, obj)
