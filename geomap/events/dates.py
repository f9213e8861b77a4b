"""Dates in event sentences, resolved against the document's own date.

"November 13" in a cable of 16 Nov 2007 is 2007-11-13; "In August" in a
December 2007 cable is 2007-08; "a December SL attack" in February 2007 is
2006-12 (the last December before the cable). A weekday is the last such
day on or before the document date ("last Thursday": strictly before; "next
Thursday" is a window of the week to come, not a day). Months are read in
capitals too ("FEBRUARY 21, 2008") and in Spanish ("3 de marzo de 2008").
Vague phrases ("in recent days", "over the past weeks") become windows
ending at the document date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from geomap.documents.readers import SPANISH_MONTHS
from geomap.events.keywords import Keywords

MONTHS = {
    name: i
    for i in range(1, 13)
    for full, abbr in [(calendar.month_name[i], calendar.month_abbr[i])]
    for name in (full, abbr, abbr + ".", full.upper(), abbr.upper(), abbr.upper() + ".")
}
MONTHS.update(dict.fromkeys(("Sept", "Sept.", "SEPT", "SEPT."), 9))
#: Spanish names in any of three cases: "3 de marzo de 2008", "Marzo de 2008", "3 DE MARZO"
MESES = {form: i for name, i in SPANISH_MONTHS.items() for form in (name, name.capitalize(), name.upper())}
#: capitals that are also words ("THEY MAY", "THE MARCH ON LIMA"): a month only before a
#: day or a year, or after one of _CLEAR_BEFORE ("IN MAY", "SINCE MARCH")
_AMBIGUOUS_CAPS = frozenset({"MAY", "MAY.", "MARCH", "MAR", "MAR."})
_CLEAR_BEFORE = frozenset({"in", "of", "since", "early", "late", "mid", "during", "until", "by"})


def _month_group(names: Iterable[str]) -> str:
    """Alternation of month names, longest first ("Sept." before "Sep"); none matches nothing."""
    return r"(?P<month>" + ("|".join(sorted((re.escape(m) for m in names), key=len, reverse=True)) or "(?!)") + r")"


_MONTH = _month_group(MONTHS)
#: the second month of a range ("January-February 2007"), any English name
_UNTIL = _month_group(MONTHS).replace("(?P<month>", "(?P<until>")
_MES = _month_group(MESES)
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
        " sixteen seventeen eighteen nineteen twenty".split()
    )
}
#: a year after a day: "9, 2008", "9,2008", "9 ,2008", "9 2008"
_THEN_YEAR = rf"(?:\s*,\s*|\s+){_YEAR}"
WEEKDAYS = {name: i for i in range(7) for name in (calendar.day_name[i], calendar.day_name[i].upper())}
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_WEEKDAY_CUES = tuple(calendar.day_name[i].lower() for i in range(7))
_COUNT = r"(?P<count>\d{1,3}|" + "|".join(NUMBER_WORDS) + r"|few|several|two)"

# (pattern, kind, cues); kinds are resolved in _resolve. Month names are matched
# case-sensitively, capitalised or in capitals, so the verb "may" is not May (and
# "MAY" only where _resolve sees a date, see _AMBIGUOUS_CAPS). Every match of a
# pattern holds one of its cues (lower-case words; MONTH, MES: an English, a Spanish month name), so a
# sentence holding none of them skips the pattern (tests/geomap/test_events.py
# checks this against running every pattern).
MONTH = "<month>"
#: the cue of the Spanish patterns: a Spanish month name
MES = "<mes>"
#: where an English or a Spanish month-name alternation goes in a pattern's source (see _for_months)
_M = "<MONTHS>"
_ES = "<MESES>"
_SOURCES: list[tuple[str, str, tuple[str, ...]]] = [
    # a day without a year is not followed by ",000" ("October 9,000 people"); "261802Z MAR 08"
    # is a message's date-time group (the 26th, 18:02, March 2008)
    (rf"(?<!\dZ\s)\b{_M}\s+{_DAY}(?:{_THEN_YEAR}|(?!\s?,\d))\b(?!\s*(?i:percent|%|kilo|km|hect))", "month-day", (MONTH,)),
    (rf"\b{_DAY}\s+{_M}(?:{_THEN_YEAR})?\b", "day-month", (MONTH,)),
    # "January-February 2007", "from March to May 2009": one window over the months
    (rf"\b{_M}\s*(?:-|–|—|/|\s(?:to|through|and)\s)\s*{_UNTIL}\s+(?:of\s+)?{_YEAR}\b", "month-range", (MONTH,)),
    (rf"\b{_M}\s+(?:of\s+)?{_YEAR}\b", "month-year", (MONTH,)),
    (rf"\b{_DAY}\s+(?i:de)\s+{_ES}(?:\s+(?i:del?)\s+{_YEAR})?\b", "day-month", (MES,)),
    (rf"\b{_ES}\s+(?i:del?)\s+{_YEAR}\b", "month-year", (MES,)),
    (rf"(?i:\b(?:en|desde|hasta|durante|(?:el\s+mes|(?:a\s+)?(?:fines|finales|principios|comienzos|mediados))\s+de))\s+{_ES}\b", "month", (MES,)),
    (r"\b(?i:on)\s+(?P<m>1[0-2]|0?[1-9])/(?P<d>[0-3]?\d)(?:/(?P<y>\d{2,4}))?\b", "numeric", ("/",)),
    (rf"(?i:\b(?:in|during|since|by|until|of|on|a|an|the|early|late|mid-?|last|this|past))\s+(?:(?i:early|late|mid)\s+|(?i:mid-))?{_M}\b", "month", (MONTH,)),
    (rf"(?i:\b(?:in|since|during|by|until|of|early|late|mid-?|CY|FY)\s*){_YEAR}\b", "year", ("19", "20")),
    # "a 2005 armed uprising", "the 2008 attack": a year as the incident's modifier
    (rf"(?i:\b(?:the|a|an)\s+){_YEAR}\b(?=\s+[A-Za-z])"
     r"(?!\s+(?i:strong|men|women|people|persons|troops|soldiers|officers|police|workers|families|hectares|tons|kilo\w*|km|meters)\b)",
     "year", ("19", "20")),
    # weekdays count back from the reference date; a weekday next to a date ("Thursday,
    # March 5", "on Monday (Oct 5)") gives way to it (see _dates)
    (rf"(?i:\b(?:next|this\s+coming)\s+){_WEEKDAY}\b", "weekday-next", _WEEKDAY_CUES),
    (rf"(?i:\blast\s+){_WEEKDAY}\b", "weekday-last", _WEEKDAY_CUES),
    (rf"(?:(?i:\bon)\s+)?\b{_WEEKDAY}\b(?:\s+(?i:night|morning|afternoon|evening)\b)?", "weekday", _WEEKDAY_CUES),
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
_PATTERNS = [(re.compile(source.replace(_M, _MONTH).replace(_ES, _MES)), kind, cues) for source, kind, cues in _SOURCES]
#: the words dates_in() looks for, month names in lower case (a caller that has scanned
#: a sentence for them passes what it found)
CUE_WORDS = frozenset({c for _, _, cues in _PATTERNS for c in cues if c not in (MONTH, MES)} | {m.lower() for m in MONTHS | MESES})
_CUES = Keywords(CUE_WORDS)
_MONTHS_BY_LOWER = {low: tuple(m for m in MONTHS | MESES if m.lower() == low) for low in {m.lower() for m in MONTHS | MESES}}
_NUMBERS = MONTHS | MESES
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


#: streets and squares named after dates: "Avenida 28 de Julio", "Plaza Dos de Mayo"
_NAMED_AFTER = re.compile(r"(?i:\b(?:av(?:enida)?|calle|jr|jir[oó]n|plaza|parque|hospital|colegio|puente)\.?\s+(?:dos\s+)?)\Z")


def _clearly_a_month(kind: str, m: re.Match[str], year: int | None) -> bool:
    """Whether "MAY" or "MARCH" in capitals is the month: before a day ("MAY 21") or a
    year ("21 MAY 2008"), or after "in", "since", "early"... ("IN MAY", "MID-MARCH")."""
    if kind in ("month-day", "month-year") or year is not None:
        return True
    before = re.findall(r"[a-z]+", m.string[m.start() : m.start("month")].lower())
    return kind == "month" and bool(before) and before[-1] in _CLEAR_BEFORE


def _resolve(kind: str, m: re.Match[str], reference: dt.date | None) -> tuple[dt.date | None, dt.date | None, str] | None:
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if groups.get("month") in _AMBIGUOUS_CAPS and not _clearly_a_month(kind, m, year):
        return None
    if groups.get("month") in MESES and _NAMED_AFTER.search(m.string, max(0, m.start() - 14), m.start()):
        return None
    if kind in ("month-day", "day-month"):
        month, day = _NUMBERS[groups["month"]], int(groups["day"])
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
    if kind == "month-range":
        first, last = _NUMBERS[groups["month"]], _NUMBERS[groups["until"]]
        if last <= first:
            return None  # "December-January 2008" says nothing sure of the first year
        return _month_window(year, first)[0], _month_window(year, last)[1], "month"  # type: ignore[arg-type]
    if kind in ("month-year", "month"):
        month = _NUMBERS[groups["month"]]
        if year is None:
            if reference is None:
                return None
            year = reference.year if month <= reference.month else reference.year - 1
        return (*_month_window(year, month), "month")
    if kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"  # type: ignore[arg-type]
    if reference is None:
        return None
    if kind.startswith("weekday"):
        back = (reference.weekday() - WEEKDAYS[groups["weekday"]]) % 7
        if kind == "weekday-next":  # "next Thursday": this week's or the week after's, a future window
            start = reference + dt.timedelta(days=7 - back)
            return start, start + dt.timedelta(days=7), "unknown"
        day_date = reference - dt.timedelta(days=back or (7 if kind == "weekday-last" else 0))
        return day_date, day_date, "day"
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


#: any day serves to tell which words of a text are month names: the year does not change it
_ANY_DAY = dt.date(2000, 1, 1)


def calendar_names(text: str, *, cues: AbstractSet[str] | None = None) -> list[tuple[int, int]]:
    """Spans of the month and day names of the calendar dates in ``text``: in capitals the
    words around "MARCH" or "MAY" tell the month from the march or the modal, and nothing else can.

    >>> text = "THE MARCH ON MARCH 3 AND ON MONDAY MAY END."
    >>> [text[a:b] for a, b in calendar_names(text)]
    ['MARCH', 'MONDAY']
    """
    return [(d.start + m.start(), d.start + m.end()) for d in dates_in(text, reference=_ANY_DAY, cues=cues) if d.explicit
            for m in re.finditer(r"[^\W\d_]+", d.text) if m.group() in MONTHS or m.group() in WEEKDAYS]  # fmt: skip


def dates_in(text: str, *, reference: dt.date | None, cues: AbstractSet[str] | None = None) -> list[DateMention]:
    """Date phrases in ``text``, earliest first, overlapping phrases resolved to the first pattern.

    >>> [d.event_date for d in dates_in("killed November 13 in an ambush", reference=dt.date(2007, 11, 16))]
    ['2007-11-13']
    >>> [d.event_date for d in dates_in("a December SL attack", reference=dt.date(2007, 2, 20))]
    ['2006-12']
    """
    return _dates(text, reference, _split_cues(text, _CUES.found(text) if cues is None else cues))


def _split_cues(text: str, found: AbstractSet[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The cue words found (MONTH and MES standing for any English and Spanish month name) and
    the month names in ``text``.

    Cues are found in lower case; an English month name counts only in its own cases ("may" is not May),
    and any name only as a word of its own (not "Mar" in "Maria", "DEC" in "DECL").
    """
    months = frozenset(
        name for word in found if word in _MONTHS_BY_LOWER for name in _MONTHS_BY_LOWER[word] if _as_word(name, text)
    )
    if not months:
        return frozenset(found), months
    markers = [marker for marker, names in ((MONTH, MONTHS), (MES, MESES)) if not months.isdisjoint(names)]
    return frozenset(found).union(markers), months


