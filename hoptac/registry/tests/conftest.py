import pytest
from django.contrib.auth import get_user_model

from hoptac.registry.tests.factories import AllianceFactory
from hoptac.units.tests.factories import CommuneFactory


@pytest.fixture
def actor(db):
    """The registry officer every write in these tests is attributed to."""
    return get_user_model().objects.create_user("can_bo_lien_minh", password="x")


@pytest.fixture
def commune(db):
    return CommuneFactory(short_name="Đắk Ui", name="Xã Đắk Ui")


@pytest.fixture
def alliance(db):
    return AllianceFactory()
