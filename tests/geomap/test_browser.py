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
        page.click(".geomap-list-toggle")  # the event list and the place labels show the same text as text
        assert payload in page.inner_text(".geomap-list-rows")
        assert payload in page.evaluate("() => [...document.querySelectorAll('.geomap-label-event')].map(n => n.textContent)")
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


# ---- issue 17: a map people can read ----


def _boxes_overlap(a, b):
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def _shown_labels(page, kind):
    return page.evaluate(
        f"() => [...document.querySelectorAll('.geomap-label-{kind}')].filter(n => n.style.display !== 'none').map(n => n.textContent)"
    )


def test_seed_map_names_departments_and_event_places_without_hovering(browser, seed_events, tmp_path):
    out = write_map(seed_events, tmp_path / "seeds.html", title="seeds", offline=True)
    page, problems, _ = open_page(browser, out)
    places = set(_shown_labels(page, "event"))
    departments = set(_shown_labels(page, "admin1")) | places  # an event placed at a department carries its name
    assert {"Ayacucho", "Huánuco", "Junín", "San Martín"} <= departments, departments
    drawn = {e.location for e in seed_events if e.lat is not None and not e.planned}
    # at the first view a few names give way to a neighbour's; zoomed in, every place an event uses is written
    assert len(places) >= len(drawn) // 2, (places, drawn)
    for e in seed_events:
        if e.lat is not None and not e.planned:
            page.evaluate(f"([lat, lon]) => {{ {_MAP}.setView([lat, lon], 10, {{animate: false}}); }}", [e.lat, e.lon])
            page.wait_for_timeout(50)
            assert e.location in _shown_labels(page, "event"), e.location
    # labels never overlap each other
    page.evaluate(f"() => {{ {_MAP}.setView([-12.5, -74], 7, {{animate: false}}); }}")
    page.wait_for_timeout(50)
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.geomap-label')].filter(n => n.style.display !== 'none')"
        ".map(n => { const r = n.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; })"
    )
    assert len(boxes) > 10
    assert not any(_boxes_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert problems == []


def test_time_axis_has_year_labels_and_undated_events_are_spread_over_their_window(browser, seed_events, tmp_path):
    out = write_map(seed_events, tmp_path / "seeds.html", offline=True)
    page, problems, _ = open_page(browser, out)
    years = page.locator(".geomap-axis-year").all_inner_texts()
    assert {"2005", "2006", "2007"} <= set(years)
    assert page.locator(".noUi-handle").count() == 2  # one control with two handles
    # the seed events known only by a window (e.g. "before 5 December 2007") are drawn across it, not as a December spike
    windows = page.evaluate("() => [...document.querySelectorAll('.geomap-bar-window')].filter(b => b.offsetHeight > 0).length")
    assert windows > 10
    december = page.locator(".geomap-bar").last.locator(".geomap-bar-exact").bounding_box()
    assert december is None or december["height"] < 41
    assert problems == []


def test_clicking_a_stack_lists_every_event_there_and_each_opens(browser, seed_events, tmp_path):
    out = write_map(seed_events, tmp_path / "seeds.html", offline=True)
    page, problems, _ = open_page(browser, out)
    page.locator(".leaflet-control-layers-overlays label", has_text="Planned").locator("input").check()
    here = [e for e in seed_events if e.location == "Upper Huallaga" and e.lat is not None]
    assert len(here) >= 2
    text = click_event(page, here[0].lat, here[0].lon)
    assert f"{len(here)} events at Upper Huallaga" in text
    items = page.locator(".geomap-stack-item")
    assert items.count() == len(here)
    opened = set()
    for i in range(len(here)):
        page.locator(".geomap-stack-item").nth(i).click()
        page.wait_for_selector(".geomap-stack-back")
        popup = page.inner_text(".leaflet-popup-content")
        assert "Upper Huallaga" in popup and "Date" in popup
        opened.add(popup)
        page.click(".geomap-stack-back")
        page.wait_for_selector(".geomap-stack-item")
    assert len(opened) == len(here)  # each item opened a different event
    assert problems == []


def test_no_popup_is_covered_by_the_title_note_or_timeline(browser, seed_events, tmp_path):
    out = write_map(seed_events, tmp_path / "seeds.html", title="A long title for the seed cables of Embassy Lima", offline=True)
    for width, height in ((1200, 800), (800, 600)):
        page, problems, _ = open_page(browser, out)
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(200)
        covers = [page.locator(sel).bounding_box() for sel in (".geomap-title", ".geomap-note", ".geomap-timeline")]
        for e in seed_events:
            if e.lat is None or e.planned:
                continue
            click_event(page, e.lat, e.lon)
            page.wait_for_timeout(350)  # the pan that keeps the popup clear
            popup = page.locator(".leaflet-popup-content-wrapper").bounding_box()
            assert not any(_boxes_overlap(popup, c) for c in covers), (width, e.location, popup, covers)
        assert problems == []
        page.close()


def test_event_list_searches_sorts_and_opens_popups(browser, seed_events, tmp_path):
    out = write_map(seed_events, tmp_path / "seeds.html", offline=True)
    page, problems, _ = open_page(browser, out)
    drawn = [e for e in seed_events if e.lat is not None and not e.planned]
    assert f"Events ({len(drawn)})" in page.inner_text(".geomap-list-toggle")
    page.click(".geomap-list-toggle")
    assert page.locator(".geomap-list-row").count() == len(drawn)
    page.select_option(".geomap-list-sort", "killed")
    first = page.locator(".geomap-list-row").first.inner_text()
    assert "killed" in first
    page.fill(".geomap-list-search", "palmapampa")
    rows = page.locator(".geomap-list-row")
    assert rows.count() == sum(1 for e in drawn if e.location == "Palmapampa")
    rows.first.click()
    page.wait_for_selector(".leaflet-popup-content")
    assert "Palmapampa" in page.inner_text(".leaflet-popup-content")
    page.fill(".geomap-list-search", "")
    bins = page.locator(".geomap-bar").count()
    for hi in range(1, bins):  # the list follows the timeline: widen it from the first bin until it holds some
        drag_range(page, 0, hi)
        listed = page.locator(".geomap-list-row").count()
        if listed:
            break
    assert 0 < listed < len(drawn) and f"Events ({listed})" in page.inner_text(".geomap-list-toggle")
    assert problems == []


def test_metric_scale_above_the_timeline_and_legend_folds_in_small_embeds(browser, seed_events, tmp_path):
    out = write_map(seed_events, tmp_path / "seeds.html", title="Embassy Lima seed cables, 2005-2007", offline=True)
    page, problems, _ = open_page(browser, out)
    scale = page.inner_text(".leaflet-control-scale-line")
    assert scale.endswith(("km", " m")) and "mi" not in scale and "ft" not in scale
    scale_box = page.locator(".leaflet-control-scale").bounding_box()
    assert scale_box["y"] + scale_box["height"] <= page.locator(".geomap-timeline").bounding_box()["y"]
    assert page.locator(".leaflet-control-layers-expanded").count() == 1  # a full window: the legend is open
    for width, height in ((800, 600), (390, 740)):  # an embed, a phone
        small = browser.new_page(viewport={"width": width, "height": height})
        small.goto(out.as_uri())
        small.wait_for_selector(".geomap-timeline")
        assert small.locator(".leaflet-control-layers-expanded").count() == 0  # folded into its button
        title = small.locator(".geomap-title").bounding_box()
        assert not _boxes_overlap(title, small.locator(".leaflet-control-layers").bounding_box())
        assert not _boxes_overlap(title, small.locator(".geomap-note").bounding_box())  # a title on two lines too
        small.close()
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.geomap-list')).display") == "none"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.leaflet-control-zoom')).display") == "none"
    assert problems == []


