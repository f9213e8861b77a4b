"""Hostile-input costs (issue 15): what adversarial inputs cost now that the quadratic cases are gone.

Usage:
  python benchmarks/bench_hostile.py

Each case runs in a fresh interpreter (its own peak RSS) and prints one Markdown row:
  * one incident retold in every paragraph (0.25, 0.5, 1 MB), rules only: merge was quadratic
  * unclosed <script> tags for the bare-text HTML reader (0.34 and 1.4 MB): was quadratic
  * an HTML page just under the 4 MiB cap, one line: the largest page geomap reads
  * reading a 100,000-row events CSV through the shared schema check
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_LINE = "On May 3, 2007 Shining Path guerrillas ambushed a police patrol near Pichari, killing four officers."

CASES = {
    **{f"one incident in every paragraph, {mb} MB": f"""
from geomap.documents import document_from_text
from geomap.pipeline import Pipeline, Settings
pipeline = Pipeline(Settings(parser=False))
pipeline.events(document_from_text("1. {_LINE}"))  # warm: gazetteer and rules loaded
n = int({mb} * 1024 * 1024 / {len(_LINE) + 8})
document = document_from_text("\\n\\n".join(f"{{i}}. {_LINE}" for i in range(1, n + 1)))
t = time.perf_counter(); events = pipeline.events(document); seconds = time.perf_counter() - t
RESULT = {{"seconds": seconds, "note": f"{{len(events)}} event, {{len(events[0].sources)}} sources"}}
""" for mb in (0.25, 0.5, 1)},
    **{f"unclosed <script> x {n:,} (bare-text reader)": f"""
from geomap.documents.containers import _bare_text
page = "<script>var a = 1; " * {n}
t = time.perf_counter(); _bare_text(page); seconds = time.perf_counter() - t
RESULT = {{"seconds": seconds, "note": f"{{len(page) / 2**20:.2f}} MB"}}
""" for n in (20_000, 80_000)},
    "HTML page of 3.9 MiB, one line": f"""
import tempfile, pathlib
from geomap.documents import document_from_path
folder = pathlib.Path(tempfile.mkdtemp())
page = folder / "big.html"
page.write_text("<html><body><p>" + "{_LINE} " * int(3.9 * 2**20 / {len(_LINE) + 1}) + "</p></body></html>")
t = time.perf_counter(); document = document_from_path(page); seconds = time.perf_counter() - t
RESULT = {{"seconds": seconds, "note": f"{{len(document.body) / 2**20:.1f}} MB of text"}}
""",
    "events CSV, 100,000 rows, read and checked": """
import tempfile, pathlib, dataclasses
from geomap.exports import events_from_file, write_events
from geomap.model import Event, Source
folder = pathlib.Path(tempfile.mkdtemp())
events = [Event(event_id=f"ev-{i}", event_type="Battles", sub_event_type="Armed clash", event_date="2007-11-13",
                date_start="2007-11-13", date_end="2007-11-13", date_precision="day", fatalities=i % 7,
                location="Pichari", place_id="geonames:3932418", lat=-12.5 + i * 1e-6, lon=-73.8, geo_precision=1,
                country="PE", sources=(Source("07LIMA1", "a.txt", 2, "Rebels ambushed a patrol."),))
          for i in range(100_000)]
path = write_events(events, folder / "e.csv")
t = time.perf_counter(); back = events_from_file(path); seconds = time.perf_counter() - t
assert back == events
RESULT = {"seconds": seconds, "note": f"{path.stat().st_size / 2**20:.0f} MB, {len(back) / seconds:,.0f} rows/s"}
""",
}


def main() -> None:
    print("| case | time | peak RSS | note |")
    print("|---|---|---|---|")
    for name, code in CASES.items():
        wrapper = (
            "import time\n" + code
            + "\nimport resource, json\nRESULT['rss'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\nprint(json.dumps(RESULT))\n"
        )  # fmt: skip
        out = subprocess.run([sys.executable, "-c", wrapper], capture_output=True, text=True, check=True, cwd=ROOT)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {name} | {result['seconds']:.2f} s | {result['rss']:.0f} MB | {result['note']} |", flush=True)


if __name__ == "__main__":
    main()
