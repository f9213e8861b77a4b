"""Wires the stages: documents -> mentions -> places -> events (merged across documents).

The CLI and the Python API both go through :class:`Pipeline`, so a notebook
user gets exactly what the command line gets.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from gazetteer import Gazetteer
from geomap.documents import documents_from_paths
from geomap.errors import DocumentError
from geomap.events import events_from_document, fold_summaries, load_rules, merge_events
from geomap.events.extract import DEFAULT_PARSER, Decision
from geomap.model import Document, Event, Mention
from geomap.places import Resolver

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Settings:
    """Run-wide options (passed in, never module globals).

    user_places
        YAML file of the analyst's own places and aliases (gazetteer overrides).
    default_country
        ISO code assumed for documents that name no country (plain text, news).
    """

    user_places: Path | None = None
    default_country: str | None = None
    #: look names no offline source knows up online (Nominatim at this URL); None: never
    online_url: str | None = None
    #: read each candidate clause with the dependency parser (spaCy); False: the rules alone
    parser: bool = True
    #: keep why each candidate sentence was kept or dropped (RunResult.decisions)
    explain: bool = False


@dataclass(slots=True)
class RunResult:
    """What a batch produced: merged events, the documents read, and the failures."""

    events: list[Event] = field(default_factory=list)
    documents: int = 0
    failures: list[DocumentError] = field(default_factory=list)
    mentions: int = 0
    unresolved: int = 0
    #: with Settings.explain: a Decision per candidate sentence, in document order
    decisions: list[Decision] = field(default_factory=list)


class Pipeline:
    """Reads documents and extracts events; build once, run on many inputs."""

    def __init__(self, settings: Settings = Settings()) -> None:
        self.settings = settings

    @cached_property
    def gazetteer(self) -> Gazetteer:
        online = None
        if self.settings.online_url:
            from urllib.parse import urlsplit

            from gazetteer.sources.online import online_source

            url = urlsplit(self.settings.online_url)
            online = online_source(domain=url.netloc + url.path.rstrip("/"), scheme=url.scheme or "https")
        return Gazetteer(user_places=self.settings.user_places, online=online)

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(self.gazetteer, default_country=self.settings.default_country)

    def mentions(self, document: Document, *, demonyms: bool = False) -> list[Mention]:
        """Toponym mentions of ``document``, resolved in context; with ``demonyms``, also the
        nationality words ("Turkish"), with role "demonym" (for `geomap places`, never for events)."""
        mentions = self.resolver.mentions_from_document(document)
        if demonyms:
            mentions = sorted(mentions + self.resolver.demonyms_from_document(document, mentions), key=lambda m: m.start)
        return mentions

    def events(
        self, document: Document, mentions: list[Mention] | None = None, *, decisions: list[Decision] | None = None
    ) -> list[Event]:
        """Events of one document, merged within it; ``decisions`` collects why each candidate
        sentence was kept or dropped."""
        if mentions is None:
            mentions = self.mentions(document)
        links = {document.name: frozenset(document.references)}
        parser = DEFAULT_PARSER if self.settings.parser else None
        events = events_from_document(document, mentions, rules=load_rules(), parser=parser, explain=decisions)
        return fold_summaries(merge_events(events, links=links))

    def documents(self, paths: Iterable[str | os.PathLike[str]]) -> Iterator[Document | DocumentError]:
        return documents_from_paths(paths)

    def run(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        on_document: Callable[[Document | DocumentError], None] | None = None,
    ) -> RunResult:
        """Events from every document under ``paths``, merged across documents that cite each other."""
        result = RunResult()
        links: dict[str, frozenset[str]] = {}
        events: list[Event] = []
        for item in self.documents(paths):
            if on_document is not None:
                on_document(item)
            if isinstance(item, DocumentError):
                result.failures.append(item)
                continue
            result.documents += 1
            mentions = self.mentions(item)
            result.mentions += len(mentions)
            result.unresolved += sum(m.place is None for m in mentions)
            links[item.name] = frozenset(item.references)
            events.extend(self.events(item, mentions, decisions=result.decisions if self.settings.explain else None))
        result.events = merge_events(events, links=links)
        return result
