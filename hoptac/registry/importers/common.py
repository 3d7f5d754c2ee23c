"""What the registry importers share: the columns found on several sheets, unit names
resolved in memory, and the actor's right and territory."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.lib.importing import BooleanColumn, CellError, Importer, RowError, RowResult, TextColumn
from hoptac.lib.text import fold, place_key
from hoptac.units.lookup import find_units, suggest_units
from hoptac.units.models import AdminUnit

from ..models import Cooperative
from ..validation import normalize_registration_code

CHUNK = 2000


def chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def unit_label(unit: AdminUnit | None) -> str:
    if unit is None:
        return ""
    if unit.level == AdminUnit.Level.COMMUNE and unit.parent_id:
        return f"{unit.name} ({unit.parent.name})"
    return unit.name


# --- columns shared by several sheets ------------------------------------------------------


class RegistrationCodeColumn(TextColumn):
    def __init__(self, *, required=True, help_text=None):
        super().__init__(
            "registration_code", _("Mã số HTX"), required=required, max_length=40, width=16,
            aliases=("Mã số thuế", "Mã HTX", "Mã số HTX (mã số thuế)", "MST"),
            help_text=help_text or _("Mã số HTX (mã số thuế 10 chữ số) hoặc số giấy chứng nhận đăng ký cũ."),
        )  # fmt: skip

    def to_python(self, value, row):
        try:
            return normalize_registration_code(super().to_python(value, row))
        except ValidationError as exc:
            raise CellError(" ".join(exc.messages)) from None

    def format_help(self):
        return _("10 chữ số (chi nhánh: 10 chữ số, dấu “-”, 3 chữ số); nên định dạng cột là Văn bản (Text).")


def district_column():
    return TextColumn(
        "district", _("Huyện, thành phố"), max_length=150, width=20,
        aliases=("Huyện", "Quận, huyện", "Huyện, thị xã, thành phố", "Quận, huyện, thị xã, thành phố"),
        help_text=_("Không bắt buộc; giúp phân biệt khi tên xã trùng nhau giữa các huyện."),
    )  # fmt: skip


def commune_column(*, required=True, help_text=None):
    return TextColumn(
        "commune", _("Xã, phường, thị trấn"), required=required, max_length=150, width=20,
        aliases=("Xã", "Xã, phường", "Phường, xã", "Xã, thị trấn", "Địa bàn"),
        help_text=help_text or _("Đơn vị cấp xã nơi đặt trụ sở: “Đắk Ui” hoặc “Xã Đắk Ui” (có dấu hay không đều được), hoặc mã xã 5 chữ số."),
    )  # fmt: skip


def demo_column():
    return BooleanColumn(
        "is_demo", _("Dữ liệu mẫu"), width=12, help_text=_("“Có” nếu là số liệu minh hoạ, không phải số liệu thật.")
    )


# --- unit names ------------------------------------------------------------------------------


def _valid_on(unit: AdminUnit, day: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (unit.valid_to is None or unit.valid_to > day)


# Kind words written before a unit's name in spreadsheets, longest first, by level.
_PREFIXES = {
    AdminUnit.Level.COMMUNE: [
        ("thị trấn", {AdminUnit.Kind.TOWNLET}), ("phường", {AdminUnit.Kind.WARD}), ("xã", {AdminUnit.Kind.COMMUNE}),
        ("thi tran", {AdminUnit.Kind.TOWNLET}), ("phuong", {AdminUnit.Kind.WARD}), ("xa", {AdminUnit.Kind.COMMUNE}),
        ("tt.", {AdminUnit.Kind.TOWNLET}), ("p.", {AdminUnit.Kind.WARD}), ("x.", {AdminUnit.Kind.COMMUNE}),
    ],
    AdminUnit.Level.DISTRICT: [
        ("thành phố", {AdminUnit.Kind.CITY}), ("thị xã", {AdminUnit.Kind.TOWN}), ("huyện", {AdminUnit.Kind.RURAL_DISTRICT}),
        ("quận", {AdminUnit.Kind.URBAN_DISTRICT}), ("thanh pho", {AdminUnit.Kind.CITY}), ("thi xa", {AdminUnit.Kind.TOWN}),
        ("huyen", {AdminUnit.Kind.RURAL_DISTRICT}), ("quan", {AdminUnit.Kind.URBAN_DISTRICT}),
        ("tp.", {AdminUnit.Kind.CITY}), ("tp", {AdminUnit.Kind.CITY}), ("tx.", {AdminUnit.Kind.TOWN}),
        ("h.", {AdminUnit.Kind.RURAL_DISTRICT}), ("q.", {AdminUnit.Kind.URBAN_DISTRICT}),
    ],
}  # fmt: skip


class UnitNames:
    """District and commune names → units.

    The province's districts and communes are loaded once and matched in memory on their
    `search_key` (with or without a kind word such as "Xã", "Thị trấn"); a name not found
    that way goes to `units.lookup.find_units`, once per distinct text. Either way the
    number of queries does not grow with the number of rows.
    """

    def __init__(self):
        self.province = AdminUnit.objects.filter(level=AdminUnit.Level.PROVINCE, code=settings.HOPTAC_PROVINCE_CODE).first()
        units = AdminUnit.objects.filter(level__in=[AdminUnit.Level.DISTRICT, AdminUnit.Level.COMMUNE])
        if self.province is not None:
            units = units.filter(path__startswith=self.province.path + "/")
        self._by_key: dict[tuple, list[AdminUnit]] = {}
        self._by_code: dict[tuple, list[AdminUnit]] = {}
        self.by_pk: dict[int, AdminUnit] = {}
        for unit in units.select_related("parent").order_by("path"):
            self._by_key.setdefault((unit.level, unit.search_key), []).append(unit)
            self._by_code.setdefault((unit.level, unit.code), []).append(unit)
            self.by_pk[unit.pk] = unit
        self._found: dict = {}
        self._suggested: dict = {}

    def _key(self, text, level, within):
        within = within or self.province
        return (fold(text), level, within.pk if within else None), within

    def _in_memory(self, text: str, level: str, within: AdminUnit | None) -> list[AdminUnit]:
        if text.isdigit():  # an official code
            found = self._by_code.get((level, text), [])
        else:
            lower = " ".join(text.split()).lower()
            keys, kinds = [place_key(lower)], None
            for prefix, prefix_kinds in _PREFIXES[level]:
                if lower.startswith(prefix) and len(lower) > len(prefix) and (prefix.endswith(".") or lower[len(prefix)] == " "):
                    keys.append(place_key(lower[len(prefix) :]))
                    kinds = prefix_kinds
                    break
            found = list(dict.fromkeys(unit for key in keys for unit in self._by_key.get((level, key), [])))
            of_kind = [unit for unit in found if kinds and unit.kind in kinds]
            found = of_kind or found
        if within is not None:
            found = [unit for unit in found if unit.path.startswith(within.path + "/")]
        return found

    def _find(self, text: str, level: str, within: AdminUnit | None) -> list[AdminUnit]:
        memo = (text, level, within.pk if within else None)
        if memo not in self._found:
            units = self._in_memory(text, level, within)
            if not units and not text.isdigit():
                units = find_units(text, level=level, within=within or self.province)
            self._found[memo] = units
        return self._found[memo]

    def _suggest(self, text: str, level: str, within: AdminUnit | None) -> str:
        key, within = self._key(text, level, within)
        if key not in self._suggested:
            filters = {"level": level, **({"within": within} if within else {})}
            self._suggested[key] = ", ".join(unit_label(u) for u in suggest_units(text, **filters))
        return self._suggested[key]

    def _not_found(self, message: str, text: str, level: str, within, column: str) -> RowError:
        suggestions = self._suggest(text, level, within)
        if suggestions:
            message += " " + _("Có phải: %(names)s?") % {"names": suggestions}
        return RowError(message, column)

    def district(self, text: str) -> AdminUnit:
        units = self._find(text, AdminUnit.Level.DISTRICT, None)
        if len(units) == 1:
            return units[0]
        if not units:
            message = _("Không tìm thấy huyện, thành phố “%(name)s”.") % {"name": text}
            raise self._not_found(message, text, AdminUnit.Level.DISTRICT, None, "district")
        raise RowError(
            _("Tên “%(name)s” trùng với %(count)s đơn vị: %(names)s.")
            % {"name": text, "count": len(units), "names": "; ".join(u.name for u in units)},
            "district",
        )

    def commune(self, text: str, *, district: AdminUnit | None = None, on: datetime.date | None = None) -> AdminUnit:
        units = self._find(text, AdminUnit.Level.COMMUNE, district)
        if len(units) > 1 and on is not None:
            # Units are renamed and merged over time: the one in force on the record's date is meant.
            in_force = [u for u in units if _valid_on(u, on)]
            units = in_force if len(in_force) == 1 else units
        if len(units) == 1:
            return units[0]
        if not units:
            if district is not None:
                message = _("Không tìm thấy xã, phường, thị trấn “%(name)s” thuộc %(district)s.") % {
                    "name": text, "district": district.name,
                }  # fmt: skip
            else:
                message = _("Không tìm thấy xã, phường, thị trấn “%(name)s”.") % {"name": text}
            raise self._not_found(message, text, AdminUnit.Level.COMMUNE, district, "commune")
        message = _("Tên “%(name)s” trùng với %(count)s đơn vị: %(names)s.") % {
            "name": text, "count": len(units), "names": "; ".join(unit_label(u) for u in units),
        }  # fmt: skip
        if district is None:
            message += " " + _("Hãy ghi thêm cột 'Huyện, thành phố' để phân biệt.")
        raise RowError(message, "commune")

    def resolve(self, row: RowResult, *, on: datetime.date | None = None) -> AdminUnit | None:
        """Replace the row's district and commune names by units; errors name the column."""
        district = None
        if row.values.get("district"):
            district = row.values["district"] = self.district(row.values["district"])
        if row.values.get("commune"):
            row.values["commune"] = self.commune(row.values["commune"], district=district, on=on)
        return row.values.get("commune")


