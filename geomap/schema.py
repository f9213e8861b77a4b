"""The event schema (INTERFACE.md) as one validator that every events reader shares.

GeoJSON features, CSV rows, GeoPackage/GeoParquet rows and store records all
become an :class:`~geomap.model.Event` through ``event_from_record``, so a
hand-edited file is held to the same rules whatever its format: ISO dates,
latitudes and longitudes in range and finite, counts that are whole,
non-negative and sane, text where text belongs. A row that breaks a rule is
refused with one line naming the field, the rule and the value; the caller
keeps the other rows.

pydantic (already installed with spaCy) does the checking: its lax mode reads
the strings CSV gives ("12", "true", "-12.5") and its errors name the field.
Rows in the exact shape geomap writes (what a re-render of an edited GeoJSON
file or a store mostly holds) take a faster road: msgspec decodes and checks
them in one pass (:func:`events_from_json`, :func:`event_from_canonical`); any
row it is not sure of goes to pydantic, so the rules and the messages are the
same on both roads.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, Literal

import msgspec
import pydantic
from pydantic import BaseModel, ConfigDict, Field

from geomap.errors import DocumentError
from geomap.model import Event, Source

#: ACLED's event types (INTERFACE.md); a hand-edited file may hold others, which are kept
EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments")  # fmt: skip
#: the largest count of people an event may state (as the text reader: geomap.events.numbers.MAX_COUNT)
MAX_COUNT = 10_000_000
_EVENT_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _blank_to_none(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _event_date(value: str | None) -> str | None:
    if value is None:
        return None
    if not _EVENT_DATE.fullmatch(value):
        raise ValueError("not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = ([int(p) for p in value.split("-")] + [1, 1])[:3]
    try:
        dt.date(year, month, day)
    except ValueError as err:
        raise ValueError(f"not a calendar date ({err})") from None
    return value


def _day(value: str | None) -> str | None:
    if value is None:
        return None
    if not _DAY.fullmatch(value):
        raise ValueError("not an ISO date (YYYY-MM-DD)")
    _event_date(value)
    return value


def _whole(value: Any) -> Any:
    """Counts written as "12", "12.0" or 12.0 are 12; "12.5" is not a count."""
    value = _blank_to_none(value)
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise ValueError("not a number") from None
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        if not value.is_integer():
            raise ValueError("not a whole number")
        if abs(value) > 2**53:
            raise ValueError(f"over {MAX_COUNT:,}")
        value = int(value)
    return value


def _wkt(value: str | None) -> str | None:
    if value is None:
        return None
    import shapely
    from shapely import wkt

    try:
        geometry = wkt.loads(value)
    except (shapely.errors.ShapelyError, ValueError, TypeError) as err:
        raise ValueError(f"not a WKT geometry ({err})") from None
    if geometry.is_empty or not all(math.isfinite(c) for c in geometry.bounds):
        raise ValueError("an empty or non-finite geometry")
    xmin, ymin, xmax, ymax = geometry.bounds
    if xmin < -180 or xmax > 180 or ymin < -90 or ymax > 90:
        raise ValueError("outside longitude -180..180 / latitude -90..90")
    return value


def _sources(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        except json.JSONDecodeError as err:
            raise ValueError(f"not a JSON list of sources ({err})") from None
    if not isinstance(value, list | tuple):
        raise ValueError("not a list of sources")
    return value  # each item must then be an object of text fields: nesting goes no deeper


def _planned(value: Any) -> Any:
    value = _blank_to_none(value)
    return False if value is None else value


Text = Annotated[str | None, pydantic.BeforeValidator(_blank_to_none)]
Count = Annotated[Annotated[int, Field(ge=0, le=MAX_COUNT)] | None, pydantic.BeforeValidator(_whole)]


class SourceRecord(BaseModel):
    """One entry of ``sources``."""

    model_config = ConfigDict(extra="ignore", allow_inf_nan=False, coerce_numbers_to_str=True)

    ref: Text = None
    file: Text = None
    paragraph: Annotated[int | None, pydantic.BeforeValidator(_whole)] = None
    quote: Annotated[str, pydantic.BeforeValidator(lambda v: "" if _blank_to_none(v) is None else v)] = ""


class EventRecord(BaseModel):
    """One event as a file holds it (schema names: ``latitude``, ``longitude``, ``zone_wkt``)."""

    model_config = ConfigDict(extra="ignore", allow_inf_nan=False, coerce_numbers_to_str=True, str_strip_whitespace=False)

    event_id: Annotated[str, Field(min_length=1)]
    event_type: Annotated[str, Field(min_length=1)]
    sub_event_type: Text = None
    event_date: Annotated[Text, pydantic.AfterValidator(_event_date)] = None
    date_start: Annotated[Text, pydantic.AfterValidator(_day)] = None
    date_end: Annotated[Text, pydantic.AfterValidator(_day)] = None
    date_precision: Annotated[
        Literal["day", "month", "year", "unknown"], pydantic.BeforeValidator(lambda v: _blank_to_none(v) or "unknown")
    ] = "unknown"
    actor1: Text = None
    actor2: Text = None
    fatalities: Count = None
    injured: Count = None
    location: Text = None
    place_id: Text = None
    latitude: Annotated[Annotated[float, Field(ge=-90, le=90)] | None, pydantic.BeforeValidator(_blank_to_none)] = None
    longitude: Annotated[Annotated[float, Field(ge=-180, le=180)] | None, pydantic.BeforeValidator(_blank_to_none)] = None
    geo_precision: Annotated[Annotated[int, Field(ge=1, le=6)] | None, pydantic.BeforeValidator(_whole)] = None
    country: Text = None
    admin1: Text = None
    admin2: Text = None
    sources: Annotated[list[SourceRecord], pydantic.BeforeValidator(_sources)] = []
    confidence: Annotated[float, pydantic.BeforeValidator(lambda v: 0.5 if _blank_to_none(v) is None else v),
                          Field(ge=0, le=1)] = 0.5  # fmt: skip
    planned: Annotated[bool, pydantic.BeforeValidator(_planned)] = False
    zone_wkt: Annotated[Text, pydantic.AfterValidator(_wkt)] = None

    @pydantic.model_validator(mode="after")
    def _both_coordinates(self) -> EventRecord:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")
        if self.date_start and self.date_end and self.date_start > self.date_end:
            raise ValueError(f"date_start {self.date_start} is after date_end {self.date_end}")
        return self


def _reason(err: pydantic.ValidationError) -> str:
    """One line: the first broken rules, each with its field and the value."""
    parts = []
    for error in err.errors(include_url=False)[:3]:
        where = ".".join(str(p) for p in error["loc"]) or "event"
        message = error["msg"].removeprefix("Value error, ")
        value = error.get("input")
        shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        parts.append(f"{where}: {message} (got {shown})" if error["type"] != "missing" else f"{where}: missing")
    more = err.error_count() - len(parts)
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def event_from_record(record: Any, *, origin: str = "<events>") -> Event:
    """An Event from one record of an events file; raises DocumentError naming ``origin`` and the broken rule.

    >>> event_from_record({"event_id": "e1", "event_type": "Battles", "latitude": "-12.5", "longitude": "-73.8"}).lat
    -12.5
    >>> event_from_record({"event_id": "e1", "event_type": "Battles", "event_date": "11/13/2007"}, origin="e.csv row 2")
    Traceback (most recent call last):
    geomap.errors.DocumentError: e.csv row 2: event_date: not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY) (got '11/13/2007')
    """
    if not isinstance(record, dict):
        raise DocumentError(origin, f"properties must be an object, not {type(record).__name__}")
    event = event_from_canonical(record)
    return event if event is not None else _event_from_validated(record, origin=origin)


def _event_from_validated(record: dict[str, Any], *, origin: str) -> Event:
    """pydantic's road: every rule, lax about types, and the message for the first broken ones."""
    try:
        r = EventRecord.model_validate(record)
    except pydantic.ValidationError as err:
        raise DocumentError(origin, _reason(err)) from err
    except RecursionError as err:
        raise DocumentError(origin, "nested too deeply") from err
    return Event(
        event_id=r.event_id, event_type=r.event_type, sub_event_type=r.sub_event_type, event_date=r.event_date,
        date_start=r.date_start, date_end=r.date_end, date_precision=r.date_precision, actor1=r.actor1, actor2=r.actor2,
        fatalities=r.fatalities, injured=r.injured, location=r.location, place_id=r.place_id, lat=r.latitude,
        lon=r.longitude, geo_precision=r.geo_precision, country=r.country, admin1=r.admin1, admin2=r.admin2,
        sources=tuple(Source(ref=s.ref, file=s.file, paragraph=s.paragraph, quote=s.quote) for s in r.sources),
        confidence=r.confidence, planned=r.planned, geometry_wkt=r.zone_wkt,
    )  # fmt: skip


