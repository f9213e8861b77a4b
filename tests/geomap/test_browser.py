"""The map in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Offline pages must load with no network and no console errors, the timeline
must change what is shown, popups must show their quote, and text from
documents must never run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geomap.exports import events_from_file, write_events
from geomap.render import write_map
from tests.conftest import EXAMPLES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.browser

XSS = [
    "<img src=x onerror=window.__xss=1>",
    "</script><script>window.__xss=2</script>",
    "${window.__xss=3}",
    "<svg/onload=window.__xss=4>",
    "\"><iframe src=javascript:window.__xss=5>",
    "{{constructor.constructor('window.__xss=6')()}}",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not installed (apt-get install chromium); .ci/run installs it in CI")
    playwright = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[browser]'")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def example_events(pipeline):
    return pipeline.run([EXAMPLES]).events


def open_page(browser, path):
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    problems, requests = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (problems.append("dialog: " + d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_selector(".geomap-timeline")
    return page, problems, requests


def visible(page):
    return int(page.get_attribute(".leaflet-container", "data-visible-events"))


_MAP = "window[Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].latLngToContainerPoint)]"


def drag_range(page, lo, hi):
    """Move the timeline's two handles to bin edges ``lo`` and ``hi`` by dragging them, as a user would."""
    n = page.evaluate("() => document.querySelector('.geomap-bar') ? document.querySelectorAll('.geomap-bar').length : 0")
    box = page.locator(".geomap-slider").bounding_box()
    for index, edge in ((1, hi), (0, lo)):
        handle = page.locator(".noUi-handle").nth(index).bounding_box()
        page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * edge / n, handle["y"] + handle["height"] / 2, steps=5)
        page.mouse.up()
    page.wait_for_timeout(100)


def click_event(page, lat, lon):
    """Click where the marker for (lat, lon) is drawn, as a user would."""
    page.evaluate(f"([lat, lon]) => {{ {_MAP}.closePopup(); {_MAP}.setView([lat, lon], 9, {{animate: false}}); }}", [lat, lon])
    page.wait_for_timeout(300)  # the canvas renderer redraws after the move ends
    point = page.evaluate(
        f"""([lat, lon]) => {{
            const m = {_MAP};
            const p = m.latLngToContainerPoint([lat, lon]);
            const box = m.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }}""",
        [lat, lon],
    )
    page.mouse.click(*point)
    page.wait_for_selector(".leaflet-popup-content", timeout=3000)
    return page.inner_text(".leaflet-popup-content")


def test_offline_map_loads_without_network_or_errors(browser, example_events, tmp_path):
    out = write_map(example_events, tmp_path / "map.html", title="examples", offline=True)
    page, problems, requests = open_page(browser, out)
    assert problems == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    located = [e for e in example_events if e.lat is not None]
    assert visible(page) == len(located)
    page.screenshot(path=str(tmp_path / "examples.png"))
    assert (tmp_path / "examples.png").stat().st_size > 10_000


def test_timeline_changes_what_is_visible(browser, example_events, tmp_path):
    out = write_map(example_events, tmp_path / "map.html", offline=True)
    page, problems, _ = open_page(browser, out)
    everything = visible(page)
    drag_range(page, 0, 1)
    first_bin = visible(page)
    assert 0 < first_bin < everything
    assert "2005-04" in page.inner_text(".geomap-range")
    page.click(".geomap-all")
    assert visible(page) == everything
    page.locator(".geomap-bar").nth(0).click()
    assert visible(page) == first_bin
    assert problems == []


def test_popup_shows_the_source_quote(browser, example_events, tmp_path):
    out = write_map(example_events, tmp_path / "map.html", offline=True)
    page, problems, _ = open_page(browser, out)
    ambush = next(e for e in example_events if e.event_date == "2007-11-13")
    text = click_event(page, ambush.lat, ambush.lon)
    assert ambush.sources[0].quote[:60] in text
    assert "07GEOMAP1, para 2" in text and "Killed" in text
    assert problems == []


