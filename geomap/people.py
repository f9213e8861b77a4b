"""Personal names: which words are common given names or surnames in a country.

A cable on Colombia that says "Uribe will never agree" names the president, not
the hamlet of Uribe; "Santiago Fujimori" is a man, not the Peruvian town. The
places stage asks this module whether a single word is a common personal name
in the document's country, and weighs that against the text's locative cues
(``in Uribe``, ``Uribe municipality``) before it believes a small town.

The names come from names-dataset (PyPI, MIT licence): the 1,000 most common
given names (each sex) and surnames of 105 countries. Loading the whole
dataset takes about 12 s and 2 GB, so the first use derives a small table
(a JSON file per country, about 4 MB in all) into the cache directory the
gazetteer index uses, and later runs read only the countries they meet. Without the package every lookup answers "no", so
geomap still runs, mapping a few more people as places.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path

from gazetteer.names import fold
from gazetteer.sqlite_index import default_cache_dir

log = logging.getLogger(__name__)

#: how many of a country's names count as common, for given names (each sex) and surnames
TOP_NAMES = 1000
#: bump when the derived table changes shape or content
TABLE_REVISION = 3
#: a given name (or surname) common in this many countries is one anywhere ("Santiago", "Stevens"),
#: also in a country the dataset lacks (Venezuela) or covers thinly (Ecuador)
WIDESPREAD_COUNTRIES = 3
#: the file of the widespread given names and surnames in the table's folder (the others are ISO codes)
_WIDESPREAD = "widespread"


def _folder() -> Path:
    """The derived table: a JSON file per country, read only for the countries a run meets."""
    return default_cache_dir() / f"personal-names-{TOP_NAMES}-r{TABLE_REVISION}"


def _read(name: str) -> dict[str, list[str]]:
    folder = _folder()
    if not folder.is_dir():
        _build(folder)
    try:
        return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a country the dataset lacks, or no table (names-dataset missing)


@cache
def _names(country: str) -> dict[str, frozenset[str]]:
    """{"given": folded names, "surname": folded names} of ``country``."""
    return {kind: frozenset(names) for kind, names in _read(country).items()}


@cache
def _widespread(kind: str) -> frozenset[str]:
    return frozenset(_read(_WIDESPREAD).get(kind, ()))


@cache
def _build(folder: Path) -> None:
    """Derives the table into ``folder``, once per process (a folder that cannot be written, or no
    names-dataset, costs one try, not one per country)."""
    table = _derive()
    if not table:
        return
    widespread = {}
    for kind in ("given", "surname"):
        counts = Counter(name for names in table.values() for name in names[kind])
        widespread[kind] = sorted(name for name, n in counts.items() if n >= WIDESPREAD_COUNTRIES)
    table[_WIDESPREAD] = widespread
    staging = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=folder.name + "."))
        for name, names in table.items():
            (staging / f"{name}.json").write_text(json.dumps(names), encoding="utf-8")
        os.replace(staging, folder)  # atomic: a concurrent reader sees no folder or the whole one
        for older in folder.parent.glob(f"personal-names-{TOP_NAMES}-r*"):  # earlier revisions' tables
            revision = re.fullmatch(rf"personal-names-{TOP_NAMES}-r(\d+)(\.json)?", older.name)
            if revision and int(revision.group(1)) < TABLE_REVISION:  # not a newer one, nor another's staging
                if older.is_dir():
                    shutil.rmtree(older, ignore_errors=True)
                else:
                    older.unlink(missing_ok=True)
    except OSError as error:
        if not folder.is_dir():  # else another process built it first
            log.warning("could not cache the personal names table at %s: %s", folder, error)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _derive() -> dict[str, dict[str, list[str]]]:
    try:
        from names_dataset import NameDataset
    except ImportError:
        log.warning("names-dataset is not installed: people's names are told from places by the text alone")
        return {}
    log.info("deriving the table of common personal names (once; about 12 s)")
    dataset = NameDataset()
    given = dataset.get_top_names(n=TOP_NAMES, use_first_names=True)
    surnames = dataset.get_top_names(n=TOP_NAMES, use_first_names=False)
    table: dict[str, dict[str, list[str]]] = {}
    for country in sorted(set(given) | set(surnames)):
        by_sex = given.get(country) or {}
        table[country] = {
            "given": sorted({fold(n) for names in by_sex.values() for n in names}),
            "surname": sorted({fold(n) for n in surnames.get(country) or ()}),
        }
    return table


def is_given_name(word: str, country: str | None) -> bool:
    """True when ``word`` is one of the common given names of ``country`` (ISO code), or of
    several countries.

    >>> is_given_name("Santiago", "EC"), is_given_name("Ayacucho", "PE")
    (True, False)
    """
    return _listed(word, country, "given")


def is_surname(word: str, country: str | None) -> bool:
    """True when ``word`` is one of the common surnames of ``country`` (ISO code), or of several
    countries.

    >>> is_surname("Stevens", None), is_surname("Quispe", "PE"), is_surname("Georgia", "US")
    (True, True, False)
    """
    return _listed(word, country, "surname")


def _listed(word: str, country: str | None, kind: str) -> bool:
    folded = fold(word)
    return folded in _widespread(kind) or (country is not None and folded in _names(country).get(kind, ()))


def is_personal_name(word: str, country: str | None) -> bool:
    """True when ``word`` is a common given name or surname in ``country`` (ISO code).

    >>> is_personal_name("Uribe", "CO"), is_personal_name("Valledupar", "CO")
    (True, False)
    """
    if country is None:
        return False
    names = _names(country)
    folded = fold(word)
    return folded in names.get("given", ()) or folded in names.get("surname", ())
