"""Load Vietnam's pre-2025 administrative units (province > district > commune).

Source: the `vietnam-provinces` 0.6.0 package (data of 2025-01-04, the last three-level
structure). Its `division_type` is wrong for most units, so the kind is read from the
name prefix. The 2025 successor of each commune comes from `vietnamadminunits`, joined on
codes because the two packages spell many names differently.
"""

import json
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from hoptac.audit.services import log_action

from .models import AdminUnit

# The three-level structure ended when the 2025 reorganisation took effect.
REORGANISATION_DAY = date(2025, 7, 1)

Kind = AdminUnit.Kind
Level = AdminUnit.Level

# Longest prefixes first so "Thành phố" is not read as something shorter.
PREFIXES = {
    Level.PROVINCE: [("Thành phố", Kind.CITY), ("Tỉnh", Kind.PROVINCE)],
    Level.DISTRICT: [("Thành phố", Kind.CITY), ("Thị xã", Kind.TOWN), ("Huyện", Kind.RURAL_DISTRICT), ("Quận", Kind.URBAN_DISTRICT)],
    Level.COMMUNE: [("Thị trấn", Kind.TOWNLET), ("Phường", Kind.WARD), ("Xã", Kind.COMMUNE)],
}
CODE_WIDTH = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}
SYNCED_FIELDS = ["name", "short_name", "kind", "parent_id", "path", "name_folded", "search_key", "valid_from", "valid_to"]
SUCCESSOR_FIELDS = ["successor_code", "successor_name"]


class UnitDataError(ValueError):
    """The source data holds something the loader cannot place (unknown code or name prefix)."""


@dataclass
class UnitRow:
    level: str
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None
    valid_to: date | None = REORGANISATION_DAY
    successor_code: str = ""
    successor_name: str = ""


def split_unit_name(name: str, level: str) -> tuple[str, str, str]:
    """("Thành Phố Bắc Kạn", district) -> ("Thành phố Bắc Kạn", "Bắc Kạn", thanh_pho).

    The prefix is matched case-insensitively and rewritten in its usual spelling.
    """
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    for prefix, kind in PREFIXES[level]:
        if name.lower().startswith(prefix.lower() + " "):
            short_name = name[len(prefix) + 1 :].strip()
            return f"{prefix} {short_name}", short_name, kind
    raise UnitDataError(_("Không xác định được loại đơn vị từ tên “%(name)s” (cấp %(level)s).") % {"name": name, "level": level})


def read_divisions(province_code: str | None = None) -> list[dict]:
    """The provinces of the package's nested JSON, or just one of them."""
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    provinces = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    if province_code is None:
        return provinces
    wanted = normalise_province_code(province_code)
    chosen = [p for p in provinces if f"{p['code']:02d}" == wanted]
    if not chosen:
        raise UnitDataError(_("Không có tỉnh mã %(code)s trong danh mục đơn vị hành chính.") % {"code": province_code})
    return chosen


def normalise_province_code(code: str | int) -> str:
    text = str(code).strip()
    if not text.isdigit() or len(text) > 2:
        raise UnitDataError(_("Mã tỉnh phải gồm 1–2 chữ số, nhận được “%(code)s”.") % {"code": code})
    return text.zfill(2)


def unit_rows(provinces: list[dict]) -> dict[str, list[UnitRow]]:
    rows = {Level.PROVINCE: [], Level.DISTRICT: [], Level.COMMUNE: []}

    def row(item, level, parent_code):
        name, short_name, kind = split_unit_name(item["name"], level)
        code = f"{int(item['code']):0{CODE_WIDTH[level]}d}"
        return UnitRow(level=level, code=code, name=name, short_name=short_name, kind=kind, parent_code=parent_code)

    for province in provinces:
        province_row = row(province, Level.PROVINCE, None)
        rows[Level.PROVINCE].append(province_row)
        for district in province["districts"]:
            district_row = row(district, Level.DISTRICT, province_row.code)
            rows[Level.DISTRICT].append(district_row)
            for ward in district["wards"]:
                rows[Level.COMMUNE].append(row(ward, Level.COMMUNE, district_row.code))
    return rows


def province_successors() -> dict[str, tuple[str, str, bool]]:
    """{old province code: (2025 code, 2025 name, continues)} for every province.

    A province continues only when it kept its code and nothing was merged into it (Hà Nội,
    Cao Bằng …); a merged province is a new unit even when it kept a code or a name.
    """
    from vietnamadminunits import convert_address

    found = {}
    for province in read_divisions(None):
        code = f"{province['code']:02d}"
        new = convert_address(province["name"])
        if new.province_code and new.OldAdminUnit.province_code == code:
            found[code] = (new.province_code, new.province)
    merged_into = {}
    for code, (new_code, _name) in found.items():
        merged_into.setdefault(new_code, []).append(code)
    return {code: (new_code, name, merged_into[new_code] == [code] and new_code == code) for code, (new_code, name) in found.items()}


