"""Stage 5 (files): events to GeoJSON, CSV, GeoPackage and GeoParquet, and back.

Every format carries the event schema of INTERFACE.md; one function maps an
Event to its properties and one maps them back, so a file an analyst edited
by hand renders again with ``geomap map events.geojson``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any, TextIO

import geopandas as gpd

from geomap.coords import geojson_position, latlon_from_geojson, shapely_point
from geomap.errors import DocumentError, GeomapError, OutputError
from geomap.model import Event, Source
from geomap.outputs import GENERATOR

#: column order of every tabular export (INTERFACE.md event schema, then our extras)
SCHEMA = (
    "event_id", "event_date", "date_start", "date_end", "date_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "fatalities", "injured", "location", "place_id", "latitude", "longitude",
    "geo_precision", "country", "admin1", "admin2", "sources", "confidence", "planned", "zone_wkt",
)  # fmt: skip
#: schema names that differ from Event attribute names
_ATTRIBUTE = {"latitude": "lat", "longitude": "lon", "zone_wkt": "geometry_wkt"}
_INT_FIELDS = {"fatalities", "injured", "geo_precision"}
#: (Event attribute, schema name) pairs, worked out once: per event they cost a second per 100,000 rows
_EVENT_KEYS = tuple((f.name, {a: n for n, a in _ATTRIBUTE.items()}.get(f.name, f.name)) for f in fields(Event))
_FLOAT_FIELDS = {"latitude", "longitude", "confidence"}


def properties_from_event(event: Event) -> dict[str, Any]:
    """The schema's properties for one event (sources as a list of dicts)."""
    props: dict[str, Any] = {}
    for name in SCHEMA:
        if name == "sources":
            props[name] = [{"ref": s.ref, "file": s.file, "paragraph": s.paragraph, "quote": s.quote} for s in event.sources]
        else:
            props[name] = getattr(event, _ATTRIBUTE.get(name, name))
    return props


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    return value


def event_from_properties(props: dict[str, Any], *, origin: str = "<events>") -> Event:
    """An Event from schema properties (GeoJSON feature, CSV row); raises DocumentError if unusable."""
    try:
        sources = props.get("sources") or []
        if isinstance(sources, str):
            sources = json.loads(sources) if sources.strip() else []
        values: dict[str, Any] = {}
        for attribute, key in _EVENT_KEYS:
            if key in props:
                values[attribute] = _clean(props[key])
        for name in ("lat", "lon", "confidence"):
            if values.get(name) is not None:
                values[name] = float(values[name])
        for name in ("fatalities", "injured", "geo_precision"):
            if values.get(name) is not None:
                values[name] = int(float(values[name]))
        if isinstance(values.get("planned"), str):
            values["planned"] = values["planned"].strip().lower() in ("true", "1", "yes")
        values["planned"] = bool(values.get("planned") or False)
        values["confidence"] = values.get("confidence") if values.get("confidence") is not None else 0.5
        values["sources"] = tuple(
            Source(ref=s.get("ref"), file=s.get("file"), paragraph=s.get("paragraph"), quote=str(s.get("quote") or ""))
            for s in sources
        )
        values.setdefault("date_precision", "unknown")
        for required in ("event_id", "event_type"):
            if not values.get(required):
                raise KeyError(required)
        values.setdefault("sub_event_type", None)
        values.setdefault("event_date", None)
        values.setdefault("date_start", None)
        values.setdefault("date_end", None)
        values["event_date"] = None if values["event_date"] is None else str(values["event_date"])
        return Event(**values)
    except KeyError as err:
        raise DocumentError(origin, f"event without {err.args[0]!r}") from err
    except (TypeError, ValueError, AttributeError) as err:
        raise DocumentError(origin, f"malformed event {props.get('event_id')!r}: {err}") from err