# --- common ground ---------------------------------------------------------------------------


class RegistryImporter(Importer):
    """The actor's right and territory, unit names, and the "blank keeps" rule."""

    right = perms.REGISTRY_WRITE

    def check_allowed(self):
        if self.actor is not None and not access.has_right(self.actor, self.right):
            raise RowError(_("Tài khoản của bạn không có quyền nhập dữ liệu “%(kind)s”.") % {"kind": self.verbose_name})

    def prepare(self):
        self.units = UnitNames()
        self.today = timezone.localdate()

    def can_edit_unit(self, unit: AdminUnit | None) -> bool:
        """Whether the actor's right covers the unit; without a unit, only a province-wide right does.

        No actor means a system import (management command without --user): allowed everywhere.
        """
        if self.actor is None:
            return True
        if unit is None:
            province = self.units.province
            return province is not None and access.has_right(self.actor, self.right, unit=province)
        return access.has_right(self.actor, self.right, unit=unit)

    def check_unit(self, unit: AdminUnit | None, column: str = "commune"):
        if not self.can_edit_unit(unit):
            if unit is None:
                raise RowError(_("Chỉ cán bộ cấp tỉnh được nhập thành viên không gắn với xã nào."), column)
            raise RowError(_("%(unit)s nằm ngoài địa bàn bạn được cập nhật.") % {"unit": unit_label(unit)}, column)

    @staticmethod
    def given(row: RowResult, fields) -> dict:
        """The fields the row gives a value for."""
        return {field: row.values[field] for field in fields if row.values.get(field) is not None}

    @staticmethod
    def diff(obj, values: dict) -> dict:
        return {field: (getattr(obj, field), value) for field, value in values.items() if getattr(obj, field) != value}

    @staticmethod
    def new_values(row: RowResult) -> dict:
        return {field: new for field, (_old, new) in row.changes.items()}


def load_cooperatives(codes, units: UnitNames) -> dict[str, Cooperative]:
    """The cooperatives with these codes, their communes taken from the units already loaded."""
    found = {}
    for chunk in chunks(set(codes)):
        for coop in Cooperative.objects.filter(registration_code__in=chunk):
            found[coop.registration_code] = coop
    missing = {coop.commune_id for coop in found.values()} - set(units.by_pk)
    if missing:  # communes outside the installation's province
        units.by_pk.update(AdminUnit.objects.select_related("parent").in_bulk(missing))
    for coop in found.values():
        coop.commune = units.by_pk[coop.commune_id]
    return found


def missing_cooperative(code: str) -> RowError:
    return RowError(
        _("Chưa có hợp tác xã mã số %(code)s trong sổ; hãy nhập hợp tác xã trước (trang “Hợp tác xã”).") % {"code": code},
        "registration_code",
    )
