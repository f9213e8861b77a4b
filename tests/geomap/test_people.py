"""The table of common personal names: derived once into the cache folder, read per country."""

import pytest

from geomap import people


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache folder and cleared in-process caches; restored afterwards."""
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    for cached in (people._names, people._widespread, people._build):
        cached.cache_clear()
    yield tmp_path
    for cached in (people._names, people._widespread, people._build):
        cached.cache_clear()


def test_the_table_is_derived_once_and_read_back_per_country(fresh, monkeypatch):
    calls = []
    table = {
        "CO": {"given": ["santiago", "maria"], "surname": ["uribe", "garcia"]},
        "PE": {"given": ["santiago", "maria"], "surname": ["quispe", "garcia"]},
        "CL": {"given": ["santiago"], "surname": ["garcia"]},
    }
    monkeypatch.setattr(people, "_derive", lambda: calls.append(1) or table)
    earlier = fresh / f"personal-names-{people.TOP_NAMES}-r{people.TABLE_REVISION - 1}"
    later = fresh / f"personal-names-{people.TOP_NAMES}-r{people.TABLE_REVISION + 1}"
    staging = fresh / f"personal-names-{people.TOP_NAMES}-r{people.TABLE_REVISION - 1}.abc123"
    for folder in (earlier, later, staging):
        folder.mkdir()
    assert people.is_personal_name("Uribe", "CO") and not people.is_personal_name("Uribe", "PE")
    assert people.is_given_name("Santiago", "VE")  # common in three countries: a given name anywhere
    assert not people.is_given_name("Maria", "VE")  # in two only
    assert people.is_surname("Garcia", None) and not people.is_surname("Uribe", None)  # so for surnames
    assert people.is_surname("Uribe", "CO") and not people.is_surname("Santiago", "CO")
    assert sorted(p.name for p in people._folder().iterdir()) == ["CL.json", "CO.json", "PE.json", "widespread.json"]
    assert not earlier.exists()  # an earlier revision's table is removed once this one is written
    assert later.exists() and staging.exists()  # a newer checkout's, another process's half-written one
    people._names.cache_clear()
    assert people.is_personal_name("Quispe", "PE") and calls == [1]  # read from the folder, not derived again


def test_without_the_dataset_no_word_is_a_personal_name(fresh, monkeypatch):
    monkeypatch.setattr(people, "_derive", lambda: {})
    assert not people.is_personal_name("Uribe", "CO") and not people.is_given_name("Santiago", "PE")
    assert not people._folder().exists()  # nothing cached: a later run with the package derives it
