"""People, peoples and organisations named in the 39 real dev cables are never mapped as places.

The names are those the cables use for people (presidents, rebels, legislators, people in
lists of the accused) and for offices and universities, each a word that is also a place
somewhere: the hamlet of Uribe, the towns of Santiago and Toledo, Real County. Read from
../shared/corpus/cables-dev; skipped where ../shared is absent (a user's clone has none).
"""

from __future__ import annotations

import pytest

from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "cables-dev"

#: cable -> the words it uses only for people or organisations
NOT_PLACES = {
    "05BOGOTA3863": {"Garzon"},  # Bogota's mayor
    "06BOGOTA144": {"Granda", "Gutierrez", "Toledo", "Morales", "Since"},  # a FARC envoy, presidents; a word
    "06LIMA158": {"Humalas"},  # a family of politicians
    "06LIMA2415": {"Santiago"},  # a legislator
    "07BOGOTA1141": {"Eduardo"},
    "08LIMA480": {"Roque", "Aymara"},  # an activist; a people (no misspelt Aymaraes)
    "08QUITO219": {"Cesar", "Salvador"},  # two officials; the foreign minister
    "09BOGOTA1632": {"Uribe", "Restrepo", "Marulanda"},  # a president, a peace commissioner, a FARC leader
    "09BOGOTA3483": {"Yisrael"},  # a retired general
    "09LAPAZ635": {"Pueblo"},  # the ombudsman's office
    "09LIMA1659": {"Marco", "Israel"},  # a priest; a general
    "09LIMA1667": {"Marco", "Maria", "Victor", "Navarro"},  # people in a list of the accused
    "09LIMA637": {"Morales", "Huaman"},  # a president, a union leader
    "09QUITO177": {"Simon Bolivar"},  # a university
    "09QUITO951": {"Santiago"},  # a pollster
}


@pytest.fixture(scope="module")
def mapped(pipeline) -> dict[str, set[str]]:
    """Cable -> the texts of its mentions that were given a place (plain text and HTML pages)."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} not found (../shared is only present in CI and the dev workplace)")
    found: dict[str, set[str]] = {}
    paths = [p for p in sorted(CORPUS.rglob("*")) if p.stem in NOT_PLACES and p.suffix in (".txt", ".html")]
    for document in pipeline.documents(paths):
        assert not isinstance(document, Exception), document
        names = {" ".join(m.text.split()) for m in pipeline.mentions(document) if m.place is not None}
        found.setdefault(document.path.stem, set()).update(names)
    assert len(paths) == 2 * len(NOT_PLACES), "each cable is read as plain text and as its published page"
    return found


@pytest.mark.parametrize("cable", sorted(NOT_PLACES))
def test_people_and_organisations_of_the_dev_cables_are_not_places(mapped, cable):
    assert cable in mapped, f"{cable} was not read"
    assert not NOT_PLACES[cable] & mapped[cable]


def test_the_places_around_them_are_still_mapped(mapped):
    """The same cables' real places stay on the map: the check above is not won by mapping nothing."""
    assert {"Bogota", "Cucuta"} <= mapped["05BOGOTA3863"]
    assert {"Ayacucho", "Lima", "VRAE"} <= mapped["09LIMA637"]
    assert {"Bogota", "Cauca", "Tolima"} <= mapped["09BOGOTA1632"]
    assert {"Arequipa", "Callao", "Lima", "Mexico City"} <= mapped["09LIMA1667"]