def _as_word(name: str, text: str) -> bool:
    """Whether ``name`` stands in ``text`` with no letter either side (after "Sept." anything may follow)."""
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or not text[at - 1].isalpha()) and (end == len(text) or name[-1] == "." or not text[end].isalpha()):
            return True
        at = text.find(name, at + 1)
    return False


@lru_cache(maxsize=1024)
def _for_months(months: frozenset[str]) -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    """The patterns with their month alternation cut to ``months``: the names a sentence holds.

    Only a name that occurs can match, so the matches are the same; the
    shorter alternation is what makes the month patterns cheap.
    """
    group, grupo = _month_group(m for m in MONTHS if m in months), _month_group(m for m in MESES if m in months)
    return [(re.compile(source.replace(_M, group).replace(_ES, grupo)) if _M in source or _ES in source else full, kind, cues)
            for (source, kind, cues), (full, _, _) in zip(_SOURCES, _PATTERNS)]  # fmt: skip


def _dates(
    text: str, reference: dt.date | None, cues: tuple[frozenset[str], frozenset[str]] | None
) -> list[DateMention]:
    """Every pattern whose cues occur (all patterns when ``cues`` is None), the first pattern winning overlaps."""
    found: list[DateMention] = []
    weekdays: list[DateMention] = []
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
            (weekdays if kind in _WEEKDAY_KINDS else found).append(DateMention(m.group(0), m.start(), m.end(), *resolved))
    if weekdays:
        days = [d for d in found if d.precision == "day"]
        found += [w for w in weekdays if not any(_next_to(text, w, d) for d in days)]
    return sorted(found, key=lambda d: d.start)


_WEEKDAY_KINDS = frozenset({"weekday", "weekday-last", "weekday-next"})
#: what may stand between a weekday and the date it names: "Thursday, March 5", "Monday (Oct 5)"
_BETWEEN = re.compile(r"[\s,()]*(?:the\s+)?")


def _next_to(text: str, a: DateMention, b: DateMention) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return first.end <= second.start and _BETWEEN.fullmatch(text, first.end, second.start) is not None
