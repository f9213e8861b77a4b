"""Fatalities and injured from a sentence ("Four ... officers were killed",
"killing all four", "the killing of five PNP officers and three civilians")."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from geomap.events.dates import NUMBER_WORDS
from geomap.events.keywords import Keywords

_NUM = r"(?:\d{1,4}|" + "|".join(NUMBER_WORDS) + r")"
_KILLED = r"(?:killed|murdered|slain|assassinated|executed|dead|died|deaths|fatalities)"
_INJURED = r"(?:injured|wounded|hurt|injuries)"


def _patterns(outcome: str, gerund: str) -> list[re.Pattern[str]]:
    return [
        # "the killing of five PNP officers and three civilians" (counts are summed)
        re.compile(rf"\b{gerund}\s+of\s+(?P<list>{_NUM}\b[^.;]{{0,40}}?(?:\s+and\s+{_NUM}\b[^.;]{{0,40}}?)*)(?=\s+(?:in|during|at|by|on|near)\b|[.;,]|$)", re.I),
        # "Four Peruvian National Police (PNP) officers were killed", "three soldiers dead"
        re.compile(rf"\b(?P<n>{_NUM})\s+(?:(?!(?:{_NUM}|and|{_KILLED}|{_INJURED})\b)[^\s.;]+\s+){{0,6}}?(?:(?:were|was|have been|had been|are)\s+)?(?:(?!and\b)\w+\s+)?{outcome}\b", re.I),
        # "killing all four officers", "killed 12 soldiers", "leaving three dead"
        re.compile(rf"\b(?:{gerund}|{outcome})\s+(?:all\s+|at\s+least\s+|some\s+|about\s+)?(?P<n>{_NUM})\b", re.I),
    ]


_FATAL = _patterns(_KILLED, "killing")
_HURT = _patterns(_INJURED, "(?:injuring|wounding)")
#: every match of _FATAL / _HURT holds one of these words
_FATAL_CUES = ("kill", "murder", "slain", "assassin", "execut", "dead", "died", "death", "fatalit")
_HURT_CUES = ("injur", "wound", "hurt")
#: the words casualties() looks for (a caller that has scanned a sentence for them passes what it found)
CUE_WORDS = frozenset(_FATAL_CUES + _HURT_CUES)
_CUES = Keywords(CUE_WORDS)


def _value(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _count(text: str, patterns: list[re.Pattern[str]]) -> int | None:
    best: int | None = None
    for pattern in patterns:
        for m in pattern.finditer(text):
            if m.groupdict().get("list"):
                n = sum(_value(x) for x in re.findall(rf"\b{_NUM}\b", m.group("list"), re.I))
            else:
                n = _value(m.group("n"))
            best = n if best is None else max(best, n)
    return best


def casualties(text: str, *, cues: AbstractSet[str] | None = None) -> tuple[int | None, int | None]:
    """(fatalities, injured) stated in ``text``; None where it states no number.

    >>> casualties("Four PNP officers were killed November 13. Two officers were injured.")
    (4, 2)
    >>> casualties("the killing of five PNP officers and three civilians in a December SL attack")
    (8, None)
    >>> casualties("hundreds were injured")
    (None, None)
    """
    if cues is None:
        cues = _CUES.found(text)
    fatal = _count(text, _FATAL) if not cues.isdisjoint(_FATAL_CUES) else None
    hurt = _count(text, _HURT) if not cues.isdisjoint(_HURT_CUES) else None
    return fatal, hurt
