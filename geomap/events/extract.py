"""Incidents from sentences: trigger, then the date, place, actors and counts around it.

Within a sentence every date and place goes to the nearest trigger; triggers
that gather a date or place open an incident, bare triggers join the nearest
one ("killed ... in an ambush" is one incident). A sentence that adds detail
without a date or place of its own ("Two officers were injured") extends the
incident of the sentence before it in the same paragraph.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from wordfreq import zipf_frequency

from geomap.documents.case import in_capitals
from geomap.documents.readers import dateline_in
from geomap.events.counts import casualties
from geomap.events.dates import DateMention, calendar_names, dates_in
from geomap.events.merge import within_zone
from geomap.events.parse import REFERENCE_BEFORE, STANCE_VERBS, Parser, Reading, default_parser
from geomap.events.rules import ActorHit, Rules, TriggerHit, load_rules
from geomap.events.sentences import Sentence, sentences_from
from geomap.model import Document, Event, Mention, Paragraph, Place, Source
from geomap.people import is_surname

#: how far (characters) a place may stand after / before its trigger
PLACE_AFTER, PLACE_BEFORE = 120, 45
DATE_REACH = 90
#: modality before a trigger: announced or hypothetical, not (yet) an incident
_PLANNED = re.compile(
    r"\b(?:will|would|shall|plans?|planned|planning|to be|aims?|intends?|seeks?|could|should|might|may"
    r"|proposed?|task of|in order to|prepar\w+ to|expected to|able to|capacity to)\b[^.;]{0,40}$",
    re.I,
)
#: habitual or generic statements ("usually worn during ambushes")
_GENERIC = re.compile(r"\b(?:usually|often|typically|generally|frequently|routinely|regularly|occasionally|tend to)\b[^.;]{0,40}$", re.I)
#: "the attack", "the two attacks": a reference back to an incident told elsewhere
_ANAPHORA = re.compile(r"\b(?:the|these|those|both|this|that)\s+(?:(?:two|three|four|several|latest|last|same)\s+)?$", re.I)
#: "about 200 kilometers east of Lima", "south-east of the VRAE": reference points, not the
#: place ("in the north of Huancavelica" is inside it, and stays)
_REFERENCE_POINT = re.compile(
    r"(?<!\bin the )\b(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+)?$", re.I
)
#: a place that only says where the previous one is: "X, in the north of Y", "X province of Y", "X, (Y)"
_QUALIFIER = re.compile(
    r"^\s*,?\s*(?:\(|(?:in|of|within|part of)\s+(?:the\s+)?(?:(?:north|south|east|west|central|upper|lower)\w*(?:\s+part)?\s+of\s+(?:the\s+)?)?)\s*$",
    re.I,
)
#: places in a list: "X and Y", "X, Y", "X/Y"
_COORDINATION = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|/|&\s*)\s*(?:the\s+)?$", re.I)
_NEAR = re.compile(r"\b(?:near|outside|close to|on the outskirts of|(?:north|south|east|west)\w* of|(?:kilomet\w+|km) from)\s+(?:the\s+)?$", re.I)
#: "the April 12 attacks to the north": the place is elsewhere
_ELSEWHERE = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:to|in)\s+the\s+(?:north|south|east|west)\w*\b", re.I)
_AGENT = re.compile(r"\bby\s+(?:the\s+|presumed\s+|suspected\s+)*$", re.I)
#: an incident across the country the document reports on
_NATIONWIDE = re.compile(r"\b(?:nation-?wide|across the country|throughout the country|all over the country)\b", re.I)
#: a list item's heading: "-- April 9, 2009 Sanabamba, Ayacucho region:" (up to its colon)
_ITEM_HEADING = re.compile(r"^(?:[^:]{0,80}?\s)?(?:--?|\*|•)\s*[^:]{4,250}?:\s")
#: between the places of a heading's run: "X, Y District, Z Province in W Region"
_RUN = re.compile(r"^\s*(?:,|\bin\b|\bof\b|\()\s*(?:the\s+)?$", re.I)
#: "two days later": a day counted from the incident told just before
_LATER = re.compile(
    r"\b(?:(?P<n>a|an|one|two|three|four|five|six|seven|\d{1,2})\s+(?P<unit>days?|weeks?)\s+(?:later|afterwards?)"
    r"|(?P<same>the\s+same|that|the\s+following|the\s+next)\s+(?P<part>day|morning|afternoon|evening|night))\b", re.I
)
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
#: modal auxiliaries: their scope is the verb, not a dated incident named in its object
_AUXILIARIES = {"will", "would", "could", "may", "might", "should", "shall", "must", "can"}
#: verbs whose subject is the one harmed: "14 soldiers and two civilians died"
_SUFFERED = {"died", "die", "dies", "perished", "fell", "drowned"}
#: verbs of harm: their subject is a weapon or an attacker, never a peaceful protest
_HARM = {"killed", "kill", "kills", "wounded", "injured", "destroyed", "hit", "left"}
#: actors that make an armed clash a riot (ACLED: Battles are between organised armed groups)
_CROWDS = ("Protesters", "Rioters", "Students", "Teachers", "Miners", "Cooperative miners", "Indigenous groups", "cocaleros")

#: a sentence's parse: trigger span (sentence offsets) -> what the parser read there
Readings = dict[tuple[int, int], Reading]


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a candidate sentence became an event, joined one, or was dropped (``--explain``)."""

    document: str
    paragraph: int
    sentence: str
    verdict: str  # kept, planned, joined, dropped
    reason: str


