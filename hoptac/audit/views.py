"""Searching the audit log: who changed what, and when."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.lib.forms import ViDateField

from .models import AuditEntry

PAGE_SIZE = 50


class AuditSearchForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Người thực hiện"), queryset=None, required=False, empty_label="—")
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    q = forms.CharField(label=_("Đối tượng"), required=False, max_length=100, help_text=_("Một phần tên đối tượng"))
    date_from = ViDateField(label=_("Từ ngày"), required=False)
    date_to = ViDateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = get_user_model().objects.order_by("username")
        self.fields["actor"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.get_username()})" if u.get_full_name() else u.get_username()
        )
        actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        self.fields["action"].choices = [("", "—"), *((a, a) for a in actions)]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("“Đến ngày” phải sau “Từ ngày”."))
        return data


def _day_start(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def search_entries(filters: dict):
    qs = AuditEntry.objects.select_related("actor", "content_type").order_by("-created_at", "-id")
    if filters.get("actor"):
        qs = qs.filter(actor=filters["actor"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(object_repr__icontains=text)
    if filters.get("date_from"):
        qs = qs.filter(created_at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(created_at__lt=_day_start(filters["date_to"] + datetime.timedelta(days=1)))
    return qs


@requires(perms.AUDIT_SEARCH)
def search(request):
    form = AuditSearchForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    page_obj = Paginator(search_entries(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj}
    partial = request.htmx and not request.htmx.boosted
    response = render(request, "audit/_entry_rows.html" if partial else "audit/search.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response
