"""Field rules of the registry, shared by `services.py` (which enforces them) and the
admin forms (which show them next to the field before anything is saved).

Each `clean_*` function takes the values a write would store, returns them normalised
and raises `ValidationError({field: [messages]})` naming every problem at once.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.units.models import AdminUnit, Agency

from .lifecycle import fmt
from .models import (
    AllianceMembership,
    Cooperative,
    FundingSource,
    GradingRegime,
    Grade,
    GroupField,
    Sector,
)

TAX_CODE = re.compile(r"\d{10}(-\d{3})?")
DIGITS_AND_DASHES = re.compile(r"[\d-]+")
TT01_2020_FIRST_YEAR = 2020
COUNT_FIELDS = ("members", "regular_workers")
NON_NEGATIVE_AMOUNTS = ("charter_capital", "revenue", "average_income")
AMOUNT_FIELDS = (*NON_NEGATIVE_AMOUNTS, "profit")
YEAR_FIELDS = (
    *COUNT_FIELDS, *AMOUNT_FIELDS, "grade", "grading_regime", "is_value_chain_model",
    "value_chain_product", "value_chain_partner", "value_chain_funding",
)  # fmt: skip
AMOUNT_LIMIT = Decimal("1e12")  # DecimalField(max_digits=14, decimal_places=1)


class Errors:
    """Collects messages per field, then raises them together."""

    def __init__(self):
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str):
        self.by_field.setdefault(field, []).append(message)

    def merge(self, error: ValidationError):
        by_field = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        for field, messages in by_field.items():
            for message in messages:
                self.add(field, message)

    def __contains__(self, field):
        return field in self.by_field

    def raise_if_any(self):
        if self.by_field:
            raise ValidationError(self.by_field)


def today_or(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def check_not_future(errors: Errors, field: str, day, today: datetime.date):
    if day is not None and day > today:
        errors.add(field, _("Ngày %(date)s ở tương lai (hôm nay là %(today)s).") % {"date": fmt(day), "today": fmt(today)})


def check_commune(errors: Errors, field: str, unit, *, required=True):
    if unit is None:
        if required:
            errors.add(field, _("Chưa chọn xã, phường, thị trấn."))
        return
    if unit.level != AdminUnit.Level.COMMUNE:
        errors.add(field, _("“%(unit)s” không phải đơn vị cấp xã (xã, phường, thị trấn).") % {"unit": unit.name})


def check_required_text(errors: Errors, field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, message)
    return value


# --- cooperatives -----------------------------------------------------------------------


def normalize_registration_code(code: str | None) -> str:
    """Strip spaces; digits-only codes must be a tax code (10 digits, or 10-3 for a branch).

    Anything with other characters is a legacy certificate number ("38.07.000123",
    "3807/GCN-HTX") and is kept as written.
    """
    code = re.sub(r"\s+", "", code or "")
    if code and DIGITS_AND_DASHES.fullmatch(code) and not TAX_CODE.fullmatch(code):
        raise ValidationError(
            {
                "registration_code": _(
                    "Mã số HTX “%(code)s” không hợp lệ: mã số thuế gồm 10 chữ số, "
                    "hoặc 10 chữ số, dấu “-” và 3 chữ số đối với chi nhánh."
                )
                % {"code": code}
            }
        )
    return code


def check_registration_code_unique(errors: Errors, code: str, *, exclude_pk=None):
    if not code:
        return
    other = Cooperative.objects.filter(registration_code=code).exclude(pk=exclude_pk).select_related("commune").first()
    if other is not None:
        errors.add(
            "registration_code",
            _("Mã số HTX %(code)s đã được dùng cho “%(other)s” (%(commune)s).")
            % {"code": code, "other": other.name, "commune": other.commune.name},
        )


def clean_cooperative(values: dict, *, instance: Cooperative | None = None, today=None) -> dict:
    """Normalise and check a cooperative's own fields (those present in `values`)."""
    today = today_or(today)
    errors = Errors()
    values = dict(values)
    if "name" in values:
        values["name"] = check_required_text(errors, "name", values["name"], _("Chưa nhập tên hợp tác xã."))
    if "commune" in values:
        check_commune(errors, "commune", values["commune"])
    if "sector" in values and values["sector"] not in Sector.values:
        errors.add("sector", _("Lĩnh vực “%(value)s” không có trong danh mục.") % {"value": values["sector"]})
    if "established_on" in values:
        if values["established_on"] is None:
            errors.add("established_on", _("Chưa nhập ngày thành lập."))
        check_not_future(errors, "established_on", values["established_on"], today)
    for field in ("address", "representative", "phone", "establishment_ref"):
        if field in values:
            values[field] = (values[field] or "").strip()
    if "registration_code" in values:
        try:
            values["registration_code"] = normalize_registration_code(values["registration_code"])
        except ValidationError as exc:
            errors.merge(exc)
        else:
            check_registration_code_unique(
                errors, values["registration_code"], exclude_pk=instance.pk if instance else None
            )
    errors.raise_if_any()
    return values


# --- yearly figures ---------------------------------------------------------------------


