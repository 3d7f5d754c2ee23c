import pytest
from django.contrib.auth import get_user_model

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.demo import DemoSetupError, create_demo_users
from hoptac.units.models import Agency
from hoptac.units.tests.factories import AgencyFactory, DistrictFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded_units(db):
    province = ProvinceFactory()
    kon_tum = DistrictFactory(code="608", name="Thành phố Kon Tum", short_name="Kon Tum", parent=province)
    dak_ha = DistrictFactory(code="615", name="Huyện Đăk Hà", short_name="Đăk Hà", parent=province)
    AgencyFactory(code="lien-minh-htx-tinh", kind=Agency.Kind.ALLIANCE, admin_unit=province)
    AgencyFactory(code="so-khdt", name="Sở Kế hoạch và Đầu tư")
    AgencyFactory(code="ubnd-608", kind=Agency.Kind.DISTRICT_COMMITTEE, admin_unit=kon_tum)
    AgencyFactory(code="ubnd-615", kind=Agency.Kind.DISTRICT_COMMITTEE, admin_unit=dak_ha)
    return dak_ha


def test_it_creates_one_demo_account_per_role_and_can_run_again(loaded_units):
    users = create_demo_users("hoptac2018")
    assert [u.username for u in users] == ["lanhdao", "lienminh", "sokhdt", "kontum", "dakha", "admin"]
    again = create_demo_users("hoptac2018")
    assert [u.pk for u in again] == [u.pk for u in users]
    User = get_user_model()
    assert User.objects.count() == 6
    dakha = User.objects.get(username="dakha")
    assert dakha.check_password("hoptac2018")
    assert access.roles_of(dakha) == {perms.DISTRICT_OFFICER}
    assert list(access.user_units(dakha)) == [loaded_units]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and access.has_right(admin, perms.AUDIT_SEARCH)
    assert access.roles_of(User.objects.get(username="lanhdao")) == {perms.PROVINCE_LEADER}


def test_it_names_what_is_missing_when_units_are_not_loaded(db):
    ProvinceFactory()
    with pytest.raises(DemoSetupError, match="lien-minh-htx-tinh"):
        create_demo_users("x")
