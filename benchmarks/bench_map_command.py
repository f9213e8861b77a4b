"""The map command as users run it: `geomap map events100k.geojson -o m.html --offline` (and `map --store`).

Writes N synthetic events in the INTERFACE schema with `geomap.exports.write_events`
(the file `geomap extract` writes and users edit), then times the whole
command in a fresh process (wall clock, imports included), the page size, and
the time until the page is interactive in headless Chromium. With --store it
also loads the events into a store and times `geomap map --store`.

Usage: python benchmarks/bench_map_command.py [--events 100000] [--rounds 3] [--store] [--profile]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_render import synthetic_events  # noqa: E402

DATA = Path(__file__).parent / "data"
# the console script of the environment that runs this benchmark
GEOMAP = [str(Path(sys.executable).with_name("geomap")), "map"]


def _command(args: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        done = subprocess.run([*GEOMAP, *args], capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if done.returncode != 0:
            raise SystemExit(f"geomap {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return times


def _interactive(page_path: Path) -> float:
    """Seconds from navigation until the timeline reports what it shows (the page answers input from then on)."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        t = time.perf_counter()
        page.goto(page_path.resolve().as_uri(), timeout=180_000)
        page.wait_for_function("document.querySelector('.leaflet-container[data-visible-events]')", timeout=180_000)
        took = time.perf_counter() - t
        browser.close()
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store", action="store_true", help="also time `geomap map --store` on the same events")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of one run")
    args = parser.parse_args()
    from geomap.exports import write_events

    DATA.mkdir(parents=True, exist_ok=True)
    events_file = DATA / f"events{args.events // 1000}k.geojson"
    if not events_file.is_file():
        write_events(synthetic_events(args.events), events_file)
    out = DATA / "map-command.html"
    times = _command([str(events_file), "-o", str(out), "--offline", "-q", "--force"], args.rounds)
    size = out.stat().st_size / 1e6
    print(f"| map {events_file.name} --offline | events={args.events}, seconds(best/median)={min(times):.2f}/{sorted(times)[len(times) // 2]:.2f}, MB={size:.1f} |")
    if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        print(f"| interactive in Chromium | seconds={_interactive(out):.2f} |")
    if args.store:
        from geomap.model import Document
        from geomap.store import Store

        store_path = DATA / f"events{args.events // 1000}k.sqlite"
        if not store_path.is_file():
            events = synthetic_events(args.events)
            with Store(store_path) as store:
                for start in range(0, len(events), 100):  # 100 events a document, as a dense cable might give
                    document = Document(path=Path(f"bench/{start:08d}.txt"), body=f"bench {start}", paragraphs=(), format="text")
                    store.put(document, [], events[start:start + 100])
        times = _command(["--store", str(store_path), "-o", str(out), "--offline", "-q", "--force"], args.rounds)
        print(f"| map --store (same events) --offline | seconds(best/median)={min(times):.2f}/{sorted(times)[len(times) // 2]:.2f}, MB={out.stat().st_size / 1e6:.1f} |")
    if args.profile:
        import cProfile
        import pstats

        from click.testing import CliRunner

        from geomap.cli import main as cli

        profile = cProfile.Profile()
        profile.enable()
        CliRunner().invoke(cli, ["map", str(events_file), "-o", str(out), "--offline", "-q", "--force"])
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
