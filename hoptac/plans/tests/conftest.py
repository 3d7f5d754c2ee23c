"""Fixtures for plan tests: Kon Tum's districts and agencies, the seed directive, an officer."""

import pytest
from django.core.management import call_command

from hoptac.units.agencies import load_agencies
from hoptac.units.models import AdminUnit
from hoptac.units.tests.factories import DistrictFactory, ProvinceFactory

# Kon Tum's 10 district-level units as the national list writes them (2018 structure).
KONTUM_DISTRICTS = [
    ("608", "Thành phố Kon Tum", "Kon Tum", AdminUnit.Kind.CITY),
    ("610", "Huyện Đắk Glei", "Đắk Glei", AdminUnit.Kind.RURAL_DISTRICT),
    ("611", "Huyện Ngọc Hồi", "Ngọc Hồi", AdminUnit.Kind.RURAL_DISTRICT),
    ("612", "Huyện Đắk Tô", "Đắk Tô", AdminUnit.Kind.RURAL_DISTRICT),
    ("613", "Huyện Kon Plông", "Kon Plông", AdminUnit.Kind.RURAL_DISTRICT),
    ("614", "Huyện Kon Rẫy", "Kon Rẫy", AdminUnit.Kind.RURAL_DISTRICT),
    ("615", "Huyện Đắk Hà", "Đắk Hà", AdminUnit.Kind.RURAL_DISTRICT),
    ("616", "Huyện Sa Thầy", "Sa Thầy", AdminUnit.Kind.RURAL_DISTRICT),
    ("617", "Huyện Tu Mơ Rông", "Tu Mơ Rông", AdminUnit.Kind.RURAL_DISTRICT),
    ("618", "Huyện Ia H' Drai", "Ia H' Drai", AdminUnit.Kind.RURAL_DISTRICT),
]


@pytest.fixture
def kontum_agencies(db):
    """The province, its 10 districts and the standard agencies (UBND tỉnh, Alliance, 4 Sở, media, 10 UBND huyện)."""
    province = ProvinceFactory()
    for code, name, short_name, kind in KONTUM_DISTRICTS:
        DistrictFactory(code=code, name=name, short_name=short_name, kind=kind, parent=province)
    load_agencies("62")
    return province


@pytest.fixture
def seed_directive(kontum_agencies):
    from hoptac.plans.models import Directive

    call_command("load_seed_plan", verbosity=0)
    return Directive.objects.get()


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create(username="canbo")

