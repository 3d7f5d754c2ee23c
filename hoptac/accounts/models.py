from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hoptac.units.models import AdminUnit, Agency

from .permissions import ROLE_CHOICES


class Grant(models.Model):
    """A role given to a user, scoped to an agency and/or an administrative unit (and its descendants)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=ROLE_CHOICES)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.CASCADE, related_name="grants"
    )
    admin_unit = models.ForeignKey(
        AdminUnit, verbose_name=_("địa bàn"), null=True, blank=True, on_delete=models.CASCADE, related_name="grants"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "agency", "admin_unit"], name="unique_grant"),
        ]

    def __str__(self):
        scope = self.admin_unit or self.agency or _("toàn hệ thống")
        return f"{self.user} — {self.get_role_display()} — {scope}"

    def clean(self):
        if self.agency_id and self.admin_unit_id is None and self.agency.admin_unit_id:
            self.admin_unit = self.agency.admin_unit
        if self.agency and self.admin_unit and self.agency.admin_unit_id not in (None, self.admin_unit_id):
            raise ValidationError(_("Địa bàn không khớp với địa bàn của cơ quan."))