def test_online_map_says_so_and_falls_back_when_tiles_cannot_load(browser, seed_events, tmp_path):
    out = write_map(seed_events, tmp_path / "online.html", offline=False)
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    problems, fetched = [], []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: fetched.append(r.url))
    page.route("http*://**", lambda route: route.abort())  # no network
    page.goto(out.as_uri())
    page.wait_for_selector(".geomap-message", timeout=10000)
    assert "could not be loaded" in page.inner_text(".geomap-message")
    assert page.get_attribute(".leaflet-container", "data-tiles") == "failed"
    assert {u.split("/")[2] for u in fetched if u.startswith("http")} <= {"tile.openstreetmap.org"}  # only tiles were asked for
    assert "Ayacucho" in _shown_labels(page, "admin1")  # the built-in basemap with its names
    assert visible(page) == sum(1 for e in seed_events if e.lat is not None) and problems == []


def _events_between(first_day, days, n=30):
    import datetime as dt
    import random

    from geomap.model import Event, Source

    rng = random.Random(9)
    start = dt.date.fromisoformat(first_day)
    out = []
    for i in range(n):
        date = (start + dt.timedelta(days=rng.randrange(days))).isoformat()
        out.append(Event(
            event_id=f"ev-{i}", event_type="Battles", sub_event_type=None, event_date=date, date_start=date, date_end=date,
            date_precision="day", location=f"P{i % 5}", place_id=f"t:{i % 5}", lat=-12.5 + i * 0.01, lon=-74.0,
            geo_precision=1, sources=(Source("07LIMA1", None, 1, f"sentence {i}"),),
        ))  # fmt: skip
    return out


