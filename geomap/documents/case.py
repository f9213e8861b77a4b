"""How a text is written: in capitals, as old cables are, or in mixed case.

The mention stage reads names differently in capitals (every word has a capital
there), and the event stage lowers a sentence in capitals (``lowered``) before its
parser and its case-sensitive trigger patterns: both ask this one test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: the share of a text's letters that are capitals for it to be in capitals: a body in
#: capitals keeps a few lower-case letters (markings, a quoted word), a text in mixed case
#: full of acronyms ("the PNP and DIRANDRO raided SL camps") stays far below it
CAPITALS_SHARE = 0.8


def in_capitals(text: str) -> bool:
    """True when CAPITALS_SHARE or more of the letters of ``text`` are capitals (False without letters).

    >>> in_capitals("POLICE ARRESTED TWO SL MEMBERS IN TINGO MARIA."), in_capitals("The PNP and DIRANDRO raided SL camps.")
    (True, False)
    >>> in_capitals("12/05/2009 -- 1,200")
    False
    """
    letters = sum(map(str.isalpha, text))
    return letters > 0 and sum(map(str.isupper, text)) >= CAPITALS_SHARE * letters


#: the first letter of a word (not the "S" after an apostrophe: "QUITO'S" is "Quito's")
_INITIAL = re.compile(r"(?<![^\W\d_])(?<!['\u2019])[^\W\d_]")


def lowered(text: str, *, names: Iterable[tuple[int, int]] = ()) -> str:
    """``text`` in lower case but for the first letter of each word of ``names`` (spans), and
    of the same length, so that offsets into it still hold: character by character, a capital
    whose lower case is longer ("İ") stays.

    >>> lowered("TROOPS FLEW TO SAN MARTIN'S AIRPORT.", names=[(15, 27)])
    "troops flew to San Martin's airport."
    """
    chars = [c if len(c.lower()) != 1 else c.lower() for c in text]
    for start, end in names:
        for initial in _INITIAL.finditer(text, start, end):
            chars[initial.start()] = initial.group()
    return "".join(chars)
