"""Demonstration accounts, one per role, over the agencies and units the loaders created."""

from django.conf import settings
from django.db import transaction

from hoptac.units.models import AdminUnit, Agency

from . import permissions as perms
from .services import create_user_with_role

# username, full name, role, agency code, unit (level, code)
DEMO_USERS = [
    ("lanhdao", "Lãnh đạo UBND tỉnh", perms.PROVINCE_LEADER, None, (AdminUnit.Level.PROVINCE, None)),
    ("lienminh", "Cán bộ Liên minh HTX tỉnh", perms.ALLIANCE_OFFICER, "lien-minh-htx-tinh", None),
    ("sokhdt", "Cán bộ Sở Kế hoạch và Đầu tư", perms.DEPARTMENT_OFFICER, "so-khdt", None),
    ("kontum", "Cán bộ UBND thành phố Kon Tum", perms.DISTRICT_OFFICER, "ubnd-608", (AdminUnit.Level.DISTRICT, "608")),
    ("dakha", "Cán bộ UBND huyện Đăk Hà", perms.DISTRICT_OFFICER, "ubnd-615", (AdminUnit.Level.DISTRICT, "615")),
    ("admin", "Quản trị hệ thống", perms.ADMINISTRATOR, None, None),
]


class DemoSetupError(LookupError):
    """An agency or unit the demonstration accounts need has not been loaded."""


def _agency(code):
    if code is None:
        return None
    try:
        return Agency.objects.get(code=code)
    except Agency.DoesNotExist:
        raise DemoSetupError(f"Agency {code!r} is missing: load the agencies first.") from None


def _unit(spec):
    if spec is None:
        return None
    level, code = spec
    code = code or settings.HOPTAC_PROVINCE_CODE
    try:
        return AdminUnit.objects.get(level=level, code=code)
    except AdminUnit.DoesNotExist:
        raise DemoSetupError(f"Administrative unit {level} {code!r} is missing: load the units first.") from None


@transaction.atomic
def create_demo_users(password: str) -> list:
    """Create (or refresh) the demonstration accounts; running it twice changes nothing more."""
    users = []
    for username, full_name, role, agency_code, unit_spec in DEMO_USERS:
        agency = _agency(agency_code)
        unit = _unit(unit_spec)
        users.append(
            create_user_with_role(
                username,
                password=password,
                role=role,
                actor=None,
                agency=agency,
                admin_unit=unit,
                full_name=full_name,
                is_superuser=username == "admin",
            )
        )
    return users
