import pytest

from hoptac.units.agencies import load_agencies
from hoptac.units.loaders import load_units
from hoptac.units.models import AdminUnit


@pytest.fixture
def kontum(db):
    """Kon Tum's 1 + 10 + 102 pre-2025 units, loaded from the official list."""
    load_units("62")
    return AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code="62")


@pytest.fixture
def kontum_agencies(kontum):
    load_agencies("62")
    return kontum
