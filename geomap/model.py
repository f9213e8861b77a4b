"""The typed records passed between pipeline stages.

documents -> mentions -> places -> events -> store -> render: each stage takes
and returns these frozen records, never loose dicts, and each carries its
provenance (file, ref, paragraph, character span).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gazetteer.model import Candidate, Place
from geomap.countries import country_from_post, country_from_tags

__all__ = ["Candidate", "Document", "Event", "Mention", "Paragraph", "Place", "Source"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered paragraph of a cable (or a text block of an article).

    ``start``/``end`` are character offsets into :attr:`Document.body`.
    """

    number: int
    text: str
    start: int
    end: int
    marking: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One cable, article or text file, with its metadata and body."""

    path: Path | None
    body: str
    paragraphs: tuple[Paragraph, ...]
    format: str
    encoding: str = "utf-8"
    ref: str | None = None
    datetime: dt.datetime | None = None
    datetime_inferred: bool = False
    origin: str | None = None
    classification: str | None = None
    subject: str | None = None
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    signer: str | None = None
    released: dt.datetime | None = None
    #: document index inside a container file (row of a CSV release), else None
    record: int | None = None

    @property
    def name(self) -> str:
        """How messages and sources name the document: its ref, else its file."""
        return self.ref or (self.path.name if self.path else "<text>")

    @property
    def country(self) -> str | None:
        """The country the document reports on (ISO code): its sending post's, else the first
        country among its TAGS, else None (see geomap/countries.py)."""
        return country_from_post(self.origin) or country_from_tags(self.tags)


@dataclass(frozen=True, slots=True)
class Mention:
    """A toponym in a document's text, resolved to a place or not."""

    text: str
    start: int
    end: int
    paragraph: int
    place: Place | None = None
    score: float = 0.0
    reasons: tuple[str, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    #: "toponym", or "demonym" for a nationality word ("Turkish") reported with its country: it
    #: says which country a text is about, never where an event happened
    role: str = "toponym"


@dataclass(frozen=True, slots=True)
class Source:
    """Where an event is reported: document, paragraph and the sentence itself."""

    ref: str | None
    file: str | None
    paragraph: int | None
    quote: str


@dataclass(frozen=True, slots=True)
class Event:
    """One incident, modelled on ACLED/UCDP (see INTERFACE.md for the fields)."""

    event_id: str
    event_type: str
    sub_event_type: str | None
    event_date: str | None
    date_start: str | None
    date_end: str | None
    date_precision: str
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    location: str | None = None
    place_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    sources: tuple[Source, ...] = field(default=())
    confidence: float = 0.5
    planned: bool = False
    geometry_wkt: str | None = None