def fill_successors(rows: dict[str, list[UnitRow]], *, communes: bool) -> list[str]:
    """Set the 2025 successor of provinces (and communes if asked); return commune codes left without one.

    A province that continues unchanged stays valid after the reorganisation; districts
    were abolished and have no successor.
    """
    from vietnamadminunits import convert_address

    successors = province_successors()
    for row in rows[Level.PROVINCE]:
        if row.code in successors:
            row.successor_code, row.successor_name, continues = successors[row.code]
            if continues:
                row.valid_to = None
    if not communes:
        return []
    district_names = {row.code: row.name for row in rows[Level.DISTRICT]}
    province_names = {row.code: row.name for row in rows[Level.PROVINCE]}
    province_of_district = {row.code: row.parent_code for row in rows[Level.DISTRICT]}
    missing = []
    for row in rows[Level.COMMUNE]:
        province_name = province_names[province_of_district[row.parent_code]]
        # Never pass a street: with one, a split ward is geocoded over the network.
        new = convert_address(f"{row.name}, {district_names[row.parent_code]}, {province_name}")
        old = new.OldAdminUnit
        # The converter matches by name; trust it only when it found this very commune.
        if new.ward_code and old is not None and old.ward_code == row.code:
            row.successor_code, row.successor_name = new.ward_code, new.ward
        else:
            missing.append(row.code)
    return missing


def _sync_level(level: str, rows: list[UnitRow], parents: dict[str, AdminUnit], *, with_successors: bool) -> tuple[dict, dict]:
    """Create or update one level's units in bulk; return (counts, {code: unit})."""
    codes = [row.code for row in rows]
    existing_qs = AdminUnit.objects.filter(level=level)
    if len(codes) < 2000:
        existing_qs = existing_qs.filter(code__in=codes)
    existing = {unit.code: unit for unit in existing_qs}
    fields = SYNCED_FIELDS + (SUCCESSOR_FIELDS if with_successors else [])
    to_create, to_update, units = [], [], {}
    for row in rows:
        parent = parents.get(row.parent_code) if row.parent_code else None
        unit = existing.get(row.code)
        is_new = unit is None
        if is_new:
            unit = AdminUnit(level=level, code=row.code)
        before = None if is_new else tuple(getattr(unit, f) for f in fields)
        unit.name, unit.short_name, unit.kind = row.name, row.short_name, row.kind
        unit.parent = parent
        unit.valid_from, unit.valid_to = None, row.valid_to
        if with_successors:
            unit.successor_code, unit.successor_name = row.successor_code, row.successor_name
        unit.fill_derived_fields(parent_path=parent.path if parent else None)
        if is_new:
            to_create.append(unit)
        elif tuple(getattr(unit, f) for f in fields) != before:
            to_update.append(unit)
        units[row.code] = unit
    AdminUnit.objects.bulk_create(to_create, batch_size=1000)
    if any(unit.pk is None for unit in to_create):
        # Backends that cannot return ids from a bulk insert: read them back.
        ids = dict(AdminUnit.objects.filter(level=level, code__in=[u.code for u in to_create]).values_list("code", "pk"))
        for unit in to_create:
            unit.pk = ids[unit.code]
    AdminUnit.objects.bulk_update(to_update, fields, batch_size=500)
    counts = {"created": len(to_create), "updated": len(to_update), "unchanged": len(rows) - len(to_create) - len(to_update)}
    return counts, units


@transaction.atomic
def load_units(province_code: str | None = None, *, successors: bool = True, actor=None) -> dict:
    """Create or update the units of one province (or of all Vietnam when None), keyed by level and code.

    Returns {"province"|"district"|"commune": {"created", "updated", "unchanged"}, "successors_missing": [...]}.
    With successors=False the stored commune successors are left as they are.
    """
    rows = unit_rows(read_divisions(province_code))
    missing = fill_successors(rows, communes=successors)
    result = {}
    parents: dict[str, AdminUnit] = {}
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        counts, units = _sync_level(level, rows[level], parents, with_successors=successors or level == Level.PROVINCE)
        result[level.value] = counts
        parents = units
    result["successors_missing"] = missing
    log_action(
        None,
        "units.admin_units.loaded",
        actor=actor,
        data={"province": normalise_province_code(province_code) if province_code else "all", **result},
    )
    return result

