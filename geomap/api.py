"""The Python API: documents or events files in, GeoDataFrames and maps out.

It wires the stages together the way the command line does (``geomap map``
and ``geomap extract`` call the same functions), for scripts and notebooks:
a :class:`Map` renders inline in Jupyter and saves as one HTML file, and
:func:`read_events` / :func:`write_events` move events through every format
`geomap extract` writes.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Union

from geomap.coords import latlon_from_geojson
from geomap.errors import DocumentError
from geomap.model import Event

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geomap.pipeline import RunResult, Settings

PathLike = Union[str, "os.PathLike[str]"]
#: what a map or an export can be made from: a GeoDataFrame in the event schema, or Event records
EventsLike = Union["gpd.GeoDataFrame", Sequence[Event]]

#: events files read as tables (GeoPackage through pyogrio, GeoParquet through pyarrow)
TABLE_SUFFIXES = (".gpkg", ".parquet", ".geoparquet")
#: events files read as text (GeoJSON, CSV: see geomap.exports.events_from_file)
TEXT_SUFFIXES = (".geojson", ".json", ".csv")


def pipeline_run(paths: Iterable[PathLike], *, settings: Settings | None = None) -> RunResult:
    """Run the whole pipeline on ``paths``: events (merged), counts and the inputs that failed.

    >>> run = pipeline_run(["examples/04_llochegua_lab_2007.txt"])
    >>> run.documents, run.failures, len(run.events) > 0
    (1, [], True)
    """
    from geomap.pipeline import Pipeline, Settings

    return Pipeline(settings or Settings()).run(paths)


def events_from_paths(paths: Iterable[PathLike], *, settings: Settings | None = None) -> gpd.GeoDataFrame:
    """Events of every document under ``paths`` as a GeoDataFrame in EPSG:4326 (the event schema).

    Folders are read recursively; a document that cannot be read is skipped
    (``pipeline_run(paths).failures`` names it and the reason).

    >>> frame = events_from_paths(["examples/04_llochegua_lab_2007.txt"])
    >>> frame.crs.to_epsg(), "Llochegua" in set(frame["location"])
    (4326, True)
    """
    from geomap.exports import frame_from_events

    return frame_from_events(pipeline_run(paths, settings=settings).events)


def events_from_store(path: PathLike) -> gpd.GeoDataFrame:
    """Events of a store written by `geomap ingest` (or :func:`geomap.ingest`), as a GeoDataFrame."""
    from geomap.exports import frame_from_events
    from geomap.store import Store

    with Store(path, read_only=True) as store:
        return frame_from_events(store.events())


def events_from_frame(
    frame: gpd.GeoDataFrame, *, origin: str = "<frame>", errors: list[DocumentError] | None = None
) -> list[Event]:
    """Event records from a table in the event schema (a GeoDataFrame read from any format).

    ``latitude``/``longitude`` come from the columns, or from point
    geometries when the columns are missing or empty (a layer edited in QGIS).
    A row without ``event_id`` or ``event_type`` raises :class:`DocumentError`
    naming ``origin`` and the row (with ``errors``, a list, it is appended there
    and the other rows are kept).

    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> frame = gpd.GeoDataFrame({"event_id": ["e1"], "event_type": ["Battles"]},
    ...                          geometry=[Point(-73.85, -12.45)], crs="EPSG:4326")
    >>> [(e.event_id, e.lat, e.lon) for e in events_from_frame(frame)]
    [('e1', -12.45, -73.85)]
    """
    import geopandas as gpd

    from geomap.exports import event_from_properties

    spatial = isinstance(frame, gpd.GeoDataFrame)
    table = frame.drop(columns=frame.geometry.name) if spatial else frame
    # one pass over the table: every missing value (NaN, NaT, pd.NA) becomes None, numbers plain Python
    rows = table.astype(object).where(table.notna(), None).to_dict("records")
    shapes = list(frame.geometry) if spatial else [None] * len(rows)
    events = []
    for i, (props, shape) in enumerate(zip(rows, shapes), 1):
        if props.get("latitude") is None and shape is not None and not shape.is_empty and shape.geom_type == "Point":
            props["latitude"], props["longitude"] = latlon_from_geojson((shape.x, shape.y))
        try:
            events.append(event_from_properties(props, origin=f"{origin} row {i}"))
        except DocumentError as err:
            if errors is None:
                raise
            errors.append(err)
    return events


def is_events_path(path: PathLike) -> bool:
    """True for a file that holds events rather than documents: GeoJSON or CSV written by
    `geomap extract` (by content), or any GeoPackage or GeoParquet file.

    >>> is_events_path("examples/04_llochegua_lab_2007.txt")
    False
    """
    from geomap.exports import is_events_file

    path = Path(path)
    return path.is_file() and (path.suffix.lower() in TABLE_SUFFIXES or is_events_file(path))


def events_from_path(path: PathLike, *, errors: list[DocumentError] | None = None) -> list[Event]:
    """Event records of one events file in any format `geomap extract` writes.

    The one events reader: ``geomap map EVENTS_FILE`` and :func:`read_events`
    both come here. Raises :class:`DocumentError` (file and reason) for a file
    that cannot be read or holds no events table. Every row is checked against
    the event schema (``geomap.schema``): with ``errors`` (a list) a bad row is
    appended to it and the other rows are kept; without, the first bad row raises.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        from geomap.exports import events_from_file

        return events_from_file(path, errors=errors)
    if suffix not in TABLE_SUFFIXES:
        known = ", ".join(TEXT_SUFFIXES + TABLE_SUFFIXES)
        raise DocumentError(path, f"not an events file: {suffix!r} is none of {known}")
    import geopandas as gpd

    try:
        if suffix == ".gpkg":
            import pyogrio

            layers = [name for name, _ in pyogrio.list_layers(path)]
            frame = gpd.read_file(path, layer="events" if "events" in layers else layers[0], engine="pyogrio")
        else:
            frame = gpd.read_parquet(path)
    except Exception as err:  # noqa: BLE001 - GDAL and Arrow raise their own types for unreadable files
        raise DocumentError(path, f"cannot read events: {err}") from err
    if "event_id" not in frame.columns:
        columns = ", ".join(map(str, frame.columns[:8]))
        raise DocumentError(path, f"not an events table: no 'event_id' column (columns: {columns})")
    return events_from_frame(frame, origin=str(path), errors=errors)