def test_payloads_in_every_field_show_as_text_and_run_nothing(browser, example_events, tmp_path):
    events_file = write_events(example_events, tmp_path / "events.geojson")
    data = json.loads(events_file.read_text())
    target = next(f for f in data["features"] if f["geometry"])
    for i, payload in enumerate(XSS):
        props = target["properties"]
        props.update(location=payload, actor1=payload, actor2=payload, admin1=payload, event_type=payload, sub_event_type=payload)
        props["sources"] = [{"ref": payload, "file": payload, "paragraph": 1, "quote": payload}]
        events_file.write_text(json.dumps(data))
        out = write_map(events_from_file(events_file), tmp_path / f"xss{i}.html", title=payload, offline=True)
        page, problems, _ = open_page(browser, out)
        text = click_event(page, target["properties"]["latitude"], target["properties"]["longitude"])
        page.hover(".leaflet-control-layers")
        assert payload in text
        assert page.evaluate("window.__xss") is None, payload
        assert page.title() == payload
        assert problems == [], problems
        page.close()


def test_seed_map_offline(browser, gold, seed_events, tmp_path):
    """The map of the five seed cables: loads offline, no errors, every placed event drawn, a quote in a popup."""
    out = write_map(seed_events, tmp_path / "seeds.html", title="seeds", offline=True)
    page, problems, requests = open_page(browser, out)
    assert problems == [] and [u for u in requests if not u.startswith(("file:", "data:"))] == []
    placed = [e for e in seed_events if e.lat is not None]
    assert visible(page) == len(placed)
    ambush = next(e for e in seed_events if e.event_date == "2007-11-13")
    text = click_event(page, ambush.lat, ambush.lon)
    assert "07LIMA3646, para 1" in text and "Killed" in text
    page.screenshot(path=str(tmp_path / "seeds.png"))


def _many_events(n):
    import random

    from geomap.model import Event, Source

    rng = random.Random(5)
    types = ["Battles", "Riots", "Strategic developments"]
    events = []
    for i in range(n):
        date = f"{rng.randint(2005, 2008)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        events.append(Event(
            event_id=f"ev-{i}", event_type=types[i % 3], sub_event_type=None, event_date=date, date_start=date, date_end=date,
            date_precision="day", location=f"P{i % 50}", place_id=f"t:{i % 50}", lat=-12 + rng.uniform(-2, 2),
            lon=-74 + rng.uniform(-2, 2), geo_precision=1, sources=(Source("07LIMA1", None, 1, f"sentence {i}"),),
        ))  # fmt: skip
    return events


def _cluster_total(page):
    """Events counted on cluster labels, once the old labels have faded out."""
    page.wait_for_timeout(600)
    return sum(int(t) for t in page.locator(".geomap-cluster-label").all_inner_texts())


def test_many_events_are_clustered_and_still_filtered(browser, tmp_path):
    events = _many_events(3000)
    out = write_map(events, tmp_path / "many.html", offline=True)
    page, problems, _ = open_page(browser, out)
    assert visible(page) == 3000 and problems == []
    labels = page.locator(".geomap-cluster-label")
    assert 0 < labels.count() < 300
    everything = _cluster_total(page)
    assert 2900 <= everything <= 3000  # clusters cover what is on screen
    page.locator(".leaflet-control-layers-overlays label", has_text="Battles").locator("input").uncheck()
    assert _cluster_total(page) < everything * 0.75  # a third of the events were Battles
    drag_range(page, 0, 5)
    assert visible(page) < 3000
    assert 0 < _cluster_total(page) < visible(page)  # (waits for the old labels to fade)
    zoom = page.evaluate(f"() => {_MAP}.getZoom()")
    box = page.locator(".geomap-cluster-label").first.bounding_box()  # labels sit on their circles
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(400)
    assert page.evaluate(f"() => {_MAP}.getZoom()") > zoom
