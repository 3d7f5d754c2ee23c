"""The agencies a province assigns directive work to: UBND tỉnh, the provincial Alliance,
the departments, provincial units and the district People's Committees.

The set is the same for every province; only the per-province facts in PROVINCE_DATA
(media agencies, the spelling the province uses in its documents) differ.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from hoptac.audit.services import log_action, snapshot

from .loaders import normalise_province_code
from .models import AdminUnit, Agency


class AgencyDataError(ValueError):
    """The agencies cannot be built (units not loaded, another province already set up)."""


@dataclass
class AgencySpec:
    code: str
    name: str
    kind: str
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)
    admin_unit: AdminUnit | None = None
    is_external: bool = False
    ordering: int = 100


# Per-province facts. "spellings" rewrites unit names the way the province writes them
# in its own documents (Kon Tum writes "Đăk Hà" where the national list has "Đắk Hà").
PROVINCE_DATA = {
    "62": {
        "media": [
            {
                "code": "dai-ptth",
                "name": "Đài Phát thanh và Truyền hình tỉnh Kon Tum",
                "short_name": "Đài PT-TH tỉnh",
                "aliases": ["Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH tỉnh", "Đài PTTH tỉnh", "Đài PT&TH tỉnh"],
            },
            {"code": "bao-kon-tum", "name": "Báo Kon Tum", "short_name": "Báo Kon Tum"},
        ],
        "spellings": {"Đắk": "Đăk"},
    },
}

DEPARTMENTS = [
    (
        "so-nnptnt",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở NN&PTNT",
        ["Sở NN&PTNT", "Sở Nông nghiệp và PTNT", "Sở NNPTNT", "Sở Nông nghiệp - PTNT"],
    ),
    ("so-khdt", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", ["Sở KH&ĐT", "Sở KHĐT", "Sở Kế hoạch - Đầu tư"]),
    ("so-tai-chinh", "Sở Tài chính", "Sở Tài chính", []),
    ("so-cong-thuong", "Sở Công Thương", "Sở Công Thương", []),
]
ORDER_PROVINCE_COMMITTEE = 10
ORDER_ALLIANCE = 20
ORDER_FIRST_DEPARTMENT = 30
ORDER_FIRST_MEDIA = 50
ORDER_FIRST_DISTRICT = 100
ORDER_EXTERNAL = 900
SYNCED_FIELDS = ["name", "short_name", "aliases", "kind", "admin_unit_id", "is_external", "ordering"]

# The prefix of a unit name as written inside a sentence ("Ủy ban nhân dân huyện Đăk Hà").
KIND_WORDS = {
    AdminUnit.Kind.PROVINCE: ("tỉnh", "tỉnh"),
    AdminUnit.Kind.CITY: ("thành phố", "TP"),
    AdminUnit.Kind.RURAL_DISTRICT: ("huyện", "huyện"),
    AdminUnit.Kind.TOWN: ("thị xã", "TX"),
    AdminUnit.Kind.URBAN_DISTRICT: ("quận", "quận"),
}


def written_name(short_name: str, province_code: str) -> str:
    """A unit's short name as the province writes it: its spellings, no space after an apostrophe."""
    text = re.sub(r"'\s+", "'", short_name)
    for national, local in PROVINCE_DATA.get(province_code, {}).get("spellings", {}).items():
        text = re.sub(rf"\b{re.escape(national)}\b", local, text)
    return text


def _unique(texts):
    return list(dict.fromkeys(t for t in texts if t))


