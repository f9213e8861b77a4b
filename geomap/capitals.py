""""The capital" as a toponym: the capital city of the country a document reports on.

Cables say "came to the capital to demonstrate" or "a march in the nation's capital"
without naming the city; a reader of an Embassy Quito cable knows it is Quito. The
capital's name comes from GeoNames' country table (the gazetteer's `capital_name`, which the
gazetteer also scores capitals with), its place from the resolver's gazetteer
(geomap/places.py), so it is the place a named mention of the city resolves to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from gazetteer.sources.countries import capital_name

from .model import Document, Mention, Place

__all__ = ["capital_mentions", "capital_name"]

#: "the capital", "the country's capital", "the nation's capital", in any letter case, when
#: the phrase ends there: "the capital of Ayacucho" names another capital, and "the capital
#: markets" or "the capital needed" is money; "the capital, Kinshasa" names its own city (a
#: capitalised word: in capitals, "THE CAPITAL, HOWEVER," cannot tell a name, and is the capital)
_CAPITAL = re.compile(
    r"\bthe\s+(?:(?:country|nation)['’]s\s+)?capital\b(?!\s+(?:of|city\s+of)\b|,\s*(?-i:[A-Z](?![A-Z])))"
    r"(?=['’]s\b|\s*[,.;:)\"”]|\s*$|\s+(?:to|in|on|and|where|for|from|during|by|with|at|after|before|since|"
    r"that|which|was|were|is|has|had|itself|city)\b)",
    re.I,
)


def capital_mentions(document: Document, capital: Callable[[str], Place | None]) -> Iterator[Mention]:
    """A mention resolved to the capital for each "the capital" in ``document``; ``capital``
    gives a country's capital city (the resolver asks its gazetteer), or None.

    Only for a document whose country is stated (a cable's TAGS or post): in a news text
    of unknown country "the capital" could be anyone's.
    """
    if not document.country:
        return
    place = None
    for paragraph in document.paragraphs:
        for m in _CAPITAL.finditer(paragraph.text):
            place = place or capital(document.country)
            if place is None:
                return
            yield Mention(
                text=m.group(0),
                start=paragraph.start + m.start(),
                end=paragraph.start + m.end(),
                paragraph=paragraph.number,
                place=place,
                score=1.0,
                reasons=(f"the capital of {document.country}",),
            )