def feature_collection(events: Iterable[Event]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (events without a place get a null geometry)."""
    features = []
    for event in events:
        geometry = None
        if event.lat is not None and event.lon is not None:
            geometry = {"type": "Point", "coordinates": geojson_position(event.lat, event.lon)}
        features.append({"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": properties_from_event(event)})
    return {"generator": GENERATOR, "type": "FeatureCollection", "features": features}


def frame_from_events(events: Sequence[Event]) -> gpd.GeoDataFrame:
    """Events as a GeoDataFrame in EPSG:4326 (sources serialised as JSON text)."""
    rows = []
    for event in events:
        props = properties_from_event(event)
        props["sources"] = json.dumps(props["sources"], ensure_ascii=False)
        rows.append(props)
    geometry = [shapely_point(e.lat, e.lon) if e.lat is not None and e.lon is not None else None for e in events]
    frame = gpd.GeoDataFrame(rows, columns=list(SCHEMA), geometry=geometry, crs="EPSG:4326")
    for name in _INT_FIELDS:
        frame[name] = frame[name].astype("Int64")
    for name in _FLOAT_FIELDS:
        frame[name] = frame[name].astype("float64")
    return frame


class Writer(ABC):
    """Base class of event exporters; register subclasses in ``WRITERS`` by file ending."""

    suffixes: tuple[str, ...] = ()

    @abstractmethod
    def write(self, events: Sequence[Event], path: Path) -> None: ...


class GeoJSONWriter(Writer):
    suffixes = (".geojson", ".json")

    def write(self, events: Sequence[Event], path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            dump_geojson(events, out)


class CSVWriter(Writer):
    """CSV in the event schema; ``sources`` as JSON, plus ACLED's ``source`` and ``notes`` for spreadsheets."""

    suffixes = (".csv",)

    def write(self, events: Sequence[Event], path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=[*SCHEMA, "source", "notes"])
            writer.writeheader()
            for event in events:
                row = properties_from_event(event)
                row["sources"] = json.dumps(row["sources"], ensure_ascii=False)
                row["source"] = "; ".join(dict.fromkeys(s.ref or s.file or "" for s in event.sources))
                row["notes"] = " | ".join(s.quote for s in event.sources)
                writer.writerow({k: "" if v is None else v for k, v in row.items()})


class GeoPackageWriter(Writer):
    suffixes = (".gpkg",)

    def write(self, events: Sequence[Event], path: Path) -> None:
        frame_from_events(events).to_file(path, layer="events", driver="GPKG", engine="pyogrio")


class GeoParquetWriter(Writer):
    suffixes = (".parquet", ".geoparquet")

    def write(self, events: Sequence[Event], path: Path) -> None:
        try:
            frame_from_events(events).to_parquet(path)
        except ImportError as err:
            raise OutputError(f"{path}: GeoParquet needs pyarrow: pip install pyarrow") from err


class KMLWriter(Writer):
    """KML for Google Earth: one placemark per placed event (events without a place are left out)."""

    suffixes = (".kml",)

    def write(self, events: Sequence[Event], path: Path) -> None:
        frame = frame_from_events([e for e in events if e.lat is not None and e.lon is not None])
        frame = frame.rename(columns={"location": "Name"})
        frame["Description"] = [
            f"{t} {d or ''}: " + " | ".join(q["quote"] for q in json.loads(s))
            for t, d, s in zip(frame["event_type"], frame["event_date"], frame["sources"])
        ]
        frame.to_file(path, driver="KML", engine="pyogrio")


WRITERS: dict[str, Writer] = {
    s: w for w in (GeoJSONWriter(), CSVWriter(), GeoPackageWriter(), GeoParquetWriter(), KMLWriter()) for s in w.suffixes
}


def dump_geojson(events: Iterable[Event], out: TextIO = sys.stdout) -> None:
    json.dump(feature_collection(events), out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_events(events: Sequence[Event], path: str | Path) -> Path:
    """Write ``events`` to ``path`` in the format its ending names."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise OutputError(f"{path}: unknown output format {path.suffix!r}; use one of {', '.join(sorted(WRITERS))}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        writer.write(events, path)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror or err}") from err
    return path


#: files that hold events rather than documents
EVENT_FILE_SUFFIXES = (".geojson", ".csv")


def is_events_file(path: str | Path) -> bool:
    """True for a GeoJSON or CSV written by ``geomap extract`` (by ending and content)."""
    path = Path(path)
    if path.suffix.lower() not in EVENT_FILE_SUFFIXES or not path.is_file():
        return False
    with path.open("r", encoding="utf-8", errors="replace") as f:
        head = f.read(4096)
    if path.suffix.lower() == ".csv":
        return head.split("\n", 1)[0].startswith("event_id,")
    return '"FeatureCollection"' in head or '"Feature"' in head


def events_from_file(path: str | Path) -> list[Event]:
    """Events from a GeoJSON or CSV in the event schema (as written by ``geomap extract``)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DocumentError(path, f"cannot read events: {err}") from err
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        return [event_from_properties(row, origin=f"{path} row {i}") for i, row in enumerate(rows, 2)]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DocumentError(path, f"not valid GeoJSON: {err}") from err
    features = data.get("features", []) if isinstance(data, dict) else []
    events = []
    for i, feature in enumerate(features):
        props = dict(feature.get("properties") or {})
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Point" and props.get("latitude") is None:
            props["latitude"], props["longitude"] = latlon_from_geojson(geometry["coordinates"])
        events.append(event_from_properties(props, origin=f"{path} feature {i}"))
    return events


__all__ = [
    "SCHEMA",
    "WRITERS",
    "GeomapError",
    "dump_geojson",
    "event_from_properties",
    "events_from_file",
    "feature_collection",
    "frame_from_events",
    "is_events_file",
    "properties_from_event",
    "write_events",
]
