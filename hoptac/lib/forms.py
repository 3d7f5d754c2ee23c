"""Form fields that forgive: Vietnamese dates (dd/mm/yyyy) and numbers ("1.234,5")."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .dates import DateParseError, format_vi_date, parse_vi_date
from .vi_format import NumberParseError, format_vi_number, parse_vi_number


class ViDateInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return format_vi_date(value)
        return super().format_value(value)


class ViDateField(forms.Field):
    widget = ViDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_vi_date(value)
        except DateParseError as exc:
            raise ValidationError(str(exc), code="invalid") from None


class ViNumberInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return format_vi_number(value)
        return super().format_value(value)


class ViDecimalField(forms.Field):
    widget = ViNumberInput
    default_error_messages = {
        "min_value": _("Giá trị phải từ %(min)s trở lên."),
        "max_digits": _("Số %(value)s quá lớn."),
        "not_integer": _("“%(value)s” phải là số nguyên."),
    }

    def __init__(self, *, max_digits=None, decimal_places=None, min_value=None, **kwargs):
        self.max_digits, self.decimal_places, self.min_value = max_digits, decimal_places, min_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_vi_number(value)
        except NumberParseError as exc:
            raise ValidationError(str(exc), code="invalid") from None
        if self.decimal_places is not None:
            number = round(number, self.decimal_places)
        return number

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                self.error_messages["min_value"], code="min_value", params={"min": format_vi_number(self.min_value)}
            )
        if self.max_digits is not None and self.decimal_places is not None:
            limit = Decimal(10) ** (self.max_digits - self.decimal_places)
            if abs(value) >= limit:
                raise ValidationError(
                    self.error_messages["max_digits"], code="max_digits", params={"value": format_vi_number(value)}
                )


class ViIntegerField(ViDecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def to_python(self, value):
        number = super().to_python(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(
                self.error_messages["not_integer"], code="not_integer", params={"value": format_vi_number(number)}
            )
        return int(number)
