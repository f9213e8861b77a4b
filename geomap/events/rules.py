"""The event stage's rules, read from data files (geomap/data/triggers.yaml, actors.yaml).

Code here only compiles the tables; what counts as an ambush or who "PNP"
is lives in the YAML, where a reviewer can read and change it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from geomap.documents.case import in_capitals, lowered
from geomap.errors import GeomapError
from geomap.events import counts, dates
from geomap.events.keywords import Keywords


@dataclass(frozen=True, slots=True)
class Trigger:
    id: str
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str | None
    #: patterns that must all occur in the sentence too
    requires: tuple[re.Pattern[str], ...] = ()
    detail: bool = False
    #: lower-case substrings one of which every match contains (empty: no pre-check)
    keywords: frozenset[str] = frozenset()
    #: (type, sub-type) the incident becomes when it kills: a deadly raid is an armed clash
    deadly: tuple[str, str | None] | None = None


@dataclass(frozen=True, slots=True)
class ActorPattern:
    name: str
    pattern: re.Pattern[str]
    country: str | None = None
    #: lower-case substrings one of which every match contains (narrowed to this pattern's, see _narrowed)
    keywords: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TriggerHit:
    trigger: Trigger
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ActorHit:
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Rules:
    triggers: tuple[Trigger, ...]
    actors: tuple[ActorPattern, ...]
    #: every rule's keywords and the words the date and casualty checks look for: one pass
    #: over a sentence serves them all (see incidents_from_paragraph)
    _keywords: Keywords = field(init=False, compare=False, repr=False)
    #: keyword -> the rules (by position) it may let match
    _trigger_index: dict[str, tuple[int, ...]] = field(init=False, compare=False, repr=False)
    _actor_index: dict[str, tuple[int, ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        rule_words = {k for rule in (*self.triggers, *self.actors) for k in rule.keywords}
        object.__setattr__(self, "_keywords", Keywords(rule_words | dates.CUE_WORDS | counts.CUE_WORDS))
        object.__setattr__(self, "_trigger_index", _index(self.triggers))
        object.__setattr__(self, "_actor_index", _index(self.actors))

    def keywords_in(self, text: str) -> frozenset[str]:
        """The rule keywords (and date and casualty cues) that occur in ``text``, case-insensitively.

        >>> sorted(load_rules().keywords_in("Cocaleros threw ROCKS at helicopters"))
        ['coca', 'cocalero', 'helicopter', 'rock']
        """
        return self._keywords.found(text)

    def triggers_in(self, text: str, *, present: frozenset[str] | None = None) -> list[TriggerHit]:
        """Non-overlapping trigger hits in ``text``; where hits overlap, the earlier rule wins.

        ``present`` is ``keywords_in(text)`` when the caller already has it.
        """
        taken = _Spans()
        hits: list[TriggerHit] = []
        if present is None:
            present = self.keywords_in(text)
        written = _as_written(text)
        for i in _candidates(self._trigger_index, present):  # rules none of whose keywords occur cannot match
            trigger = self.triggers[i]
            matches = list(trigger.pattern.finditer(written))
            if not matches or not all(r.search(text) for r in trigger.requires):
                continue
            for m in matches:
                if taken.add(m.start(), m.end()):
                    hits.append(TriggerHit(trigger, m.start(), m.end()))
        return sorted(hits, key=lambda h: h.start)

    def actors_in(self, text: str, *, country: str | None, present: frozenset[str] | None = None) -> list[ActorHit]:
        """Actor mentions in ``text``, in order; generic words count only in their country's documents."""
        if present is None:
            present = self.keywords_in(text)
        found = [
            ActorHit(actor.name, m.start(), m.end())
            for actor in map(self.actors.__getitem__, _candidates(self._actor_index, present))
            if actor.country is None or actor.country == country
            for m in actor.pattern.finditer(text)
        ]
        taken = _Spans()
        # longest first: "DIRANDRO drug police" is DIRANDRO, not the police in general
        hits = [hit for hit in sorted(found, key=lambda h: (h.start - h.end, h.start)) if taken.add(hit.start, hit.end)]
        return sorted(hits, key=lambda h: h.start)