def read_events(path: PathLike) -> gpd.GeoDataFrame:
    """An events file (.geojson, .csv, .gpkg, .parquet) as a GeoDataFrame in EPSG:4326, the event schema.

    Every format comes back with the same columns and types, so a file edited
    by hand in a spreadsheet or in QGIS reads like the one `extract` wrote.

    >>> import tempfile
    >>> lab = Event(event_id="lab1", event_type="Strategic developments", sub_event_type="Disrupted weapons use",
    ...             event_date="2007-10-02", date_start="2007-10-02", date_end="2007-10-02", date_precision="day",
    ...             location="Llochegua", lat=-12.41, lon=-73.906, fatalities=0)
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("events.geojson", "events.csv", "events.gpkg", "events.parquet"):
    ...     again = read_events(write_events([lab], folder / name))
    ...     row = again.iloc[0]
    ...     print(name, row.event_date, row.location, row.geometry.y, row.fatalities, again.crs.to_epsg())
    events.geojson 2007-10-02 Llochegua -12.41 0 4326
    events.csv 2007-10-02 Llochegua -12.41 0 4326
    events.gpkg 2007-10-02 Llochegua -12.41 0 4326
    events.parquet 2007-10-02 Llochegua -12.41 0 4326
    """
    from geomap.exports import frame_from_events

    return frame_from_events(events_from_path(path))


def _events(events: EventsLike | PathLike) -> list[Event]:
    if isinstance(events, str | os.PathLike):
        return events_from_path(events)
    if hasattr(events, "itertuples") and hasattr(events, "columns"):
        return events_from_frame(events)  # type: ignore[arg-type]
    found = list(events)  # type: ignore[arg-type]
    wrong = next((e for e in found if not isinstance(e, Event)), None)
    if wrong is not None:
        raise TypeError(f"expected a GeoDataFrame, an events file or Event records, got a {type(wrong).__name__}")
    return found


