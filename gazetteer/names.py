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
    >>> fold("St. Marc") == fold("Saint-Marc")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _SEPARATORS.sub(" ", stripped.casefold()).strip()
    return _SHORT.sub(_long, folded) if _SHORT.search(folded) else folded


#: words of names written short: "St. Marc" is GeoNames' "Saint-Marc", "Saint Louis" its "St. Louis"
_LONG = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_SHORT = re.compile(r"\b(st|ste|mt|ft)\b")


def _long(m: re.Match[str]) -> str:
    return _LONG[m.group(1)]


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
