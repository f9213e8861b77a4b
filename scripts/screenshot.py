"""Screenshot of a geomap HTML file in headless Chromium (Debian's /usr/bin/chromium).

Usage: python scripts/screenshot.py MAP.html OUT.png [--width 1280 --height 800] [--view LAT,LON,ZOOM] [--click LAT,LON]
    [--list]

--view centres the map first; --click then clicks the marker drawn at LAT,LON (a popup, or a stack's list);
--list opens the event list panel.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--view", help="LAT,LON,ZOOM to centre on before the screenshot")
    parser.add_argument("--click", help="LAT,LON of a marker to click (after --view)")
    parser.add_argument("--list", action="store_true", help="open the event list")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("screenshot: Chromium not found; install it with apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(args.html.resolve().as_uri())
        page.wait_for_selector(".geomap-timeline")
        page.wait_for_timeout(500)
        the_map = "window[Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].latLngToContainerPoint)]"
        if args.view:
            lat, lon, zoom = (float(v) for v in args.view.split(","))
            page.evaluate(f"([lat, lon, zoom]) => {{ {the_map}.setView([lat, lon], zoom, {{animate: false}}); }}", [lat, lon, zoom])
            page.wait_for_timeout(400)
        if args.list:
            page.click(".geomap-list-toggle")
        if args.click:
            lat, lon = (float(v) for v in args.click.split(","))
            x, y = page.evaluate(f"([lat, lon]) => {{ const p = {the_map}.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }}", [lat, lon])
            page.mouse.click(x, y)
            page.wait_for_timeout(600)
        args.png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.png))
        browser.close()
    print(args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
