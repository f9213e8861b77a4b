"""Personal names: which words are common given names or surnames in a country.

A cable on Colombia that says "Uribe will never agree" names the president, not
the hamlet of Uribe; "Santiago Fujimori" is a man, not the Peruvian town. The
places stage asks this module whether a single word is a common personal name
in the document's country, and weighs that against the text's locative cues
(``in Uribe``, ``Uribe municipality``) before it believes a small town.

The names come from names-dataset (PyPI, MIT licence): the 1,000 most common
given names (each sex) and surnames of 105 countries. Loading the whole
dataset takes about 12 s and 2 GB, so the first use derives a small table
(about 3 MB of JSON) into the cache directory the gazetteer index uses, and
later runs read that. Without the package every lookup answers "no", so
geomap still runs, mapping a few more people as places.
"""

from __future__ import annotations

import json
import logging
import os
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
TABLE_REVISION = 1
#: a given name common in this many countries is a given name anywhere ("Santiago", "Maria"), also
#: in a country the dataset lacks (Venezuela) or covers thinly (Ecuador)
WIDESPREAD_COUNTRIES = 3


@cache
def _table() -> dict[str, dict[str, frozenset[str]]]:
    """Country code -> {"given": folded names, "surname": folded names}."""
    path = default_cache_dir() / f"personal-names-{TOP_NAMES}-r{TABLE_REVISION}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = _derive()
        if raw:
            _save(path, raw)
    return {country: {kind: frozenset(names) for kind, names in kinds.items()} for country, kinds in raw.items()}


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


def _save(path: Path, table: dict[str, dict[str, list[str]]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as out:
            json.dump(table, out)
        os.replace(out.name, path)  # atomic: a concurrent reader sees the old file or the whole new one
    except OSError as error:
        log.warning("could not cache the personal names table at %s: %s", path, error)


@cache
def _widespread_given() -> frozenset[str]:
    counts = Counter(name for names in _table().values() for name in names.get("given", ()))
    return frozenset(name for name, n in counts.items() if n >= WIDESPREAD_COUNTRIES)


def is_given_name(word: str, country: str | None) -> bool:
    """True when ``word`` is one of the common given names of ``country`` (ISO code), or of
    several countries.

    >>> is_given_name("Santiago", "EC"), is_given_name("Ayacucho", "PE")
    (True, False)
    """
    folded = fold(word)
    return folded in _widespread_given() or (country is not None and folded in _table().get(country, {}).get("given", ()))


def is_personal_name(word: str, country: str | None) -> bool:
    """True when ``word`` is a common given name or surname in ``country`` (ISO code).

    >>> is_personal_name("Uribe", "CO"), is_personal_name("Valledupar", "CO")
    (True, False)
    """
    if country is None:
        return False
    names = _table().get(country, {})
    folded = fold(word)
    return folded in names.get("given", ()) or folded in names.get("surname", ())
