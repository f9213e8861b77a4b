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
    assert breakdown.strip() == "= source peru-admin 0.50 - typo match (94% similar) 0.29 + in PE 2.00 + size of a district (~3,000) 0.50"


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
