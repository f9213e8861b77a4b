"""Render scale: N synthetic events -> HTML (time, size) -> headless Chromium (load, slider).

Usage: python benchmarks/bench_render.py [--events 100000] [--offline]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

from geomap.model import Event, Source
from geomap.render import write_map

TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests", "Strategic developments"]


def synthetic_events(n: int, seed: int = 3) -> list[Event]:
    rng = random.Random(seed)
    events = []
    for i in range(n):
        year, month, day = rng.randint(2004, 2010), rng.randint(1, 12), rng.randint(1, 28)
        date = f"{year}-{month:02d}-{day:02d}"
        events.append(Event(
            event_id=f"ev-{i:08d}", event_type=rng.choice(TYPES), sub_event_type="Armed clash", event_date=date,
            date_start=date, date_end=date, date_precision="day", actor1="Sendero Luminoso",
            actor2="Peruvian National Police", fatalities=rng.choice([None, 0, 1, 2, 5]), location=f"Place {i % 500}",
            place_id=f"test:{i % 500}", lat=-12.5 + rng.uniform(-4, 4), lon=-74 + rng.uniform(-3, 3), geo_precision=1,
            country="PE", sources=(Source(f"07LIMA{i}", None, 2, f"Synthetic report sentence number {i} about an incident."),),
        ))  # fmt: skip
    return events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--offline", action="store_true")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "render.html")
    args = parser.parse_args()
    events = synthetic_events(args.events)
    t = time.perf_counter()
    write_map(events, args.out, title=f"{args.events} events", offline=args.offline)
    written = time.perf_counter() - t
    print(f"| write HTML | events={args.events}, seconds={written:.2f}, MB={args.out.stat().st_size / 1e6:.1f} |")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("(no Chromium: load time not measured)")
        return 0
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        t = time.perf_counter()
        page.goto(args.out.resolve().as_uri(), timeout=180_000)
        page.wait_for_function("document.querySelector('.leaflet-container') && document.querySelector('.leaflet-container').getAttribute('data-visible-events')", timeout=180_000)
        loaded = time.perf_counter() - t
        t = time.perf_counter()
        page.eval_on_selector(".geomap-slider", "el => el.noUiSlider.set([0, 10])")  # the range's upper handle to bin 10
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        slider = time.perf_counter() - t
        print(f"| load in Chromium | seconds_to_interactive={loaded:.2f}, slider_move_seconds={slider:.2f} |")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
