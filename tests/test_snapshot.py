"""Every event extracted from the five seed cables, as a reviewed text snapshot.

Any change to extraction shows up here as a diff in review. To accept a
change on purpose: GEOMAP_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshot.py,
then read the diff of tests/snapshots/seed_events.txt before committing.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

SNAPSHOT = Path(__file__).parent / "snapshots" / "seed_events.txt"


def _line(e) -> str:
    date = e.event_date or (f"{e.date_start or '?'}..{e.date_end or '?'}")
    place = f"{e.location} (p{e.geo_precision})" if e.location else "no place"
    actors = " / ".join(a for a in (e.actor1, e.actor2) if a) or "-"
    counts = f"killed={e.fatalities if e.fatalities is not None else '-'} injured={e.injured if e.injured is not None else '-'}"
    sources = ", ".join(f"{s.ref}#{s.paragraph}" for s in e.sources)
    planned = " PLANNED" if e.planned else ""
    return f"{date} [{e.date_precision}] {e.event_type} / {e.sub_event_type or '-'}{planned} | {place} | {actors} | {counts} | {sources}"


def test_seed_events_snapshot(seed_events):
    lines = sorted(_line(e) for e in seed_events)
    text = "# geomap events from ../shared/corpus/seeds (reviewed snapshot; see tests/test_snapshot.py)\n" + "\n".join(lines) + "\n"
    if os.environ.get("GEOMAP_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    expected = SNAPSHOT.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), "snapshot", "now"))
    assert not diff, "seed events changed; review, then update with GEOMAP_UPDATE_SNAPSHOTS=1:\n" + diff
