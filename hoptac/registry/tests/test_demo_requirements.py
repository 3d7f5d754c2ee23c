import pytest

from hoptac.registry.demo import DemoDataError, build_demo_registry
from hoptac.registry.models import Cooperative
from hoptac.registry.tests.factories import AllianceFactory
from hoptac.units.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_it_asks_for_the_kon_tum_units_before_building_the_demo():
    AllianceFactory()
    CommuneFactory()
    with pytest.raises(DemoDataError, match="load_units --province 62"):
        build_demo_registry(seed=1)
    assert not Cooperative.objects.exists()
