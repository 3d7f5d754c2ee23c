"""Serializer fields shared by the API: Vietnamese dates, units by official code, described choices."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hoptac.lib.dates import DateParseError, parse_vi_date

from ..schema import doc


@extend_schema_field(OpenApiTypes.DATE)
class ViDateField(serializers.Field):
    """A date in ISO form (yyyy-mm-dd) on output; dd/mm/yyyy or yyyy-mm-dd on input."""

    def to_internal_value(self, data):
        if data in (None, ""):
            if self.allow_null:
                return None
            self.fail("required")
        try:
            return parse_vi_date(data)
        except DateParseError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def to_representation(self, value):
        return value.isoformat() if value else None


class UnitCodeField(serializers.Field):
    """An administrative unit given by its official code, looked up in a queryset made per request
    (e.g. the communes the user may write): an unknown or out-of-scope code is a field error."""

    def __init__(self, *, units, what, **kwargs):
        self.units = units  # callable(user) -> queryset
        self.what = what
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if data in (None, ""):
            return None
        code = str(data).strip()
        if not re.fullmatch(r"[0-9]{1,10}", code):
            raise serializers.ValidationError(_("Mã đơn vị hành chính “%(code)s” không hợp lệ.") % {"code": code[:20]})
        unit = self.units(self.context["request"].user).filter(code=code).first()
        if unit is None:
            raise serializers.ValidationError(
                _("Không có %(what)s mã “%(code)s” trong phạm vi bạn được cập nhật.")
                % {"what": self.what, "code": code}
            )
        return unit

    def to_representation(self, value):
        return value.code if value else None


extend_schema_field({"type": "string", "pattern": r"^[0-9]{1,10}$", "nullable": True})(UnitCodeField)


def choice(choices, vi, en, **kwargs):
    return serializers.ChoiceField(choices=choices, help_text=doc(vi, en), **kwargs)


def label_of(choices):
    """A read-only field with the Vietnamese label of a choice value taken from `source`."""
    labels = dict(choices)
    return lambda value: str(labels.get(value, value)) if value else ""
