"""Dates in event sentences, resolved against the document's own date.

"November 13" in a cable of 16 Nov 2007 is 2007-11-13; "In August" in a
December 2007 cable is 2007-08; "a December SL attack" in February 2007 is
2006-12 (the last December before the cable). Vague phrases ("in recent
days", "over the past weeks") become windows ending at the document date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from geomap.events.keywords import Keywords

MONTHS = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i], calendar.month_abbr[i] + ".")
}
MONTHS["Sept"] = MONTHS["Sept."] = 9


def _month_group(names: Iterable[str]) -> str:
    """Alternation of month names, longest first ("Sept." before "Sep")."""
    return r"(?P<month>" + "|".join(sorted((re.escape(m) for m in names), key=len, reverse=True)) + r")"


_MONTH = _month_group(MONTHS)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
        " sixteen seventeen eighteen nineteen twenty".split()
    )
}
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(NUMBER_WORDS) + r"|few|several|two)"

# (pattern, kind, cues); kinds are resolved in DateMention.resolve. Month names
# are matched case-sensitively so the verb "may" is not May. Every match of a
# pattern holds one of its cues (lower-case words; MONTH: a month name), so a
# sentence holding none of them skips the pattern (tests/geomap/test_events.py
# checks this against running every pattern).
MONTH = "<month>"
#: where a month-name alternation goes in a pattern's source (see _for_months)
_M = "<MONTHS>"
_SOURCES: list[tuple[str, str, tuple[str, ...]]] = [
    (rf"\b{_M}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:percent|%|kilo|km|hect))", "month-day", (MONTH,)),
    (rf"\b{_DAY}\s+{_M}(?:,?\s+{_YEAR})?\b", "day-month", (MONTH,)),
    (rf"\b{_M}\s+(?:of\s+)?{_YEAR}\b", "month-year", (MONTH,)),
    (r"\bon\s+(?P<m>1[0-2]|0?[1-9])/(?P<d>[0-3]?\d)(?:/(?P<y>\d{2,4}))?\b", "numeric", ("/",)),
    (rf"(?i:\b(?:in|during|since|by|until|of|on|a|an|the|early|late|mid-?|last|this|past))\s+(?:(?i:early|late|mid)\s+|(?i:mid-))?{_M}\b", "month", (MONTH,)),
    (rf"(?i:\b(?:in|since|during|by|until|of|early|late|mid-?|CY|FY)\s*){_YEAR}\b", "year", ("19", "20")),
    (r"(?i)\b(?:in\s+)?(?:the\s+)?(?:recent|past|last)\s+(?:few\s+|several\s+|couple of\s+)?days\b", "vague:7", ("days",)),
    (r"(?i)\b(?:over\s+|in\s+|during\s+)?(?:the\s+)?(?:recent|past|last)\s+(?:few\s+|several\s+|two\s+|couple of\s+)?weeks\b", "vague:42", ("weeks",)),
    (r"(?i)\b(?:last|this|past)\s+week\b", "vague:14", ("week",)),
    (r"(?i)\b(?:over\s+|in\s+|during\s+)?(?:the\s+)?(?:recent|past|last)\s+(?:few\s+|several\s+|couple of\s+)?months\b", "vague:180", ("months",)),
    (rf"(?i)\b(?:over\s+|in\s+|during\s+)?(?:the\s+)?(?:past|last)\s+{_COUNT}\s+(?P<unit>days|weeks|months|years)\b", "span", ("days", "weeks", "months", "years")),
    (r"(?i)\byesterday\b", "yesterday", ("yesterday",)),
    (r"(?i)\b(?:earlier\s+)?this\s+month\b", "this-month", ("month",)),
    (r"(?i)\blast\s+month\b", "last-month", ("month",)),
    (r"(?i)\bthis\s+year\b", "this-year", ("year",)),
    (r"(?i)\blast\s+year\b", "last-year", ("year",)),
    (r"(?i)\b(?:recent|recently|lately)\b", "vague:90", ("recent", "lately")),
    (r"(?i)\bin\s+the\s+(?:immediate|near|coming)\s+(?:future|weeks|months)\b|\bupcoming\b|\bsoon\b", "future", ("future", "weeks", "months", "upcoming", "soon")),
]
_PATTERNS = [(re.compile(source.replace(_M, _MONTH)), kind, cues) for source, kind, cues in _SOURCES]
#: the words dates_in() looks for, month names in lower case (a caller that has scanned
#: a sentence for them passes what it found)
CUE_WORDS = frozenset({c for _, _, cues in _PATTERNS for c in cues if c != MONTH} | {m.lower() for m in MONTHS})
_CUES = Keywords(CUE_WORDS)
_MONTHS_BY_LOWER = {low: tuple(m for m in MONTHS if m.lower() == low) for low in {m.lower() for m in MONTHS}}
_UNIT_DAYS = {"days": 1, "weeks": 7, "months": 30, "years": 365}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase resolved to a window; ``precision`` is day, month, year or unknown (vague)."""

    text: str
    start: int
    end: int
    start_date: dt.date | None
    end_date: dt.date | None
    precision: str

    @property
    def explicit(self) -> bool:
        """A calendar date (day, month or year), as opposed to "recently"."""
        return self.precision in ("day", "month", "year")

    @property
    def event_date(self) -> str | None:
        """ISO date at the mention's precision: 2007-11-13, 2007-08, 2005, or None."""
        if self.start_date is None or not self.explicit:
            return None
        iso = self.start_date.isoformat()
        return {"day": iso, "month": iso[:7], "year": iso[:4]}[self.precision]


