"""Writes for users and grants: validated, saved and audited in one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hoptac.audit.services import log_action, snapshot

from . import permissions as perms
from .access import forget_scopes
from .models import Grant

GRANT_FIELDS = ("user", "role", "agency", "admin_unit")


def _grant_snapshot(grant: Grant) -> dict:
    return snapshot(grant, fields=set(GRANT_FIELDS))


@transaction.atomic
def grant_role(user, role: str, *, actor, agency=None, admin_unit=None) -> Grant:
    """Give `user` the `role` over `agency` and/or `admin_unit` (and its descendants). Idempotent."""
    if role not in perms.ROLE_PERMISSIONS:
        raise ValidationError({"role": _("Vai trò “%(role)s” không tồn tại.") % {"role": role}})
    grant = Grant(user=user, role=role, agency=agency, admin_unit=admin_unit)
    grant.clean()  # fills the unit from the agency and checks they agree
    if role in perms.TERRITORIAL_ROLES and grant.admin_unit is None:
        raise ValidationError(
            {"admin_unit": _("Cán bộ huyện, xã phải được gắn với một địa bàn (trực tiếp hoặc qua cơ quan).")}
        )
    existing = Grant.objects.filter(
        user=user, role=role, agency=grant.agency, admin_unit=grant.admin_unit
    ).first()
    if existing:
        return existing
    grant.save()
    log_action(grant, "accounts.grant.created", actor=actor, after=_grant_snapshot(grant))
    forget_scopes(user)
    return grant


@transaction.atomic
def revoke_grant(grant: Grant, *, actor) -> None:
    before = _grant_snapshot(grant)
    log_action(grant, "accounts.grant.revoked", actor=actor, before=before)
    grant.delete()
    forget_scopes(grant.user)


@transaction.atomic
def create_user_with_role(
    username: str,
    *,
    password: str | None,
    role: str,
    actor,
    agency=None,
    admin_unit=None,
    full_name: str = "",
    email: str = "",
    is_superuser: bool = False,
):
    """Create a user (or take the existing one with that username), set the password and grant the role."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if full_name:
        # Vietnamese names read family name first; keep the whole name in one field.
        user.first_name, user.last_name = full_name[:150], ""
    user.email = email or user.email
    user.is_active = True
    if is_superuser:
        user.is_superuser = user.is_staff = True
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    log_action(
        user,
        "accounts.user.created" if created else "accounts.user.updated",
        actor=actor,
        after={"username": username, "email": user.email, "is_superuser": user.is_superuser},
    )
    grant_role(user, role, actor=actor, agency=agency, admin_unit=admin_unit)
    return user
