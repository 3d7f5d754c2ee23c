"""Administration of directives, tasks and targets (Vietnamese labels come from the models).

Progress, completions, extensions and returns are recorded through the services (pages and
API), which keep the audit trail; here they are read-only.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hoptac.audit.services import log_action, snapshot

from .models import Allocation, Assignment, Directive, Target, Task


class AuditedAdmin(admin.ModelAdmin):
    """Changes made here are attributable too: one audit entry per saved object."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        verb = "admin_changed" if change else "admin_created"
        log_action(obj, f"plans.{obj._meta.model_name}.{verb}", actor=request.user, before=before, after=snapshot(obj))

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects + [o for o, _fields in formset.changed_objects]:
            log_action(obj, f"plans.{obj._meta.model_name}.admin_saved", actor=request.user, after=snapshot(obj))
        for obj in formset.deleted_objects:
            log_action(form.instance, f"plans.{obj._meta.model_name}.admin_deleted", actor=request.user, before=snapshot(obj))

    def delete_model(self, request, obj):
        log_action(obj, f"plans.{obj._meta.model_name}.admin_deleted", actor=request.user, before=snapshot(obj))
        super().delete_model(request, obj)


class TaskInline(admin.TabularInline):
    model = Task
    fields = ("number", "text", "deadline_kind", "start", "due", "deadline_as_written")
    readonly_fields = ("text",)
    extra = 0
    show_change_link = True
    fk_name = "directive"


@admin.register(Directive)
class DirectiveAdmin(AuditedAdmin):
    list_display = ("__str__", "issuer", "issued_on", "year", "is_active")
    list_filter = ("year", "is_active", "doc_type")
    search_fields = ("number", "subject")
    raw_id_fields = ("issuer",)
    inlines = [TaskInline]
    fieldsets = (
        (None, {"fields": ("issuer", "issuer_as_written", "doc_type", "number", "issued_on", "subject", "year", "is_active")}),
        (_("Người ký, nơi nhận, căn cứ"), {"fields": ("signer_name", "signer_title", "recipients", "basis")}),
        (_("Theo dõi"), {"fields": ("reporting_period", "warnings")}),
        (_("Toàn văn"), {"classes": ("collapse",), "fields": ("source_text",)}),
    )


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ("agency", "role", "as_written")
    raw_id_fields = ("agency",)
    extra = 0


class TargetInline(admin.TabularInline):
    model = Target
    fields = ("position", "text", "indicator", "comparator", "value", "unit", "base_year", "year", "per_unit_level")
    extra = 0
    show_change_link = True


@admin.register(Task)
class TaskAdmin(AuditedAdmin):
    list_display = ("number", "short_text", "directive", "deadline_kind", "due")
    list_filter = ("directive", "deadline_kind")
    search_fields = ("number", "text")
    list_select_related = ("directive",)
    raw_id_fields = ("parent",)
    inlines = [AssignmentInline, TargetInline]
    fieldsets = (
        (None, {"fields": ("directive", "parent", "number", "position", "text")}),
        (_("Thời hạn"), {"fields": ("deadline_kind", "start", "due", "recurrence", "deadline_as_written")}),
        (_("Theo văn bản"), {"fields": ("lead_as_written", "coordinate_as_written", "source_start", "source_end")}),
    )

    @admin.display(description=_("nội dung"))
    def short_text(self, obj):
        return obj.text[:100]


class AllocationInline(admin.TabularInline):
    model = Allocation
    fields = ("agency", "admin_unit", "value", "as_written")
    raw_id_fields = ("agency",)
    raw_id_fields = ("admin_unit",)
    extra = 0


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ("text", "task", "comparator", "value", "unit", "year", "indicator")
    list_filter = ("year", "indicator")
    search_fields = ("text", "indicator")
    list_select_related = ("task",)
    raw_id_fields = ("task",)
    inlines = [AllocationInline]
