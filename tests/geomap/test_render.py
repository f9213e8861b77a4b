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


def test_offline_page_needs_no_network(events):
    html = page(events, offline=True)
    assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', html)
    assert "geomap-asset://" not in html
    assert embedded(html)["basemap"]["features"]


def test_online_page_uses_cdn_leaflet(events):
    html = page(events)
    assert "leaflet@1.9.4" in html and "jquery" not in html.lower()