@pytest.mark.parametrize(
    ("days", "unit_labels"),
    [(40, {"Mar 1", "Mar 15"}), (300, {"Apr", "Jul"}), (3000, {"2008", "2010", "2012"})],
    ids=["days", "weeks", "years"],
)
def test_bins_and_axis_follow_the_span(browser, tmp_path, days, unit_labels):
    events = _events_between("2007-03-01", days)
    out = write_map(events, tmp_path / "span.html", offline=True)
    page, problems, _ = open_page(browser, out)
    bars = page.locator(".geomap-bar").count()
    assert 8 <= bars <= 160  # a day, week, month or year a bar: never one bar, never thousands
    labels = set(page.locator(".noUi-value").all_inner_texts())
    assert unit_labels & labels, labels
    assert visible(page) == len(events)
    assert problems == []


def test_play_runs_the_range_forward_at_the_chosen_speed(browser, example_events, tmp_path):
    out = write_map(example_events, tmp_path / "map.html", offline=True)
    page, problems, _ = open_page(browser, out)
    page.select_option(".geomap-speed", "4")
    page.click(".geomap-play")
    page.wait_for_timeout(150)
    early = page.get_attribute(".leaflet-container", "data-range")
    page.wait_for_timeout(900)
    later = page.get_attribute(".leaflet-container", "data-range")
    assert early.split("/")[0] == later.split("/")[0] and later.split("/")[1] > early.split("/")[1]  # the end moves on
    page.click(".geomap-play")  # pause
    paused = page.get_attribute(".leaflet-container", "data-range")
    page.wait_for_timeout(500)
    assert page.get_attribute(".leaflet-container", "data-range") == paused
    assert problems == []


def test_seventy_thousand_events_load_and_filter(browser, tmp_path):
    """More dated events than a JS call may take arguments: the first noUiSlider timeline died here."""
    out = write_map(_many_events(70_000), tmp_path / "big.html", offline=True)
    page, problems, _ = open_page(browser, out)
    page.wait_for_selector(".leaflet-container[data-visible-events]", timeout=60_000)
    assert visible(page) == 70_000 and problems == []
    drag_range(page, 0, 3)
    assert 0 < visible(page) < 70_000
