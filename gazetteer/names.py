"""Name keys: how a spelling in a cable meets a spelling in a gazetteer.

Cables drop accents, vary spacing and hyphens ("Palma Pampa", "Palmapampa",
"Polvora-Pizana"), so every name is indexed under two keys: the folded form
and the folded form without spaces.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐-―/_.,'’`´]+")


def fold(name: str) -> str:
    """Lower-case, strip accents and collapse separators to single spaces.

    >>> fold("  Huánuco ")
    'huanuco'
    >>> fold("Polvora-Pizana")
    'polvora pizana'
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


#: words of names written short, and written out: a gazetteer holds either ("St. Louis" but
#: "Saint-Marc" in GeoNames), a text too ("Ft. Bragg", "Saint Louis")
_LONG = {"st": "Saint", "ste": "Sainte", "mt": "Mount", "ft": "Fort"}
_SHORT = {"saint": "St.", "sainte": "Ste."}  # GeoNames writes Fort and Mount out
_WORD = re.compile(r"(?i)\b(st|ste|mt|ft|saint|sainte)\b\.?")


def spellings(name: str) -> list[str]:
    """``name`` and its spellings with each short word written out or shortened (at most eight).

    >>> spellings("St. Marc"), spellings("Lima")
    (['St. Marc', 'Saint Marc'], ['Lima'])
    >>> spellings("Fort Saint John")
    ['Fort Saint John', 'Fort St. John']
    """
    found = [name]
    for m in list(_WORD.finditer(name))[:3]:
        word = m.group(1).lower()
        other = _LONG.get(word) or _SHORT[word]
        found += [s[: m.start()] + other + s[m.end() :] for s in found if s[m.start() : m.end()] == m.group()]
    return list(dict.fromkeys(found))


def squash(name: str) -> str:
    """The folded key without spaces, so "Palma Pampa" meets "Palmapampa".

    >>> squash("Palma Pampa") == squash("Palmapampa")
    True
    """
    return fold(name).replace(" ", "")


def is_latin(name: str) -> bool:
    """True when every letter is Latin script: other scripts never occur in our documents.

    >>> is_latin("Cusco"), is_latin("Куско")
    (True, False)
    """
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def match_kind(key: str, name: str) -> str:
    """How a folded lookup key met a place called ``name``: its own ``name``,
    the same letters spaced otherwise (``squashed``), or an ``alternate`` name.

    >>> match_kind("palma pampa", "Palmapampa"), match_kind("cuzco", "Cusco")
    ('squashed', 'alternate')
    """
    own = fold(name)
    if key == own:
        return "name"
    if key.replace(" ", "") == own.replace(" ", ""):
        return "squashed"
    return "alternate"