def _month_window(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _past_year(month: int, day: int, reference: dt.date) -> int:
    """The year that puts month/day on or before the reference date (a day of slack)."""
    year = reference.year
    try:
        if dt.date(year, month, min(day, 28 if month == 2 else day)) > reference + dt.timedelta(days=1):
            year -= 1
    except ValueError:
        pass
    return year


def _resolve(kind: str, m: re.Match[str], reference: dt.date | None) -> tuple[dt.date | None, dt.date | None, str] | None:
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if kind in ("month-day", "day-month"):
        month, day = MONTHS[groups["month"]], int(groups["day"])
        if year is None:
            if reference is None:
                return None
            year = _past_year(month, day, reference)
        day_date = dt.date(year, month, day)  # ValueError for "February 30": caller skips it
        return day_date, day_date, "day"
    if kind == "numeric":
        month, day = int(groups["m"]), int(groups["d"])
        if groups.get("y"):
            year = int(groups["y"]) + (2000 if len(groups["y"]) == 2 else 0)
        elif reference is None:
            return None
        else:
            year = _past_year(month, day, reference)
        day_date = dt.date(year, month, day)
        return day_date, day_date, "day"
    if kind in ("month-year", "month"):
        month = MONTHS[groups["month"]]
        if year is None:
            if reference is None:
                return None
            year = reference.year if month <= reference.month else reference.year - 1
        return (*_month_window(year, month), "month")
    if kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"  # type: ignore[arg-type]
    if reference is None:
        return None
    if kind.startswith("vague:"):
        return reference - dt.timedelta(days=int(kind.split(":")[1])), reference, "unknown"
    if kind == "span":
        count = groups["count"].lower()
        n = int(count) if count.isdigit() else NUMBER_WORDS.get(count, 3)
        return reference - dt.timedelta(days=n * _UNIT_DAYS[groups["unit"].lower()]), reference, "unknown"
    if kind == "yesterday":
        day_date = reference - dt.timedelta(days=1)
        return day_date, day_date, "day"
    if kind == "this-month":
        return (*_month_window(reference.year, reference.month), "month")
    if kind == "last-month":
        first = reference.replace(day=1) - dt.timedelta(days=1)
        return (*_month_window(first.year, first.month), "month")
    if kind == "this-year":
        return dt.date(reference.year, 1, 1), dt.date(reference.year, 12, 31), "year"
    if kind == "last-year":
        return dt.date(reference.year - 1, 1, 1), dt.date(reference.year - 1, 12, 31), "year"
    if kind == "future":
        return reference, reference + dt.timedelta(days=230), "unknown"
    return None


def dates_in(text: str, *, reference: dt.date | None, cues: AbstractSet[str] | None = None) -> list[DateMention]:
    """Date phrases in ``text``, earliest first, overlapping phrases resolved to the first pattern.

    >>> [d.event_date for d in dates_in("killed November 13 in an ambush", reference=dt.date(2007, 11, 16))]
    ['2007-11-13']
    >>> [d.event_date for d in dates_in("a December SL attack", reference=dt.date(2007, 2, 20))]
    ['2006-12']
    """
    return _dates(text, reference, _split_cues(text, _CUES.found(text) if cues is None else cues))


def _split_cues(text: str, found: AbstractSet[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The cue words found (MONTH standing for any month name) and the month names in ``text``.

    Cues are found in lower case; a month name counts only with its capital ("may" is not May).
    """
    months = frozenset(
        name for word in found if word in _MONTHS_BY_LOWER for name in _MONTHS_BY_LOWER[word] if name in text
    )
    words = frozenset(found)
    return (words | {MONTH} if months else words), months


@lru_cache(maxsize=1024)
def _for_months(months: frozenset[str]) -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    """The patterns with their month alternation cut to ``months``: the names a sentence holds.

    Only a name that occurs can match, so the matches are the same; the
    shorter alternation is what makes the month patterns cheap.
    """
    group = _month_group(m for m in MONTHS if m in months)
    return [(re.compile(source.replace(_M, group)) if _M in source else full, kind, cues)
            for (source, kind, cues), (full, _, _) in zip(_SOURCES, _PATTERNS)]  # fmt: skip


def _dates(
    text: str, reference: dt.date | None, cues: tuple[frozenset[str], frozenset[str]] | None
) -> list[DateMention]:
    """Every pattern whose cues occur (all patterns when ``cues`` is None), the first pattern winning overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    words, months = cues if cues is not None else (None, frozenset())
    for pattern, kind, needs in _for_months(months) if months else _PATTERNS:
        if words is not None and words.isdisjoint(needs):
            continue
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                resolved = _resolve(kind, m, reference)
            except ValueError:  # impossible calendar dates such as February 30
                continue
            if resolved is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.group(0), m.start(), m.end(), *resolved))
    return sorted(found, key=lambda d: d.start)
