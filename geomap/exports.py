"""Stage 5 (files): events to GeoJSON, CSV, GeoPackage and GeoParquet, and back.

Every format carries the event schema of INTERFACE.md; one function maps an
Event to its properties and one maps them back, so a file an analyst edited
by hand renders again with ``geomap map events.geojson``.
"""

from __future__ import annotations

import csv
import html
import io
import json
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from geomap.coords import geojson_position, latlon_from_geojson, shapely_point
from geomap.errors import DocumentError, GeomapError, OutputError
from geomap.model import Event
from geomap.schema import event_from_record, events_from_json
from geomap.outputs import GENERATOR, atomic_path

if TYPE_CHECKING:  # geopandas loads only for the table formats: `geomap map events.geojson` needs none of it
    import geopandas as gpd

#: column order of every tabular export (INTERFACE.md event schema, then our extras)
SCHEMA = (
    "event_id", "event_date", "date_start", "date_end", "date_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "fatalities", "injured", "location", "place_id", "latitude", "longitude",
    "geo_precision", "country", "admin1", "admin2", "sources", "confidence", "planned", "zone_wkt",
)  # fmt: skip
#: schema names that differ from Event attribute names
_ATTRIBUTE = {"latitude": "lat", "longitude": "lon", "zone_wkt": "geometry_wkt"}
_INT_FIELDS = {"fatalities", "injured", "geo_precision"}
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


def event_from_properties(props: Any, *, origin: str = "<events>") -> Event:
    """An Event from schema properties (GeoJSON feature, CSV row, store record); raises DocumentError
    naming ``origin`` and the broken rule (``geomap.schema``, shared by every reader)."""
    return event_from_record(props, origin=origin)


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
    import geopandas as gpd

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


#: a spreadsheet reads a cell starting with one of these as a formula ("=HYPERLINK(...)")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a CSV cell that Excel and LibreOffice show as text, never run as a formula.

    A cell that would start a formula gets a leading apostrophe (the spreadsheet
    convention for "this is text"); ``text_from_spreadsheet`` takes it off again,
    so an events file round-trips unchanged.

    >>> print(spreadsheet_safe('=HYPERLINK("http://x")'), spreadsheet_safe("Pichari"))
    '=HYPERLINK("http://x") Pichari
    """
    return "'" + text if text.lstrip("'").startswith(_FORMULA_START) else text


def text_from_spreadsheet(text: str) -> str:
    """The text ``spreadsheet_safe`` was given (its apostrophe taken off).

    >>> text_from_spreadsheet(spreadsheet_safe("=1+1.txt"))
    '=1+1.txt'
    """
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(_FORMULA_START) else text


#: CSV columns holding numbers (a negative longitude is a number, not a formula)
_NUMERIC_COLUMNS = _INT_FIELDS | _FLOAT_FIELDS


class CSVWriter(Writer):
    """CSV in the event schema; ``sources`` as JSON, plus ACLED's ``source`` and ``notes`` for spreadsheets.
    Every text cell is made spreadsheet-safe (``spreadsheet_safe``)."""

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
                writer.writerow({k: _csv_cell(k, v) for k, v in row.items()})


def _csv_cell(column: str, value: Any) -> Any:
    if value is None:
        return ""
    if column in _NUMERIC_COLUMNS or not isinstance(value, str):
        return value
    return spreadsheet_safe(value)


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
    """KML for Google Earth: one placemark per placed event (events without a place are left out).

    KML viewers render a placemark's description and data as HTML, so every
    text cell is HTML-escaped before GDAL's KML driver XML-escapes it: a quote
    holding ``<img onerror=...>`` is shown, not run. Always GDAL's plain KML
    driver, always into a new file (``write_events`` writes a temporary one),
    so the same events give the same bytes on every export.
    """

    suffixes = (".kml",)

    def write(self, events: Sequence[Event], path: Path) -> None:
        frame = frame_from_events([e for e in events if e.lat is not None and e.lon is not None])
        frame = frame.rename(columns={"location": "Name"})
        frame["Description"] = [
            f"{t} {d or ''}: " + " | ".join(q["quote"] for q in json.loads(s))
            for t, d, s in zip(frame["event_type"], frame["event_date"], frame["sources"])
        ]
        import pandas as pd

        for column in frame.columns:
            if column != frame.geometry.name and not pd.api.types.is_numeric_dtype(frame[column]):
                frame[column] = [html.escape(v, quote=False) if isinstance(v, str) else v for v in frame[column]]
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
    with atomic_path(path) as tmp:  # a failed write never replaces a good file
        try:
            writer.write(events, tmp)
        except RuntimeError as err:  # GDAL's errors (pyogrio) are RuntimeErrors, a full disk among them
            raise OutputError(f"{path}: cannot write: {err}; the previous file (if any) is unchanged") from err
    return path


#: files that hold events rather than documents (text ones are told apart from documents by content)
EVENT_FILE_SUFFIXES = (".geojson", ".csv", ".gpkg", ".parquet", ".geoparquet")
_TABLE_SUFFIXES = (".gpkg", ".parquet", ".geoparquet")
#: one cell of an events CSV may hold every source of a much-reported incident
MAX_CSV_FIELD = 64 * 1024 * 1024


def is_events_file(path: str | Path) -> bool:
    """True for a GeoJSON, CSV, GeoPackage or GeoParquet file in the event schema (by ending and content)."""
    from geomap.outputs import written_by_geomap

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EVENT_FILE_SUFFIXES or not path.is_file():
        return False
    if suffix in _TABLE_SUFFIXES:
        return written_by_geomap(path)
    try:
        with path.open("r", encoding="utf-8-sig", errors="replace") as f:
            head = f.read(4096)
    except OSError:
        return False
    if suffix == ".csv":
        return head.split("\n", 1)[0].startswith("event_id,")
    return '"FeatureCollection"' in head or '"Feature"' in head


#: an events file may be far larger than a document: 100,000 events of GeoJSON are about 100 MB
MAX_EVENTS_FILE_BYTES = 2 * 1024**3


def events_from_file(path: str | Path, *, errors: list[DocumentError] | None = None) -> list[Event]:
    """Events from a file in the event schema (as written by ``geomap extract``, maybe edited by hand).

    Every row is checked by ``geomap.schema``. With ``errors`` (a list), a bad
    row is appended to it as a DocumentError naming the file and the row, and
    the other rows are kept; without, the first bad row raises. A file that
    cannot be read at all always raises DocumentError.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    text = None if suffix in _TABLE_SUFFIXES else _text_of(path)
    if text is not None and suffix != ".csv":
        fast = events_from_json(text)  # the whole file in one pass when every row is as geomap writes it
        if fast is not None:
            return fast
    events: list[Event] = []
    for origin, record in _records_from_file(path, text):
        try:
            if isinstance(record, DocumentError):
                raise record
            events.append(event_from_properties(record, origin=origin))
        except DocumentError as err:
            if errors is None:
                raise
            errors.append(err)
    return events


