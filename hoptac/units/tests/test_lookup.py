import unicodedata
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.units.lookup import find_unit, find_units, suggest_units
from hoptac.units.models import AdminUnit
from hoptac.units.tests.factories import CommuneFactory, DistrictFactory

Level = AdminUnit.Level


def codes(units):
    return [unit.code for unit in units]


@pytest.mark.parametrize("text", ["Đăk Hà", "Đắk Hà", "dak ha", "DAK  HA", "Ðăk Hà", unicodedata.normalize("NFD", "Đắk Hà")])
def test_it_finds_huyen_dak_ha_whatever_the_spelling_when_asked_for_a_district(kontum, text):
    assert codes(find_units(text, level=Level.DISTRICT)) == ["615"]


def test_it_returns_every_unit_named_dak_ha_when_nothing_narrows(kontum):
    # Huyện Đắk Hà, Thị trấn Đắk Hà (in that district) and Xã Đắk Hà (in Tu Mơ Rông).
    assert codes(find_units("Đắk Hà")) == ["615", "23500", "23425"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huyện Đăk Hà", ["615"]),
        ("H. Đăk Hà", ["615"]),
        ("huyen dak ha", ["615"]),
        ("Thị trấn Đắk Hà", ["23500"]),
        ("TT. Đăk Hà", ["23500"]),
        ("TT Đăk Hà", ["23500"]),
        ("Xã Đắk Hà", ["23425"]),
        ("X. Đắk Hà", ["23425"]),
    ],
)
def test_it_prefers_the_kind_the_text_names(kontum, text, expected):
    assert codes(find_units(text)) == expected


@pytest.mark.parametrize("text", ["Ia H'Drai", "Ia H' Drai", "ia h drai", "Huyện Ia H'Drai"])
def test_it_ignores_the_space_after_an_apostrophe(kontum, text):
    assert codes(find_units(text)) == ["618"]


@pytest.mark.parametrize(
    "text", ["Thành phố Kon Tum", "TP Kon Tum", "thành phố Kon Tum", "TP. Kon Tum", "T.P Kon Tum", "Tp.Kon Tum", "Thành Phố Kon Tum"]
)
def test_it_reads_thanh_pho_and_its_abbreviations_as_the_city(kontum, text):
    assert codes(find_units(text)) == ["608"]


def test_it_returns_the_province_and_the_city_for_a_bare_kon_tum(kontum):
    assert codes(find_units("Kon Tum")) == ["62", "608"]
    assert codes(find_units("Tỉnh Kon Tum")) == ["62"]
    assert codes(find_units("Kon Tum", level=Level.DISTRICT)) == ["608"]
    assert codes(find_units("Kon Tum", within=kontum)) == ["608"]


def test_it_finds_a_commune_without_diacritics(kontum):
    units = find_units("dak ui")
    assert codes(units) == ["23509"]
    assert units[0].name == "Xã Đắk Ui"


@pytest.mark.parametrize("text", ["Ngok Tem", "Ngọk Tem", "Ngọc Tem", "Xã Ngọc Tem"])
def test_it_treats_ngok_and_ngoc_as_one_spelling(kontum, text):
    assert codes(find_units(text)) == ["23464"]


def test_it_strips_the_peoples_committee_words(kontum):
    assert codes(find_units("Ủy ban nhân dân huyện Đăk Hà")) == ["615"]
    assert codes(find_units("UBND TP Kon Tum")) == ["608"]


def test_it_keeps_a_name_that_merely_starts_like_a_kind(db):
    district = DistrictFactory(short_name="Đống Đa", name="Quận Đống Đa", kind=AdminUnit.Kind.URBAN_DISTRICT)
    ward = CommuneFactory(parent=district, short_name="Phương Mai", name="Phường Phương Mai", kind=AdminUnit.Kind.WARD)
    assert find_units("Phương Mai") == [ward]
    assert find_units("Phường Phương Mai") == [ward]
    assert find_units("phuong phuong mai") == [ward]


def test_it_filters_by_validity_date_and_parent(kontum):
    assert codes(find_units("Đắk Hà", on=date(2018, 5, 1))) == ["615", "23500", "23425"]
    assert find_units("Đắk Hà", on=date(2026, 1, 1)) == []
    tu_mo_rong = AdminUnit.objects.get(level=Level.DISTRICT, code="617")
    assert codes(find_units("Đắk Hà", within=tu_mo_rong)) == ["23425"]


def test_it_gives_one_unit_only_when_unambiguous(kontum):
    assert find_unit("Đắk Hà") is None
    assert find_unit("Đắk Hà", level=Level.DISTRICT).code == "615"
    assert find_unit("Nơi không có") is None
    assert find_units("") == []


def test_it_resolves_a_name_in_one_query(kontum):
    with CaptureQueriesContext(connection) as queries:
        find_units("Đắk Hà")
    assert len(queries) == 1


def test_it_suggests_the_closest_names(kontum):
    assert "615" in codes(suggest_units("Đăk Hak", level=Level.DISTRICT))
    assert codes(suggest_units("Kon Plong", n=1)) == ["613"]
    assert suggest_units("") == []
