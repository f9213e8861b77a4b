"""Stage 5, store: an embedded SQLite store of documents, mentions and events.

Each document is written in one transaction together with its mentions and
its own events, so a crash leaves only whole documents behind. Re-ingesting
an unchanged document (same content hash) changes nothing; a changed one
replaces its rows; one that fails is kept in quarantine with its error.
Reports of one incident from several documents are merged when events are
read (the same merge the pipeline runs), so the store never has to rewrite
other documents' rows. An ingest that changed the store then saves that
merged view once, stamped with the documents and the merge code it came
from; reading uses it while the stamp still holds (100,000 events: half a
second instead of three) and merges afresh when it does not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geomap.errors import DocumentError, GeomapError
from geomap.events import merge_events
from geomap.exports import event_from_properties, properties_from_event
from geomap.model import Document, Event, Mention
from geomap.schema import events_from_json, paused_gc

SCHEMA_VERSION = 3
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_key TEXT PRIMARY KEY,      -- ref, or file#row for documents without one
    ref TEXT, file TEXT, record INTEGER, format TEXT, datetime TEXT,
    content_hash TEXT NOT NULL,
    refs_cited TEXT NOT NULL,      -- JSON list of normalised refs this document cites
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error TEXT,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
    doc_key TEXT NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    paragraph INTEGER, start INTEGER, end INTEGER, text TEXT,
    place_id TEXT, name TEXT, kind TEXT, lat REAL, lon REAL
);
CREATE TABLE IF NOT EXISTS events (     -- one row per event for queries (full records: event_blobs)
    doc_key TEXT NOT NULL REFERENCES documents(doc_key) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    event_type TEXT, date_start TEXT, date_end TEXT, lat REAL, lon REAL,
    PRIMARY KEY (doc_key, event_id)
);
CREATE TABLE IF NOT EXISTS event_blobs (
    doc_key TEXT PRIMARY KEY REFERENCES documents(doc_key) ON DELETE CASCADE,
    events BLOB NOT NULL          -- the events of the document in the full schema, zlib-compressed JSON list
);
CREATE TABLE IF NOT EXISTS merged_events (  -- Store.events() as of `stamp` (see _stamp_of), saved after an ingest
    id INTEGER PRIMARY KEY CHECK (id = 1),
    stamp TEXT NOT NULL,
    events BLOB NOT NULL           -- zlib-compressed JSON list of the merged events, as event_blobs
);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_key);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_key);
"""


logger = logging.getLogger(__name__)


class StoreError(GeomapError, OSError):
    """The store file cannot be opened, read or written, or is not a geomap store."""


def _store_error(path: Path, err: sqlite3.Error) -> StoreError:
    """One line for an SQLite failure: a full disk, a damaged file, a lock, or not a database."""
    text = str(err)
    if "full" in text or isinstance(err, sqlite3.OperationalError) and "disk I/O" in text:
        return StoreError(f"{path}: cannot write the store: {text} (disk full or file too large?); "
                          "what was written before is kept, rerun the ingest when there is room")  # fmt: skip
    if "malformed" in text or "corrupt" in text:
        return StoreError(f"{path}: the store is damaged ({text}); re-ingest the documents into a new file")
    if "not a database" in text or "encrypted" in text:
        return StoreError(f"{path}: not a geomap store ({text})")
    return StoreError(f"{path}: store error: {text}")


