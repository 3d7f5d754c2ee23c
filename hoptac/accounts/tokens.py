"""Personal API tokens: issued per user, read-only or read-write, revocable, stored hashed.

A token reads "hoptac_<id part>_<secret>". The "hoptac_<id part>" prefix is stored in clear to
find the row; the whole token is stored only as its SHA-256, so a copy of the database does not
give access. The token is shown once, when it is created. What a token may do is what its user
may do (the user's grants), less every write for a read-only token.
"""

import datetime
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.audit.services import log_action

from .models import ApiToken

TOKEN_PREFIX = "hoptac_"
ID_PART_BYTES = 6  # 12 hex characters
SECRET_BYTES = 32
MAX_ACTIVE_TOKENS = 20
# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _snapshot(token: ApiToken) -> dict:
    return {"name": token.name, "prefix": token.prefix, "read_only": token.read_only, "user": token.user_id}


@transaction.atomic
def issue_token(user, *, name: str, read_only: bool, actor) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the row and the token text, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Chưa đặt tên gợi nhớ cho khóa (ví dụ: “Kết nối hệ thống thống kê”).")})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": _("Tên gợi nhớ dài quá 100 ký tự.")})
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {
                "name": _("Bạn đã có %(count)s khóa đang dùng; hãy thu hồi khóa không còn dùng.")
                % {"count": MAX_ACTIVE_TOKENS}
            }
        )
    while True:
        prefix = TOKEN_PREFIX + secrets.token_hex(ID_PART_BYTES)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    text = f"{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, key_hash=hash_token(text), read_only=bool(read_only)
    )
    log_action(token, "accounts.token.created", actor=actor, after=_snapshot(token))
    return token, text


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    """Stop a token from working. Idempotent; the row stays for the record."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(token, "accounts.token.revoked", actor=actor, before=_snapshot(token))
    return token


def split_token(text: str) -> str | None:
    """The lookup prefix of a presented token, or None when it is not shaped like one of ours."""
    text = (text or "").strip()
    size = len(TOKEN_PREFIX) + 2 * ID_PART_BYTES
    # The secret may itself contain "_": split at the fixed length of the prefix.
    if not text.startswith(TOKEN_PREFIX) or len(text) <= size + 1 or text[size] != "_":
        return None
    return text[:size]


def find_token(text: str) -> ApiToken | None:
    """The active token matching `text` (its user loaded), or None. Compares hashes in constant time."""
    prefix = split_token(text)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix, revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.key_hash, hash_token(text.strip())):
        return None
    if not token.user.is_active:
        return None
    return token


def mark_used(token: ApiToken, *, now=None) -> None:
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")
