"""List filters of the API, parsed by the same filter forms as the registry pages.

Units are named by their official codes here (`?district=615&commune=23440`), looked up among the
units the user can see; everything else is given to the page's form as typed, so an invalid value
gets the page's message.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions

from hoptac.registry.views.units import filter_units
from hoptac.units.models import AdminUnit

from ..schema import query

UNIT_PARAMS = {"district": AdminUnit.Level.DISTRICT, "commune": AdminUnit.Level.COMMUNE}
TRUE_WORDS = {"1", "true", "yes", "co", "có"}
FALSE_WORDS = {"0", "false", "no", "khong", "không"}
UNIT_LABELS = {"district": "huyện", "commune": "xã"}


def page_filters(request, form_class, **form_kwargs) -> dict:
    """The cleaned filters of `form_class` from the query string; 400 with the form's errors when invalid."""
    params = request.query_params
    data = {key: params.get(key) for key in params}
    if any(data.get(key) for key in UNIT_PARAMS):
        units = filter_units(request.user)
        by_code = {(unit.level, unit.code): unit for unit in units}
        for key, level in UNIT_PARAMS.items():
            code = (data.get(key) or "").strip()
            if not code:
                continue
            unit = by_code.get((level, code))
            if unit is None:
                message = _("Không có %(what)s mã “%(code)s” trong phạm vi của bạn.") % {
                    "what": UNIT_LABELS[key],
                    "code": code[:20],
                }
                raise exceptions.ValidationError({key: [message]})
            data[key] = str(unit.pk)
    else:
        units = []
    if "value_chain" in data and data["value_chain"] is not None:
        word = data["value_chain"].strip().lower()
        data["value_chain"] = "1" if word in TRUE_WORDS else "0" if word in FALSE_WORDS else word
    form = form_class(data, units=units, **form_kwargs)
    if not form.is_valid():
        errors = {field: [e["message"] for e in items] for field, items in form.errors.get_json_data().items()}
        raise exceptions.ValidationError(errors)
    return form.cleaned_data


SEARCH = query(
    "q",
    "Tìm theo tên, không phân biệt dấu (“dak ha” tìm được “Đăk Hà”)",
    "Search by name, ignoring diacritics (“dak ha” finds “Đăk Hà”)",
)
DISTRICT = query("district", "Mã huyện, ví dụ 615 (Đăk Hà)", "District code, e.g. 615 (Đăk Hà)")
COMMUNE = query("commune", "Mã xã, ví dụ 23440", "Commune code, e.g. 23440")
