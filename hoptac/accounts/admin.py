"""Administrator's screens for role grants and API tokens; writes go through accounts.services."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ApiToken, Grant


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    fields = ("role", "agency", "admin_unit", "created_at")
    readonly_fields = ("role", "agency", "admin_unit", "created_at")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class HoptacUserAdmin(UserAdmin):
    inlines = [GrantInline]


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "agency", "admin_unit", "created_at")
    list_filter = ("role", "agency__kind")
    search_fields = ("user__username", "user__first_name", "user__last_name", "agency__name", "admin_unit__name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "agency", "admin_unit")

    def get_readonly_fields(self, request, obj=None):
        # A grant is given or revoked, never edited in place: the audit log keeps both events.
        return ("user", "role", "agency", "admin_unit") if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            saved = services.grant_role(
                obj.user, obj.role, actor=request.user, agency=obj.agency, admin_unit=obj.admin_unit
            )
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), level=messages.ERROR)
            return
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.revoke_grant(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for grant in queryset:
            services.revoke_grant(grant, actor=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "read_only", "created_at", "last_used_at", "revoked_at")
    list_filter = ("read_only",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "read_only", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are created by their owner on the profile page, where the secret is shown once

    @admin.action(description=_("Thu hồi các khóa đã chọn"))
    def revoke(self, request, queryset):
        from .tokens import revoke_token

        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(token, actor=request.user)