# -- the fast road: rows in the shape geomap writes ---------------------------------------------------------------
# msgspec decodes JSON straight into these structs and checks types and ranges on the way (in C). The types are
# strict: "12" for a count, 2.0 for a paragraph, a blank string, a missing source field... fail here and go to
# pydantic, which knows what to make of them (or words the error). So what this road accepts, pydantic accepts
# too, as the same Event: tests/geomap/test_schema.py checks both roads against each other. The fields repeat
# EventRecord's because they say the same rules in the other library's terms (strict here, lax there).

_Nonblank = Annotated[str, msgspec.Meta(pattern=r"\S")]  # str.strip()'s whitespace is re's \s
_Text = _Nonblank | None
_FastCount = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)] | None


class _EventRow(msgspec.Struct, gc=False):
    """EventRecord as msgspec reads it, with the fields in Event's order and Event's names (the file's in ``name``)."""

    event_id: Annotated[str, msgspec.Meta(min_length=1)]
    event_type: Annotated[str, msgspec.Meta(min_length=1)]
    sub_event_type: _Text = None
    event_date: str | None = None  # the dates: by the validators above, once per distinct value (_rows_hold)
    date_start: str | None = None
    date_end: str | None = None
    date_precision: Literal["day", "month", "year", "unknown"] = "unknown"
    actor1: _Text = None
    actor2: _Text = None
    fatalities: _FastCount = None
    injured: _FastCount = None
    location: _Text = None
    place_id: _Text = None
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)] | None = msgspec.field(default=None, name="latitude")
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)] | None = msgspec.field(default=None, name="longitude")
    geo_precision: Annotated[int, msgspec.Meta(ge=1, le=6)] | None = None
    country: _Text = None
    admin1: _Text = None
    admin2: _Text = None
    sources: tuple[Source, ...] = ()  # every key present, strict types; blanks are looked at below
    confidence: Annotated[float, msgspec.Meta(ge=0, le=1)] = 0.5
    planned: bool = False
    geometry_wkt: str | None = msgspec.field(default=None, name="zone_wkt")


