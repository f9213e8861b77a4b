"""The five real seed cables against ../shared/gold/seeds.yaml (skipped where ../shared is absent)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gazetteer import km_between
from geomap.cli import document_json
from geomap.documents import document_from_path
from geomap.render import unpack_events
from tests.conftest import SEEDS


def _docs(gold):
    return gold["documents"]


def _ref(x):
    return (x or "").replace(" ", "").upper() or None


def test_metadata_matches_gold(gold):
    misses = []
    for doc in _docs(gold):
        got = document_json(document_from_path(SEEDS / doc["file"]))
        for field, want in doc["metadata"].items():
            value = got[field]
            if field in ("tags", "references"):
                ok = sorted(map(_ref, value)) == sorted(map(_ref, want or []))
            elif field in ("datetime", "released"):
                ok = (value or None) == (want or None) or (value and want and value[:16] == want[:16])
            elif field == "ref":
                ok = _ref(value) == _ref(want)
            else:
                ok = (" ".join(str(value).split()).upper() if value else None) == (" ".join(str(want).split()).upper() if want else None)
            if not ok:
                misses.append(f"{doc['file']} {field}: want {want!r} got {value!r}")
    assert not misses, "\n".join(misses)


def _spelled(text: str, spellings: set[str]) -> bool:
    """The mention is one of the spellings, or one contains the other ("Huancavelica region")."""
    return any(s in text or text in s for s in spellings)


def test_places_resolve_within_tolerance(gold, pipeline):
    misses = []
    for doc in _docs(gold):
        mentions = pipeline.mentions(document_from_path(SEEDS / doc["file"]))
        for place in doc["places"]:
            spellings = {s.lower() for s in place["as"]} | {place["name"].lower()}
            distances = [
                km_between(place["lat"], place["lon"], m.place.lat, m.place.lon)
                for m in mentions
                if m.place is not None and _spelled(" ".join(m.text.split()).lower(), spellings)
            ]
            if not distances or min(distances) > place["within_km"]:
                misses.append(f"{doc['file']} {place['name']}: nearest {min(distances) if distances else None}")
        mapped = {" ".join(m.text.split()).lower() for m in mentions if m.place is not None}
        misses += [f"{doc['file']} not a place: {n}" for n in doc.get("not_places", []) if n.lower() in mapped]
    assert not misses, "\n".join(misses)


def _matches(event, gold_event, places):
    if event.event_type not in set(gold_event.get("accept_types") or [gold_event["type"]]):
        return False
    lo, hi = gold_event["date_window"]
    start = (event.date_start or event.event_date or event.date_end or "")[:10]
    end = (event.date_end or event.event_date or event.date_start or "")[:10]
    if not start or end < lo or start > hi:
        return False
    if gold_event.get("place") is None:
        return True
    ref = gold_event.get("near") or places[gold_event["place"]]
    tolerance = max(ref["within_km"], places[gold_event["place"]]["within_km"])
    return event.lat is not None and km_between(ref["lat"], ref["lon"], event.lat, event.lon) <= tolerance


@pytest.mark.parametrize("required", [True, False], ids=["required", "optional"])
def test_gold_events_are_found_per_document(gold, pipeline, required):
    misses = []
    for doc in _docs(gold):
        events = pipeline.events(document_from_path(SEEDS / doc["file"]))
        places = {p["name"]: p for p in doc["places"]}
        for gold_event in doc["events"]:
            if gold_event.get("required", False) == required and not any(_matches(e, gold_event, places) for e in events):
                misses.append(f"{doc['file']} {gold_event['id']}")
    assert not misses, "\n".join(misses)


def test_huancavelica_ambush_counts(gold, seed_events):
    (event,) = [e for e in seed_events if e.event_date == "2007-11-13"]
    assert (event.fatalities, event.injured) == (4, 2)


def test_one_incident_reported_by_two_cables_is_one_event(gold, seed_events):
    ocobamba = [e for e in seed_events if e.location == "Ocobamba" and e.event_type == "Battles"]
    assert len(ocobamba) == 1
    assert {s.ref for s in ocobamba[0].sources} == {"07LIMA3646", "07LIMA3764"}
    assert ocobamba[0].event_date == "2007-10-31"


def test_december_attack_without_place_has_no_coordinates(gold, seed_events):
    (event,) = [e for e in seed_events if e.fatalities == 8]
    assert event.lat is None and event.lon is None and event.event_date == "2006-12"


def test_geomap_map_end_to_end(gold, tmp_path):
    """`geomap map` on the seeds: the HTML holds events at Palma Pampa and Pichari within 15 km of gold."""
    out = tmp_path / "seeds.html"
    geomap = Path(sys.executable).parent / "geomap"
    done = subprocess.run([geomap, "map", SEEDS, "-o", out, "--offline", "-q"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="geomap-data-[^"]+">(.*?)</script>', html, re.S).group(1))
    data["events"] = unpack_events(data["events"])
    places = {p["name"]: p for d in _docs(gold) for p in d["places"]}
    for name in ("Palma Pampa", "Pichari"):
        gp = places[name]
        assert any(
            e["latitude"] is not None and km_between(gp["lat"], gp["lon"], e["latitude"], e["longitude"]) <= 15 for e in data["events"]
        ), name