def _check_is_ours(path: Path, *, must_exist: bool) -> None:
    """Refuse a file geomap did not make, before opening it can change it (WAL mode, our tables)."""
    try:
        if path.exists() and not path.is_dir() and not path.is_file():  # a FIFO would block the open below
            raise StoreError(f"{path}: not a regular file (a pipe, socket or device), not a store")
        with path.open("rb") as f:
            header = f.read(len(_SQLITE_HEADER))
    except FileNotFoundError as err:
        if must_exist:
            raise StoreError(f"{path}: no such store (create it with `geomap ingest ... --store {path}`)") from err
        return
    except IsADirectoryError as err:
        raise StoreError(f"{path}: is a folder, not a store file") from err
    except OSError as err:
        raise StoreError(f"{path}: cannot open the store: {err.strerror or err}") from err
    if not header:
        if must_exist:
            raise StoreError(f"{path}: an empty file, not a store")
        return  # an empty file: a new store
    if header != _SQLITE_HEADER:
        raise StoreError(f"{path}: not a geomap store (not an SQLite database); give a new file name")
    try:
        con = _connect_read_only(path)
        try:
            tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        finally:
            con.close()
    except sqlite3.DatabaseError as err:
        raise _store_error(path, err) from err
    if tables and not _OUR_TABLES <= tables:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(f"{path}: an SQLite database of another program (tables: {shown}); geomap leaves it "
                         "unchanged: give a new file name for the store")  # fmt: skip


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open ``path`` without ever writing to it (also in a read-only folder, where SQLite cannot make
    the -shm file a WAL database needs: then it is opened as immutable)."""
    uri = path.resolve().as_uri()
    try:
        con = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=60, isolation_level=None)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.OperationalError as err:
        if "unable to open" not in str(err) and "readonly" not in str(err):
            raise
    return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What ingesting one document did: 'added', 'replaced', 'unchanged' or 'failed'."""

    doc_key: str
    action: str
    events: int = 0
    error: str | None = None


def _pack(events: list[dict], *, level: int = 6) -> bytes:
    return zlib.compress(json.dumps(events, ensure_ascii=False).encode("utf-8"), level)


def _merge_code() -> bytes:
    """The merge rules' source: a merged view saved by other rules is not used."""
    from geomap.events import merge

    try:
        return Path(merge.__file__).read_bytes()
    except (OSError, TypeError):  # no source to read (a frozen build): the version has to do
        from geomap import __version__

        return __version__.encode()