def _as_count(errors: Errors, field: str, value):
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        number = int(value) if not isinstance(value, float) or value.is_integer() else None
        if number is None:
            raise ValueError
    except (TypeError, ValueError):
        errors.add(field, _("“%(value)s” không phải số nguyên.") % {"value": value})
        return None
    if number < 0:
        errors.add(field, _("Không được là số âm."))
    return number


def _as_amount(errors: Errors, field: str, value, *, non_negative: bool):
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        amount = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        errors.add(field, _("“%(value)s” không phải số.") % {"value": value})
        return None
    if non_negative and amount < 0:
        errors.add(field, _("Không được là số âm."))
    if abs(amount) >= AMOUNT_LIMIT:
        errors.add(field, _("Số quá lớn (đơn vị là triệu đồng)."))
    return amount


def clean_year_figures(coop: Cooperative, year, values: dict, *, today=None) -> dict:
    """Check the complete figures of one year (`values` holds every field in YEAR_FIELDS)."""
    today = today_or(today)
    errors = Errors()
    values = dict(values)
    try:
        year = int(year)
    except (TypeError, ValueError):
        errors.add("year", _("Năm “%(value)s” không hợp lệ.") % {"value": year})
        errors.raise_if_any()
    if coop.established_on and year < coop.established_on.year:
        errors.add(
            "year",
            _("Năm %(year)s trước năm thành lập của hợp tác xã (%(established)s).")
            % {"year": year, "established": fmt(coop.established_on)},
        )
    if coop.dissolved_on and year > coop.dissolved_on.year:
        errors.add(
            "year",
            _("Năm %(year)s sau năm hợp tác xã giải thể (%(dissolved)s).")
            % {"year": year, "dissolved": fmt(coop.dissolved_on)},
        )
    if year > today.year:
        errors.add("year", _("Năm %(year)s chưa đến.") % {"year": year})

    for field in COUNT_FIELDS:
        values[field] = _as_count(errors, field, values.get(field))
    for field in AMOUNT_FIELDS:
        values[field] = _as_amount(errors, field, values.get(field), non_negative=field in NON_NEGATIVE_AMOUNTS)

    grade = values.get("grade") or Grade.UNGRADED
    regime = values.get("grading_regime") or ""
    values["grade"], values["grading_regime"] = grade, regime
    if grade not in Grade.values:
        errors.add("grade", _("Xếp loại “%(value)s” không có trong danh mục.") % {"value": grade})
    if regime and regime not in GradingRegime.values:
        errors.add("grading_regime", _("Căn cứ xếp loại “%(value)s” không có trong danh mục.") % {"value": regime})
    if grade != Grade.UNGRADED and not regime:
        errors.add("grading_regime", _("Đã xếp loại thì phải ghi căn cứ xếp loại (thông tư áp dụng)."))
    if regime == GradingRegime.TT01_2020 and year < TT01_2020_FIRST_YEAR:
        errors.add(
            "grading_regime",
            _("Thông tư 01/2020/TT-BKHĐT chỉ áp dụng từ năm %(first)s, không dùng cho năm %(year)s.")
            % {"first": TT01_2020_FIRST_YEAR, "year": year},
        )

    values["is_value_chain_model"] = bool(values.get("is_value_chain_model"))
    for field in ("value_chain_product", "value_chain_partner", "value_chain_funding"):
        values[field] = (values.get(field) or "").strip()
    if values["is_value_chain_model"]:
        required = {
            "value_chain_product": _("Mô hình chuỗi giá trị cần ghi sản phẩm."),
            "value_chain_partner": _("Mô hình chuỗi giá trị cần ghi doanh nghiệp liên kết."),
            "value_chain_funding": _("Mô hình chuỗi giá trị cần ghi nguồn kinh phí."),
        }
        for field, message in required.items():
            if not values[field]:
                errors.add(field, message)
    funding = values["value_chain_funding"]
    if funding and funding not in FundingSource.values:
        errors.add("value_chain_funding", _("Nguồn kinh phí “%(value)s” không có trong danh mục.") % {"value": funding})
    errors.raise_if_any()
    return values


# --- cooperative groups -----------------------------------------------------------------


def clean_group(values: dict, *, today=None) -> dict:
    """Check a group's complete values (name, commune, dates, members, field, leader)."""
    today = today_or(today)
    errors = Errors()
    values = dict(values)
    values["name"] = check_required_text(errors, "name", values.get("name"), _("Chưa nhập tên tổ hợp tác."))
    check_commune(errors, "commune", values.get("commune"))
    founded = values.get("founded_on")
    if founded is None:
        errors.add("founded_on", _("Chưa nhập ngày thành lập."))
    check_not_future(errors, "founded_on", founded, today)
    for field in ("certified_on", "dissolved_on"):
        day = values.get(field)
        check_not_future(errors, field, day, today)
        if day is not None and founded is not None and day < founded:
            message = {
                "certified_on": _("Ngày chứng thực %(date)s trước ngày thành lập %(founded)s."),
                "dissolved_on": _("Ngày chấm dứt %(date)s trước ngày thành lập %(founded)s."),
            }[field]
            errors.add(field, message % {"date": fmt(day), "founded": fmt(founded)})
    values["members"] = _as_count(errors, "members", values.get("members"))
    if values.get("field") not in GroupField.values:
        errors.add("field", _("Lĩnh vực “%(value)s” không có trong danh mục.") % {"value": values.get("field")})
    values["leader"] = (values.get("leader") or "").strip()
    errors.raise_if_any()
    return values


