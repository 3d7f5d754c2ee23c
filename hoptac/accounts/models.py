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


class ApiToken(models.Model):
    """A personal key for the REST API. Only a hash of the secret is stored (see tokens.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    # "hoptac_" + a random id part: what a presented token is looked up by.
    prefix = models.CharField(_("mã nhận diện"), max_length=32, unique=True)
    key_hash = models.CharField(max_length=64)  # sha256 hex of the whole token
    read_only = models.BooleanField(_("chỉ đọc"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng gần nhất lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
