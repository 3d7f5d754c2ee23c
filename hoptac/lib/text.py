"""Vietnamese text folding for search and name matching.

Folding removes diacritics, maps đ/Đ (and the look-alike Ð) to d, lowercases,
and collapses punctuation and spacing, so "Đắk Hà", "Đăk Hà" and "dak  ha"
fold to the same key.
"""

import re
import unicodedata

_LOOKALIKES = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d", "ı": "i"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str | None) -> str:
    """Lower-case ASCII key of a Vietnamese text: no diacritics, single spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.translate(_LOOKALIKES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_LOOKALIKES).lower()
    return _NON_ALNUM.sub(" ", text).strip()


def fold_compact(text: str | None) -> str:
    """Fold and drop every space: "Ia H' Drai" and "Ia H'Drai" both give "iahdrai"."""
    return fold(text).replace(" ", "")


def nfc(text: str) -> str:
    """NFC-normalise and replace the Icelandic eth that is often typed for Đ."""
    return unicodedata.normalize("NFC", text).replace("Ð", "Đ").replace("ð", "đ")


# Spelling variants of the same syllable in place names: "Ngok Tem" / "Ngọc Tem", and the
# i/y alternation after a consonant ("Quí" / "Quý", "Mĩ" / "Mỹ").
_SYLLABLE_VARIANTS = {"ngoc": "ngok"}
_FINAL_Y = re.compile(r"^(b|d|h|k|l|m|n|qu|s|t|v)i$")


def _canonical_syllable(word: str) -> str:
    word = _SYLLABLE_VARIANTS.get(word, word)
    match = _FINAL_Y.match(word)
    return f"{match.group(1)}y" if match else word


def place_key(text: str | None) -> str:
    """Matching key of a place name: folded, spelling variants unified, no spaces.

    "Đăk Hà", "Đắk Hà" and "dak ha" share a key; so do "Ia H'Drai" and "Ia H' Drai",
    and "Ngọk Tem", "Ngok Tem" and "Ngọc Tem".
    """
    return "".join(_canonical_syllable(word) for word in fold(text).split())