@dataclass(slots=True)
class _Hit:
    hit: TriggerHit
    places: list[Mention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    elsewhere: bool = False
    #: the place a list item's heading gives ("-- May 2, in northern X Region: ...")
    headed: Mention | None = None

    @property
    def anchored(self) -> bool:
        """A place or a calendar date opens an incident; "recently" alone only colours one."""
        return bool(self.places or any(d.explicit for d in self.dates))


@dataclass(slots=True)
class Incident:
    """An event under construction (mutable while the paragraph is read)."""

    document: Document
    paragraph: int
    event_type: str
    sub_event_type: str | None
    date: DateMention | None
    place: Mention | None
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    injured: int | None
    planned: bool
    quotes: list[str]
    near: bool = False
    #: when the story was filed: the document's date, or the dateline of its item in a news file
    reported: dt.date | None = None
    #: (type, sub-type) it becomes if it turns out deadly (see triggers.yaml ``deadly``)
    deadly: tuple[str, str | None] | None = None
    #: for an undated incident, the day of the dated one told before it: the story runs
    #: forward, so it happened between that day and the report
    after: dt.date | None = None

    def extend(
        self, quote: str, fatalities: int | None, injured: int | None, actors: list[str], place: Mention | None = None
    ) -> None:
        if quote not in self.quotes:
            self.quotes.append(quote)
        if place is not None and (self.place is None or self.place.place.kind.value == "country"):  # type: ignore[union-attr]
            self.place = place  # "... killed 21 soldiers in southeastern Putumayo": where it was
        self.fatalities = _max(self.fatalities, fatalities)
        self.injured = _max(self.injured, injured)
        for name in actors:
            if self.actor1 is None:
                self.actor1 = name
            elif self.actor2 is None and name != self.actor1:
                self.actor2 = name


def _max(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)


def _distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    if b_start >= a_end:
        return b_start - a_end
    if a_start >= b_end:
        return a_start - b_end
    return 0


def _contains(outer: Place, inner: Place) -> bool:
    """True when ``inner`` lies in the administrative unit ``outer`` (by name)."""
    return outer.id != inner.id and outer.name in (inner.admin1, inner.admin2)


def _assign(
    sentence: str, offset: int, hits: list[_Hit], dates: list[DateMention], places: list[Mention],
    readings: Readings | None = None,
) -> None:  # fmt: skip
    """Give every date and place in the sentence to its nearest trigger within reach.

    With the parse, a trigger takes only the dates and places of its own clause: "On July 21
    the court ruled that the strike was illegal" does not date the strike.
    """
    for hit in hits:
        hit.elsewhere = bool(_ELSEWHERE.match(sentence[hit.hit.end :]))
    # detail triggers ("killed", "injured") describe an incident; they never anchor one, nor does
    # an infinitive of purpose ("the strike called on May 3 to protest the law")
    anchors = [h for h in hits if not h.hit.trigger.detail] or hits
    anchors = [h for h in anchors if not _purpose(h, readings)] or anchors
    clauses = {id(h): _clause_of(h, readings) for h in anchors}

    def inside(h: _Hit, start: int, end: int) -> bool:
        clause = clauses[id(h)]
        return clause is None or (clause[0] <= start and end <= clause[1])

    # "-- September 2, 2009, near the town of X, Y District: SL forces downed ...": an item
    # whose heading gives the date and place of the incident told after its colon
    heading = _ITEM_HEADING.match(sentence)
    lead = next((h for h in anchors if heading and h.hit.start >= heading.end()), None)
    if heading is not None and lead is not None:
        for date in [d for d in dates if d.end <= heading.end()]:
            lead.dates.append(date)
        dates = [d for d in dates if d.end > heading.end()]
        located = _located([m for m in places if m.end - offset <= heading.end()], sentence, offset)
        if located is not None:
            lead.places.append(located)
            lead.headed = located
        places = [m for m in places if m.end - offset > heading.end()]
    for date in dates:
        own = [h for h in anchors if inside(h, date.start, date.end)]
        if not own:
            continue
        best = min(own, key=lambda h: _distance(h.hit.start, h.hit.end, date.start, date.end))
        # the parse says which clause a date belongs to, however far it stands from the trigger
        parsed = clauses[id(best)] is not None
        if parsed or _distance(best.hit.start, best.hit.end, date.start, date.end) <= DATE_REACH:
            best.dates.append(date)
    previous: Mention | None = None
    for mention in places:
        start, end = mention.start - offset, mention.end - offset
        qualifier = previous is not None and _QUALIFIER.match(sentence[previous.end - offset : start])
        if qualifier and _contradicts(previous, mention):  # type: ignore[arg-type]
            for h in anchors:  # "Sinaycocha, Santo Domingo de Acobamba District": the typo match loses
                h.places = [mention if m is previous else m for m in h.places]
            previous = mention
            continue
        previous = mention
        if qualifier or _REFERENCE_POINT.search(sentence[max(0, start - 80) : start]):
            continue  # "Llochegua, in the north of the VRAE": the VRAE only locates Llochegua

        def reach(h: _Hit) -> int:
            after = start >= h.hit.end
            gap = _distance(h.hit.start, h.hit.end, start, end)
            return gap if (after and gap <= PLACE_AFTER) or (not after and gap <= PLACE_BEFORE) else 10**6

        own = [h for h in anchors if inside(h, start, end)]
        if not own:
            continue
        best = min(own, key=reach)
        if reach(best) < 10**6 and not best.elsewhere:
            best.places.append(mention)


def _contradicts(inner: Mention, outer: Mention) -> bool:
    """True when ``inner`` is a typo match that does not lie in the unit ``outer`` says contains it."""
    if inner.place is None or outer.place is None or not any(r.startswith("match=fuzzy") for r in inner.reasons):
        return False
    if outer.place.geometry_wkt:  # a zone: does it hold the point?
        return not within_zone(inner.place.lat, inner.place.lon, outer.place.geometry_wkt)
    return not _holds(outer.place, inner.place)


def _holds(outer: Place, inner: Place) -> bool:
    """True when ``inner`` is ``outer`` or lies in it, by the unit names it carries."""
    return outer.name in (inner.admin1, inner.admin2, inner.name)


def _holds_mention(outer: Mention, inner: Mention) -> bool:
    """True when the place of ``outer`` is a zone or unit (not a country) that holds that of ``inner``."""
    if outer.place is None or inner.place is None or outer.place.id == inner.place.id:
        return False
    if outer.place.geometry_wkt:
        return within_zone(inner.place.lat, inner.place.lon, outer.place.geometry_wkt)
    return outer.place.kind.value in ("admin1", "admin2") and _holds(outer.place, inner.place)


def _outside(inner: Mention, outer: Mention) -> bool:
    """True when ``outer`` is an administrative unit that does not hold ``inner``."""
    if inner.place is None or outer.place is None or outer.place.kind.value not in ("admin1", "admin2"):
        return False
    return not _holds(outer.place, inner.place)


def _located(mentions: list[Mention], sentence: str, offset: int) -> Mention | None:
    """Where a heading's run of places ("X, Y District, Z Province in W Region") puts the
    incident: the first place, or the first unit said to contain it when the first is a typo
    match that lies elsewhere."""
    if not mentions:
        return None
    chosen = mentions[0]
    for before, mention in zip(mentions, mentions[1:]):
        if not _RUN.match(sentence[before.end - offset : mention.start - offset]):
            break
        if _contradicts(chosen, mention):
            chosen = mention
    return chosen


def _reading(hit: _Hit, readings: Readings | None) -> Reading | None:
    return readings.get((hit.hit.start, hit.hit.end)) if readings else None


def _purpose(hit: _Hit, readings: Readings | None) -> bool:
    reading = _reading(hit, readings)
    return reading is not None and (reading.modality or "").startswith("to ")


def _clause_of(hit: _Hit, readings: Readings | None) -> tuple[int, int] | None:
    reading = _reading(hit, readings)
    return reading.clause if reading is not None else None


def _clusters(hits: list[_Hit], sentence: str) -> list[list[_Hit]]:
    """Group a sentence's triggers into incidents: anchored triggers lead, bare ones join the nearest."""
    anchored = [h for h in hits if h.anchored]
    if not anchored:
        return [hits] if hits else []
    groups = {id(h): [h] for h in anchored}
    for h in hits:
        if h.anchored:
            continue
        before = sentence[max(0, h.hit.start - 120) : h.hit.start]
        if _PLANNED.search(before) or _GENERIC.search(before):
            continue  # a bare planned/generic trigger does not colour a real incident
        nearest = min(anchored, key=lambda a: _distance(a.hit.start, a.hit.end, h.hit.start, h.hit.end))
        groups[id(nearest)].append(h)
    # "the February 21 strike that shut down Cusco was the last of a series of protests": a
    # trigger with a date but no place and one of the same type with a place are one incident;
    # so are a dated trigger in a wide area and an undated one at a place inside it ("the May 2
    # VRAE attack ... during an assault on a base near Pichari": the sentence tells one attack)
    dated = [h for h in anchored if h.dates]
    for h in dated:
        partner = next((a for a in anchored if a is not h and a.places and id(a) in groups
                        and not any(d.precision == "day" for d in a.dates)
                        and a.hit.trigger.event_type == h.hit.trigger.event_type
                        and all(any(_holds_mention(m, p) for p in a.places) for m in h.places)), None)  # fmt: skip
        if partner is not None and id(h) in groups:
            groups[id(partner)].extend(groups.pop(id(h)))
    return list(groups.values())


def _actors(
    rules: Rules, sentence: str, primary: TriggerHit, country: str | None, present: frozenset[str],
    reading: Reading | None = None,
) -> list[str]:
    """Actors of the sentence, the agent first: the subject of the trigger's clause when the parse
    has one ("Police arrested two SL members"), else "by the PNP" or a name right before the
    trigger ("SL attack"); then those before the trigger, then after. The subject of a verb that
    happens to its subject ("14 soldiers and two civilians died", "SL members were arrested")
    is the victim side and goes last."""
    hits = rules.actors_in(sentence, country=country, present=present)

    def within(span: tuple[int, int] | None, a: ActorHit) -> bool:
        return span is not None and span[0] <= a.start and a.end <= span[1]

    suffers = reading is not None and (reading.verb in _SUFFERED or (reading.passive and reading.object is None))
    subject = reading.subject if reading is not None else None
    victims = [a for a in hits if suffers and within(subject, a)]
    # the subject is the agent only of a verb trigger: in "the killing ... in an SL attack was
    # caused by a lack of coordination", the attack's side is not the clause's subject
    agent = [a for a in hits if not suffers and reading is not None and reading.verbal and within(subject, a)]
    # "captured by the PNP", or a name right before the trigger ("SL attack", "PNP raid")
    agent += [
        a
        for a in hits
        if a not in agent and a not in victims
        and (_AGENT.search(sentence[max(0, a.start - 25) : a.start]) or 0 <= primary.start - a.end <= 2)
    ]  # fmt: skip
    rest = [a for a in hits if a not in agent and a not in victims]
    before = [a for a in rest if a.end <= primary.start]
    after = [a for a in rest if a.start >= primary.start]
    return list(dict.fromkeys(a.name for a in (*agent, *before, *after, *victims)))


def _places(hits: list[_Hit], text: str, offset: int, lead: TriggerHit) -> list[Mention]:
    """Where the incident happened: the first place after the trigger (else the nearest
    before it), plus places coordinated with it ("in Ocobamba and Tayacaja", "San
    Martin/Ucayali"); a unit that only contains another one is dropped."""
    mentions = sorted({m.place.id: m for h in hits for m in h.places if m.place is not None}.values(), key=lambda m: m.start)
    if not mentions:
        return []
    after = [m for m in mentions if m.start - offset >= lead.end]
    best = after[0] if after else mentions[-1]
    headed = next((h.headed for h in hits if h.headed is not None), None)
    if headed is not None and best is not headed and _outside(best, headed):
        best = headed  # "-- in northern Huancavelica: ... a base at X": an X elsewhere is another X
    chosen = [best]
    i = mentions.index(best)
    for step in (-1, 1):  # walk the list outwards from the chosen place while places are coordinated
        j = i
        while 0 <= j + step < len(mentions):
            a, b = sorted((mentions[j], mentions[j + step]), key=lambda m: m.start)
            if not _COORDINATION.match(text[a.end - offset : b.start - offset]):
                break
            j += step
            chosen.append(mentions[j])
    chosen.sort(key=lambda m: m.start)
    return [m for m in chosen if not any(_contains(m.place, o.place) for o in chosen)]  # type: ignore[arg-type]


def _best_date(hits: list[_Hit], lead: TriggerHit) -> DateMention | None:
    """The most precise calendar date of the cluster (the nearest to the trigger among equals:
    "the March 22 death precipitated the March 23 strike"), else the vague phrase nearest it."""
    dates = [d for h in hits for d in h.dates]
    explicit = [d for d in dates if d.explicit]
    order = {"day": 0, "month": 1, "year": 2}
    if explicit:
        return min(explicit, key=lambda d: (order[d.precision], _distance(lead.start, lead.end, d.start, d.end)))
    return min(dates, key=lambda d: _distance(lead.start, lead.end, d.start, d.end)) if dates else None


def _story_sentences(paragraph: Paragraph, dateline: tuple[int, int, dt.datetime | None] | None) -> Iterator[Sentence]:
    """The paragraph's sentences without its news dateline ("LIMA, May 30, 2007 -"): it dates and
    places the filing, not the incident. A headline before it is a sentence of its own."""
    # line breaks read as spaces (same length, so offsets hold): cables wrap lines mid-phrase
    text = paragraph.text.translate(_LINE_BREAKS)
    if dateline is None:
        yield from sentences_from(text)
        return
    start, end, _ = dateline
    for lo, hi in ((0, start), (end, len(text))):
        for sentence in sentences_from(text[lo:hi]):
            yield replace(sentence, start=sentence.start + lo, end=sentence.end + lo)


_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def incidents_from_paragraph(
    document: Document,
    paragraph: Paragraph,
    mentions: list[Mention],
    rules: Rules,
    *,
    reported: dt.date | None = None,
    dateline: tuple[int, int, dt.datetime | None] | None = None,
    parsed: dict[str, Readings] | None = None,
    explain: list[Decision] | None = None,
    previous: DateMention | None = None,
    nation: Place | None = None,
) -> list[Incident]:
    """Incidents reported in one paragraph; dates resolve against ``reported`` (default: the
    document's date). ``dateline`` is the paragraph's news dateline (``dateline_in``), skipped.

    ``parsed`` maps a sentence's text to its parser readings (see :func:`parse_candidates`);
    without it the rules decide alone. ``explain`` collects a Decision per candidate sentence.
    ``previous`` is the date of the last incident told before the paragraph ("the same
    morning" at a paragraph's start counts from it); ``nation`` the document's country, where
    an incident told as "nationwide" is placed.
    """
    reference = reported or (document.datetime.date() if document.datetime else None)
    country = document.country
    mentions = sorted((m for m in mentions if m.place is not None), key=lambda m: m.start)
    starts = [m.start for m in mentions]
    incidents: list[Incident] = []
    current: Incident | None = None
    for sentence in _story_sentences(paragraph, dateline):
        offset = paragraph.start + sentence.start
        text = sentence.text
        present = rules.keywords_in(text)
        trigger_hits = rules.triggers_in(text, present=present)
        if not trigger_hits:
            current = None
            continue
        quote = " ".join(text.split())
        fatalities, injured = casualties(text, cues=present)
        hits = [_Hit(h) for h in trigger_hits]
        end = offset + len(text)
        in_sentence = [m for m in mentions[bisect.bisect_left(starts, offset) : bisect.bisect_right(starts, end)] if m.end <= end]
        sentence_dates = dates_in(text, reference=reference, cues=present)
        if not any(d.explicit for d in sentence_dates):
            last = current.date if current is not None else (incidents[-1].date if incidents else previous)
            sentence_dates += _later_than(text, last)
        readings = parsed.get(text) if parsed is not None else None
        _assign(text, offset, hits, sentence_dates, in_sentence, readings)
        opened: list[Incident] = []
        verdicts: list[tuple[str, str]] = []

        def note(verdict: str, reason: str) -> None:
            verdicts.append((verdict, reason))

        for cluster in _clusters(hits, text):
            incident_hits = [h for h in cluster if not h.hit.trigger.detail] or cluster
            anchored = [h for h in incident_hits if h.anchored]
            primary = (anchored[0] if anchored else min(incident_hits, key=lambda h: rules.triggers.index(h.hit.trigger))).hit
            before = text[max(0, primary.start - 120) : primary.start]
            date = _best_date(cluster, primary)
            places = _places(cluster, text, offset, primary)
            past = date is not None and date.end_date is not None and reference is not None and date.end_date <= reference
            own_date = date is not None and date.explicit
            reading = readings.get((primary.start, primary.end)) if readings else None
            if readings is not None:
                dropped, planned, why = _judged(reading, date, reference)
                if planned and past and reading is not None and reading.modality in _AUXILIARIES and not _background(date, reference):
                    # "may use the April 16 raid": the raid itself is dated and past (a "fear of
                    # detention" on March 2 is still only a fear)
                    planned, why = False, f"dated {date.text!r} before the report, whatever the modal"  # type: ignore[union-attr]
                generic = dropped is not None
            else:
                generic = bool(_GENERIC.search(before))
                planned = bool(_PLANNED.search(before)) and not past
                dropped, why = ("generic or habitual" if generic else None), ("planned (rules)" if planned else "")
            if dropped is None and _background(date, reference) and REFERENCE_BEFORE.search(before):
                # the parse may miss it in a long sentence; an old incident named as a point
                # in time is history the report looks back on
                dropped, generic = "a reference to an incident over six months before the report", True
            trigger = f"{primary.trigger.id} {text[primary.start:primary.end]!r}"
            if dropped is not None and not (current is not None and not own_date and not places):
                note("dropped", f"{trigger}: {dropped}")
                continue
            local = [m for m in places if m.place.kind.value != "country"]  # type: ignore[union-attr]
            calendar_date = own_date and date.precision in ("day", "month")  # type: ignore[union-attr]
            if not local and not (calendar_date and _in_phrase(date, reading)) and _ANAPHORA.search(before):
                # "the two attacks": told elsewhere, with its own date and place ("the strike
                # called on September 27" is dated here, and may be all the text says of it)
                called = _ENDED.search(before) and _called(incidents + opened, primary.trigger.event_type, reference)
                if called is not None:
                    # "then called off the strike": the strike called for on September 15 took place
                    called.planned = False
                    called.quotes.append(quote)
                    note("joined", f"{trigger}: ends the incident called for before, so it took place")
                else:
                    note("dropped", f"{trigger}: refers back to an incident told elsewhere")
                continue
            placeless = current is not None and (current.place is None or current.place.place.kind.value == "country")  # type: ignore[union-attr]
            same_kind = placeless and current.event_type == primary.trigger.event_type  # type: ignore[union-attr]
            if current is not None and not own_date and not planned and (not local or same_kind and date is None):
                # "... and kept the road between Pastaza and Morona Santiago blocked": the strike
                # just told, now with the place the sentence before did not give
                current.extend(quote, fatalities, injured, _actors(rules, text, primary, country, present, reading), local[0] if local else None)
                if current.event_type == "Protests" and primary.trigger.event_type == "Riots":
                    current.event_type, current.sub_event_type = "Riots", primary.trigger.sub_event_type  # it turned violent
                note("joined", f"{trigger}: adds detail to the incident before (no date or place of its own)")
                continue
            # "the twelve simultaneous strikes killed 21": strikes that kill are the attack told before
            weapon = (
                reading is not None and primary.trigger.event_type == "Protests" and reading.verb in _HARM
                and reading.subject is not None and reading.subject[0] <= primary.start < reading.subject[1]
            )  # fmt: skip
            detail = weapon or all(h.hit.trigger.detail for h in cluster)
            if current is not None and not own_date and detail and local and not planned:
                current.extend(quote, fatalities, injured, _actors(rules, text, primary, country, present, reading), local[0])
                note("joined", f"{trigger}: adds the place and counts of the incident before")
                continue
            if generic or detail and not places:
                note("dropped", f"{trigger}: {dropped or 'a detail word with no incident to join'}")
                continue
            # ACLED's floor: a place at least at department level and a date at least to the
            # month; a country or a bare year alone ("in Colombia", "in 2009") grounds nothing
            if not (local or calendar_date or (planned and date is not None)):
                note("dropped", f"{trigger}: no place below country level or calendar month grounds it")
                continue  # nothing grounds it: "the attack", "interdiction" as a topic
            actors = _actors(rules, text, primary, country, present, reading)
            event_type, sub_event_type = primary.trigger.event_type, primary.trigger.sub_event_type
            if event_type == "Battles" and any(a.startswith(_CROWDS) for a in actors):
                event_type, sub_event_type = "Riots", "Violent demonstration"
            if not local and (inherited := _context_place(mentions, starts, offset)) is not None:
                places = [inherited]  # "On April 28, police arrested two more": where the paragraph is
            elif not places and nation is not None and (wide := _NATIONWIDE.search(text)):
                # "marches nationwide on October 21": the country the document reports on
                places = [Mention(wide.group(0), offset + wide.start(), offset + wide.end(), paragraph.number, place=nation)]
            after = None if date is not None or planned else _told_after(incidents, previous, reference, text, reading)
            # "in Pastaza and Morona Santiago", "San Martin/Ucayali": one incident, not one per
            # place; it is placed at the first, the others stay in its quote
            for mention in places[:1] or [None]:
                start = mention.start - offset if mention else 0
                opened.append(
                    Incident(
                        document=document,
                        paragraph=paragraph.number,
                        event_type=event_type,
                        sub_event_type=sub_event_type,
                        date=date,
                        place=mention,
                        actor1=actors[0] if actors else None,
                        actor2=actors[1] if len(actors) > 1 else None,
                        fatalities=fatalities,
                        injured=injured,
                        planned=planned,
                        quotes=[quote],
                        near=bool(mention and _NEAR.search(text[max(0, start - 60) : start])),
                        reported=reference,
                        deadly=primary.trigger.deadly,
                        after=after,
                    )
                )
            where = ", ".join(m.text for m in places) or "no place"
            when = date.text if date is not None else "no date"
            note("planned" if planned else "kept", f"{trigger}: {why or 'reported as done'}; {when}; {where}")
        if opened:
            incidents.extend(opened)
            current = opened[-1]
        if explain is not None:
            for verdict, reason in verdicts or [("dropped", "triggers but no incident")]:
                explain.append(Decision(document.name, paragraph.number, quote, verdict, reason))
    return incidents


def _context_place(mentions: list[Mention], starts: list[int], offset: int) -> Mention | None:
    """The paragraph's last place below country level before ``offset``: where a sentence that
    names no place of its own happened (ACLED coders place it from its context)."""
    for mention in reversed(mentions[: bisect.bisect_left(starts, offset)]):
        if mention.place is not None and mention.place.kind.value != "country":
            return mention
    return None


#: "called off the strike", "refused to lift the blockade": what ends (or would end) an incident
#: presupposes it began
_ENDED = re.compile(r"\b(?:call(?:ed|s|ing)? off|lift(?:ed|s|ing)?|end(?:ed|s|ing)?|suspend(?:ed|s|ing)?)\s+(?:the|its|their)\s+$", re.I)


def _called(incidents: list[Incident], event_type: str, reported: dt.date | None) -> Incident | None:
    """The last planned incident of ``event_type`` dated before ``reported``: a strike called
    for a day that has passed, which a later sentence says was ended."""
    for incident in reversed(incidents):
        date = incident.date
        if incident.event_type == event_type and incident.planned and date is not None and date.end_date is not None:
            return incident if reported is not None and date.end_date <= reported else None
    return None


#: an undated clause that looks back past the incident told before it ("had attacked earlier")
_LOOKS_BACK = re.compile(r"\b(?:earlier|previously|before|prior|formerly|once|since|ago|last (?:year|month|week))\b", re.I)


def _told_after(
    incidents: list[Incident], previous: DateMention | None, reported: dt.date | None, text: str, reading: Reading | None
) -> dt.date | None:
    """The day an undated incident happened after: that of the last dated incident told before
    it (in the paragraph, else ``previous``), when that day is recent and the clause does not
    look back ("had attacked earlier", a pluperfect); None otherwise."""
    last = next((i.date for i in reversed(incidents) if i.date is not None), previous)
    if last is None or last.start_date is None or reported is None or not last.start_date <= reported:
        return None
    if _background(last, reported) or _LOOKS_BACK.search(text):
        return None
    if reading is not None and reading.tense == "past" and reading.aspect == "perfect":
        return None
    return last.start_date


def _in_phrase(date: DateMention | None, reading: Reading | None) -> bool:
    """True when ``date`` lies inside the trigger's own phrase ("the strike called on May 2")."""
    return (
        date is not None and reading is not None and reading.phrase is not None
        and reading.phrase[0] <= date.start and date.end <= reading.phrase[1]
    )  # fmt: skip


def _background(date: DateMention | None, reported: dt.date | None) -> bool:
    """True when ``date`` ends more than BACKGROUND_DAYS before ``reported``."""
    if date is None or date.end_date is None or reported is None:
        return False
    return (reported - date.end_date).days > BACKGROUND_DAYS


def _later_than(text: str, before: DateMention | None) -> list[DateMention]:
    """ "Two days later", "the same morning" as a day, counted from the day of the incident told before it."""
    if before is None or before.precision != "day" or before.start_date is None:
        return []
    found = []
    for m in _LATER.finditer(text):
        if m.group("same"):
            following = m.group("same").lower().split()[-1] in ("following", "next")
            days = 1 if following and m.group("part").lower() == "day" else 0
        else:
            word = m.group("n").lower()
            days = (int(word) if word.isdigit() else _SMALL[word]) * (7 if m.group("unit").lower().startswith("week") else 1)
        day = before.start_date + dt.timedelta(days=days)
        found.append(DateMention(m.group(0), m.start(), m.end(), day, day, "day"))
    return found


#: aspects of a present-tense clause that describe a state of affairs, not an incident
_PRESENT_STATES = {"habitual", "progressive", "perfect", "perfect progressive", "simple"}


#: a reference to an incident this many days before the report is background, not news of it
BACKGROUND_DAYS = 180


def _judged(
    reading: Reading | None, date: DateMention | None, reported: dt.date | None = None
) -> tuple[str | None, bool, str]:
    """(why it is dropped or None, planned, why kept) from the parser's reading of the trigger."""
    if reading is None:
        return None, False, "no parse"
    if reading.negation:
        return f"negated ({reading.negation!r})", False, ""
    own = date is not None and date.explicit and _in_phrase(date, reading)
    if reading.reference and not own:
        # "after the attacks": told elsewhere; "after the April 12 attacks" may be all the text says of it
        return f"a time reference ({reading.reference!r} the incident): told elsewhere", False, ""
    if reading.relative and date is None:
        # "the union, which led the failed assault on the airport": who someone is, not news
        return f"an undated incident in a description ({reading.verb!r}, a relative clause)", False, ""
    if reading.verb in STANCE_VERBS and not reading.verbal and not own:
        # "Santos on March 1 defended attacks on camps abroad": the date is the speech's
        return f"a stance ({reading.verb!r}) on incidents, not a report of one", False, ""
    if reading.reference and _background(date, reported):
        # "relations cut off following the March 2008 strike": history the report looks back on
        return f"a time reference ({reading.reference!r}) to an incident over six months before the report", False, ""
    if reading.modality:
        return None, True, f"planned or hypothetical ({reading.modality!r})"
    dated = date is not None and date.precision in ("day", "month")
    # "recent operations have uncovered labs" reports an incident; "operations have been occurring" a trend
    told = reading.aspect == "perfect" and date is not None and not date.text.lower().startswith("since")
    if reading.aspect == "perfect progressive" or (reading.aspect == "perfect" and date is not None and not told):
        return f"{reading.aspect} ({reading.verb!r}): a trend up to the report, no incident", False, ""
    if reading.tense == "present" and reading.aspect in _PRESENT_STATES and not (dated or told):
        return f"{reading.aspect} present ({reading.verb!r}): a state or trend, no dated incident", False, ""
    return None, False, f"{reading.tense} {reading.verb!r}" if reading.verb else "no verb (a heading or fragment)"


def event_id(document_name: str, paragraph: int, event_type: str, place_id: str | None, date: str | None) -> str:
    """Stable id: the same incident read from the same input gets the same id on every run.

    >>> event_id("07LIMA3646", 1, "Battles", "ubigeo:09", "2007-11-13")
    'ev-2cdbbbe2257a'
    """
    key = "|".join((document_name, str(paragraph), event_type, place_id or "", date or ""))
    return "ev-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def _confidence(incident: Incident) -> float:
    score = 0.45
    place = incident.place.place if incident.place else None
    if place is not None:
        score += 0.2 if place.geo_precision <= 3 else 0.1
        if any(r.startswith("match=fuzzy") for r in incident.place.reasons):  # type: ignore[union-attr]
            score -= 0.1
    if incident.date is not None:
        score += 0.15 if incident.date.explicit else 0.05
    if incident.actor1:
        score += 0.05
    if incident.planned:
        score -= 0.2
    return round(max(0.05, min(score, 0.95)), 2)


def event_from_incident(incident: Incident) -> Event:
    document = incident.document
    place = incident.place.place if incident.place else None
    date = incident.date
    if date is not None:
        start = date.start_date.isoformat() if date.start_date else None
        end = date.end_date.isoformat() if date.end_date else None
        precision = date.precision
    else:
        # undated: the text supports only "before the report" (and after the dated incident
        # told before it, see _told_after), or "after the report" for plans
        reported = incident.reported.isoformat() if incident.reported else None
        if incident.planned:
            start, end = reported, None
        else:
            start, end = (incident.after.isoformat() if incident.after else None), reported
        precision = "unknown"
    event_date = date.event_date if date is not None else None
    event_type, sub_event_type = incident.event_type, incident.sub_event_type
    if incident.deadly is not None and incident.fatalities:
        event_type, sub_event_type = incident.deadly
    geo_precision = None
    if place is not None:
        geo_precision = 2 if incident.near and place.geo_precision == 1 else place.geo_precision
    return Event(
        event_id=event_id(document.name, incident.paragraph, event_type, place.id if place else None, start),
        event_type=event_type,
        sub_event_type=sub_event_type,
        event_date=event_date,
        date_start=start,
        date_end=end,
        date_precision=precision,
        actor1=incident.actor1,
        actor2=incident.actor2,
        fatalities=incident.fatalities,
        injured=incident.injured,
        location=place.name if place else None,
        place_id=place.id if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        geo_precision=geo_precision,
        country=place.country if place else document.country,
        admin1=place.admin1 if place else None,
        admin2=place.admin2 if place else None,
        sources=(
            Source(
                ref=document.ref,
                file=str(document.path) if document.path else None,
                paragraph=incident.paragraph,
                quote=" ".join(incident.quotes),
            ),
        ),
        confidence=_confidence(incident),
        planned=incident.planned,
        geometry_wkt=place.geometry_wkt if place else None,
    )


#: use the process's parser (spaCy, when installed); pass None for the rules alone
DEFAULT_PARSER = "default"


def _datelines(document: Document) -> list[tuple[int, int, dt.datetime | None] | None]:
    # a dateline without a year ("LIMA, March 3 (Reuters) -") takes it from the document's date
    reference = document.datetime.date() if document.datetime else None
    return [dateline_in(p.text, reference=reference) if document.format == "text" else None for p in document.paragraphs]


def parse_candidates(
    document: Document, rules: Rules, parser: Parser, mentions: Sequence[Mention] = ()
) -> dict[str, Readings]:
    """Parser readings of every trigger in the sentences the keyword pass marks as candidates,
    parsed in one batch (sentence text -> trigger span -> Reading).

    Only a sentence that could open an incident is parsed: one with a trigger that is not a
    detail word and a place (one of ``mentions``) or a calendar date of its own. Any other
    sentence can only join the incident before it or be dropped, whatever its clause says;
    it maps to no readings.
    """
    reference = document.datetime.date() if document.datetime else None
    placed_mentions = sorted((m for m in mentions if m.place is not None), key=lambda m: m.start)
    starts = [m.start for m in placed_mentions]
    texts: list[str] = []
    spans: list[list[tuple[int, int]]] = []
    names: list[list[tuple[int, int]]] = []
    skipped: dict[str, Readings] = {}
    seen: set[str] = set()
    for paragraph, dateline in zip(document.paragraphs, _datelines(document)):
        for sentence in _story_sentences(paragraph, dateline):
            text = sentence.text
            if text in skipped or text in seen:
                continue
            seen.add(text)
            present = rules.keywords_in(text)  # one keyword pass serves the triggers and the dates
            hits = [h for h in rules.triggers_in(text, present=present) if not h.trigger.detail]
            if not hits:
                continue
            begin = paragraph.start + sentence.start
            placed = bisect.bisect_left(starts, begin) < bisect.bisect_left(starts, begin + len(text))
            if placed or any(d.explicit for d in dates_in(text, reference=reference, cues=present)):
                texts.append(text)
                spans.append([(h.start, h.end) for h in hits])
                inside = placed_mentions[bisect.bisect_left(starts, begin) : bisect.bisect_left(starts, begin + len(text))]
                places = [(m.start - begin, m.end - begin) for m in inside if m.end <= begin + len(text)]
                if in_capitals(text):
                    places += _surnames(text, document.country) + calendar_names(text, cues=present)
                names.append(places)
            else:
                skipped[text] = {}
    readings = parser.readings(texts, spans, names=names) if texts else []
    parsed = {text: {span: r for span, r in zip(text_spans, rs) if r is not None}
              for text, text_spans, rs in zip(texts, spans, readings)}  # fmt: skip
    return {**skipped, **parsed}


#: a word: a run of letters
_WORD = re.compile(r"[^\W\d_]+")
#: a surname that is also an English word this common ("SAID", "MAY", "LONG") is left a word
_SURNAME_MAX_ZIPF = 4.0


def _surnames(text: str, country: str | None) -> list[tuple[int, int]]:
    """Spans of the words of a text in capitals that are common surnames in ``country`` (or in
    many countries) and rare as English words: "HAVE PRESENTED MORALES WITH CHALLENGES", lowered
    whole, reads "morales" as a plural noun and the sentence as a list without a verb."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)
            if len(m.group()) > 2 and is_surname(m.group().title(), country)
            and zipf_frequency(m.group().lower(), "en") < _SURNAME_MAX_ZIPF]  # fmt: skip


def events_from_document(
    document: Document,
    mentions: list[Mention],
    *,
    rules: Rules | None = None,
    parser: Parser | None | str = DEFAULT_PARSER,
    explain: list[Decision] | None = None,
) -> list[Event]:
    """Events reported in ``document``, one per incident (not yet merged across paragraphs).

    In a plain-text file of several news items, each item's dateline dates
    the stories after it, up to the next dateline. ``parser`` reads the
    clause of each candidate trigger (tense, modality, negation); None
    leaves the decision to the rules alone.
    """
    rules = rules or load_rules()
    if parser == DEFAULT_PARSER:
        parser = default_parser()
    parsed = parse_candidates(document, rules, parser, mentions) if isinstance(parser, Parser) else None
    by_paragraph: dict[int, list[Mention]] = {}
    for m in mentions:
        by_paragraph.setdefault(m.paragraph, []).append(m)
    reported = document.datetime.date() if document.datetime else None
    events: list[Event] = []
    previous: DateMention | None = None
    nation = next((m.place for m in mentions if m.place is not None and m.place.kind.value == "country"
                   and m.place.country == document.country), None)  # fmt: skip
    for paragraph, dateline in zip(document.paragraphs, _datelines(document)):
        if dateline is not None and dateline[2] is not None:
            reported = dateline[2].date()
            previous = None  # a new story: its incidents follow none of the last one's
        incidents = incidents_from_paragraph(
            document, paragraph, by_paragraph.get(paragraph.number, []), rules, reported=reported, dateline=dateline,
            parsed=parsed, explain=explain, previous=previous, nation=nation,
        )  # fmt: skip
        previous = next((i.date for i in reversed(incidents) if i.date is not None), previous)
        events.extend(event_from_incident(incident) for incident in incidents)
    return events
