"""Resolution: typos, ambiguity, zones, context (coordinates within a tolerance)."""

import pytest

from gazetteer import Anchor, Kind, km_between

PICHARI = Anchor(-12.5194, -73.8292)


def best(gazetteer, name, **kw):
    ranked = gazetteer.resolve(name, **kw)
    assert ranked, f"no candidate for {name!r}"
    return ranked[0]


@pytest.mark.parametrize(
    ("typo", "lat", "lon", "km"),
    [("Tajyacaja", -12.3992, -74.8684, 40), ("Llohegua", -12.4142, -73.9102, 15), ("Pichali", -12.5194, -73.8292, 15),
     ("Huanaco", -9.93, -76.24, 120), ("Huancevelica", -12.8, -75.0, 120)],
)
def test_typos_in_real_cables_resolve(gazetteer, typo, lat, lon, km):
    c = best(gazetteer, typo, country="PE")
    assert c.match.startswith("fuzzy:")
    assert km_between(c.place.lat, c.place.lon, lat, lon) <= km


@pytest.mark.parametrize("word", ["Police", "Mission", "Minister", "Sendero", "Comrade"])
def test_typo_matching_does_not_turn_words_into_peruvian_places(gazetteer, word):
    assert not [c for c in gazetteer.resolve(word, country="PE") if c.place.country == "PE" and c.match.startswith("fuzzy")]


def test_santa_rosa_next_to_pichari_is_the_vrae_one(gazetteer):
    c = best(gazetteer, "Santa Rosa", country="PE", near=[PICHARI, Anchor(-12.512, -73.858)])
    assert km_between(c.place.lat, c.place.lon, -12.6866, -73.7353) < 20
    assert any("closeness" in r for r in c.reasons)


def test_santa_rosa_without_context_is_ambiguous(gazetteer):
    ranked = gazetteer.resolve("Santa Rosa", country="PE", n=20)
    assert len({c.place.admin1 for c in ranked}) >= 5


def test_ocobamba_prefers_apurimac(gazetteer):
    c = best(gazetteer, "Ocobamba", country="PE")
    assert c.place.admin1 == "Apurímac"


@pytest.mark.parametrize(
    ("name", "place_id", "kind"),
    [("VRAE", "curated:vrae", Kind.ZONE), ("VRAEM", "curated:vrae", Kind.ZONE),
     ("Apurimac and Ene River Valley", "curated:vrae", Kind.ZONE), ("Huallaga Valley", "curated:upper-huallaga", Kind.VALLEY),
     ("Upper Huallaga River region", "curated:upper-huallaga", Kind.VALLEY), ("Monzon valleys", "curated:monzon-valley", Kind.VALLEY),
     ("Vizcatán", "curated:vizcatan", Kind.ZONE), ("Putumayo", "curated:putumayo", Kind.REGION),
     ("Polvora-Pizana", "curated:polvora-pizana", Kind.ZONE), ("Putumayo River", "curated:putumayo-river", Kind.RIVER)],
)
def test_curated_zones(gazetteer, name, place_id, kind):
    c = best(gazetteer, name, country="PE")
    assert (c.place.id, c.place.kind) == (place_id, kind)
    assert c.place.geometry_wkt and c.place.geo_precision == 5


def test_spacing_variant(gazetteer):
    c = best(gazetteer, "Palma Pampa", country="PE")
    assert c.place.name == "Palmapampa" and c.match == "squashed"


def test_departments_beat_small_towns_but_not_lima(gazetteer):
    assert best(gazetteer, "Junin", country="PE").place.kind is Kind.ADMIN1
    assert best(gazetteer, "San Martin", country="PE").place.kind is Kind.ADMIN1
    lima = best(gazetteer, "Lima", country="PE").place
    assert lima.kind is Kind.POPULATED_PLACE and km_between(lima.lat, lima.lon, -12.0432, -77.0282) < 10


def test_kind_hint(gazetteer):
    c = best(gazetteer, "Huancavelica", country="PE", kind_hint=Kind.PROVINCE)
    assert c.place.kind is Kind.PROVINCE


def test_country_prior(gazetteer):
    assert best(gazetteer, "Peru").place.kind is Kind.COUNTRY
    assert best(gazetteer, "Trujillo", country="PE").place.country == "PE"
    assert best(gazetteer, "Trujillo", country="HN").place.country == "HN"


def test_every_candidate_says_why(gazetteer):
    for c in gazetteer.resolve("Pichari", country="PE"):
        assert any(r.startswith("match=") for r in c.reasons) and any(r.startswith("source=") for r in c.reasons)


def test_unresolvable_name(gazetteer):
    assert gazetteer.resolve("Xqzvvw", country="PE") == []


def _curated_entries():
    import yaml
    from importlib import resources

    return yaml.safe_load(resources.files("gazetteer.data").joinpath("curated.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", _curated_entries(), ids=lambda e: e["id"])
def test_every_curated_name_resolves_to_its_entry(gazetteer, entry):
    for name in [entry["name"], *entry.get("names", [])]:
        ranked = gazetteer.resolve(name, country="PE")
        assert ranked and ranked[0].place.id == entry["id"], (name, [c.place.id for c in ranked[:3]])


def test_department_outlines_hold_their_capitals():
    from shapely.geometry import Point, shape

    from gazetteer.outlines import peru_department_outlines

    outlines = {f["properties"]["name"]: shape(f["geometry"]) for f in peru_department_outlines()["features"]}
    assert len(outlines) == 25
    for name, lat, lon in [("Ayacucho", -13.16, -74.22), ("Cusco", -13.53, -71.97), ("Lima", -12.05, -77.03),
                           ("Loreto", -3.75, -73.25), ("Huancavelica", -12.79, -74.97), ("Puno", -15.84, -70.02)]:
        assert outlines[name].buffer(0.05).contains(Point(lon, lat)), name
    assert outlines["Cusco"].buffer(0.05).contains(Point(-73.8292, -12.5194))  # Pichari is in Cusco (La Convención)


@pytest.mark.parametrize("name", ["Santa Rosa", "San Martin", "Junin", "La Union", "San Juan", "Concepcion"])
@pytest.mark.parametrize(
    "anchors", [[(-12.5, -73.8, 1.0)], [(-7.0, -76.5, 1.0), (-12.1, -77.0, 0.5)], [(4.6, -74.1, 1.0)]]
)
def test_context_ranking_scores_every_candidate_that_could_win(gazetteer, name, anchors):
    """Context ranking skips candidates too far behind to reach the top; the top five must not change."""
    from gazetteer.core import _closeness, _split_shared_units, _yield_to_cities

    near = [Anchor(lat, lon, weight) for lat, lon, weight in anchors]
    found = gazetteer.candidates(name, fuzzy_country="PE")
    closeness = _closeness(found, near)
    scored = [gazetteer._score(c, country="PE", closeness=x, kind_hint=None) for c, x in zip(found, closeness)]
    every = sorted(_yield_to_cities(_split_shared_units(scored, found)), key=lambda c: (-c.score, c.place.id))
    ranked = gazetteer.resolve(name, country="PE", near=near, n=5)
    assert [(c.place.id, c.score) for c in ranked] == [(c.place.id, c.score) for c in every[:5]]
    assert len(found) > 5  # the names are ambiguous enough for the shortcut to matter
