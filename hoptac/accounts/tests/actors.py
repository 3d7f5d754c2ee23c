"""A small unit tree and named actors, shared by every app's tests (exposed by the root conftest).

The tree: province 62 > district A "Đăk Hà" (communes "Đắk Ui", "Hà Mòn")
                      > district B "Kon Rẫy" (commune "Đăk Ruồng").

The actors and what they may do:
- province_leader: sees everything, edits nothing (403 on edit pages, no edit buttons);
- alliance_officer: edits the whole registry, keeps the Alliance member list, searches the audit log;
- department_officer (Sở KH&ĐT): reads the whole registry, edits none of it;
- district_a: edits only district A's cooperatives and groups;
- district_b: edits only district B; A's data does not exist for it (404);
- commune_a1: edits only commune "Đắk Ui";
- viewer: reads everything, edits nothing;
- administrator: edits the registry and searches the audit log.
All passwords are PASSWORD.
"""

import functools
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from hoptac.accounts import permissions as perms
from hoptac.accounts.services import create_user_with_role
from hoptac.units.models import Agency
from hoptac.units.tests.factories import AgencyFactory, CommuneFactory, DistrictFactory, ProvinceFactory

PASSWORD = "mat-khau-thu-nghiem"


def build_unit_tree() -> SimpleNamespace:
    province = ProvinceFactory()
    district_a = DistrictFactory(code="615", name="Huyện Đăk Hà", short_name="Đăk Hà", parent=province)
    district_b = DistrictFactory(code="614", name="Huyện Kon Rẫy", short_name="Kon Rẫy", parent=province)
    commune_a1 = CommuneFactory(code="23440", name="Xã Đắk Ui", short_name="Đắk Ui", parent=district_a)
    commune_a2 = CommuneFactory(code="23443", name="Xã Hà Mòn", short_name="Hà Mòn", parent=district_a)
    commune_b1 = CommuneFactory(code="23410", name="Xã Đăk Ruồng", short_name="Đăk Ruồng", parent=district_b)
    alliance = AgencyFactory(
        code="lien-minh-htx-tinh", name="Liên minh Hợp tác xã tỉnh", kind=Agency.Kind.ALLIANCE, admin_unit=province
    )
    department = AgencyFactory(code="so-khdt", name="Sở Kế hoạch và Đầu tư", kind=Agency.Kind.DEPARTMENT)
    committee_a = AgencyFactory(
        code="ubnd-615", name="UBND huyện Đăk Hà", kind=Agency.Kind.DISTRICT_COMMITTEE, admin_unit=district_a
    )
    committee_b = AgencyFactory(
        code="ubnd-614", name="UBND huyện Kon Rẫy", kind=Agency.Kind.DISTRICT_COMMITTEE, admin_unit=district_b
    )
    return SimpleNamespace(
        province=province,
        district_a=district_a,
        district_b=district_b,
        commune_a1=commune_a1,
        commune_a2=commune_a2,
        commune_b1=commune_b1,
        alliance=alliance,
        department=department,
        committee_a=committee_a,
        committee_b=committee_b,
    )


@functools.cache
def _password_hash() -> str:
    # Hash once per process: the production hasher is deliberately slow.
    return make_password(PASSWORD)


def make_actor(username: str, role: str, *, agency=None, admin_unit=None, superuser=False):
    user = create_user_with_role(
        username,
        password=None,
        role=role,
        actor=None,
        agency=agency,
        admin_unit=admin_unit,
        full_name=username.replace("_", " ").title(),
        is_superuser=superuser,
    )
    user.password = _password_hash()
    user.save(update_fields=["password"])
    return user


@pytest.fixture
def units(db) -> SimpleNamespace:
    return build_unit_tree()


@pytest.fixture
def province_leader(units):
    return make_actor("province_leader", perms.PROVINCE_LEADER, admin_unit=units.province)


@pytest.fixture
def alliance_officer(units):
    return make_actor("alliance_officer", perms.ALLIANCE_OFFICER, agency=units.alliance)


@pytest.fixture
def department_officer(units):
    return make_actor("department_officer", perms.DEPARTMENT_OFFICER, agency=units.department)


@pytest.fixture
def district_a(units):
    return make_actor("district_a", perms.DISTRICT_OFFICER, agency=units.committee_a)


@pytest.fixture
def district_b(units):
    return make_actor("district_b", perms.DISTRICT_OFFICER, agency=units.committee_b)


@pytest.fixture
def commune_a1(units):
    return make_actor("commune_a1", perms.COMMUNE_OFFICER, admin_unit=units.commune_a1)


@pytest.fixture
def viewer(units):
    return make_actor("viewer", perms.VIEWER)


@pytest.fixture
def administrator(units):
    return make_actor("administrator", perms.ADMINISTRATOR, superuser=False)


@pytest.fixture
def actors(province_leader, alliance_officer, department_officer, district_a, district_b, commune_a1, viewer,
           administrator) -> SimpleNamespace:
    return SimpleNamespace(
        province_leader=province_leader,
        alliance_officer=alliance_officer,
        department_officer=department_officer,
        district_a=district_a,
        district_b=district_b,
        commune_a1=commune_a1,
        viewer=viewer,
        administrator=administrator,
    )


@pytest.fixture
def client_for(client):
    """`client_for(user)`: a test client signed in as `user` (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


def actor_by_name(name: str):
    return get_user_model().objects.get(username=name)


__all__ = [
    "PASSWORD",
    "actor_by_name",
    "actors",
    "administrator",
    "alliance_officer",
    "build_unit_tree",
    "client_for",
    "commune_a1",
    "department_officer",
    "district_a",
    "district_b",
    "make_actor",
    "province_leader",
    "units",
    "viewer",
]
