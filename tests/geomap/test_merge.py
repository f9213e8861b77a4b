"""merge_events against the rule it implements, checked the slow and obvious way.

merge_events finds candidate groups through blocking keys and tests a group
once for kind and date and once per distinct member signature; the reference
below tests every event against every member of every group. Both must give
the same events, on generated reports (places inside units, reports without
a place, open date windows, documents that cite each other) and on the
examples' own events.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.documents import document_from_path
from geomap.events import events_from_document, load_rules, merge_events, same_incident
from geomap.events.merge import _PRECISION_RANK, _combine
from geomap.model import Event, Source

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: (place_id, location, admin1, admin2): two towns, the province and departments around them
PLACES = [
    ("geonames:1", "Pichari", "Cusco", "La Convencion"),
    ("geonames:2", "Sivia", "Ayacucho", "Huanta"),
    ("ubigeo:0504", "Huanta", "Ayacucho", None),
    ("ubigeo:05", "Ayacucho", None, None),
    ("ubigeo:08", "Cusco", None, None),
]
DOCUMENTS = ["07LIMA1", "07LIMA2", "07LIMA3", "notes.txt"]
DAY0 = dt.date(2007, 1, 1)


def reference_merge(events: list[Event], links: dict[str, frozenset[str]]) -> list[Event]:
    ordered = sorted(events, key=lambda e: (_PRECISION_RANK.get(e.date_precision, 3), e.geo_precision or 9, e.event_id))
    groups: list[list[Event]] = []
    for event in ordered:
        for group in groups:
            if all(same_incident(member, event, links) for member in group):
                group.append(event)
                break
        else:
            groups.append([event])
    merged = [
        g[0] if len(g) == 1 else _combine(sorted(g, key=lambda e: (e.sources[0].ref or "", e.sources[0].paragraph or 0)))
        for g in groups
    ]
    return sorted(merged, key=lambda e: (e.date_start or e.date_end or "", e.event_id))


@st.composite
def reports(draw: st.DrawFn, number: int) -> Event:
    event_type = draw(st.sampled_from(["Battles", "Riots", "Strategic developments"]))
    place = draw(st.none() | st.sampled_from(PLACES))
    precision = draw(st.sampled_from(["day", "month", "year", "unknown"]))
    day = DAY0 + dt.timedelta(days=draw(st.integers(0, 40)))
    if precision == "day":
        start = end = day.isoformat()
    elif precision == "month":
        start, end = day.replace(day=1).isoformat(), (day.replace(day=28)).isoformat()
    elif precision == "year":
        start, end = "2007-01-01", "2007-12-31"
    else:
        start, end = draw(st.sampled_from([(None, day.isoformat()), (day.isoformat(), None), (None, None)]))
    sources = tuple(
        Source(ref=ref, file=None, paragraph=paragraph, quote="")
        for ref, paragraph in draw(
            st.lists(st.tuples(st.sampled_from(DOCUMENTS), st.none() | st.integers(1, 4)), min_size=1, max_size=2)
        )
    )
    return Event(
        event_id=f"ev-{number:04d}",
        event_type=event_type,
        sub_event_type=draw(st.sampled_from(["Arrests", "Looting"])) if event_type == "Strategic developments" else None,
        event_date=start if precision != "unknown" else None,
        date_start=start,
        date_end=end,
        date_precision=precision,
        actor1=draw(st.none() | st.sampled_from(["Sendero Luminoso", "Peruvian National Police"])),
        fatalities=draw(st.none() | st.integers(0, 5)),
        location=place[1] if place else None,
        place_id=place[0] if place else None,
        geo_precision=draw(st.none() | st.integers(1, 3)) if place else None,
        admin1=place[2] if place else None,
        admin2=place[3] if place else None,
        sources=sources,
        planned=draw(st.booleans()) and draw(st.booleans()),
    )


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[Event], dict[str, frozenset[str]]]:
    size = draw(st.integers(0, 40))
    events = [draw(reports(i)) for i in range(size)]
    links = {d: frozenset(draw(st.lists(st.sampled_from(DOCUMENTS), max_size=2))) - {d} for d in DOCUMENTS}
    return events, links


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_merge_equals_testing_every_member_of_every_group(batch):
    events, links = batch
    assert merge_events(events, links=links) == reference_merge(events, links)


ROUND_UP = """LIMA, March 20, 2007 - Security round-up

1. On March 3 a Shining Path column ambushed a police patrol near Pichari, killing two officers.

2. The March 3 ambush near Pichari was the third this year; police said two officers died in it.

3. Separately, police arrested four suspects in Sivia on March 9.
"""


def test_merge_equals_the_reference_on_extracted_events(pipeline, tmp_path):
    (tmp_path / "round_up.txt").write_text(ROUND_UP, encoding="utf-8")
    documents = [document_from_path(p) for p in [*sorted(EXAMPLES.glob("*.txt")), tmp_path / "round_up.txt"]]
    events = [e for d in documents for e in events_from_document(d, pipeline.mentions(d), rules=load_rules())]
    links = {d.name: frozenset(d.references) for d in documents}
    merged = merge_events(events, links=links)
    assert len(merged) == len(events) - 1  # the round-up tells the Pichari ambush twice
    assert merged == reference_merge(events, links)


def test_a_long_digest_of_one_place_merges_like_the_reference():
    """Hundreds of reports at one place in one document: one big group and many small ones."""
    def report(i: int) -> Event:
        day = (DAY0 + dt.timedelta(days=i % 50)).isoformat()
        dated = i % 3 == 0  # every third report has its day, the others only "before" it
        return Event(
            event_id=f"ev-{i:04d}", event_type="Strategic developments", sub_event_type="Arrests",
            event_date=day if dated else None, date_start=day if dated else None, date_end=day,
            date_precision="day" if dated else "unknown", location="Pichari", place_id="geonames:1",
            admin1="Cusco", admin2="La Convencion", geo_precision=1,
            sources=(Source(ref="07LIMA1", file=None, paragraph=i // 7 + 1, quote=""),),
        )  # fmt: skip

    events = [report(i) for i in range(400)]
    merged = merge_events(events)
    assert 1 < len(merged) < len(events)
    assert merged == reference_merge(events, {})