def agency_specs(province: AdminUnit) -> list[AgencySpec]:
    code = province.code
    place = written_name(province.short_name, code)
    word, abbreviation = KIND_WORDS[province.kind]
    specs = [
        AgencySpec(
            code="ubnd-tinh",
            name=f"Ủy ban nhân dân {word} {place}",
            short_name=f"UBND {word}",
            aliases=_unique([f"UBND {word}", f"UBND {word} {place}", f"Ủy ban nhân dân {word}", f"UBND {abbreviation} {place}"]),
            kind=Agency.Kind.PROVINCE_COMMITTEE,
            admin_unit=province,
            ordering=ORDER_PROVINCE_COMMITTEE,
        ),
        AgencySpec(
            code="lien-minh-htx-tinh",
            name=f"Liên minh Hợp tác xã {word} {place}",
            short_name=f"Liên minh HTX {word}",
            aliases=[f"Liên minh HTX {word}", f"Liên minh HTX {word} {place}", f"Liên minh Hợp tác xã {word}", f"LMHTX {word}"],
            kind=Agency.Kind.ALLIANCE,
            admin_unit=province,
            ordering=ORDER_ALLIANCE,
        ),
    ]
    for index, (agency_code, name, short_name, aliases) in enumerate(DEPARTMENTS):
        specs.append(
            AgencySpec(
                code=agency_code,
                name=name,
                short_name=short_name,
                aliases=_unique([*aliases, f"{name} {word} {place}"]),
                kind=Agency.Kind.DEPARTMENT,
                admin_unit=province,
                ordering=ORDER_FIRST_DEPARTMENT + index,
            )
        )
    for index, media in enumerate(PROVINCE_DATA.get(code, {}).get("media", [])):
        specs.append(
            AgencySpec(
                **media, kind=Agency.Kind.PROVINCIAL_UNIT, admin_unit=province, ordering=ORDER_FIRST_MEDIA + index
            )
        )
    districts = AdminUnit.objects.districts().filter(parent=province).order_by("code")
    for index, district in enumerate(districts):
        specs.append(district_committee_spec(district, province_code=code, ordering=ORDER_FIRST_DISTRICT + index))
    specs.append(
        AgencySpec(
            code="lmhtx-vn",
            name="Liên minh Hợp tác xã Việt Nam",
            short_name="Liên minh HTX Việt Nam",
            aliases=["Liên minh HTX Việt Nam", "Liên minh HTX VN", "LMHTXVN", "Liên minh HTXVN"],
            kind=Agency.Kind.EXTERNAL,
            is_external=True,
            ordering=ORDER_EXTERNAL,
        )
    )
    return specs


def district_committee_spec(district: AdminUnit, *, province_code: str, ordering: int) -> AgencySpec:
    place = written_name(district.short_name, province_code)
    word, abbreviation = KIND_WORDS.get(district.kind, ("huyện", "huyện"))
    return AgencySpec(
        code=f"ubnd-{district.code}",
        name=f"Ủy ban nhân dân {word} {place}",
        short_name=f"UBND {word} {place}",
        aliases=_unique(
            [
                f"UBND {word} {place}",
                f"UBND {abbreviation} {place}",
                f"UBND {place}",
                f"Ủy ban nhân dân {place}",
                f"{word} {place}",
                place,
            ]
        ),
        kind=Agency.Kind.DISTRICT_COMMITTEE,
        admin_unit=district,
        ordering=ordering,
    )


@transaction.atomic
def load_agencies(province_code: str, *, actor=None) -> dict:
    """Create or update (by code) the standard agencies of a province whose units are loaded.

    Returns {"created", "updated", "unchanged"}. The e-mail addresses set by administrators are kept.
    """
    code = normalise_province_code(province_code)
    province = AdminUnit.objects.provinces().filter(code=code).first()
    if province is None:
        raise AgencyDataError(
            _("Chưa có đơn vị hành chính của tỉnh mã %(code)s; hãy chạy “manage.py load_units --province %(code)s” trước.")
            % {"code": code}
        )
    current = Agency.objects.filter(code="ubnd-tinh").select_related("admin_unit").first()
    if current is not None and current.admin_unit_id not in (None, province.pk):
        raise AgencyDataError(
            _("Hệ thống đã được thiết lập cho %(other)s; không thể nạp cơ quan của %(this)s.")
            % {"other": current.admin_unit, "this": province}
        )
    specs = agency_specs(province)
    existing = {agency.code: agency for agency in Agency.objects.filter(code__in=[s.code for s in specs])}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for spec in specs:
        agency = existing.get(spec.code)
        before = snapshot(agency) if agency else None
        values = (tuple(getattr(agency, f) for f in SYNCED_FIELDS)) if agency else None
        agency = agency or Agency(code=spec.code)
        agency.name, agency.short_name, agency.kind = spec.name, spec.short_name, spec.kind
        agency.aliases = "\n".join(spec.aliases)
        agency.admin_unit = spec.admin_unit
        agency.is_external, agency.ordering = spec.is_external, spec.ordering
        if before is None:
            agency.save()
            log_action(agency, "units.agency.created", actor=actor, after=snapshot(agency))
            counts["created"] += 1
        elif tuple(getattr(agency, f) for f in SYNCED_FIELDS) != values:
            agency.save()
            log_action(agency, "units.agency.updated", actor=actor, before=before, after=snapshot(agency))
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts
