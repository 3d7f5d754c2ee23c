"""Reading audit entries in templates: an object's history and what each entry changed."""

import datetime
import re
from collections import defaultdict
from itertools import chain
from decimal import Decimal, InvalidOperation

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from hoptac.audit.services import history_for
from hoptac.lib.vi_format import format_vi_number

register = template.Library()

# The last part of an action code, as users say it.
VERBS = {
    "created": _("Tạo mới"),
    "updated": _("Sửa"),
    "deleted": _("Xoá"),
    "recorded": _("Ghi nhận"),
    "dissolved": _("Chấm dứt"),
    "ended": _("Kết thúc"),
    "revoked": _("Thu hồi"),
    "loaded": _("Nạp dữ liệu"),
    "submitted": _("Gửi"),
    "approved": _("Duyệt"),
    "returned": _("Trả lại"),
    "completed": _("Hoàn thành"),
    "extended": _("Gia hạn"),
    "imported": _("Nhập từ tệp"),
    # Reporting rounds and reports (hoptac.reports.services).
    "opened": _("Mở"),
    "saved": _("Lưu"),
    "resubmitted": _("Gửi lại"),
    "accepted": _("Tiếp nhận"),
    "reopened": _("Mở lại"),
    "attachment_added": _("Đính kèm tệp"),
    "attachment_removed": _("Xoá tệp đính kèm"),
}
MEMO_KEY = "audit_related_names"
HIDDEN_FIELDS = {"id", "version", "created_at", "updated_at", "name_folded", "search_key", "path", "created_by"}
# Values recorded beside an object's own fields.
EXTRA_LABELS = {"establishment_ref": _("số giấy chứng nhận đăng ký")}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HISTORY_LIMIT = 50


@register.simple_tag
def audit_history(obj, limit=HISTORY_LIMIT):
    return list(history_for(obj).select_related("content_type")[:limit]) if obj is not None else []


@register.filter
def action_label(entry) -> str:
    """ "Sửa · hợp tác xã" from "registry.cooperative.updated"."""
    parts = entry.action.split(".")
    verb = VERBS.get(parts[-1], parts[-1].replace("_", " "))
    subject = ""
    if entry.content_type_id:
        model = entry.content_type.model_class()
        subject = str(model._meta.verbose_name) if model else entry.content_type.model
    elif len(parts) > 1:
        subject = parts[-2].replace("_", " ")
    return f"{verb} · {subject}" if subject else str(verb)


def _field(model, name):
    """The model field called `name`, or one of a child model's (an entry on a cooperative
    may describe one of its lifecycle events)."""
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        pass
    for relation in model._meta.related_objects:
        try:
            return relation.related_model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _related_name(field, value, memo: dict) -> str | None:
    """The name of the object a foreign key pointed to (memoised per page)."""
    key = (field.related_model, value)
    if key not in memo:
        try:
            obj = field.related_model._default_manager.filter(pk=value).first()
        except (ValueError, TypeError):  # recorded as a name rather than a key
            obj = value
        memo[key] = str(obj) if obj is not None else None
    return memo[key]


def _show(field, value, memo) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if field is not None and field.is_relation and field.many_to_one and isinstance(value, (int, str)):
        return _related_name(field, value, memo) or f"#{value}"
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.get_internal_type() in ("DecimalField", "FloatField"):
        try:
            return format_vi_number(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            return str(value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, (list, dict)):
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return str(value)


@register.simple_tag(takes_context=True)
def audit_prefetch(context, entries) -> str:
    """Look up, one query per model, the names behind the foreign keys recorded in `entries`,
    so that `audit_changes` on each of them needs no query of its own."""
    memo = context.render_context.setdefault(MEMO_KEY, {})
    wanted = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        for name, value in chain((entry.before or {}).items(), (entry.after or {}).items()):
            field = _field(model, name)
            if field is not None and field.is_relation and field.many_to_one and isinstance(value, int):
                wanted[field.related_model].add(value)
    for related, pks in wanted.items():
        found = related._default_manager.in_bulk(pks)
        for pk in pks:
            memo.setdefault((related, pk), str(found[pk]) if pk in found else None)
    return ""


@register.simple_tag(takes_context=True)
def audit_changes(context, entry) -> list[dict]:
    """[{label, before, after}] for each field whose value changed. For a creation (or a
    deletion) only the fields that hold a value are listed, with `before` (or `after`) None."""
    memo = context.render_context.setdefault(MEMO_KEY, {})
    before, after = entry.before or {}, entry.after or {}
    one_sided = not before or not after
    model = entry.content_type.model_class() if entry.content_type_id else None
    rows = []
    for name in list(dict.fromkeys([*before, *after])):
        old, new = before.get(name), after.get(name)
        if name in before and name in after and old == new:
            continue
        if name in HIDDEN_FIELDS or (one_sided and old in (None, "") and new in (None, "")):
            continue
        field = _field(model, name)
        label = EXTRA_LABELS.get(name) or (str(field.verbose_name) if field is not None else name.replace("_", " "))
        rows.append(
            {
                "label": label,
                "before": _show(field, old, memo) if name in before else None,
                "after": _show(field, new, memo) if name in after else None,
            }
        )
    return rows
