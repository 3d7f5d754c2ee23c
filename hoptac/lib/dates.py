"""Dates as Vietnamese users write them: dd/mm/yyyy first, ISO yyyy-mm-dd accepted too."""

import datetime
import re
from collections.abc import Mapping

from django.utils import timezone
from django.utils.translation import gettext as _

# d/m/yyyy with "/", "-" or "." between parts; ISO yyyy-mm-dd.
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class DateParseError(ValueError):
    """The text is not a date; the message says why, in the user's language."""


def parse_vi_date(value) -> datetime.date:
    """Parse "31/12/2018", "1/2/2018", "31-12-2018", "31.12.2018" or "2018-12-31".

    Dates and datetimes pass through. Raises DateParseError with a message fit for the user.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise DateParseError(_("Chưa nhập ngày."))
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise DateParseError(
            _("“%(value)s” không phải là ngày: hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2018.") % {"value": text}
        )
    if not 1 <= month <= 12:
        raise DateParseError(_("“%(value)s”: tháng %(month)s không có (tháng từ 1 đến 12).") % {"value": text, "month": month})
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateParseError(
            _("Ngày %(value)s không có trong lịch (tháng %(month)s/%(year)s không có ngày %(day)s).")
            % {"value": text, "month": month, "year": year, "day": day}
        ) from None


def format_vi_date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def today() -> datetime.date:
    return timezone.localdate()


def reference_date_from(query: Mapping, *, param: str = "ngay", default: datetime.date | None = None):
    """The reference date a page is computed at, from a GET parameter (`?ngay=31/12/2018`).

    Returns (date, error): on a bad value the default is used and `error` says why.
    """
    fallback = default or today()
    raw = (query.get(param) or "").strip()
    if not raw:
        return fallback, None
    try:
        return parse_vi_date(raw), None
    except DateParseError as exc:
        return fallback, str(exc)
