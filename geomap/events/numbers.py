"""Counts written as digits or English words, for the event stage ("1,200", "twenty-one", "a dozen").

``NUMBER`` is a regular-expression fragment that matches one count and nothing
around it; ``value`` reads one. Every count the event stage reads goes through
these two, so "1,200" is 1200 everywhere and never 1 or 200 somewhere.

What is a count
---------------
* digits, plain ("250000") or with comma thousands separators ("1,200",
  "10,000"); a group of digits touching a letter, "$", "%", "/", "^" or a
  decimal point is not one ("48th", "7.62", "10^30", "11/13", "$5", "5%").
* a period is a decimal point, never a thousands separator: "2.500" could be
  2.5 or 2500, and English cables write "7.62 mm" and "1.5 tons" far more
  often than Spanish-style figures, so it is not a count. Only a figure with
  two or more period groups ("1.200.000"), which cannot be a decimal, is read
  as Spanish style.
* words: "one" to "ninety-nine" ("twenty-one", "thirty five"), "a hundred",
  "two hundred and five", "three thousand", "a dozen" (12), "two dozen",
  "half a dozen", "a million", and digits with "million" ("1.5 million").
* not counts: "dozens", "hundreds", "thousands", "several", "scores", "few",
  "a" or "an" on their own (whether "an officer was killed" counts one is the
  caller's grammar, not a number), "one" in "no one" / "one another".
* a value above ``MAX_COUNT`` (ten million) is not a sane count of people and
  reads as None, as does a run of more than ``_MAX_DIGITS`` digits, so a
  400-digit figure costs nothing and crashes nothing.
"""

from __future__ import annotations

import re

from geomap.events.keywords import alternation

#: the largest value ``value`` returns; anything larger is read as no count
MAX_COUNT = 10_000_000
#: more digits than this cannot be at most MAX_COUNT (and int() of thousands of digits is refused by Python)
_MAX_DIGITS = len(str(MAX_COUNT))

_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}
_TEENS = {w: i + 10 for i, w in enumerate("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: (i + 2) * 10 for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_WORDS = {**_UNITS, **_TEENS, **_TENS}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
#: every word a count written out is made of ("a" and "half" start "a dozen", "half a dozen")
WORDS = frozenset({*_WORDS, *_SCALES, "dozen", "half"})


_UNIT = rf"(?:{alternation(_UNITS)})"
# "one" is a pronoun in "no one" and "one another", not a count
_ONE_GUARD = r"(?<!\bno\s)(?<!\bno-)(?!one\s+another\b)"
_UNDER_100 = rf"(?:(?:{alternation(_TENS)})(?:-|\s+)(?:{alternation({k: v for k, v in _UNITS.items() if v})})\b|{alternation(_TEENS)}|{alternation(_TENS)}|{_ONE_GUARD}{_UNIT})"
_HUNDREDS = rf"(?:(?:a|one|{_UNIT})\s+hundred(?:\s+(?:and\s+)?{_UNDER_100}\b)?)"
_UNDER_1000 = rf"(?:{_HUNDREDS}|{_UNDER_100})"
_THOUSANDS = rf"(?:(?:a|{_UNDER_1000})\s+thousand(?:\s+(?:and\s+)?{_UNDER_1000}\b)?)"
_DOZENS = rf"(?:(?:half\s+a|a|{_UNIT})\s+dozen)"
_WORD_NUMBER = rf"(?:(?:a|{_UNDER_1000})\s+million|{_THOUSANDS}|{_DOZENS}|{_UNDER_1000})\b"

# digits: not glued to a word, a currency or a decimal part on either side
_DIGITS = (
    r"(?<![\w$€£#/^.])(?<![0-9],)"
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:\.[0-9]{3}){2,}|[0-9]+)"
    r"(?:\.[0-9]+\s+million\b|\s+million\b)?"
    r"(?![\w$%€£/^])(?![.,][0-9])"
)

#: one count, in any case; no capture groups, so it can go inside any pattern
# (the lookaheads first are only there to fail fast: the engine tries this at every position of a sentence)
NUMBER = rf"(?i:(?:(?=[0-9]){_DIGITS}|\b(?=[zotfsenah]){_WORD_NUMBER})(?!-[^\W\d_]))"
_WHOLE = re.compile(rf"\s*{NUMBER}\s*")


def value(text: str) -> int | None:
    """The count ``text`` states (the whole of it), or None if it is not one count.

    >>> [value(t) for t in ("1,200", "250000", "twenty-one", "a dozen", "two hundred and five")]
    [1200, 250000, 21, 12, 205]
    >>> [value(t) for t in ("dozens", "several", "2.500", "48th", "10^30", "9" * 400)]
    [None, None, None, None, None, None]
    """
    if len(text) > 200 or not _WHOLE.fullmatch(text):
        return None
    words = text.lower().replace("-", " ").replace(",", "").split()
    if words[0][0].isdigit():
        return _digits_value(words)
    return _words_value(words)


def _digits_value(words: list[str]) -> int | None:
    figure = words[0]
    if "." in figure and len(words) == 1:  # Spanish-style groups, "1.200.000"
        figure = figure.replace(".", "")
    whole, _, fraction = figure.partition(".")
    if len(whole) > _MAX_DIGITS:
        return None
    n = int(whole)
    if len(words) > 1:  # "1.5 million"
        n = n * 1_000_000 + int((fraction + "000000")[:6])
    return n if n <= MAX_COUNT else None


def _words_value(words: list[str]) -> int | None:
    total = current = 0
    for i, word in enumerate(words):
        if word in _WORDS:
            current += _WORDS[word]
        elif word in ("a", "one") and i + 1 < len(words) and words[i + 1] in ("hundred", "thousand", "million", "dozen"):
            current += 1
        elif word == "half":  # "half a dozen"
            return 6
        elif word == "dozen":
            current *= 12
        elif word == "hundred":
            current *= 100
        elif word in _SCALES:
            total += current * _SCALES[word]
            current = 0
    n = total + current
    return n if n <= MAX_COUNT else None
