"""Fatalities and injured from a sentence ("Four ... officers were killed",
"killing all four", "the killing of five PNP officers and three civilians").

Every figure is read by ``geomap.events.numbers``. A count is a list of
quantities joined by "and" (summed: "14 soldiers and two civilians died" is
16) tied to one outcome, in three shapes:

* the outcome after the people, passive or intransitive: "five officers were
  killed", "at least 12 dead", "leaving 2,500 dead", "an officer was killed";
  a bare active verb ("20 rebels killed ...") only when nothing follows it
  that could be its object, so the attackers are not counted as the dead;
* an active verb before the people: "killing 13 soldiers and 2 civilians",
  "killed 21 and wounded 11 soldiers";
* a noun of the outcome with "of": "the deaths of 1,200 people".

Killed and injured are kept apart, and neither reads "captured", "arrested",
"killed or captured" nor "killed or wounded". A range counts its lowest
figure, as ACLED codes fatalities ("between 5 and 61 killed" is 5), and a part
counts itself ("twelve of sixteen troops died" is 12). A figure that is a
date, a year, a label, a time or a measure is not a count ("June 25 attack",
"killed in 2008", "the 48th Front", "Route 5", "2 a.m.", "5 km"). When a
sentence states several counts of one kind, the largest wins (a sentence
retelling one incident names its toll and its parts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from geomap.events import numbers
from geomap.events.dates import MONTHS
from geomap.events.keywords import Keywords, alternation

_N = numbers.NUMBER


def _words(text: str) -> str:
    """One regular expression for the space-separated words of ``text``."""
    return alternation(text.split())


def _not_after(words: Iterable[str]) -> str:
    """Lookbehinds refusing a position right after any of ``words`` and a space; one per word length,
    as a lookbehind has a fixed width."""
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(word)
    return "".join(rf"(?<!\b{alternation(same)}\s)" for _, same in sorted(by_length.items()))


# a figure after one of these is a date or a name, not a count
_LABELS = (
    "route highway road km kilometer kilometre front no. number nos. battalion brigade division company unit article"
    " paragraph para section page reftel ref camp base platoon squad block zone sector district flight room decree law"
    " resolution cable tel station hill lot fy cy year"
).split()
_BEFORE = rf"(?:(?![0-9])|{_not_after({*MONTHS, *_LABELS})})"  # only a digit can be a date or a label
# a figure followed by one of these measures something else
_MEASURES = (
    "percent per cent a.m. p.m. am pm hrs hr hours hour h minutes minute days day weeks week months month years year"
    " km kms kilometers kilometres kilometer kilometre miles mile meters metres meter metre feet foot kg kilos kilo"
    " kilograms tons tonnes ton hectares ha dollars pesos soles bolivianos usd rounds mm cm times"
)
_AFTER = rf"(?!\s*(?:%|(?:{_words(_MEASURES)}|{alternation(MONTHS)})(?![\w.])))"
_PEOPLE = (
    "people persons civilians soldiers troops police policemen officers men women children residents villagers"
    " peasants combatants insurgents guerrillas rebels fighters members workers miners protesters protestors"
)
# a bare 19xx/20xx is a year ("the 2008 deaths"), unless people follow it ("2000 people died")
_NOT_YEAR = rf"(?!(?:19|20)[0-9]{{2}}(?![0-9,.])(?!\s+(?:{_words(_PEOPLE)})\b))"
# words before a figure that leave it the count ("at least 12", "all four", "an estimated 200")
_QUALIFIERS = (
    "at least", "at most", "some", "about", "around", "approximately", "nearly", "almost", "roughly", "an estimated",
    "estimated", "more than", "over", "up to", "as many as", "a total of", "another", "a further", "an additional",
    "additional", "all of the", "all", "the", "its", "their", "these", "those", "only", "just",
)  # fmt: skip
_QUALIFIER = "(?:" + "|".join(sorted((q.replace(" ", r"\s+") for q in _QUALIFIERS), key=len, reverse=True)) + r")\s+"
_ARTICLE_HEADS = "number total group few couple lot handful series score majority quarter third half part portion fraction"
# one quantity: a range counts its lowest figure, a part ("twelve of sixteen") itself, an article one
_QUANTITY = (
    rf"(?:between\s+(?P<lo>{_N})\s+and\s+(?P<hi>{_N})"
    rf"|(?P<n>{_N})(?:\s*(?:-|–|to|or)\s*(?P<m>{_N})|\s+of\s+(?:the\s+|its\s+|their\s+)?{_N})?"
    rf"|(?P<a>\b(?:a|an)\b(?=\s+(?!{_words(_ARTICLE_HEADS)}\b))))"
)
_QUANTITY_RE = re.compile(rf"(?:{_QUALIFIER})*{_QUANTITY}", re.I)

_KILLED = "killed murdered slain assassinated executed massacred"
_INJURED = "injured wounded hurt"
_OTHER_FATES = "captured missing disappeared detained kidnapped abducted arrested"
# -ed words that describe people rather than say what they did ("two armed men", "soldiers stationed there")
_ED_ADJECTIVES = (
    "armed unarmed alleged suspected unidentified retired uniformed hooded masked demobilized demobilised named"
    " unnamed stationed deployed based posted assigned attached kidnapped abducted"
)
_EVENTS = (
    "attack attacks ambush ambushes bomb bombs blast blasts explosion explosions explosive explosives clash clashes"
    " raid raids incident incidents strike strikes assault assaults operation operations mine mines device devices"
    " grenade grenades shot shots car truck vehicle vehicles"
)
# finite verbs that do not end in -ed: the people before one are its subject, not a count of an outcome
_IRREGULAR_PAST = (
    "held took left fought went came saw made gave found led kept ran fled lost won met sent brought began struck hit"
    " set stood told said thought got drove flew rode fell threw wrote"
)
_STOP = (
    f"{_IRREGULAR_PAST} and or but nor not no a an who whom whose which that where when while after before because since until then"
    " than if is are was were be been being has have had will would could should may might must do did does"
    f" died dead deaths death fatalities perished injuries {_KILLED} {_INJURED} {_OTHER_FATES} {_EVENTS} {' '.join(numbers.WORDS)}"
)
# a word of the people a quantity counts: no figure, no verb, nothing that starts a new clause
_NP_WORD = (
    rf"(?!{_words(_STOP)}\b)"
    rf"(?:(?:[A-Z]\.){{2,}}|\([^\W\d_][\w'’-]*\)|[0-9]+(?:-[^\W\d_][\w'’]*)+(?![\w-])|(?=[^\W\d_])(?!(?!(?:{_words(_ED_ADJECTIVES)})\b)[\w'’-]+ed\b)[\w'’-]+)"
)
_MEMBER = (
    rf"(?:{_QUALIFIER})*{_BEFORE}{_NOT_YEAR}{re.sub(r'[(][?]P<[a-z]+>', '(?:', _QUANTITY)}"  # a pattern repeats it: no names
    rf"{_AFTER}(?>(?:\s+{_NP_WORD}){{0,6}})"
)
_AUX = r"(?:were|was|are|is|have\s+been|has\s+been|had\s+been|being|been|be)"
_ADVERB = (
    r"(?:reportedly|allegedly|later|also|all|both|each|then|subsequently|eventually|apparently|seriously|critically"
    r"|gravely|severely|slightly|badly|lightly|mortally|fatally|instantly|immediately|reported\s+to\s+have\s+been|reported"
    r"|found|shot|left|[^\W\d_]{3,}ly)"
)
# after a bare active verb, what shows it has no object: "three soldiers killed in ...", "... killed."
_NO_OBJECT = (
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:in|on|at|during|near|when|while|by|and|after|as|since|last|this|yesterday|today"
    r"|earlier|over|from|outside|inside|within|between|around|along|across|throughout|following|before|or|but"
    r"|according|including|with|under|amid|among|there|here|so\s+far|to\s+date)\b)"
)


def _list(later: str) -> str:
    """Quantities joined by "and" (or "A, B and C"); ``later`` guards every one after the first."""
    return rf"{_MEMBER}(?:(?:\s*,\s*{_MEMBER}{later})*(?:\s*,)?\s+(?:and|as\s+well\s+as|plus)\s+{_MEMBER}{later})?"


# after a verb a later quantity must not be the subject of a new clause ("killed three and two more were hurt")
_NOT_SUBJECT = rf"(?!\s+(?:{_words('were was are is had has have who that which remain remained survived escaped fled died dead')}|{_words(_KILLED + ' ' + _INJURED)}|[^\W\d_]+ed)\b)"
_ASIDE = r"(?:\s*\([^()]{0,80}\)|\s*,\s*(?:including|among\s+them|most\s+of\s+them|all\s+of\s+them|mostly)\b[^,.;]{0,80},)?"


# the people after a verb are its object, not the subject of a later outcome ("killed three and two more were hurt")
_NOT_OBJECT = _not_after(
    f"{_KILLED} {_INJURED} killing kills kill murdering executing massacring assassinating injuring injures wounding wounds"
    f" hurting {' '.join(q.split()[-1] for q in _QUALIFIERS)}".split()
)


# what a list can start with: a figure, maybe after qualifiers, or an article with a verb of its own a
# little later. Only there to fail fast: the engine tries the pattern at every word of a sentence
_START = (
    rf"(?=(?:{_words(' '.join(_QUALIFIERS))}\s+){{0,3}}"
    rf"(?:[0-9]|{_words(' '.join(numbers.WORDS) + ' between')}\b|(?:a|an)\s[^.;]{{0,80}}?\b(?:was|were|has|had|died|perished)\b))"
)


def _patterns(passive: str, intransitive: str, active: str, nouns: str, others: str) -> list[re.Pattern[str]]:
    # "killed or wounded", "killed or captured": not a count of either
    mixed = rf"(?!\s*(?:or|and/or|/|and)\s+(?:{_words(others + ' ' + _OTHER_FATES)})\b)"
    return [
        # "14 soldiers and two civilians died", "five officers were killed", "leaving 2,500 dead", "an officer was killed"
        re.compile(
            rf"(?<![\w,]){_START}{_NOT_OBJECT}(?P<list>{_list('')}){_ASIDE}"
            rf"(?P<tail>(?:\s+{_ADVERB})*(?:\s+(?:who|that|which))?\s+{_AUX}(?:\s+{_ADVERB})*\s+(?:{_words(passive)})\b"
            rf"|(?:\s+(?:{_AUX}|have|has|had|{_ADVERB}))*\s+(?:{_words(intransitive)})\b"
            rf"|\s+(?:{_words(passive)})\b{_NO_OBJECT}){mixed}",
            re.I,
        ),
        # "killing 13 soldiers and 2 civilians", "killed 21 and wounded 11 soldiers", "the deaths of 1,200 people"
        re.compile(rf"\b(?:(?:{_words(active)})|(?:{_words(nouns)})\s+of)\s+(?P<list>{_list(_NOT_SUBJECT)})", re.I),
    ]


_FATAL = _patterns(
    _KILLED,
    "died dead perished deaths fatalities",
    f"{_KILLED} killing kills kill murdering executing massacring assassinating",
    "killing killings murder murders death deaths assassination assassinations massacre massacres execution executions",
    _INJURED,
)
_HURT = _patterns(_INJURED, "injuries", f"{_INJURED} injuring injures wounding wounds hurting", "wounding injuring", _KILLED + " dead")
# "no one was killed", "there were no injuries"
_NONE_FATAL = re.compile(rf"\b(?:no\s+one|nobody|none)(?:\s+(?:{_AUX}|{_ADVERB}))*\s+(?:{_words(_KILLED)}|died|perished)\b|\bno\s+(?:deaths|fatalities|casualties)\b", re.I)
_NONE_HURT = re.compile(rf"\b(?:no\s+one|nobody|none)(?:\s+(?:{_AUX}|{_ADVERB}))*\s+(?:{_words(_INJURED)})\b|\bno\s+(?:injuries|casualties)\b", re.I)

# one person each, named by role: "killed its pilot, co-pilot and one crewman", "the assassination of the governor"
_ROLES = (
    "pilot co-pilot copilot crewman crewmember gunner navigator driver mechanic mayor governor prefect commander"
    " councilman councilwoman councilor judge prosecutor journalist priest bodyguard guard escort wife husband son"
    " daughter brother sister father mother"
)
_ONE = r"(?:(?:the|its|his|her|their|a|an|one)\s+)"
_ROLE = rf"(?:{_words(_ROLES)})\b(?![-'’]?\w)"
_NAMED = re.compile(
    rf"\b(?:{_words(_KILLED + ' killing kills kill murdering executing assassinating')}"
    rf"|(?:killing|murder|death|assassination|execution)\s+of)\s+{_ONE}(?P<roles>{_ROLE}"
    rf"(?:\s*,\s*{_ONE}?{_ROLE})*(?:\s*,?\s+and\s+{_ONE}?{_ROLE})?)",
    re.I,
)
_ROLE_RE = re.compile(_ROLE, re.I)


def _named(text: str) -> int | None:
    """People killed counted by their roles ("its pilot, co-pilot and one crewman" is 3)."""
    found = [len(_ROLE_RE.findall(m["roles"])) for m in _NAMED.finditer(text)]
    return max(found) if found else None


#: every match of _FATAL / _HURT holds one of these words
_FATAL_CUES = ("kill", "murder", "slain", "assassin", "execut", "dead", "died", "death", "fatalit", "massacr", "perish", "casualt")
_HURT_CUES = ("injur", "wound", "hurt", "casualt")
#: the words casualties() looks for (a caller that has scanned a sentence for them passes what it found)
CUE_WORDS = frozenset(_FATAL_CUES + _HURT_CUES)
_CUES = Keywords(CUE_WORDS)
_SINGULAR = re.compile(r"\b(?:was|has|had|died|perished)\b", re.I)


def _sum(text: str) -> int | None:
    """The total of the quantities in a list ("14 soldiers and two civilians" is 16); None if one is unreadable."""
    total = 0
    for q in _QUANTITY_RE.finditer(text):
        if q["a"]:
            total += 1
            continue
        figures = [numbers.value(q[g]) for g in ("lo", "hi", "n", "m") if q[g]]
        if None in figures:
            return None
        total += min(f for f in figures if f is not None)
    return total


def _singular(m: re.Match[str]) -> bool:
    """A lone "a"/"an" counts one only with a singular verb ("an officer was killed", "a soldier died"), so
    "a rebel column killed" is not a count."""
    quantities = list(_QUANTITY_RE.finditer(m["list"]))
    lone_article = len(quantities) == 1 and quantities[0]["a"] is not None
    return not lone_article or _SINGULAR.search(m["tail"]) is not None


def _count(text: str, patterns: list[re.Pattern[str]], none: re.Pattern[str]) -> int | None:
    found = [n for p in patterns for m in p.finditer(text) if ("tail" not in m.groupdict() or _singular(m)) and (n := _sum(m["list"])) is not None]
    if none.search(text):
        found.append(0)
    return max(found) if found else None


def _casualties(text: str) -> tuple[int | None, int | None]:
    fatal = _count(text, _FATAL, _NONE_FATAL)
    return (fatal if fatal is not None else _named(text)), _count(text, _HURT, _NONE_HURT)


def casualties(text: str, *, cues: AbstractSet[str] | None = None) -> tuple[int | None, int | None]:
    """(fatalities, injured) stated in ``text``; None where it states no number.

    >>> casualties("Four PNP officers were killed November 13. Two officers were injured.")
    (4, 2)
    >>> casualties("the killing of five PNP officers and three civilians in a December SL attack")
    (8, None)
    >>> casualties("hundreds were injured")
    (None, None)
    >>> casualties("rebels downed the helicopter and killed its pilot, co-pilot and one crewman")
    (3, None)
    """
    if cues is None:
        cues = _CUES.found(text)
    fatal = _count(text, _FATAL, _NONE_FATAL) if not cues.isdisjoint(_FATAL_CUES) else None
    if fatal is None and not cues.isdisjoint(_FATAL_CUES):
        fatal = _named(text)
    hurt = _count(text, _HURT, _NONE_HURT) if not cues.isdisjoint(_HURT_CUES) else None
    return fatal, hurt
