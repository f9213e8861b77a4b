"""The one extension point for gazetteer data: a Source yields Places.

A source only has to say which places it knows (:meth:`Source.load`); the
shared name index gives every source the same lookup rules (accent folding,
spacing variants), so a curated zone and a GeoNames town match alike.
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from gazetteer.model import Candidate, Place
from gazetteer.names import fold, match_kind, squash
from gazetteer.sqlite_index import SCHEMA_VERSION, SqliteNameIndex, build_sqlite_index, default_cache_dir

log = logging.getLogger(__name__)


class NameIndex:
    """Places by folded and squashed name; shared by every source and the Gazetteer."""

    __slots__ = ("places", "_by_fold", "_by_squash", "_first_words")

    def __init__(self, places: Iterable[Place] = ()) -> None:
        self.places: list[Place] = []
        self._by_fold: dict[str, list[int]] = defaultdict(list)
        self._by_squash: dict[str, list[int]] = defaultdict(list)
        self._first_words: dict[str, int] = {}
        self.extend(places)

    def max_words(self, first_word: str) -> int:
        """Most words in a name beginning with ``first_word`` (folded); 0 when none does."""
        return self._first_words.get(first_word, 0)

    def extend(self, places: Iterable[Place]) -> None:
        for place in places:
            i = len(self.places)
            self.places.append(place)
            folded = {fold(n) for n in (place.name, *place.alternate_names)}
            for key in folded:
                if key:
                    self._by_fold[key].append(i)
                    words = key.split(" ")
                    self._first_words[words[0]] = max(self._first_words.get(words[0], 0), len(words))
            for key in {k.replace(" ", "") for k in folded}:
                if key:
                    self._by_squash[key].append(i)

    def __len__(self) -> int:
        return len(self.places)

    def names_in_country(self, country: str) -> Iterator[tuple[str, Place]]:
        """(folded name, place) for every name of every place in ``country``."""
        for key, hits in self._by_fold.items():
            for i in hits:
                if self.places[i].country == country:
                    yield key, self.places[i]

    def names_starting(self, letter: str) -> Iterator[str]:
        """Every folded name that begins with ``letter``, in any country."""
        return (key for key in self._by_fold if key.startswith(letter))

    def __contains__(self, name: str) -> bool:
        return fold(name) in self._by_fold or squash(name) in self._by_squash

    def lookup(self, name: str) -> list[Candidate]:
        """Places whose name or alternate name equals ``name`` up to folding."""
        key = fold(name)
        hits = self._by_fold.get(key) or self._by_squash.get(key.replace(" ", ""))
        if not hits:
            return []
        return [Candidate(p, 1.0, match_kind(key, p.name)) for p in (self.places[i] for i in dict.fromkeys(hits))]


class Source(ABC):
    """Base class of every gazetteer source; register subclasses in ``SOURCES``."""

    #: registry name, e.g. ``"curated"``
    name: str = ""
    #: licence of the data, shown with every place
    licence: str = ""

    #: large sources keep a built SQLite index in the cache directory
    on_disk: bool = False

    def __init__(self) -> None:
        self._index: NameIndex | SqliteNameIndex | None = None

    @abstractmethod
    def load(self) -> Iterable[Place]:
        """Every place this source knows."""

    def fingerprint(self) -> str:
        """Changes whenever the data behind the source changes (names the on-disk index)."""
        return "0"

    @property
    def index(self) -> NameIndex | SqliteNameIndex:
        if self._index is None:
            if self.on_disk:
                path = default_cache_dir() / f"{self.name}-{self.fingerprint()}-v{SCHEMA_VERSION}.sqlite"
                if not path.exists():
                    log.info("building the %s name index at %s (once)", self.name, path)
                    build_sqlite_index(self.load(), path)
                    _remove_older_indexes(path, self.name)
                self._index = SqliteNameIndex(path)
            else:
                self._index = NameIndex(self.load())
            log.debug("source %s: %d places", self.name, len(self._index))
        return self._index

    def lookup(self, name: str, *, country: str | None = None) -> list[Candidate]:
        """Candidates for ``name``, optionally only those in ``country`` (ISO alpha-2)."""
        found = self.index.lookup(name)
        if country:
            found = [c for c in found if c.place.country == country.upper()]
        return found


def _remove_older_indexes(current: Path, name: str) -> None:
    """Deletes the indexes of ``name`` that an older index schema left beside ``current`` (each is
    as big as the new one: 116 MB for the GeoNames towns); indexes of the same schema and another
    fingerprint (other data, another minimum population) may still be in use and stay. A
    process still reading a deleted one keeps its open file. Fingerprints start with a version
    number (the data package's), so "tiny-1.0-v1" is the tiny source's and "tiny-extra-1.0-v1"
    another source's."""
    for old in current.parent.glob(f"{name}-[0-9]*-v*.sqlite"):
        m = _SCHEMA_OF.search(old.name)
        if old != current and m and int(m.group(1)) < SCHEMA_VERSION:
            try:
                old.unlink()
                log.info("removed the outdated index %s", old)
            except OSError as error:
                log.debug("could not remove %s: %s", old, error)


#: the schema version at the end of an index's file name ("...-v3.sqlite")
_SCHEMA_OF = re.compile(r"-v(\d+)\.sqlite$")
