"""Numbers and dates in Vietnamese notation: "1.234,5" is one thousand two hundred and thirty-four and a half.

Parsing forgives the usual variants (ISO decimals, spaces as thousands separators) and
refuses what it cannot read with a message naming the value.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from hoptac.lib.dates import DateParseError, format_vi_date, parse_vi_date
from hoptac.lib.text import fold

__all__ = [
    "DateParseError",
    "NumberParseError",
    "format_vi_date",
    "format_vi_number",
    "parse_vi_date",
    "parse_vi_int",
    "parse_vi_number",
]

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# "1.234", "12.345.678": dots as thousands separators only in well-formed groups.
_DOT_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class NumberParseError(ValueError):
    """The text is not a number; the message says why."""


def parse_vi_number(value) -> Decimal:
    """Parse "1.234,5", "1234,5", "1 234,5", "1234.5" or "1.234" (= 1234) to a Decimal."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    text = _SPACES.sub("", str(value or ""))
    if not text:
        raise NumberParseError(_("Chưa nhập số."))
    if "," in text:
        if text.count(",") > 1:
            raise NumberParseError(_("“%(value)s” có nhiều hơn một dấu phẩy thập phân.") % {"value": value})
        whole, fraction = text.split(",")
        if "." in whole and not _DOT_GROUPED.match(whole):
            raise NumberParseError(
                _("“%(value)s”: dấu chấm chỉ dùng để tách hàng nghìn, ví dụ 1.234,5.") % {"value": value}
            )
        text = whole.replace(".", "") + "." + fraction
    elif _DOT_GROUPED.match(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise NumberParseError(_("“%(value)s” không phải là số (ví dụ hợp lệ: 1.234,5).") % {"value": value}) from None
    if not number.is_finite():
        raise NumberParseError(_("“%(value)s” không phải là số (ví dụ hợp lệ: 1.234,5).") % {"value": value})
    return number


def parse_vi_int(value) -> int:
    number = parse_vi_number(value)
    if number != number.to_integral_value():
        raise NumberParseError(_("“%(value)s” phải là số nguyên.") % {"value": value})
    return int(number)


def format_vi_number(value, decimals: int | None = None) -> str:
    """Format 1234.5 as "1.234,5" (thousands dot, decimal comma)."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimals is not None:
        number = round(number, decimals)
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0") if decimals is None else fraction
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


class BooleanParseError(ValueError):
    """The text is not a yes/no answer; the message lists what is accepted."""


# Folded spellings of yes and no in a spreadsheet cell.
_TRUE_WORDS = frozenset({"x", "co", "c", "1", "dung", "phai", "true", "yes", "y"})
_FALSE_WORDS = frozenset({"khong", "k", "0", "sai", "false", "no", "n"})


def parse_vi_bool(value) -> bool:
    """Read "Có" / "x" / "1" as True and "Không" / "0" as False (blank is for the caller to decide)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and value in (0, 1):
        return bool(value)
    key = fold(str(value or ""))
    if key in _TRUE_WORDS:
        return True
    if key in _FALSE_WORDS:
        return False
    raise BooleanParseError(
        _("“%(value)s” không rõ là có hay không: hãy ghi “Có” (hoặc x) hoặc “Không” (hoặc để trống).")
        % {"value": value}
    )


def format_vi_bool(value) -> str:
    return _("Có") if value else ""


__all__ += ["BooleanParseError", "format_vi_bool", "parse_vi_bool"]
