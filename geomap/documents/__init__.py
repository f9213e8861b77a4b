"""Stage 1, documents: files and folders in, :class:`~geomap.model.Document` out.

Reading never stops a batch: every input yields either a Document or a
DocumentError naming the file and the reason.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from geomap.documents.containers import document_from_html, documents_from_release_csv, looks_like_release_csv
from geomap.documents.decode import text_from_bytes
from geomap.documents.readers import READERS, Reader, reader_for
from geomap.errors import DocumentError
from geomap.model import Document

log = logging.getLogger(__name__)

#: file endings read when a folder is given (a file named explicitly is always read)
DOCUMENT_SUFFIXES = frozenset({"", ".txt", ".text", ".cable", ".md", ".csv", ".html", ".htm", ".xhtml"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
#: refuse to read single files beyond this size as one document
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
#: a saved news or cable page is well under a megabyte; beyond this, reading markup costs seconds
#: and gigabytes per file (BENCHMARKS.md), so a page this big is refused, not read
MAX_HTML_BYTES = 4 * 1024 * 1024
#: reports have paragraphs; a line this long is a dump of something else
MAX_LINE_CHARS = 1_000_000
_LONG_LINE = re.compile(r"[^\n]{%d}" % MAX_LINE_CHARS)


def document_from_text(text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
    """Parse text already in memory with the reader its layout calls for.

    >>> document_from_text("Rebels attacked a police post in Pichari.").format
    'text'
    """
    return reader_for(text).read(text, path=path, encoding=encoding)


def read_regular_file(path: str | os.PathLike[str], *, limit: int = MAX_DOCUMENT_BYTES, what: str = "documents") -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    A FIFO, socket or device (also behind a symlink: /dev/zero) is refused
    without blocking or reading it, and no more than ``limit`` bytes are ever
    read, whatever the file claims its size is.

    Raises
    ------
    DocumentError
        Naming the file and the reason.
    """
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError as err:
        raise DocumentError(path, "is a folder, not a document") from err
    except PermissionError as err:
        raise DocumentError(path, "permission denied") from err
    except FileNotFoundError as err:
        raise DocumentError(path, "no such file") from err
    except OSError as err:
        raise DocumentError(path, f"cannot read: {err.strerror or err}") from err
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DocumentError(path, "is a folder, not a document")
        kind = "a pipe (FIFO)" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device"
        raise DocumentError(path, f"not a regular file: {kind}")
    with os.fdopen(fd, "rb") as f:
        if info.st_size > limit:
            raise DocumentError(path, f"file is {info.st_size / 2**20:.0f} MiB; {what} over {limit / 2**20:g} MiB are not read")
        try:
            data = f.read(limit + 1)
        except OSError as err:
            raise DocumentError(path, f"cannot read: {err.strerror or err}") from err
    if len(data) > limit:  # grew while we read it
        raise DocumentError(path, f"{what} over {limit / 2**20:g} MiB are not read")
    return data


def document_from_path(path: str | os.PathLike[str]) -> Document:
    """Read one document file.

    Raises
    ------
    DocumentError
        The file cannot be read or is not a text document (the message says which).
    """
    path = Path(path)
    if path.suffix.lower() in HTML_SUFFIXES:
        return document_from_html(read_regular_file(path, limit=MAX_HTML_BYTES, what="HTML pages"), path=path)
    data = read_regular_file(path)
    text, encoding = text_from_bytes(data, path=path)
    if not any(ch.isalpha() for ch in text[:100_000]):
        raise DocumentError(path, "not a document: no letters in the text")
    if len(text) > MAX_LINE_CHARS and _LONG_LINE.search(text):
        raise DocumentError(path, f"a single line of over {MAX_LINE_CHARS // 1_000_000} million characters: a data dump, not a report (split it into documents)")
    return document_from_text(text, path=path, encoding=encoding)


def files_from_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files named, and document files inside folders named (recursively, sorted, hidden ones skipped)."""
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        unreadable: list[OSError] = []
        for root, dirs, files in os.walk(path, onerror=unreadable.append):
            # a folder that cannot be listed is yielded itself, so the reader reports it as a failed input
            while unreadable:
                yield Path(unreadable.pop(0).filename or root)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                child = Path(root, name)
                if not name.startswith(".") and child.suffix.lower() in DOCUMENT_SUFFIXES:
                    yield child
        yield from (Path(err.filename or path) for err in unreadable)


def documents_from_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Document | DocumentError]:
    """Every document under ``paths``, one at a time; failures are yielded, not raised."""
    for path in files_from_paths(paths):
        if path.suffix.lower() == ".csv" and path.is_file():
            if looks_like_release_csv(path):
                yield from documents_from_release_csv(path)
            else:
                yield DocumentError(path, "a CSV, but not the cable release layout (id, date, ref, origin, classification, references, header, body)")
            continue
        try:
            yield document_from_path(path)
        except DocumentError as err:
            log.debug("skipping %s: %s", path, err.reason)
            yield err


__all__ = [
    "READERS",
    "Reader",
    "document_from_path",
    "document_from_text",
    "documents_from_paths",
    "read_regular_file",
    "files_from_paths",
]
