"""A compact on-disk name index for the large sources (GeoNames: ~235k places, 1M names).

Folding a million names takes seconds, so it is done once: the first use
writes an SQLite file under the cache directory, later runs open it in
milliseconds and answer lookups with an indexed query.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from gazetteer.model import Candidate, Kind, Place
from gazetteer.names import fold, match_kind

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
_SEP = "\x1f"
_COLUMNS = "id, name, kind, country, lat, lon, admin1, admin2, population, alternates, geometry, source, licence"


def default_cache_dir() -> Path:
    """Where built indexes live: $GEOMAP_CACHE_DIR, else $XDG_CACHE_HOME/geomap, else ~/.cache/geomap."""
    if os.environ.get("GEOMAP_CACHE_DIR"):
        return Path(os.environ["GEOMAP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "geomap"


def _row(place: Place) -> tuple:
    return (
        place.id, place.name, place.kind.value, place.country, place.lat, place.lon, place.admin1,
        place.admin2, place.population, _SEP.join(place.alternate_names), place.geometry_wkt,
        place.source, place.licence,
    )  # fmt: skip


def _place(row: tuple) -> Place:
    pid, name, kind, country, lat, lon, admin1, admin2, pop, alternates, geometry, source, licence = row
    return Place(
        id=pid, name=name, kind=Kind(kind), country=country, lat=lat, lon=lon, admin1=admin1,
        admin2=admin2, population=pop, alternate_names=tuple(alternates.split(_SEP)) if alternates else (),
        geometry_wkt=geometry, source=source, licence=licence,
    )  # fmt: skip


def build_sqlite_index(places: Iterable[Place], path: Path) -> Path:
    """Write ``places`` and their folded names to an SQLite file at ``path`` (atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(
            f"""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE places (rowid INTEGER PRIMARY KEY, {_COLUMNS.replace(",", " ,")});
            CREATE TABLE names (key TEXT NOT NULL, squashed TEXT NOT NULL, place INTEGER NOT NULL,
                                country TEXT);
            PRAGMA user_version={SCHEMA_VERSION};
            """
        )
        names: list[tuple] = []
        for rowid, place in enumerate(places, 1):
            con.execute(f"INSERT INTO places (rowid, {_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (rowid, *_row(place)))
            for key in {fold(n) for n in (place.name, *place.alternate_names)} - {""}:
                names.append((key, key.replace(" ", ""), rowid, place.country))
            if len(names) > 100_000:
                con.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
                names.clear()
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
        con.executescript(
            """
            CREATE INDEX names_key ON names(key);
            CREATE INDEX names_squashed ON names(squashed);
            CREATE INDEX names_country ON names(country);
            CREATE TABLE first_words AS
                SELECT substr(key, 1, instr(key || ' ', ' ') - 1) AS word,
                       max(length(key) - length(replace(key, ' ', '')) + 1) AS words
                FROM names GROUP BY word;
            CREATE UNIQUE INDEX first_words_word ON first_words(word);
            """
        )
        con.commit()
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


class SqliteNameIndex:
    """Read side of :func:`build_sqlite_index`, with the interface of ``NameIndex``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # check_same_thread=False: the index is read-only, so sharing it across threads is safe
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        if self._con.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"{path}: index schema is not version {SCHEMA_VERSION}")
        self._cache: dict[str, list[Candidate]] = {}
        self._first_words: dict[str, int] = {}

    def __len__(self) -> int:
        return self._con.execute("SELECT count(*) FROM places").fetchone()[0]

    def __contains__(self, name: str) -> bool:
        return bool(self.lookup(name))

    def max_words(self, first_word: str) -> int:
        """Most words in a name beginning with ``first_word`` (folded); 0 when none does."""
        found = self._first_words.get(first_word)
        if found is None:
            row = self._con.execute("SELECT words FROM first_words WHERE word = ?", (first_word,)).fetchone()
            found = row[0] if row else 0
            if len(self._first_words) < 200_000:
                self._first_words[first_word] = found
        return found

    def __getstate__(self) -> dict:
        return {"path": self.path}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def _places(self, where: str, arg: str) -> list[Place]:
        sql = f"SELECT {_COLUMNS} FROM places WHERE rowid IN (SELECT place FROM names WHERE {where} = ?) ORDER BY rowid"
        return [_place(r) for r in self._con.execute(sql, (arg,))]

    def lookup(self, name: str) -> list[Candidate]:
        key = fold(name)
        if key in self._cache:
            return self._cache[key]
        places = self._places("key", key) or self._places("squashed", key.replace(" ", ""))
        found = [Candidate(p, 1.0, match_kind(key, p.name)) for p in places]
        if len(self._cache) < 50_000:
            self._cache[key] = found
        return found

    def names_in_country(self, country: str) -> Iterator[tuple[str, Place]]:
        sql = f"SELECT n.key, {', '.join('p.' + c.strip() for c in _COLUMNS.split(','))} FROM names n JOIN places p ON p.rowid = n.place WHERE n.country = ?"
        for key, *row in self._con.execute(sql, (country,)):
            yield key, _place(tuple(row))

    def names_starting(self, letter: str) -> Iterator[str]:
        # a range scan of the key index: every key from ``letter`` up to the next code point
        sql = "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ?"
        return (key for (key,) in self._con.execute(sql, (letter, letter[:-1] + chr(ord(letter[-1]) + 1))))

    @property
    def places(self) -> Iterator[Place]:
        return (_place(r) for r in self._con.execute(f"SELECT {_COLUMNS} FROM places ORDER BY rowid"))
