"""Display helpers: Vietnamese dates and numbers, and GET parameters kept across forms."""

import datetime

from django import template
from django.utils.html import format_html_join

from hoptac.lib.dates import format_vi_date
from hoptac.lib.vi_format import format_vi_number

register = template.Library()


@register.filter
def vi_date(value):
    """31/12/2018, whatever the language (the official notation)."""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return format_vi_date(value)
    return value if value not in (None, "") else ""


@register.filter
def vi_number(value, decimals=None):
    if value in (None, ""):
        return ""
    try:
        return format_vi_number(value, int(decimals) if decimals not in (None, "") else None)
    except (ValueError, ArithmeticError):
        return value


@register.simple_tag(takes_context=True)
def hidden_query_inputs(context, exclude=""):
    """Hidden inputs carrying the current GET parameters, except those in `exclude` (comma-separated).

    Lets a small form (the reference-date picker) change one parameter and keep the filters.
    """
    request = context.get("request")
    if request is None:
        return ""
    skipped = {name.strip() for name in exclude.split(",") if name.strip()}
    pairs = [(key, value) for key, values in request.GET.lists() if key not in skipped for value in values]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)


@register.simple_tag
def optional_url(name, *args):
    """The URL of `name`, or "" while that page does not exist (sections built separately)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
