import pytest

from gazetteer.names import fold, is_latin, match_kind, squash


@pytest.mark.parametrize(
    ("text", "key"),
    [("Huánuco", "huanuco"), ("  VRAE ", "vrae"), ("Polvora-Pizana", "polvora pizana"), ("Apurimac/Ene Valley", "apurimac ene valley"),
     ("Peru's", "peru s"), ("SAN MARTÍN", "san martin")],
)
def test_fold(text, key):
    assert fold(text) == key


def test_spacing_variants_share_a_squashed_key():
    assert squash("Palma Pampa") == squash("Palmapampa") == squash("PALMA-PAMPA")


def test_match_kind():
    assert match_kind("pichari", "Pichari") == "name"
    assert match_kind("palma pampa", "Palmapampa") == "squashed"
    assert match_kind("cuzco", "Cusco") == "alternate"


def test_is_latin():
    assert is_latin("Ayacucho") and is_latin("Huánuco")
    assert not is_latin("Аякучо")