def write_events(events: EventsLike, path: PathLike) -> Path:
    """Write events (a GeoDataFrame in the event schema, or Event records) to ``path``;
    the ending picks the format: .geojson, .csv, .gpkg, .parquet or .kml."""
    from geomap.exports import write_events as write

    return write(_events(events), path)


class Map:
    """An interactive map of events with a timeline: inline in Jupyter, or saved as one HTML file.

    Parameters
    ----------
    events
        A GeoDataFrame in the event schema (:func:`events_from_paths`,
        :func:`read_events`), Event records, or the path of an events file.
    title
        Shown on the map and as the page title.
    offline
        Inline Leaflet and draw a vector basemap, so the page needs no
        network (as ``geomap map --offline``); otherwise tiles and Leaflet
        come from the internet when the page is viewed.
    height
        Height of the map in a notebook, in pixels (a saved page fills the window).

    Examples
    --------
    >>> import tempfile
    >>> from geomap.model import Source
    >>> said = Source(ref="07LIMA1", file=None, paragraph=3, quote="Police destroyed a cocaine lab near Llochegua.")
    >>> lab = Event(event_id="lab1", event_type="Strategic developments", sub_event_type="Disrupted weapons use",
    ...             event_date="2007-10-02", date_start="2007-10-02", date_end="2007-10-02", date_precision="day",
    ...             location="Llochegua", lat=-12.41, lon=-73.906, sources=(said,))
    >>> unplaced = Event(event_id="x1", event_type="Protests", sub_event_type=None, event_date=None,
    ...                  date_start=None, date_end=None, date_precision="unknown")
    >>> fmap = Map([lab, unplaced], title="Llochegua", offline=True)
    >>> fmap
    <geomap.Map 'Llochegua': 2 event(s), 1 placed, offline>
    >>> page = fmap.save(Path(tempfile.mkdtemp()) / "llochegua.html")
    >>> "<title>Llochegua</title>" in page.read_text(encoding="utf-8")
    True
    >>> fmap._repr_html_().startswith("<iframe")
    True
    """

    def __init__(
        self, events: EventsLike | PathLike, *, title: str = "geomap", offline: bool = False, height: int = 600
    ) -> None:
        self.events: tuple[Event, ...] = tuple(_events(events))
        self.title = title
        self.offline = offline
        #: pixels the map takes in a notebook
        self.height = height

    def __repr__(self) -> str:
        placed = sum(e.lat is not None and e.lon is not None for e in self.events)
        mode = "offline" if self.offline else "online"
        return f"<geomap.Map {self.title!r}: {len(self.events)} event(s), {placed} placed, {mode}>"

    @cached_property
    def html(self) -> str:
        """The whole page (self-contained when ``offline``)."""
        from geomap.render import html_from_map, map_from_events

        fmap = map_from_events(self.events, title=self.title, offline=self.offline)  # the basemap draws the outlines
        return html_from_map(fmap, offline=self.offline, title=self.title)

    def save(self, path: PathLike) -> Path:
        """Write the page to ``path`` (folders are created); returns the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        # The page runs in its own sandboxed frame: its scripts work, but cannot reach the notebook.
        return (
            f'<iframe title="{html.escape(self.title)}" srcdoc="{html.escape(self.html, quote=True)}" '
            f'sandbox="allow-scripts" style="width: 100%; height: {int(self.height)}px; border: 0;"></iframe>'
        )


def write_map(events: EventsLike | PathLike, path: PathLike, *, title: str = "geomap", offline: bool = False) -> Path:
    """Render events (GeoDataFrame, Event records or an events file) to an HTML map at ``path``.

    >>> import tempfile
    >>> out = write_map("examples/missing.geojson", Path(tempfile.mkdtemp()) / "map.html")
    Traceback (most recent call last):
    ...
    geomap.errors.DocumentError: examples/missing.geojson: no such file
    """
    return Map(events, title=title, offline=offline).save(path)


__all__ = [
    "Map",
    "events_from_frame",
    "events_from_path",
    "events_from_paths",
    "events_from_store",
    "is_events_path",
    "pipeline_run",
    "read_events",
    "write_events",
    "write_map",
]
