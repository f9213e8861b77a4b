"""Admin1 and admin2 units outside Peru (the world-admin source) and how they rank.

Expected places are stated as facts about the world, with a tolerance: a
department's representative point (the mean of its towns) lies within a few
hundred kilometres of its capital, in the right country.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from gazetteer import Kind
from gazetteer.core import km_between

# capitals of the departments and provinces below (well-known coordinates, rounded)
FLORENCIA = (1.61, -75.61)  # Caquetá
MOCOA = (1.15, -76.65)  # Putumayo
MACAS = (-2.31, -78.12)  # Morona Santiago
PUYO = (-1.49, -78.00)  # Pastaza
ESMERALDAS = (0.96, -79.65)  # Esmeraldas
COBIJA = (-11.03, -68.77)  # Pando
SINCELEJO = (9.30, -75.40)  # Sucre (Colombia)
VALLEDUPAR = (10.46, -73.25)  # Cesar
ARAUCA = (7.08, -70.76)  # Arauca
SANTA_CRUZ = (-17.78, -63.18)  # Santa Cruz de la Sierra, capital of Santa Cruz department


def best(gazetteer, name, country, kind_hint=None):
    ranked = gazetteer.resolve(name, country=country, kind_hint=kind_hint, n=3)
    assert ranked, f"nothing for {name!r} in {country}"
    return ranked[0].place


@pytest.mark.parametrize(
    "name, country, capital, km",
    [
        ("Caqueta", "CO", FLORENCIA, 200),
        ("Putumayo", "CO", MOCOA, 200),
        ("Morona Santiago", "EC", MACAS, 150),
        ("Pastaza", "EC", PUYO, 150),
        ("Esmeraldas Province", "EC", ESMERALDAS, 150),
        ("Santa Cruz department", "BO", SANTA_CRUZ, 300),
        ("Pando Department", "BO", COBIJA, 250),
        ("Sucre Department", "CO", SINCELEJO, 150),
        ("Cesar", "CO", VALLEDUPAR, 200),
        ("Arauca Department", "CO", ARAUCA, 200),
    ],
)
def test_departments_and_provinces_of_the_document_country(gazetteer, name, country, capital, km):
    place = best(gazetteer, name, country)
    assert place.kind is Kind.ADMIN1 and place.geo_precision == 4
    assert place.country == country and place.admin1 == place.name
    assert km_between(place.lat, place.lon, *capital) < km, (place, capital)


def test_an_admin1_of_the_country_beats_a_fuzzy_match_and_a_foreign_namesake(gazetteer):
    # "Caqueta" used to be the town Cáqueza (a typo match), "Putumayo" Peru's region
    assert best(gazetteer, "Caqueta", "CO").name == "Caquetá"
    assert best(gazetteer, "Putumayo", "CO").country == "CO"
    assert best(gazetteer, "Putumayo", "PE").country == "PE"


def test_a_well_known_city_beats_its_homonym_department_without_a_cue(gazetteer):
    city = best(gazetteer, "Santa Cruz", "BO")
    assert city.kind is Kind.POPULATED_PLACE and km_between(city.lat, city.lon, *SANTA_CRUZ) < 25
    assert best(gazetteer, "Esmeraldas", "EC").kind is Kind.POPULATED_PLACE
    assert best(gazetteer, "Cusco", "PE").kind is Kind.POPULATED_PLACE


@pytest.mark.parametrize(("name", "kind"), [("Quebec", Kind.ADMIN1), ("Quebec City", Kind.POPULATED_PLACE),
                                           ("Oklahoma", Kind.ADMIN1), ("New York", Kind.POPULATED_PLACE),
                                           ("Washington", Kind.POPULATED_PLACE)])  # fmt: skip
def test_a_city_called_name_city_leaves_the_bare_name_to_its_unit(gazetteer, name, kind):
    # Quebec City, Oklahoma City; a city of millions (New York) and a national capital keep their
    # name (Washington, also "Washington City")
    assert best(gazetteer, name, None).kind is kind


@pytest.mark.parametrize("name, country, hint", [("Santa Cruz", "BO", Kind.ADMIN1), ("Esmeraldas", "EC", Kind.PROVINCE)])
def test_a_kind_cue_makes_the_unit_win(gazetteer, name, country, hint):
    # "the department of Santa Cruz", "the province of Esmeraldas" (Ecuador's provinces are its admin1)
    place = best(gazetteer, name, country, kind_hint=hint)
    assert place.kind is Kind.ADMIN1 and place.country == country


def test_admin2_units_know_their_admin1(gazetteer):
    place = best(gazetteer, "Chiquitos Province", "BO")
    assert place.kind is Kind.PROVINCE and place.geo_precision == 3
    assert place.country == "BO" and place.admin1 == "Santa Cruz"


def test_accents_and_bare_names(gazetteer):
    # "El Beni" is called "Beni" in the press; "Quindío" is written without its accent
    assert best(gazetteer, "Beni", "BO").name == "El Beni"
    assert best(gazetteer, "QUINDIO", "CO").name == "Quindío"


def test_a_santa_cruz_in_ecuador_is_ecuadorian(gazetteer):
    assert best(gazetteer, "Santa Cruz", "EC").country == "EC"


def test_peru_is_left_to_peru_admin(gazetteer):
    found = [c.place for c in gazetteer.candidates("Ayacucho")]
    assert not [p for p in found if p.source == "world-admin" and p.country == "PE"]
    assert [p for p in found if p.source == "peru-admin"]


def test_cold_lookup_is_fast_once_the_index_is_built(gazetteer):
    gazetteer.resolve("Caqueta", country="CO")  # the session fixture has built every index
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    cmd = [sys.executable, "-m", "gazetteer.cli", "lookup", "Caqueta", "--country", "CO", "-n", "1"]
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    elapsed = time.perf_counter() - start
    assert "Caquet" in out
    assert elapsed < 3.0  # about 0.6 s here; the margin is for a loaded CI machine


@pytest.mark.parametrize(
    ("town", "country", "admin1"),
    [("El Doncello", "CO", "Caquetá"), ("Macas", "EC", "Morona Santiago"), ("Cobija", "BO", "Pando")],
)
def test_towns_abroad_know_their_admin1(gazetteer, town, country, admin1):
    place = best(gazetteer, town, country)
    assert (place.kind, place.admin1) == (Kind.POPULATED_PLACE, admin1)


# the middle of three large provinces, whose towns crowd into their south (well-known, rounded)
@pytest.mark.parametrize(
    "name, country, middle",
    [("Manitoba", "CA", (55.0, -97.5)), ("Ontario", "CA", (50.0, -86.0)), ("Queensland", "AU", (-22.5, 144.5))],
)
def test_a_large_unit_sits_in_its_middle_not_among_its_towns(gazetteer, name, country, middle):
    place = best(gazetteer, name, country, Kind.ADMIN1)
    assert place.kind is Kind.ADMIN1
    assert km_between(place.lat, place.lon, *middle) < 120, (place, middle)


# a town inside each region, to check the region's point against (well-known, rounded)
EL_FASHER = (13.63, 25.35)  # North Darfur
YOGYAKARTA = (-7.80, 110.36)  # on Java


@pytest.mark.parametrize("name, country, inside, km", [("Darfur", "SD", EL_FASHER, 300), ("Java", "ID", YOGYAKARTA, 250)])
def test_a_region_split_into_quarters_is_a_place_of_its_own(gazetteer, name, country, inside, km):
    """"North Darfur", "South Darfur"... make "Darfur"; "West Java", "East Java"... make "Java"."""
    regions = [c.place for c in gazetteer.candidates(name) if c.place.kind is Kind.REGION and c.place.country == country]
    assert len(regions) == 1
    assert km_between(regions[0].lat, regions[0].lon, *inside) < km, regions[0]


@pytest.mark.parametrize("name", ["Australia", "Virginia"])
def test_a_region_is_never_made_from_a_country_or_a_unit_of_that_name(gazetteer, name):
    assert not [c for c in gazetteer.candidates(name) if c.place.kind is Kind.REGION]
