"""The event schema's two roads: msgspec for rows in the shape geomap writes, pydantic for everything else.

The fast road must never accept what pydantic refuses, nor read a row differently:
each test here reads the same input with the fast road on and off.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap import exports, schema
from geomap.errors import DocumentError
from geomap.exports import events_from_file, properties_from_event, write_events
from geomap.model import Event, Source

PICHARI = Event(
    event_id="ev-pichari", event_type="Battles", sub_event_type="Armed clash", event_date="2007-11-13",
    date_start="2007-11-13", date_end="2007-11-13", date_precision="day", actor1="Sendero Luminoso",
    actor2="Peruvian Army", fatalities=3, injured=None, location="Pichari", place_id="geonames:3932834",
    lat=-12.52, lon=-73.83, geo_precision=1, country="PE", admin1="Cusco", admin2=None,
    sources=(Source(ref="07LIMA100", file=None, paragraph=2, quote="Our own words: an ambush near Pichari."),),
    confidence=0.8,
)  # fmt: skip
#: a zoo of events in shapes the writer produces: no place, a window, a zone, many sources, planned
ZOO = [
    PICHARI,
    replace(PICHARI, event_id="ev-noplace", lat=None, lon=None, location=None, place_id=None, geo_precision=None),
    replace(PICHARI, event_id="ev-window", event_date="2007-11", date_start="2007-11-01", date_end="2007-11-30",
            date_precision="month", fatalities=None, injured=12),  # fmt: skip
    replace(PICHARI, event_id="ev-zone", location="VRAE", place_id="curated:vrae", geo_precision=5,
            geometry_wkt="POLYGON ((-74 -12, -73 -12, -73 -13, -74 -13, -74 -12))"),  # fmt: skip
    replace(PICHARI, event_id="ev-many", sources=tuple(Source("07LIMA1", f"c{i}.txt", i, f"report {i}") for i in range(5))),
    replace(PICHARI, event_id="ev-planned", planned=True, event_type="Protests", sub_event_type=None, actor2=None,
            sources=(Source(None, "news.txt", None, ""),)),  # fmt: skip
]


def _typed(event: Event) -> list[tuple[type, object]]:
    """Every field with its type: 3 and 3.0 are equal, but a reader must give the one the schema says."""
    return [(type(getattr(event, f.name)), getattr(event, f.name)) for f in dataclasses.fields(Event)]


def _pydantic_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "event_from_canonical", lambda record: None)
    monkeypatch.setattr(exports, "events_from_json", lambda text, **kw: None)


def _read_both(path, monkeypatch):
    fast_errors: list[DocumentError] = []
    fast = events_from_file(path, errors=fast_errors)
    with monkeypatch.context() as m:
        _pydantic_only(m)
        slow_errors: list[DocumentError] = []
        slow = events_from_file(path, errors=slow_errors)
    return (fast, [str(e) for e in fast_errors]), (slow, [str(e) for e in slow_errors])


def test_the_row_struct_has_the_event_fields_in_order():
    # events are built from the struct's attributes by name: a field missing from either side would be lost
    assert list(schema._EventRow.__struct_fields__) == [f.name for f in dataclasses.fields(Event)]


def test_our_own_geojson_is_read_in_one_pass_as_the_same_events(tmp_path, monkeypatch):
    path = write_events(ZOO, tmp_path / "zoo.geojson")
    assert schema.events_from_json(path.read_text()) is not None  # the fast road is taken
    (fast, fast_errors), (slow, slow_errors) = _read_both(path, monkeypatch)
    assert fast == slow == ZOO and not fast_errors and not slow_errors
    assert [_typed(e) for e in fast] == [_typed(e) for e in slow]


def test_the_examples_read_the_same_on_both_roads(tmp_path, monkeypatch, pipeline):
    from tests.conftest import EXAMPLES

    events = pipeline.run([EXAMPLES]).events
    path = write_events(events, tmp_path / "examples.geojson")
    (fast, _), (slow, _) = _read_both(path, monkeypatch)
    assert fast == slow == events
    assert [_typed(e) for e in fast] == [_typed(e) for e in slow]


def test_hand_edited_rows_get_the_same_events_and_the_same_messages(tmp_path, monkeypatch):
    data = json.loads(write_events(ZOO, tmp_path / "zoo.geojson").read_text())
    features = data["features"]
    edits = [
        {"actor2": "  "},  # blank: no actor (pydantic's reading)
        {"fatalities": "12"},  # text of a number, as a spreadsheet leaves it
        {"event_date": "13/11/2007"},  # refused, with its row named
        {"latitude": None, "longitude": None},  # the place comes from the Point geometry
        {"sources": [{"ref": "07LIMA9", "quote": "no file or paragraph keys"}]},
        {"confidence": 2},  # refused: over 1
    ]
    for feature, edit in zip(features, edits):
        feature["properties"].update(edit)
    path = tmp_path / "edited.geojson"
    path.write_text(json.dumps(data))
    assert schema.events_from_json(path.read_text()) is None  # row by row from here
    (fast, fast_errors), (slow, slow_errors) = _read_both(path, monkeypatch)
    assert fast == slow and fast_errors == slow_errors
    assert [_typed(e) for e in fast] == [_typed(e) for e in slow]
    assert len(fast_errors) == 2 and "feature 2: event_date: not an ISO date" in fast_errors[0]
    assert "feature 5: confidence" in fast_errors[1]
    by_id = {e.event_id: e for e in fast}
    assert by_id["ev-pichari"].actor2 is None and by_id["ev-noplace"].fatalities == 12
    assert (by_id["ev-zone"].lat, by_id["ev-zone"].lon) == (PICHARI.lat, PICHARI.lon)


@pytest.mark.parametrize("edit", [
    {"event_date": "2007-02-30"}, {"date_start": "2007-11-14"}, {"latitude": None}, {"geo_precision": 7},
    {"zone_wkt": "POINT (inf 5)"}, {"fatalities": -1}, {"date_precision": "week"}, {"event_type": ""},
])  # fmt: skip
def test_a_refused_row_is_refused_by_both_roads_with_one_message(edit):
    record = {**properties_from_event(PICHARI), **edit}
    assert schema.event_from_canonical(record) is None
    with pytest.raises(DocumentError) as err:
        schema.event_from_record(record, origin="e.geojson feature 0")
    assert str(err.value).startswith("e.geojson feature 0: ")


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10), st.integers(), st.floats(), st.text(max_size=6),
    st.sampled_from(["", " ", "\u00a0", "2007-11-13", "2007-11", "2007", "2007-13-01", "12", "2.0", "day", "month",
                     "Battles", "POINT (-73 -12)", "POINT (inf 5)", "[]", '[{"quote": "x"}]', "true"]),
    st.lists(st.fixed_dictionaries({"ref": st.one_of(st.none(), st.sampled_from(["07LIMA1", " ", ""])),
                                    "file": st.one_of(st.none(), st.sampled_from(["a.txt", "\t"])),
                                    "paragraph": st.one_of(st.none(), st.integers(-3, 3), st.floats(0, 3)),
                                    "quote": st.one_of(st.sampled_from(["", " ", "q"]), st.integers())}), max_size=2),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)  # fmt: skip
_BASE = properties_from_event(PICHARI)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(sorted(_BASE)), _VALUES, max_size=4), st.sets(st.sampled_from(sorted(_BASE)), max_size=3))
def test_what_the_fast_road_accepts_pydantic_reads_the_same(edits, dropped):
    """Any record near a real one: the fast road either declines it or gives exactly pydantic's Event."""
    record = {k: v for k, v in {**_BASE, **edits}.items() if k not in dropped}
    fast = schema.event_from_canonical(record)
    if fast is None:
        return
    slow = schema._event_from_validated(record, origin="row")
    assert _typed(fast) == _typed(slow)


def test_the_fast_road_and_a_bad_file_level_json(tmp_path, monkeypatch):
    """NaN is not JSON: msgspec refuses the file, and the row-by-row road names the feature as before."""
    data = json.loads(write_events(ZOO[:2], tmp_path / "zoo.geojson").read_text())
    data["features"][1]["properties"]["latitude"] = float("nan")
    path = tmp_path / "nan.geojson"
    path.write_text(json.dumps(data, allow_nan=True))
    (fast, fast_errors), (slow, slow_errors) = _read_both(path, monkeypatch)
    assert fast == slow == ZOO[:1] and fast_errors == slow_errors
    assert "feature 1: latitude: Input should be a finite number" in fast_errors[0]
