"""One incident, one event: merge reports of the same incident.

Two events are the same incident when they have the same type, their date
windows overlap, their places agree (the same place, one inside the other,
or one has none and they sit in neighbouring paragraphs of one document),
and they come from the same document or from documents that cite each other
or give the same day. The merged event keeps the most precise date and
place and lists every source.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

import shapely.errors
import shapely.wkt
from geopy.distance import great_circle

from geomap.coords import shapely_point
from geomap.model import Event, Source

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}


def _window(event: Event) -> tuple[dt.date, dt.date]:
    return _parse_window(event.date_start, event.date_end)


@lru_cache(maxsize=65536)
def _parse_window(start: str | None, end: str | None) -> tuple[dt.date, dt.date]:
    """ISO bounds as dates (open ends as the extremes); windows repeat, so parsed once each."""
    return dt.date.fromisoformat(start) if start else dt.date.min, dt.date.fromisoformat(end) if end else dt.date.max


def _overlap(a: Event, b: Event) -> bool:
    (a_lo, a_hi), (b_lo, b_hi) = _window(a), _window(b)
    return a_lo <= b_hi and b_lo <= a_hi


def _document(source: Source) -> str:
    return source.ref or source.file or ""


#: within one document, two reports of one kind on one day are one incident when their places
#: are this close: a headline names the zone, the story the village ("the VRAE attack", "the
#: attack near Vizcatan")
NEARBY_KM = 150.0


def _places_agree(a: Event, b: Event, *, same_document: bool, neighbours: bool | None = None) -> bool:
    """``neighbours``: whether a and b are told in neighbouring paragraphs, when the caller knows."""
    if a.place_id == b.place_id:
        return a.place_id is not None or same_document
    if _vague_place(a) or _vague_place(b):
        # no place, or only a country: within a document it is the incident told nearby, or
        # on the same date ("the March 2008 raid", paragraphs apart, is one raid)
        same_date = a.event_date is not None and a.event_date == b.event_date
        near = _neighbours(a, b) if neighbours is None else neighbours
        return same_document and (_same_day(a, b) or near or same_date) and _same_country(a, b)
    if (a.location is not None and a.location in (b.admin1, b.admin2)) or (
        b.location is not None and b.location in (a.admin1, a.admin2)
    ):
        # a town in the department told of: one incident, unless one is undated and told
        # paragraphs away (an arrest "in Norte de Santander" is not the Cucuta arrest of ¶2)
        dated = a.date_start is not None and b.date_start is not None
        return not same_document or dated or (_neighbours(a, b) if neighbours is None else neighbours)
    # two places of one document: one incident only when both give the same day
    return same_document and _same_day(a, b) and _km(a, b) <= NEARBY_KM


def _vague_place(event: Event) -> bool:
    return event.place_id is None or event.geo_precision == 6


def _same_country(a: Event, b: Event) -> bool:
    return a.place_id is None or b.place_id is None or a.country == b.country


def _same_day(a: Event, b: Event) -> bool:
    return a.date_precision == "day" and b.date_precision == "day" and a.event_date == b.event_date


def _neighbours(a: Event, b: Event) -> bool:
    paragraphs = [s.paragraph or 0 for s in (*a.sources, *b.sources)]
    return max(paragraphs) - min(paragraphs) <= 1


def _km(a: Event, b: Event) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    return great_circle((a.lat, a.lon), (b.lat, b.lon)).km


def _linked(a: Event, b: Event, links: Mapping[str, frozenset[str]]) -> tuple[bool, bool]:
    """(linked, same document): documents are linked when one cites the other."""
    docs_a = {_document(s) for s in a.sources}
    docs_b = {_document(s) for s in b.sources}
    if docs_a & docs_b:
        return True, True
    cites = any(links.get(x, frozenset()) & docs_b for x in docs_a) or any(links.get(y, frozenset()) & docs_a for y in docs_b)
    return cites or _same_day(a, b), False


def same_incident(a: Event, b: Event, links: Mapping[str, frozenset[str]] = {}) -> bool:
    """True when ``a`` and ``b`` report one incident (see module docstring)."""
    return _same_kind(a, b) and _overlap(a, b) and _related(a, b, links)


#: (type, sub-type) of reports that, on the day of an armed clash at the same place, are part of
#: it: the arrests and the raid in which police killed three are one incident, the clash
_PART_OF: dict[tuple[str, str | None], str] = {("Strategic developments", "Arrests"): "Battles", ("Strategic developments", "Other"): "Battles"}


def _same_kind(a: Event, b: Event) -> bool:
    if a.planned != b.planned:
        return False
    if a.event_type != b.event_type:
        return _same_day(a, b) and (
            _PART_OF.get((a.event_type, a.sub_event_type)) == b.event_type
            or _PART_OF.get((b.event_type, b.sub_event_type)) == a.event_type
        )
    return a.event_type != "Strategic developments" or a.sub_event_type == b.sub_event_type


def _related(a: Event, b: Event, links: Mapping[str, frozenset[str]], *, neighbours: bool | None = None) -> bool:
    """Linked documents and agreeing places (what same_incident asks beyond kind and date)."""
    linked, same_document = _linked(a, b, links)
    return linked and _places_agree(a, b, same_document=same_document, neighbours=neighbours)


def _combine(group: Sequence[Event]) -> Event:
    # a clash and the arrests made in it: the event is the clash
    first = next((e for e in group if (e.event_type, e.sub_event_type) not in _PART_OF), group[0])
    dated = min(group, key=lambda e: _PRECISION_RANK.get(e.date_precision, 3))
    if dated.date_precision == "unknown":
        # all vague: keep the narrowest window that has a start
        dated = min(group, key=lambda e: (e.date_start is None, (_window(e)[1] - _window(e)[0]).days if e.date_start else 0))
    placed = _surest_place(group) or first
    sources = tuple(dict.fromkeys(s for e in group for s in e.sources))
    actors = [a for e in group for a in (e.actor1, e.actor2) if a]
    actors = list(dict.fromkeys(actors))
    fatalities = max((e.fatalities for e in group if e.fatalities is not None), default=None)
    injured = max((e.injured for e in group if e.injured is not None), default=None)
    return replace(
        first,
        event_id=min(e.event_id for e in group),
        event_date=dated.event_date,
        date_start=dated.date_start,
        date_end=dated.date_end,
        date_precision=dated.date_precision,
        actor1=first.actor1 or (actors[0] if actors else None),
        actor2=first.actor2 or next((a for a in actors if a != (first.actor1 or actors[0])), None),
        fatalities=fatalities,
        injured=injured,
        location=placed.location,
        place_id=placed.place_id,
        lat=placed.lat,
        lon=placed.lon,
        geo_precision=placed.geo_precision,
        country=placed.country,
        admin1=placed.admin1,
        admin2=placed.admin2,
        geometry_wkt=placed.geometry_wkt,
        sources=sources,
        confidence=round(min(0.95, max(e.confidence for e in group) + 0.05 * (len({_document(s) for s in sources}) - 1)), 2),
    )


def _surest_place(group: Sequence[Event]) -> Event | None:
    """The most precise place of the group that lies inside every zone the others name.

    A headline's zone ("the VRAE") and the story's village are one incident; the
    village wins, unless it falls outside the zone (a fuzzy match to a namesake
    elsewhere), when the zone is the surer place.
    """
    placed = sorted((e for e in group if e.place_id), key=lambda e: (e.geo_precision or 9, -e.confidence))
    zones = [e.geometry_wkt for e in placed if e.geometry_wkt]
    for event in placed:
        if event.lat is None or event.lon is None:
            continue
        if all(within_zone(event.lat, event.lon, zone) for zone in zones):
            return event
    return placed[-1] if placed else None


@lru_cache(maxsize=256)
def _zone_from_wkt(wkt: str):  # noqa: ANN202 - a shapely geometry
    try:
        geometry = shapely.wkt.loads(wkt)
    except shapely.errors.ShapelyError:
        return None
    return geometry if geometry.geom_type in ("Polygon", "MultiPolygon") else None


def within_zone(lat: float, lon: float, wkt: str) -> bool:
    """True when the point lies in the zone ``wkt`` (a few km of slack), or the zone is no polygon."""
    zone = _zone_from_wkt(wkt)
    return zone is None or zone.buffer(0.05).contains(shapely_point(lat, lon))



def _keys(event: Event, links: Mapping[str, frozenset[str]]) -> tuple[set[tuple], set[tuple]]:
    """Blocking keys: (the keys ``event`` is filed under, the keys it looks up).

    Two events can only be one incident if one files under a key the other
    looks up. Keys name a document the event's sources come from or cite
    (reports merge within a document or across documents that cite each
    other) or the exact day (reports of the same day merge without a
    citation), with the place, or a unit around or inside it. An event
    without a place can only join reports of its own document, so it meets
    every report of its kind there; a placed report meets the placeless ones
    of its document, but not, through the document alone, reports placed
    elsewhere (those never agree with it).
    """
    kind = (event.event_type, event.planned)
    # kinds whose same-day reports this one may join or take in (see _PART_OF)
    kinds = {kind} | {(other, event.planned) for other in _partners(event)}
    documents = {_document(s) for s in event.sources}
    documents |= {cited for d in list(documents) for cited in links.get(d, ())}
    places = []
    if event.place_id is not None and event.geo_precision != 6:
        places.append(("place", event.place_id))
        if event.location is not None:
            places.append(("unit", event.location))  # meets events inside this unit
        places += [("unit", unit) for unit in (event.admin1, event.admin2) if unit is not None]  # and the unit around it
    keys: set[tuple] = {(*kind, *place, "doc", d) for place in places for d in documents}
    if event.date_precision == "day":
        keys |= {(*kind, *place, "day", event.event_date) for place in places}
    # nearby places of one document meet on one day, or in neighbouring paragraphs
    own = {_document(s) for s in event.sources}
    if event.date_precision == "day":
        keys |= {(*kind, "doc-day", d, event.event_date) for d in own}
    paragraphs = {s.paragraph or 0 for s in event.sources}
    filed_near = {(*kind, "doc-paragraph", d, p) for d in own for p in paragraphs}
    looked_near = {(*kind, "doc-paragraph", d, p + step) for d in own for p in paragraphs for step in (-1, 0, 1)}
    if event.date_precision == "day":  # same-day reports of a partner kind (see _PART_OF)
        partners = kinds - {kind}
        keys_of_partners: set[tuple] = {(*k, *place, "day", event.event_date) for k in partners for place in places}
        keys_of_partners |= {(*k, "doc-day", d, event.event_date) for k in partners for d in own}
    else:
        keys_of_partners = set()  # no partners without a day
    placeless = {(*kind, "placeless", "doc", d) for d in documents}
    if _vague_place(event):
        placed = {(*kind, "placed", "doc", d) for d in documents}
        return keys | placeless | filed_near, keys | placeless | placed | looked_near | keys_of_partners
    filed = keys | {(*kind, "placed", "doc", d) for d in documents} | filed_near
    return filed, keys | placeless | looked_near | keys_of_partners


def _partners(event: Event) -> set[str]:
    """Event types whose same-day reports may be one incident with ``event`` (see _PART_OF)."""
    own = (event.event_type, event.sub_event_type)
    return {t for t in (_PART_OF.get(own),) if t} | {part[0] for part, whole in _PART_OF.items() if whole == event.event_type}


def _signature(event: Event) -> tuple:
    """What _related and _same_kind read of an event but its paragraphs: members of a group with one
    signature answer alike, but for whether they are told next to the new report (_Alike)."""
    return (frozenset(_document(s) for s in event.sources), event.date_precision,
            event.event_date, event.place_id, event.location, event.admin1, event.admin2, event.geo_precision,
            event.country, event.lat, event.lon, event.event_type, event.sub_event_type, event.planned)  # fmt: skip


class _Alike:
    """Members of a group with one signature: one of them, and the paragraphs they span.

    Whether every one of them neighbours a new report (``_neighbours`` of each) is
    read from three numbers, so an incident retold in every paragraph of a long
    document costs one test per new report, not one per earlier retelling.
    """

    __slots__ = ("first", "highest", "lowest", "widest")

    def __init__(self, event: Event) -> None:
        paragraphs = [s.paragraph or 0 for s in event.sources]
        self.first = event
        self.lowest, self.highest, self.widest = min(paragraphs), max(paragraphs), max(paragraphs) - min(paragraphs)

    def add(self, event: Event) -> None:
        paragraphs = [s.paragraph or 0 for s in event.sources]
        self.lowest, self.highest = min(self.lowest, *paragraphs), max(self.highest, *paragraphs)
        self.widest = max(self.widest, max(paragraphs) - min(paragraphs))

    def all_neighbour(self, event: Event) -> bool:
        """``_neighbours(member, event)`` for every member: each member's span and the event's fit in two paragraphs."""
        paragraphs = [s.paragraph or 0 for s in event.sources]
        low, high = min(paragraphs), max(paragraphs)
        return self.widest <= 1 and high - low <= 1 and self.highest - low <= 1 and high - self.lowest <= 1


class _Group:
    """Reports of one incident so far; a new report joins only if it is the same incident as every member.

    Kind is shared by all members and date windows are intervals, so those two
    checks run once against the group (overlapping every member's window is
    overlapping their intersection); the rest runs once per distinct member
    signature. A group of thousands of reports (a long digest of one place)
    is then as cheap to test as a small one.
    """

    __slots__ = ("_distinct", "hi", "lo", "members")

    def __init__(self, event: Event) -> None:
        self.members = [event]
        self.lo, self.hi = _window(event)
        #: members by signature, made when a second member joins (most groups stay single)
        self._distinct: dict[tuple, _Alike] | None = None

    def accepts(self, event: Event, links: Mapping[str, frozenset[str]]) -> bool:
        lo, hi = _window(event)
        if not (lo <= self.hi and self.lo <= hi):
            return False
        if self._distinct is None:
            member = self.members[0]
            return _same_kind(member, event) and _related(member, event, links)
        alike = self._distinct.values()
        # kinds mix only as a clash and its same-day arrests (_PART_OF): test the kind per member
        if not all(_same_kind(a.first, event) for a in alike):
            return False
        # members alike but for their paragraphs agree with the event alike, but for being its neighbours,
        # which only ever makes places agree: all of them agree when the one does with all as neighbours
        return all(_related(a.first, event, links, neighbours=a.all_neighbour(event)) for a in alike)

    def add(self, event: Event) -> None:
        if self._distinct is None:
            self._distinct = {_signature(self.members[0]): _Alike(self.members[0])}
        self.members.append(event)
        lo, hi = _window(event)
        self.lo, self.hi = max(self.lo, lo), min(self.hi, hi)
        key = _signature(event)
        if key in self._distinct:
            self._distinct[key].add(event)
        else:
            self._distinct[key] = _Alike(event)


def merge_events(events: Iterable[Event], *, links: Mapping[str, frozenset[str]] = {}) -> list[Event]:
    """Events with reports of one incident merged; ``links`` maps a document ref to the refs it cites.

    Most precise events seed the groups, so an event without a place cannot
    bridge two different places into one incident; each event joins the
    first group (in the order groups were opened) whose every member is the
    same incident. Candidate groups are found through blocking keys (same
    type and place, containing unit, or document), so the cost grows with the
    number of events, not its square.
    """
    ordered = sorted(
        events,
        key=lambda e: (_PRECISION_RANK.get(e.date_precision, 3), e.geo_precision or 9, e.event_id),
    )
    groups: list[_Group] = []
    blocks: dict[tuple, list[int]] = {}
    for event in ordered:
        filed, looked_up = _keys(event, links)
        candidates = sorted({i for key in looked_up for i in blocks.get(key, ())})
        for i in candidates:
            if groups[i].accepts(event, links):
                groups[i].add(event)
                break
        else:
            i = len(groups)
            groups.append(_Group(event))
        for key in filed:
            block = blocks.setdefault(key, [])
            if not block or block[-1] != i:
                block.append(i)
    merged = [
        g.members[0] if len(g.members) == 1
        else _combine(sorted(g.members, key=lambda e: (e.sources[0].ref or "", e.sources[0].paragraph or 0)))
        for g in groups
    ]  # fmt: skip
    return sorted(merged, key=lambda e: (e.date_start or e.date_end or "", e.event_id))


#: a window at least this long is a period, not a day: a sentence that sums incidents up
SUMMARY_DAYS = 28
#: incidents of the period the document must tell one by one for a sentence to be their summary
SUMMARY_PARTS = 2


def fold_summaries(events: Sequence[Event]) -> list[Event]:
    """One document's events without the summaries of incidents it also tells one by one.

    "In January-February the FARC bombed plants in Caqueta" and then each bombing on its day:
    the first is no incident of its own. An event over a period (SUMMARY_DAYS or more) in a
    department, zone or no place, with SUMMARY_PARTS or more events of its type inside both
    its window and its area, is folded into the earliest of them, as one more source.
    """
    by_type: dict[str, list[Event]] = {}
    for event in events:
        by_type.setdefault(event.event_type, []).append(event)
    folded: dict[str, Event] = {}  # event_id of an incident -> the incident with the summaries' sources
    summaries: set[str] = set()
    for kind in by_type.values():
        if len(kind) <= SUMMARY_PARTS:
            continue
        kind.sort(key=lambda e: _window(e)[0])
        starts = [_window(e)[0] for e in kind]
        for summary in kind:
            lo, hi = _window(summary)
            if summary.date_start is None or (hi - lo).days < SUMMARY_DAYS or not _wide(summary):
                continue
            parts = [
                e
                for e in kind[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi)]
                if e is not summary and e.event_id not in summaries and _window(e)[1] <= hi
                and (_window(e)[1] - _window(e)[0]).days < SUMMARY_DAYS and _inside(e, summary)
            ]  # fmt: skip
            if len(parts) < SUMMARY_PARTS:
                continue
            first = folded.get(parts[0].event_id, parts[0])
            folded[first.event_id] = replace(first, sources=tuple(dict.fromkeys((*first.sources, *summary.sources))))
            summaries.add(summary.event_id)
    return [folded.get(e.event_id, e) for e in events if e.event_id not in summaries]


def _wide(event: Event) -> bool:
    """A department, a zone, a country, or no place: an area that can hold several incidents."""
    return event.place_id is None or bool(event.geometry_wkt) or (event.geo_precision or 0) >= 4


def _inside(part: Event, area: Event) -> bool:
    if area.place_id is None:
        return True
    if area.geometry_wkt and part.lat is not None and part.lon is not None:
        return within_zone(part.lat, part.lon, area.geometry_wkt)
    return part.place_id == area.place_id or area.location in (part.admin1, part.admin2) or (
        area.geo_precision == 6 and part.country == area.country
    )
