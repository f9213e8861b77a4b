"""Stage 5, store: an embedded SQLite store of documents, mentions and events.

Each document is written in one transaction together with its mentions and
its own events, so a crash leaves only whole documents behind. Re-ingesting
an unchanged document (same content hash) changes nothing; a changed one
replaces its rows; one that fails is kept in quarantine with its error.
Reports of one incident from several documents are merged when events are
read (the same merge the pipeline runs), so the store never has to rewrite
other documents' rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import DocumentError, GeomapError
from geomap.events import merge_events
from geomap.exports import event_from_properties, properties_from_event
from geomap.model import Document, Event, Mention

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
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_key);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_key);
"""


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


def _pack(events: list[dict]) -> bytes:
    return zlib.compress(json.dumps(events, ensure_ascii=False).encode("utf-8"), 6)


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

    def __exit__(self, *exc: object) -> None:
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
                    records = unpack_events(blob)
                except (zlib.error, ValueError, TypeError) as err:
                    raise StoreError(f"{self.path}: the events of {key!r} are damaged ({err}); re-ingest into a new file") from err
                for props in sorted(records, key=lambda p: str(p.get("event_id") if isinstance(p, dict) else "")):
                    yield event_from_properties(props, origin=f"{self.path} ({key})")
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err

    def events(self) -> list[Event]:
        """Events merged across documents that cite each other (what `geomap map` draws)."""
        try:
            links = {key: frozenset(json.loads(refs)) for key, refs in self._con.execute("SELECT doc_key, refs_cited FROM documents")}
        except sqlite3.DatabaseError as err:
            raise _store_error(self.path, err) from err
        except ValueError as err:
            raise StoreError(f"{self.path}: the store is damaged ({err}); re-ingest into a new file") from err
        return merge_events(self.document_events(), links=links)

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
