"""The one way to write the audit trail. Call it inside the service's transaction."""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry

SECRET_KEYS = {"password", "token", "secret", "api_key", "key_hash"}


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): ("***" if str(k).lower() in SECRET_KEYS else _jsonable(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields=None) -> dict:
    """Field values of a model instance, JSON-ready, for before/after records."""
    result = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"name_folded", "path"}:
            continue
        result[field.name] = _jsonable(field.value_from_object(obj))
    return result


def log_action(obj, action: str, *, actor, before=None, after=None, data=None) -> AuditEntry:
    """Record `action` (a dotted code such as "registry.cooperative.created") on `obj`.

    `obj` may be None for actions without a single object. Secrets in `data` are masked.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        actor=actor,
        action=action,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        data=_jsonable(data or {}),
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:250]
    entry.save()
    return entry


def history_for(obj):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