# --- Alliance memberships ---------------------------------------------------------------


def _check_member_existed(errors: Errors, values: dict):
    day = values.get("joined_on")
    coop, group = values.get("cooperative"), values.get("group")
    if day is None:
        return
    if coop is not None:
        if coop.established_on is None or coop.established_on > day:
            errors.add(
                "joined_on",
                _("Hợp tác xã “%(name)s” chưa thành lập vào ngày %(date)s.") % {"name": coop.name, "date": fmt(day)},
            )
        elif coop.dissolved_on is not None and coop.dissolved_on <= day:
            errors.add(
                "joined_on",
                _("Hợp tác xã “%(name)s” đã giải thể ngày %(dissolved)s, trước ngày gia nhập %(date)s.")
                % {"name": coop.name, "dissolved": fmt(coop.dissolved_on), "date": fmt(day)},
            )
    if group is not None:
        if group.founded_on > day:
            errors.add(
                "joined_on",
                _("Tổ hợp tác “%(name)s” chưa thành lập vào ngày %(date)s.") % {"name": group.name, "date": fmt(day)},
            )
        elif group.dissolved_on is not None and group.dissolved_on <= day:
            errors.add(
                "joined_on",
                _("Tổ hợp tác “%(name)s” đã chấm dứt ngày %(dissolved)s, trước ngày gia nhập %(date)s.")
                % {"name": group.name, "dissolved": fmt(group.dissolved_on), "date": fmt(day)},
            )


def _check_no_overlap(errors: Errors, values: dict, exclude_pk):
    coop, group, org = values.get("cooperative"), values.get("group"), values.get("organisation_name")
    joined, left = values.get("joined_on"), values.get("left_on")
    if joined is None or values.get("alliance") is None:
        return
    others = AllianceMembership.objects.filter(alliance=values["alliance"]).exclude(pk=exclude_pk)
    if coop is not None:
        others = others.filter(cooperative=coop)
    elif group is not None:
        others = others.filter(group=group)
    else:
        others = others.filter(cooperative__isnull=True, group__isnull=True, organisation_name__iexact=org)
    others = others.filter(Q(left_on__isnull=True) | Q(left_on__gt=joined))
    if left is not None:
        others = others.filter(joined_on__lt=left)
    other = others.first()
    if other is not None:
        params = {"name": other.member_name, "joined": fmt(other.joined_on)}
        if other.left_on:
            message = _("“%(name)s” đã là thành viên từ %(joined)s đến %(left)s, trùng thời gian.")
            params["left"] = fmt(other.left_on)
        else:
            message = _("“%(name)s” đã là thành viên Liên minh từ ngày %(joined)s.")
        errors.add(NON_FIELD_ERRORS, message % params)


def clean_membership(values: dict, *, instance: AllianceMembership | None = None, today=None) -> dict:
    """Check a membership's complete values (alliance, member, commune, dates)."""
    today = today_or(today)
    errors = Errors()
    values = dict(values)
    alliance = values.get("alliance")
    if alliance is None or alliance.kind != Agency.Kind.ALLIANCE:
        errors.add("alliance", _("Phải chọn một Liên minh HTX."))
    values["organisation_name"] = (values.get("organisation_name") or "").strip()
    members = [k for k in ("cooperative", "group", "organisation_name") if values.get(k)]
    if len(members) != 1:
        errors.add(
            NON_FIELD_ERRORS,
            _("Thành viên phải là đúng một trong: một hợp tác xã, một tổ hợp tác, hoặc tên một tổ chức khác."),
        )
    commune = values.get("commune")
    if values.get("cooperative") or values.get("group"):
        member = values.get("cooperative") or values.get("group")
        if commune is not None and commune.pk != member.commune_id:
            errors.add("commune", _("Địa bàn lấy theo hợp tác xã / tổ hợp tác; chỉ nhập cho tổ chức khác."))
        values["commune"] = None
    else:
        check_commune(errors, "commune", commune, required=False)
    joined, left = values.get("joined_on"), values.get("left_on")
    if joined is None:
        errors.add("joined_on", _("Chưa nhập ngày gia nhập."))
    check_not_future(errors, "joined_on", joined, today)
    check_not_future(errors, "left_on", left, today)
    if joined is not None and left is not None and left < joined:
        errors.add(
            "left_on", _("Ngày ra khỏi %(left)s trước ngày gia nhập %(joined)s.") % {"left": fmt(left), "joined": fmt(joined)}
        )
    _check_member_existed(errors, values)
    if not errors.by_field:
        _check_no_overlap(errors, values, instance.pk if instance else None)
    errors.raise_if_any()
    return values