def _text_of(path: Path) -> str:
    from geomap.documents import read_regular_file

    data = read_regular_file(path, limit=MAX_EVENTS_FILE_BYTES, what="events files")
    try:
        return data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte order mark
    except UnicodeDecodeError as err:
        raise DocumentError(path, f"events file is not UTF-8 (byte {err.start})") from err


def _records_from_file(path: Path, text: str | None) -> Iterator[tuple[str, Any]]:
    """(where, record) for every row of an events file (``text``: its content, None for a table); a record that
    is already broken comes as a DocumentError."""
    suffix = path.suffix.lower()
    if text is None:
        yield from _records_from_table(path)
        return
    if suffix == ".csv":
        yield from _records_from_csv(path, text)
        return
    try:
        # NaN and Infinity are not JSON; kept as text, the schema refuses them in the feature they are in
        data = json.loads(text, parse_constant=str)
    except RecursionError as err:
        raise DocumentError(path, "not valid GeoJSON: nested too deeply") from err
    except json.JSONDecodeError as err:
        raise DocumentError(path, f"not valid GeoJSON: {err}") from err
    features = data.get("features", []) if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise DocumentError(path, "not a GeoJSON FeatureCollection (no list of features)")
    for i, feature in enumerate(features):
        where = f"{path} feature {i}"
        if not isinstance(feature, dict):
            yield where, DocumentError(where, f"a feature must be an object, not {type(feature).__name__}")
            continue
        props = feature.get("properties")
        if not isinstance(props, dict):
            yield where, DocumentError(where, f"properties must be an object, not {type(props).__name__}")
            continue
        try:
            yield where, _with_point(dict(props), feature.get("geometry"))
        except ValueError as err:
            yield where, DocumentError(where, f"geometry: {err}")


def _with_point(props: dict[str, Any], geometry: Any) -> dict[str, Any]:
    """``props`` with the coordinates of a Point geometry when it has none of its own."""
    if geometry is None:
        return props
    if not isinstance(geometry, dict):
        raise ValueError(f"must be an object or null, not {type(geometry).__name__}")
    if geometry.get("type") != "Point" or props.get("latitude") not in (None, ""):
        return props
    position = geometry.get("coordinates")
    if not isinstance(position, list) or len(position) < 2 or not all(
        isinstance(c, int | float) and not isinstance(c, bool) for c in position[:2]
    ):
        raise ValueError(f"Point coordinates must be [longitude, latitude] numbers, not {position!r:.60}")
    props["latitude"], props["longitude"] = latlon_from_geojson(position)
    return props


def _records_from_csv(path: Path, text: str) -> Iterator[tuple[str, Any]]:
    csv.field_size_limit(min(MAX_CSV_FIELD, sys.maxsize))
    rows = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    row_number = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as err:
            where = f"{path} row {rows.line_num}"
            yield where, DocumentError(where, f"broken CSV ({err}); the rest of the file is not read")
            return
        row_number += 1
        where = f"{path} row {row_number}"
        if None in row:  # more cells than the header has columns
            yield where, DocumentError(where, f"{len(row) - 1 + len(row[None])} cells, the header has {len(row) - 1} columns")
            continue
        yield where, {k: text_from_spreadsheet(v) if isinstance(v, str) and k not in _NUMERIC_COLUMNS else v
                      for k, v in row.items()}  # fmt: skip


def _records_from_table(path: Path) -> Iterator[tuple[str, Any]]:
    """Rows of our own GeoPackage or GeoParquet export."""
    import geopandas as gpd

    try:
        if path.suffix.lower() == ".gpkg":
            frame = gpd.read_file(path, layer="events", engine="pyogrio")
        else:
            frame = gpd.read_parquet(path)
    except Exception as err:  # noqa: BLE001 - GDAL and Arrow raise many kinds on a damaged file
        raise DocumentError(path, f"cannot read events table: {err}") from err
    columns = [c for c in frame.columns if c != frame.geometry.name]
    for i, row in enumerate(frame[columns].itertuples(index=False, name=None)):
        record = {k: _plain(v) for k, v in zip(columns, row)}
        yield f"{path} row {i + 1}", record


def _plain(value: Any) -> Any:
    """A table cell as a plain Python value (None for NaN and pandas' NA, int for numpy integers)."""
    import pandas as pd

    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


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
