import pytest

from hoptac.lib.text import fold, fold_compact, place_key


@pytest.mark.parametrize(
    "variant",
    ["Đăk Hà", "Đắk Hà", "dak ha", "DAK  HA", "Ðăk Hà", "Đắk Hà"],
)
def test_it_folds_spelling_variants_of_dak_ha_to_one_key(variant):
    assert fold(variant) == "dak ha"


def test_it_ignores_the_space_after_an_apostrophe_when_compacting():
    assert fold_compact("Ia H'Drai") == fold_compact("Ia H' Drai") == "iahdrai"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Ia H'Drai", "Ia H' Drai"),
        ("Ngọk Tem", "Ngok Tem"),
        ("Ngọc Tem", "Ngok Tem"),
        ("Xã Qui Hướng", "xa quy huong"),
        ("Đắk Hà", "ĐĂK HÀ"),
        ("Ðăk Hà", "Đăk Hà"),
    ],
)
def test_it_gives_spelling_variants_of_a_place_the_same_key(left, right):
    assert place_key(left) == place_key(right)


def test_it_keeps_different_places_apart():
    assert place_key("Đăk Hà") != place_key("Đăk Tô")
    assert place_key("Phường Mai") != place_key("Phường Phương Mai")
