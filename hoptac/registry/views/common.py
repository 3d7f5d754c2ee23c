"""What every registry page shares: running a service and showing its errors next to the
fields, the edit-conflict comparison, searches on folded names and list paging."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.audit.services import history_for
from hoptac.lib.concurrency import EditConflict
from hoptac.lib.dates import format_vi_date
from hoptac.lib.text import fold
from hoptac.lib.vi_format import format_vi_number

PAGE_SIZE = 25

# Abbreviations written either way in names and searches ("HTX Cà phê …", "Hợp tác xã Cà phê …").
ABBREVIATIONS = {"htx": "hop tac xa", "tht": "to hop tac", "qtd": "quy tin dung"}


def search_terms(text: str) -> list[set[str]]:
    """The folded query as terms, each a set of equivalent spellings:
    "htx dak ha" and "hop tac xa dak ha" both give [{"htx", "hop tac xa"}, {"dak"}, {"ha"}]."""
    words = fold(text).split()
    expansions = {phrase: short for short, phrase in ABBREVIATIONS.items()}
    terms, i = [], 0
    while i < len(words):
        for phrase, short in expansions.items():
            size = len(phrase.split())
            if " ".join(words[i : i + size]) == phrase:
                terms.append({phrase, short})
                i += size
                break
        else:
            word = words[i]
            terms.append({word, ABBREVIATIONS[word]} if word in ABBREVIATIONS else {word})
            i += 1
    return terms


def name_search_q(text: str, field: str = "name_folded") -> Q:
    """Each term must start a word of the folded name, in any of its spellings:
    "hop tac xa dak ha", "htx dak ha" and "Đắk Hà" all find "HTX Nông nghiệp Đăk Hà"."""
    q = Q()
    for term in search_terms(text):
        alternatives = Q()
        for spelling in term:
            alternatives |= Q(**{f"{field}__startswith": spelling}) | Q(**{f"{field}__contains": " " + spelling})
        q &= alternatives
    return q


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (the rest above the form)."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for field, messages in by_field.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        for message in messages:
            form.add_error(target, message)


def run_service(form, call):
    """Call a service. Returns (result, conflict): result is None after a ValidationError
    (now shown on the form) or an EditConflict (returned for the comparison)."""
    try:
        return call(), None
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None, None
    except EditConflict as conflict:
        return None, conflict


def _display(field, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return format_vi_date(value)
    if isinstance(value, (Decimal, float)):
        return format_vi_number(value)
    if isinstance(value, models.Model):
        return str(value)
    choices = getattr(field, "choices", None)
    if choices:
        flat = {}
        for key, label in choices:
            if isinstance(label, (list, tuple)):
                flat.update({str(k): v for k, v in label})
            else:
                flat[str(key)] = label
        return str(flat.get(str(value), value))
    return str(value)


def _comparable(value):
    if isinstance(value, models.Model):
        return (type(value), value.pk)
    if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
        return Decimal(str(value))
    return "" if value is None else value


def conflict_details(form, current, field_names, current_values=None) -> dict:
    """Who changed the record, and each field's value as the user typed it beside the stored one."""
    entry = history_for(current).first()
    current_values = current_values or {}
    rows = []
    for name in field_names:
        field = form.fields[name]
        mine = form.cleaned_data.get(name)
        theirs = current_values[name] if name in current_values else getattr(current, name, None)
        rows.append(
            {
                "label": field.label,
                "mine": _display(field, mine),
                "theirs": _display(field, theirs),
                "differs": _comparable(mine) != _comparable(theirs),
            }
        )
    changed_by = None
    changed_at = None
    if entry is not None:
        changed_by = (entry.actor.get_full_name() or entry.actor.get_username()) if entry.actor else _("hệ thống")
        changed_at = timezone.localtime(entry.created_at).strftime("%H:%M %d/%m/%Y")
    return {"changed_by": changed_by, "changed_at": changed_at, "rows": rows}


def rebind_with_version(form_class, request, version, **kwargs):
    """The user's form again, now based on the current version, so "Lưu" re-applies their values."""
    data = request.POST.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def record_ending(request, *, obj, form_class, date_field, end, success_message, detail_url, title):
    """A one-date form that ends a record (a group's dissolution, leaving the Alliance) through `end(day)`."""
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, _conflict = run_service(form, lambda: end(form.cleaned_data[date_field]))
        if done is not None:
            messages.success(request, success_message)
            return redirect(detail_url, pk=obj.pk)
    return render(
        request,
        "registry/form.html",
        {
            "form": form, "object": obj, "title": title, "submit_label": _("Ghi nhận"),
            "cancel_url": reverse(detail_url, args=[obj.pk]),
        },
    )  # fmt: skip
