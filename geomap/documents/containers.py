"""Files that hold many documents, or documents in markup: the Cablegate CSV release and HTML.

The full release is one CSV of ~1.7 GB (251,287 cables): id, date, ref,
origin, classification, references, header, body, with quoted multi-line
fields. It is streamed one row at a time, so memory stays flat whatever the
file size; a bad row is reported with its row number and the rest go on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from geomap.documents.cable import normalise_ref, parse_cable
from geomap.documents.decode import text_from_bytes
from geomap.documents.readers import document_from_parts, reader_for
from geomap.errors import DocumentError
from geomap.model import Document

log = logging.getLogger(__name__)

RELEASE_COLUMNS = ("id", "date", "ref", "origin", "classification", "references", "header", "body")
_REF = re.compile(r"^\d{2}[A-Z][A-Z-]*\d{1,6}$")
_REF_LIST = re.compile(r"(\d{2})?([A-Z][A-Z]+)(\d{1,6})")
#: one cable's fields may be long, but never this long
MAX_FIELD = 64 * 1024 * 1024
_SAMPLE = 1 << 20


def _release_datetime(text: str) -> dt.datetime | None:
    """The CSV's date column: "12/5/2007 11:46" (as released) or ISO "2007-12-05 11:46"."""
    text = text.strip()
    for fmt in ("%m/%d/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.timezone.utc)
        except ValueError:
            continue
    return None


def _references(cell: str, year: int | None) -> tuple[str, ...]:
    refs = []
    for item in re.split(r"[,;\s]+", cell.strip()):
        m = _REF_LIST.fullmatch(item.upper())
        if m and (m.group(1) or year):
            yy = int(m.group(1)) if m.group(1) else year % 100  # type: ignore[operator]
            refs.append(normalise_ref(m.group(2), m.group(3), 2000 + yy if yy < 66 else 1900 + yy))
    return tuple(dict.fromkeys(refs))


def _text_stream(path: Path) -> tuple[io.TextIOBase, str]:
    """The file as text: UTF-8 if its first megabyte is, else Windows-1252 (never fails)."""
    raw = path.open("rb")
    sample = raw.read(_SAMPLE)
    raw.seek(0)
    try:
        sample.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as err:
        # a multi-byte character cut at the sample's end is still UTF-8
        encoding = "utf-8" if err.start >= len(sample) - 3 else "windows-1252"
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=""), encoding


def looks_like_release_csv(path: Path) -> bool:
    """True when the first row has the release's eight columns with a cable ref in the third."""
    try:
        with path.open("rb") as f:
            head = f.read(65536)
    except OSError:
        return False
    text = head.decode("utf-8", errors="replace")
    try:
        first = next(csv.reader(io.StringIO(text)))
    except (StopIteration, csv.Error):
        return False
    return len(first) == len(RELEASE_COLUMNS) and bool(_REF.match(first[2].strip()))


def documents_from_release_csv(path: Path) -> Iterator[Document | DocumentError]:
    """Each cable of a Cablegate-style CSV, streamed; bad rows come back as DocumentErrors."""
    csv.field_size_limit(min(MAX_FIELD, sys.maxsize))
    try:
        stream, encoding = _text_stream(path)
    except OSError as err:
        yield DocumentError(path, f"cannot read: {err.strerror or err}")
        return
    with stream:
        rows = csv.reader(stream, strict=True)
        row_number = 0
        while True:
            row_number += 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except csv.Error as err:
                yield DocumentError(path, f"row {row_number}: broken CSV ({err}); the rest of the file is not read")
                return
            if not row or (row_number == 1 and [c.strip().lower() for c in row] == list(RELEASE_COLUMNS)):
                continue  # blank line, or a header row
            if len(row) != len(RELEASE_COLUMNS):
                yield DocumentError(path, f"row {row_number}: expected {len(RELEASE_COLUMNS)} columns, found {len(row)}")
                continue
            yield _row_document(path, row_number, row, encoding)


def _row_document(path: Path, row_number: int, row: list[str], encoding: str) -> Document | DocumentError:
    _id, date, ref, origin, classification, references, header, body = row
    created = _release_datetime(date)
    if not body.strip():
        return DocumentError(path, f"row {row_number} ({ref or 'no ref'}): empty cable body")
    parts = parse_cable(header.rstrip() + "\n\n" + body)
    year = created.year if created else parts.year
    return document_from_parts(
        parts, path=path, encoding=encoding, fmt="release-csv",
        ref=ref.strip() if _REF.match(ref.strip()) else parts.ref,
        datetime=created, origin=origin.strip() or None, classification=classification.strip() or None,
        references=_references(references, year) or parts.references, record=row_number,
    )  # fmt: skip


_SCRIPT_STYLE_START = re.compile(r"<(script|style)\b", re.I)
_CLOSING = {tag: re.compile(rf"</{tag}", re.I) for tag in ("script", "style")}
_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|tr|br|article|section)\s*>|<br\s*/?>", re.I)


def _without_scripts(page: str) -> str:
    """``page`` without its <script> and <style> elements, in one pass.

    Each element ends at the first closing tag of its kind after it; one that
    is never closed takes the rest of the page, as in a browser. (A lazy regex
    from every opening tag to its closing one rescans the rest of the page for
    each unclosed tag: 340 KB of them took 23 s.)
    """
    kept: list[str] = []
    position = 0
    while (start := _SCRIPT_STYLE_START.search(page, position)) is not None:
        kept.append(page[position : start.start()])
        closing = _CLOSING[start.group(1).lower()].search(page, start.end())
        if closing is None:
            return " ".join(kept)
        end = page.find(">", closing.start())
        position = len(page) if end < 0 else end + 1
        kept.append(" ")
    kept.append(page[position:])
    return "".join(kept)


def _bare_text(page: str) -> str:
    """Text of an HTML page with tags removed, one block per line (the fallback extractor)."""
    import html as html_module

    page = _without_scripts(page)
    page = _BLOCK_END.sub("\n", page)
    text = html_module.unescape(_TAG.sub(" ", page))
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def document_from_html(data: bytes, *, path: Path | None = None) -> Document:
    """A news page or a saved cable page: main text by trafilatura, then the reader its layout calls for."""
    import trafilatura

    text, encoding = text_from_bytes(data, path=path)
    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_tables=True, include_comments=False)
    body = getattr(extracted, "text", None) if extracted is not None else None
    if not body or not body.strip():
        # trafilatura gives up on some pages (nesting deeper than the parser allows, no main
        # block); the page's bare text is still better than nothing
        body = _bare_text(text)
    if not body.strip():
        raise DocumentError(path, "HTML page without readable text")
    title = getattr(extracted, "title", None)
    # one paragraph per extracted line, so the plain-text reader numbers them
    plain = "\n\n".join(line for line in body.split("\n") if line.strip())
    if title and not plain.startswith(title):
        plain = f"{title}\n\n{plain}"
    document = reader_for(plain).read(plain, path=path, encoding=encoding)
    published = _release_datetime((getattr(extracted, "date", None) or "").replace("T", " ")[:10])
    if document.datetime is None and published is not None:
        from dataclasses import replace

        document = replace(document, datetime=published, datetime_inferred=False)
    return document