class _Geometry(msgspec.Struct, gc=False):
    """Any GeoJSON geometry object (its contents are not read: the properties carry the coordinates)."""


class _Feature(msgspec.Struct, gc=False):
    properties: _EventRow
    geometry: _Geometry | None = None


class _Collection(msgspec.Struct, gc=False):
    features: list[_Feature] = []


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside the block: while 100,000 records are built, each pass of the collector
    walks all of them, a third of the read; records hold no cycles, so there is nothing for it to find."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _all_good(check: Any, values: set[Any]) -> bool:
    """True when ``check`` passes every value but None (a file repeats its dates: each distinct one is checked once)."""
    try:
        for value in values - {None}:
            check(value)
    except ValueError:
        return False
    return True


def _blank(text: str | None) -> bool:
    return text is not None and not text.strip()


def _rows_hold(rows: Sequence[_EventRow]) -> bool:
    """True when the rules msgspec does not check hold for every row (else pydantic must read them, row by row)."""
    return (
        _all_good(_event_date, {r.event_date for r in rows})
        and _all_good(_day, {r.date_start for r in rows} | {r.date_end for r in rows})
        and not any((r.lat is None) != (r.lon is None) for r in rows)
        and not any(r.date_start > r.date_end for r in rows if r.date_start is not None and r.date_end is not None)
        and _all_good(_wkt, {r.geometry_wkt for r in rows})
        # a blank quote is read as "", a blank ref or file as None: pydantic's road
        and not any(_blank(s.ref) or _blank(s.file) or (s.quote and not s.quote.strip()) for r in rows for s in r.sources)
    )


def _events_from_rows(rows: Sequence[_EventRow]) -> list[Event] | None:
    if not _rows_hold(rows):
        return None
    # the struct's fields are Event's, by name and type: msgspec builds the Events in C
    return msgspec.convert(rows, list[Event], from_attributes=True)


def event_from_canonical(record: dict[str, Any]) -> Event | None:
    """The Event of a record (a dict of Python values, as ``json.loads`` gives) in exactly the shape geomap
    writes, or None when it needs :func:`event_from_record`: the same Event that would give, faster.

    >>> event_from_canonical({"event_id": "e1", "event_type": "Battles", "latitude": -12.5, "longitude": -73.8}).lat
    -12.5
    >>> event_from_canonical({"event_id": "e1", "event_type": "Battles", "fatalities": "3"}) is None  # text: pydantic's
    True
    """
    try:
        row = msgspec.convert(record, _EventRow)
    except (msgspec.ValidationError, RecursionError):
        return None
    events = _events_from_rows([row])
    return events[0] if events else None


def events_from_json(data: str | bytes, *, collection: bool = True) -> list[Event] | None:
    """Every event of a GeoJSON FeatureCollection (``collection``) or of a JSON list of schema records, decoded and
    checked in one pass; None as soon as one row is not in the shape geomap writes (the caller then reads the file
    row by row, so every bad row gets its own message).

    >>> events_from_json('{"features": [{"properties": {"event_id": "e1", "event_type": "Riots"}}]}')[0].event_type
    'Riots'
    >>> events_from_json('{"features": [{"properties": {"event_id": "e1", "event_type": "Riots", "injured": -1}}]}')
    """
    with paused_gc():
        return _events_from_json(data, collection=collection)


def _events_from_json(data: str | bytes, *, collection: bool) -> list[Event] | None:
    try:
        if collection:
            features = _COLLECTION.decode(data).features
            rows: Sequence[_EventRow] = [f.properties for f in features]
            # a geometry is only read (as the place) when the properties have no coordinates: pydantic's road
            if any(f.geometry is not None and f.properties.lat is None for f in features):
                return None
        else:
            rows = _RECORDS.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return None
    return _events_from_rows(rows)


_COLLECTION = msgspec.json.Decoder(_Collection)
_RECORDS = msgspec.json.Decoder(list[_EventRow])