def _as_written(text: str) -> str:
    """``text`` as the case-sensitive parts of the trigger patterns read it: in capitals, where
    the month "MARCH" looks like a march, in lower case but for the month names of its dates;
    any other text as it is. The same length, so the offsets of matches still hold.

    >>> _as_written("THE MARCH ON MARCH 3 ENDED IN LIMA.")
    'the march on March 3 ended in lima.'
    """
    return lowered(text, names=dates.calendar_names(text)) if in_capitals(text) else text


class _Spans:
    """Non-overlapping [start, end) spans; ``add`` keeps a span only if it overlaps none kept so far.

    Kept spans are sorted, so the check looks at two neighbours, not at every span: a
    sentence full of triggers ("attack attack attack ...", untrusted text) stays linear.
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start)
        if i and self._ends[i - 1] > start:  # the span starting before it reaches into it
            return False
        if i < len(self._starts) and self._starts[i] < end:  # the next span starts inside it
            return False
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        return True


#: index key of the rules that have no keywords (always run)
_ALWAYS = ""


def _index(rules: tuple[Trigger, ...] | tuple[ActorPattern, ...]) -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for i, rule in enumerate(rules):
        for keyword in rule.keywords or (_ALWAYS,):
            index.setdefault(keyword, []).append(i)
    return {k: tuple(v) for k, v in index.items()}


def _candidates(index: dict[str, tuple[int, ...]], present: frozenset[str]) -> list[int]:
    """Positions of the rules that may match, in table order (earlier rules win overlaps)."""
    found = set(index.get(_ALWAYS, ()))
    for keyword in present:
        found.update(index.get(keyword, ()))
    return sorted(found)


def _narrowed(keywords: frozenset[str], pattern: str) -> frozenset[str]:
    """The actor keywords written in this ``pattern`` (all of them if none is).

    "PNP" needs only "pnp", "(?i)officers" only "officers"; tests/geomap/test_rules.py
    checks on generated matches that every match still holds one.
    """
    return frozenset(k for k in keywords if k in pattern.lower()) or keywords


def _load(name: str, path: Path | None) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8") if path else resources.files("geomap.data").joinpath(name).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as err:
        raise GeomapError(f"{path or name}: cannot load rules: {err}") from err
    if not isinstance(data, list):
        raise GeomapError(f"{path or name}: expected a list of rules")
    return data


def _as_list(value: object) -> list[str]:
    return [] if value is None else [str(v) for v in value] if isinstance(value, list) else [str(value)]


@cache
def load_rules(triggers: Path | None = None, actors: Path | None = None) -> Rules:
    """Compile the trigger and actor tables (the package's, or files given)."""
    try:
        trigger_rules = tuple(
            Trigger(
                id=r["id"],
                pattern=re.compile(rf"\b(?:{r['pattern']})\b", re.I),
                event_type=r["type"],
                sub_event_type=r.get("sub"),
                requires=tuple(re.compile(p, re.I) for p in _as_list(r.get("requires"))),
                detail=bool(r.get("detail", False)),
                keywords=frozenset(str(k).lower() for k in r.get("keywords", ())),
                deadly=(str(r["deadly"][0]), r["deadly"][1] if len(r["deadly"]) > 1 else None) if r.get("deadly") else None,
            )
            for r in _load("triggers.yaml", triggers)
        )
        actor_rules = tuple(
            ActorPattern(name=a["name"], pattern=re.compile(p), country=a.get("country"),
                         keywords=_narrowed(frozenset(str(k).lower() for k in a.get("keywords", ())), p))  # fmt: skip
            for a in _load("actors.yaml", actors)
            for p in a["patterns"]
        )
    except (KeyError, TypeError, re.error) as err:
        raise GeomapError(f"malformed rule in {triggers or actors or 'package rules'}: {err!r}") from err
    return Rules(trigger_rules, actor_rules)
