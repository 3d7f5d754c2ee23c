import pytest

from hoptac.lib.text import fold, fold_compact


@pytest.mark.parametrize(
    "variant",
    ["Đăk Hà", "Đắk Hà", "dak ha", "DAK  HA", "Ðăk Hà", "Đắk Hà"],
)
def test_it_folds_spelling_variants_of_dak_ha_to_one_key(variant):
    assert fold(variant) == "dak ha"


def test_it_ignores_the_space_after_an_apostrophe_when_compacting():
    assert fold_compact("Ia H'Drai") == fold_compact("Ia H' Drai") == "iahdrai"