def _stamp_of(con: sqlite3.Connection) -> str:
    """What the merged events depend on: every document's key, content and status, and the merge code."""
    digest = hashlib.sha256(_merge_code())
    for key, content, status in con.execute("SELECT doc_key, content_hash, status FROM documents ORDER BY doc_key"):
        digest.update(f"\x00{key}\x00{content}\x00{status}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def unpack_events(blob: bytes) -> list[dict]:
    """A document's events (schema properties) as stored (see ``_pack``)."""
    return json.loads(zlib.decompress(blob))


def content_hash(document: Document) -> str:
    return hashlib.sha256(f"{document.format}\x00{document.body}".encode("utf-8", "surrogatepass")).hexdigest()


def doc_key(document: Document) -> str:
    if document.ref:
        return document.ref
    where = str(document.path) if document.path else "<text>"
    return f"{where}#{document.record}" if document.record is not None else where


_SQLITE_HEADER = b"SQLite format 3\x00"
_OUR_TABLES = frozenset({"documents", "mentions", "events", "event_blobs"})


class Store:
    """An open store file; use as a context manager (``with Store(path) as store:``).

    ``read_only=True`` (what `geomap map --store` and `geomap export` use)
    opens the file with SQLite's ``mode=ro``: nothing is written, so a store on
    read-only media or with read-only permissions can be read. A file that is
    not geomap's — another program's SQLite database, or not SQLite at all —
    is refused before anything is written to it.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        _check_is_ours(self.path, must_exist=read_only)
        try:
            if read_only:
                self._con = _connect_read_only(self.path)
                self._check_schema(self._con.execute("PRAGMA user_version").fetchone()[0])
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # autocommit mode: every write happens inside an explicit BEGIN IMMEDIATE below
            self._con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._con.execute("PRAGMA busy_timeout=60000")
            self._con.execute("PRAGMA foreign_keys=ON")
            _retry_while_locked(lambda: self._con.execute("PRAGMA journal_mode=WAL"))
            # WAL with NORMAL sync: a killed process loses nothing committed and the file never
            # corrupts; a power cut may drop the last documents, which a rerun of the (idempotent)
            # ingest adds back. Saves a third of the per-document write (no fsync per commit).
            self._con.execute("PRAGMA synchronous=NORMAL")
            # two processes may create the store at once: the schema is made in one transaction
            with self._transaction():
                self._check_schema(self._con.execute("PRAGMA user_version").fetchone()[0], creating=True)
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    self._con.execute(statement)
                self._con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except OSError as err:
            raise StoreError(f"{self.path}: cannot open the store: {err.strerror or err}") from err
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err

    def _check_schema(self, version: int, *, creating: bool = False) -> None:
        if version == SCHEMA_VERSION or (creating and version == 0):
            return
        if version == 0:
            raise StoreError(f"{self.path}: an empty store (nothing ingested yet)")
        raise StoreError(f"{self.path}: store schema {version} is not {SCHEMA_VERSION}; re-ingest into a new file")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            if exc_type is None and not self.read_only:
                self._save_merged_events_if_stale()
        finally:
            self.close()

    def close(self) -> None:
        self._con.close()

    # -- writing -------------------------------------------------------------

    def has(self, document: Document) -> bool:
        """True when this exact version of ``document`` is already stored."""
        try:
            row = self._con.execute("SELECT content_hash, status FROM documents WHERE doc_key = ?", (doc_key(document),)).fetchone()
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err
        return row is not None and row[0] == content_hash(document) and row[1] == "ok"

    def put(self, document: Document, mentions: Iterable[Mention], events: Iterable[Event]) -> IngestOutcome:
        """Store one document with its mentions and events, atomically."""
        try:
            return self._put(document, mentions, events)
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err

    def _put(self, document: Document, mentions: Iterable[Mention], events: Iterable[Event]) -> IngestOutcome:
        key, digest = doc_key(document), content_hash(document)
        events = list(events)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self._transaction():
            row = self._con.execute("SELECT content_hash, status FROM documents WHERE doc_key = ?", (key,)).fetchone()
            if row is not None and row[0] == digest and row[1] == "ok":
                return IngestOutcome(key, "unchanged")
            self._con.execute("DELETE FROM documents WHERE doc_key = ?", (key,))  # cascades to mentions and events
            self._con.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (key, document.ref, str(document.path) if document.path else None, document.record, document.format,
                 document.datetime.isoformat() if document.datetime else None, digest, json.dumps(list(document.references)),
                 "ok", None, now),
            )  # fmt: skip
            self._con.executemany(
                "INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(key, m.paragraph, m.start, m.end, m.text, m.place.id if m.place else None, m.place.name if m.place else None,
                  m.place.kind.value if m.place else None, m.place.lat if m.place else None, m.place.lon if m.place else None)
                 for m in mentions],
            )  # fmt: skip
            self._con.executemany(
                "INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?,?)",
                [(key, e.event_id, e.event_type, e.date_start, e.date_end, e.lat, e.lon) for e in events],
            )
            # one compressed blob per document: its events share keys, places and quotes, so it packs well
            self._con.execute("INSERT INTO event_blobs VALUES (?, ?)", (key, _pack([properties_from_event(e) for e in events])))
        return IngestOutcome(key, "added" if row is None else "replaced", len(events))

    def quarantine(self, error: DocumentError) -> IngestOutcome:
        """Record an input that could not be read (a good version already stored is kept)."""
        try:
            return self._quarantine(error)
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err

    def _quarantine(self, error: DocumentError) -> IngestOutcome:
        key = f"{error.path}" if error.path else "<input>"
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self._transaction():
            self._con.execute(
                "INSERT INTO documents (doc_key, file, content_hash, refs_cited, status, error, ingested_at) "
                "VALUES (?, ?, '', '[]', 'failed', ?, ?) "
                "ON CONFLICT(doc_key) DO UPDATE SET error = excluded.error, ingested_at = excluded.ingested_at "
                "WHERE documents.status = 'failed'",
                (key, str(error.path) if error.path else None, error.reason, now),
            )
        return IngestOutcome(key, "failed", error=error.reason)

    def _transaction(self) -> _Transaction:
        return _Transaction(self._con)

    # -- reading -------------------------------------------------------------

    def document_events(self) -> Iterator[Event]:
        """Every stored per-document event (before merging across documents)."""
        try:
            for key, blob in self._con.execute("SELECT doc_key, events FROM event_blobs ORDER BY doc_key"):
                try:
                    data = zlib.decompress(blob)
                    # what geomap wrote, it reads in one pass; anything else row by row, with the schema's messages
                    events = events_from_json(data, collection=False)
                    records: Any = None if events is not None else json.loads(data)
                except (zlib.error, ValueError, TypeError) as err:
                    raise StoreError(f"{self.path}: the events of {key!r} are damaged ({err}); re-ingest into a new file") from err
                if events is not None:
                    yield from sorted(events, key=lambda e: e.event_id)
                    continue
                for props in sorted(records, key=lambda p: str(p.get("event_id") if isinstance(p, dict) else "")):
                    yield event_from_properties(props, origin=f"{self.path} ({key})")
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err

    def events(self) -> list[Event]:
        """Events merged across documents that cite each other (what `geomap map` draws): the merged view the
        last ingest saved while it still holds (same documents, same merge rules), else merged now."""
        with self._snapshot():
            saved = self._saved_merged_events()
            return saved if saved is not None else self._merged_events()

    def save_merged_events(self) -> None:
        """Merge the stored events now and keep the result for :meth:`events` (a store that an ingest changed
        does this when it is closed; with 100,000 events it takes a few seconds)."""
        with paused_gc():
            with self._snapshot():  # the stamp and the events from one state of the file
                stamp = self._stamp()
                blob = _pack([properties_from_event(e) for e in self._merged_events()], level=1)
            try:
                with self._transaction():
                    self._con.execute("INSERT OR REPLACE INTO merged_events VALUES (1, ?, ?)", (stamp, blob))
            except sqlite3.DatabaseError as err:
                raise _store_error(self.path, err) from err

    def _save_merged_events_if_stale(self) -> None:
        try:
            row = self._con.execute("SELECT stamp FROM merged_events WHERE id = 1").fetchone()
            if row is not None and row[0] == self._stamp():
                return
            self.save_merged_events()
        except (sqlite3.DatabaseError, GeomapError) as err:  # the view only saves time: the store itself is whole
            logger.warning("%s: the merged events were not saved (%s); `geomap map --store` merges them itself", self.path, err)

    def _saved_merged_events(self) -> list[Event] | None:
        try:
            row = self._con.execute("SELECT stamp, events FROM merged_events WHERE id = 1").fetchone()
        except sqlite3.OperationalError as err:
            if "no such table" in str(err):  # a store written before the merged view was kept
                return None
            raise _store_error(self.path, err) from err
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err
        if row is None or row[0] != self._stamp():
            return None
        try:
            return events_from_json(zlib.decompress(row[1]), collection=False)  # None if not as we wrote it
        except zlib.error:
            return None  # a damaged view: merge from the documents, which are checked row by row

    def _merged_events(self) -> list[Event]:
        try:
            links = {key: frozenset(json.loads(refs)) for key, refs in self._con.execute("SELECT doc_key, refs_cited FROM documents")}
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err
        except ValueError as err:
            raise StoreError(f"{self.path}: the store is damaged ({err}); re-ingest into a new file") from err
        return merge_events(self.document_events(), links=links)

    def _stamp(self) -> str:
        try:
            return _stamp_of(self._con)
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """BEGIN ... ROLLBACK around reads: every statement inside sees one state of the file (WAL keeps it
        while other processes write)."""
        try:
            self._con.execute("BEGIN")
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err
        try:
            yield
        finally:
            try:
                if self._con.in_transaction:
                    self._con.execute("ROLLBACK")  # nothing was written: this only ends the read
            except sqlite3.DatabaseError:
                pass  # a damaged file: the read inside said so (or it read what it needed before the damage)

    def failures(self) -> list[tuple[str, str]]:
        try:
            return list(self._con.execute("SELECT doc_key, error FROM documents WHERE status = 'failed' ORDER BY doc_key"))
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err

    def counts(self) -> dict[str, int]:
        try:
            return self._counts()
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err

    def _counts(self) -> dict[str, int]:
        one = lambda sql: self._con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents WHERE status = 'ok'"),
            "failed": one("SELECT count(*) FROM documents WHERE status = 'failed'"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "unresolved": one("SELECT count(*) FROM mentions WHERE place_id IS NULL"),
            "events": one("SELECT count(*) FROM events"),
        }


def _retry_while_locked(action: Callable[[], object], *, attempts: int = 100, wait: float = 0.05) -> None:
    """Run ``action``, waiting while another process holds the lock it needs (switching to WAL
    takes an exclusive lock that SQLite's busy timeout does not wait for)."""
    for attempt in range(attempts):
        try:
            action()
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) and "busy" not in str(err) or attempt == attempts - 1:
                raise
            time.sleep(wait)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error (one document at a time)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type:
            try:
                self.con.execute("ROLLBACK")
            except sqlite3.OperationalError:  # SQLite already rolled back (a full disk does)
                pass
        else:
            self.con.execute("COMMIT")
