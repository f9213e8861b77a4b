"""Stage 6, render: events to an interactive folium map with layers and a timeline.

The renderer reads events only (never documents). Event data goes into the
page once, as JSON inside a ``<script type="application/json">`` element with
``<``, ``>`` and ``&`` escaped, and our runtime (static/geomap.js) builds
every popup and label with ``textContent``: text from cables is shown, never
executed. Every map inlines its scripts and carries a labelled vector basemap; offline
maps draw only that, online ones put tiles under it.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from functools import cache
from operator import attrgetter
from importlib import resources
from pathlib import Path
from typing import Any

import folium
import orjson
from branca.element import Element, MacroElement
from shapely import wkt
from shapely.geometry import mapping

from geomap.coords import leaflet_location
from geomap.model import Event
from geomap.outputs import HTML_MARK, atomic_path
from geomap.render.assets import ASSETS, inline_assets, url_for
from geomap.render.basemap import basemap_for

#: ACLED event types in legend order, with their colours
TYPE_COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Riots": "#e377c2",
    "Protests": "#2ca02c",
    "Strategic developments": "#1f77b4",
}
OTHER_COLOR = "#7f7f7f"


def json_for_html(data: Any) -> str:
    """JSON that is safe inside an HTML <script> element (no ``</script>``, no HTML entities).

    orjson writes it (100,000 events: a fifth of a second, a third of the standard library's time); what it
    cannot write (an integer over 64 bits) the standard library does. orjson writes a number that is not
    finite as null, so the page's JSON stays valid (the standard library refuses it).

    >>> json_for_html({"q": "</script><b>&"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    try:
        text = orjson.dumps(data).decode("utf-8")
    except orjson.JSONEncodeError:  # an integer over 64 bits, or text with a lone surrogate
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )  # fmt: skip


@cache
def _static(name: str) -> str:
    return resources.files("geomap.render").joinpath("static", name).read_text(encoding="utf-8")


def legend_counts(events: Sequence[Event]) -> dict[str, int]:
    """Events drawn per ACLED type, in legend order: placed and not planned (planned ones have their own layer).

    The HTML legend and the PNG legend both use this, so their counts agree.
    """
    counts = Counter(e.event_type for e in events if e.lat is not None and e.lon is not None and not e.planned)
    order = [t for t in TYPE_COLORS if t in counts] + sorted(t for t in counts if t not in TYPE_COLORS)
    return {t: counts[t] for t in order}


#: fields the page shows, in the schema's names; strings with few distinct values are dictionary-coded
_PAGE_FIELDS = (
    "event_type", "sub_event_type", "event_date", "date_start", "date_end", "date_precision", "actor1", "actor2",
    "fatalities", "injured", "location", "latitude", "longitude", "geo_precision", "country", "admin1", "admin2",
    "confidence", "planned",
)  # fmt: skip
#: page field -> Event attribute, where the names differ
_ATTRIBUTE = {"latitude": "lat", "longitude": "lon"}
_CODED = {"event_type", "sub_event_type", "date_precision", "actor1", "actor2", "location", "country", "admin1", "admin2"}


def pack_events(events: Sequence[Event]) -> dict[str, Any]:
    """Events for the page, column by column (a third of the size of one object per event).

    Coded columns are ``{"values": [...], "codes": [...]}``; sources are
    ``[[ref or file, paragraph, quote], ...]`` per event. static/geomap.js
    unpacks them; :func:`unpack_events` does the same in Python (for tests).
    """
    columns: dict[str, Any] = {}
    for name in _PAGE_FIELDS:
        # one column at a time straight from the records (a dict per event cost a second per 100,000)
        values = list(map(attrgetter(_ATTRIBUTE.get(name, name)), events))
        if name in ("latitude", "longitude"):
            values = [None if v is None else round(v, 5) for v in values]
        if name in _CODED:
            # codes in the order values first appear; None stays None (it is never in the table)
            table = {v: i for i, v in enumerate(v for v in dict.fromkeys(values) if v is not None)}
            columns[name] = {"values": list(table), "codes": list(map(table.get, values))}
        else:
            columns[name] = values
    columns["sources"] = [[[s.ref or s.file, s.paragraph, s.quote] for s in e.sources] for e in events]
    return {"count": len(events), "columns": columns}


def unpack_events(packed: dict[str, Any]) -> list[dict[str, Any]]:
    """The inverse of :func:`pack_events`: one dict per event (sources as ref/paragraph/quote dicts)."""
    out = []
    for i in range(packed["count"]):
        event: dict[str, Any] = {}
        for name, column in packed["columns"].items():
            if isinstance(column, dict):
                code = column["codes"][i]
                event[name] = None if code is None else column["values"][code]
            elif name == "sources":
                event[name] = [{"ref": r, "paragraph": p, "quote": q} for r, p, q in column[i]]
            else:
                event[name] = column[i]
        out.append(event)
    return out


def zones_from_events(events: Sequence[Event]) -> dict[str, Any]:
    """Geometries of the zones, valleys and rivers events are placed in, once each."""
    features = {}
    for event in events:
        if event.geometry_wkt and event.place_id not in features:
            try:
                geometry = mapping(wkt.loads(event.geometry_wkt))
            except Exception:  # noqa: BLE001 - shapely raises several types for bad WKT; skip the shape, keep the event
                continue
            features[event.place_id] = {"type": "Feature", "properties": {"name": event.location}, "geometry": geometry}
    return {"type": "FeatureCollection", "features": list(features.values())}


class _Raw(Element):
    """Text that goes into the page as it is.

    branca compiles every Element's text as a Jinja template, and MacroElement
    wraps its macros' output in such Elements: document text that reached a
    macro would be template source ("{{ ... }}" evaluated in Python at render
    time). Our data and code therefore bypass templating entirely.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


class _Runtime(MacroElement):
    """Our JS/CSS and the event data, attached to a folium Map (after the map's own script)."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "GeomapRuntime"
        self.data = data

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        map_name = self._parent.get_name()
        data_id = f"geomap-data-{self.get_name()}"
        figure.header.add_child(_Raw("<style>" + _static("geomap.css") + "</style>"), name="geomap_css")
        figure.html.add_child(
            _Raw(f'<script type="application/json" id="{data_id}">{json_for_html(self.data)}</script>'), name=data_id
        )
        script = _static("geomap.js").replace("</script", "<\\/script") + f"\nwindow.geomapInit({map_name}, {json.dumps(data_id)});\n"
        figure.script.add_child(_Raw(script), name=f"{data_id}-init")


def map_from_events(
    events: Sequence[Event],
    *,
    title: str = "geomap",
    offline: bool = False,
    outlines: dict[str, Any] | None = None,
) -> folium.Map:
    """A folium Map of ``events`` with one layer per event type, zones, popups and a timeline.

    Every map carries the labelled vector basemap (:mod:`geomap.render.basemap`).
    With ``offline=True`` it is all the map draws; without, OpenStreetMap tiles
    go under it, and the page falls back to the vector basemap when the tiles
    cannot load. Script and style links are placeholders that
    :func:`html_from_map` inlines. ``outlines`` is extra GeoJSON drawn over the
    basemap with its names (e.g. a user's own districts).
    """
    located = [e for e in events if e.lat is not None and e.lon is not None]
    if located:
        centre = leaflet_location(sum(e.lat for e in located) / len(located), sum(e.lon for e in located) / len(located))  # type: ignore[misc]
    else:
        centre = leaflet_location(-9.19, -75.02)  # Peru, the reporting this tool was built for
    # the scale is ours (metric, placed above the timeline); tiles only online
    fmap = folium.Map(location=centre, zoom_start=6, tiles=None if offline else "OpenStreetMap", control_scale=False, prefer_canvas=True)
    # Only our inlined packages: folium's default jQuery/Bootstrap/awesome-markers are left out.
    fmap.default_js = [(a.name, url_for(a)) for a in ASSETS if a.kind == "js"]
    fmap.default_css = [(a.name, url_for(a)) for a in ASSETS if a.kind == "css"]
    counts = legend_counts(events)
    # a type whose every event is planned or unplaced still gets its layer (and a 0 in the legend)
    types = list(counts) + sorted({e.event_type for e in events} - set(counts), key=lambda t: (t not in TYPE_COLORS, t))
    data = {
        "title": title,
        "offline": offline,
        "events": pack_events(events),
        "types": [{"name": t, "color": TYPE_COLORS.get(t, OTHER_COLOR), "count": counts.get(t, 0)} for t in types],
        "planned": sum(1 for e in events if e.planned and e.lat is not None and e.lon is not None),
        "zones": zones_from_events(events),
        "basemap": basemap_for(events),
        "outlines": outlines,
    }
    fmap.add_child(_Runtime(data))
    fmap.get_root().header.add_child(_Raw(HTML_MARK), name="geomap_generator")
    return fmap


def html_from_map(fmap: folium.Map, *, offline: bool = False, title: str = "geomap") -> str:
    """The map as one HTML page with its scripts inlined (``offline`` is accepted for older callers: the
    map itself, :func:`map_from_events`, decides whether tiles are fetched)."""
    root = fmap.get_root()
    root.title = html.escape(title)  # branca puts the title into <title> unescaped
    return inline_assets(root.render())


def write_map(
    events: Sequence[Event], path: str | Path, *, title: str = "geomap", offline: bool = False,
    outlines: dict[str, Any] | None = None,
) -> Path:  # fmt: skip
    """Render ``events`` to an HTML file at ``path`` (``outlines``: extra GeoJSON for the offline basemap)."""
    path = Path(path)
    fmap = map_from_events(events, title=title, offline=offline, outlines=outlines)
    page = html_from_map(fmap, offline=offline, title=title)
    with atomic_path(path) as tmp:  # a failed write never replaces a good map
        tmp.write_text(page, encoding="utf-8")
    return path
