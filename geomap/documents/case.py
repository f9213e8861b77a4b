"""How a text is written: in capitals, as old cables are, or in mixed case.

The mention stage reads names differently in capitals (every word has a capital
there), and the event stage lowers a sentence in capitals before its parser and
its case-sensitive trigger patterns: both ask this one test.
"""

from __future__ import annotations

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
