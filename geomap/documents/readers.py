"""Document readers: one per layout people hold cables and news in.

Each reader says whether a text looks like its layout (``sniff``) and turns
it into a :class:`~geomap.model.Document` (``read``). They share one base
class and one registry; the first reader that recognises a text reads it,
and plain text takes whatever is left.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from abc import ABC, abstractmethod
from pathlib import Path

from geomap.documents.cable import CableParts, clean_links, parse_cable
from geomap.errors import DocumentError
from geomap.model import Document, Paragraph

_REF_ID = re.compile(r"^\d{2}[A-Z][A-Z]+\d{1,6}$")
_CREATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})")
_PARTIAL_NOTE = re.compile(r"^This record is a partial extract of the original cable\..*$", re.M)


def datetime_from_iso(text: str | None) -> dt.datetime | None:
    """UTC datetime from "2007-02-20 22:45" (WikiLeaks, cablegatesearch).

    >>> datetime_from_iso("2007-02-20 22:45").isoformat()
    '2007-02-20T22:45:00+00:00'
    """
    m = _CREATED.match((text or "").strip())
    if not m:
        return None
    try:
        return dt.datetime(*map(int, m.groups()), tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def document_from_parts(parts: CableParts, *, path: Path | None, encoding: str, fmt: str, **wrapper: object) -> Document:
    """A Document from the cable's own fields, with the page wrapper's fields taking precedence."""
    fields = {
        "ref": parts.ref,
        "datetime": parts.datetime,
        "origin": parts.origin,
        "classification": parts.classification,
        "subject": parts.subject,
        "tags": parts.tags,
        "references": parts.references,
        "signer": parts.signer,
    }
    fields.update({k: v for k, v in wrapper.items() if v is not None})
    if parts.year is None and fields["datetime"] is not None and parts.fields.get("unresolved_references"):
        # refs like "LIMA 353" get their year from the wrapper's date
        year = fields["datetime"].year  # type: ignore[union-attr]
        fields["references"] = tuple(
            f"{year % 100:02d}{r.rsplit(' ', 1)[0].replace(' ', '')}{r.rsplit(' ', 1)[1]}"
            for r in parts.fields["unresolved_references"].split(", ")
        )
    return Document(path=path, body=parts.body, paragraphs=parts.paragraphs, format=fmt, encoding=encoding, **fields)  # type: ignore[arg-type]


#: Spanish month names (the press writes both spellings of September)
SPANISH_MONTHS = {m: i for i, m in enumerate("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(), 1)}
SPANISH_MONTHS["setiembre"] = 9
_MONTH_NAMES = {m.lower(): i for i in range(1, 13) for m in (calendar.month_name[i], calendar.month_abbr[i])}
_MONTH_NAMES.update(SPANISH_MONTHS, sept=9)
_DL_MONTH = "(?i:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_DL_YEAR = r"(?:19|20)\d\d"
#: a place name of up to five words, capitalised or in capitals: "LIMA", "TINGO MARIA", "Puerto Maldonado"
_DL_PLACE = r"(?=[A-ZÀ-Þ])(?:[^\W\d_]|[.'’-])+(?:[ \t]+(?:[^\W\d_]|[.'’-])+){0,4}"
#: a day without a year ends a dateline only before a news agency: "LIMA, March 3 (Reuters) -",
#: not "In Lima, May 30 - June 2, ..."
_AGENCY_NEXT = r"(?=[ \t]*\()"
#: a news dateline: a place, a comma, a date, then a dash or a news agency. The date is
#: "March 13, 2007", "13 March 2007", "March 2007", "3 de marzo de 2008", "2008-03-03",
#: or without a year "March 3 (Reuters) -" (see _dateline_datetime)
_DATELINE = re.compile(
    rf"^[ \t]*{_DL_PLACE}(?:,[ \t]+{_DL_PLACE})?,[ \t]+"  # "AYACUCHO, Peru, March 3 (Reuters) -"
    rf"(?:(?P<m1>{_DL_MONTH})[ \t]+(?P<d1>[0-3]?\d)(?:(?:[ \t]*,[ \t]*|[ \t]+)(?P<y1>{_DL_YEAR})|{_AGENCY_NEXT})"
    rf"|(?P<d2>[0-3]?\d)[ \t]+(?:(?i:de)[ \t]+)?(?P<m2>{_DL_MONTH})(?:(?:[ \t]*,[ \t]*|[ \t]+)(?:(?i:del?)[ \t]+)?(?P<y2>{_DL_YEAR})|{_AGENCY_NEXT})"
    rf"|(?P<m3>{_DL_MONTH})(?:[ \t]*,[ \t]*|[ \t]+)(?:(?i:del?)[ \t]+)?(?P<y3>{_DL_YEAR})"
    rf"|(?P<y4>{_DL_YEAR})-(?P<n4>[01]\d)-(?P<d4>[0-3]\d))"
    r"[ \t]*(?:\([ \t]*[A-Za-z][\w.&/ -]{0,30}\)[ \t]*(?:-{1,2}|–|—)?|\.?[ \t]*(?:-{1,2}|–|—))",
    re.M,
)


def datetime_from_dateline(text: str, *, reference: dt.date | None = None) -> tuple[dt.datetime | None, bool]:
    """Publication date from a news dateline, and whether the day had to be guessed (month only).

    A dateline without a year ("LIMA, March 3 (Reuters) -") takes the year that puts it
    on or before ``reference`` (the document's date, give or take a week), and has no
    date without one.

    >>> datetime_from_dateline("TINGO MARIA, March 2007 - Police destroyed ...")
    (datetime.datetime(2007, 3, 1, 0, 0, tzinfo=datetime.timezone.utc), True)
    >>> datetime_from_dateline("LIMA, 3 de marzo de 2008.- La policía ...")[0].date().isoformat()
    '2008-03-03'
    """
    m = _DATELINE.search(text)
    return _dateline_datetime(m, reference) if m else (None, False)


def _dateline_datetime(m: re.Match[str], reference: dt.date | None) -> tuple[dt.datetime | None, bool]:
    name = m.group("m1") or m.group("m2") or m.group("m3")
    month = _MONTH_NAMES[name.rstrip(".").lower()] if name else int(m.group("n4"))
    day = m.group("d1") or m.group("d2") or m.group("d4")
    year = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
    try:
        if year is None:
            if reference is None:
                return None, False
            # a story is filed before the document that holds it is dated (a week of slack)
            soon = reference + dt.timedelta(days=7)
            year = soon.year - ((month, int(day)) > (soon.month, soon.day))
        return dt.datetime(int(year), month, int(day or 1), tzinfo=dt.timezone.utc), day is None
    except ValueError:
        return None, False


def dateline_in(text: str, *, reference: dt.date | None = None) -> tuple[int, int, dt.datetime | None] | None:
    r"""A news dateline at a line start near the top of ``text`` (a paragraph): where it starts,
    where the story after it starts, and the date it gives; None when there is none.

    The dateline tells when and where the story was filed, not where or when
    the incident happened: the event stage skips it, and resolves the story's
    dates against the dateline's. A headline may stand on the line before it.
    A dateline without a year dates from ``reference`` (see ``datetime_from_dateline``).

    >>> text = "Patrol ambushed\nLIMA, May 30, 2007 - Rebels ambushed a patrol."
    >>> start, end, filed = dateline_in(text)
    >>> text[:start], text[end:], filed.date().isoformat()
    ('Patrol ambushed\n', 'Rebels ambushed a patrol.', '2007-05-30')
    """
    m = _DATELINE.search(text, 0, _DATELINE_REACH)
    if not m:
        return None
    end = m.end()
    while end < len(text) and text[end].isspace():
        end += 1
    return m.start(), end, _dateline_datetime(m, reference)[0]


#: how far into a paragraph a dateline may start (after a headline line)
_DATELINE_REACH = 300


class Reader(ABC):
    """Base class of document readers; register subclasses in ``READERS``."""

    #: registry name, shown in ``geomap parse`` output as ``format``
    name: str = ""

    @abstractmethod
    def sniff(self, text: str) -> bool:
        """True when ``text`` is in this reader's layout."""

    @abstractmethod
    def read(self, text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
        """The document in ``text``."""


class WikiLeaksPageReader(Reader):
    """A cable page from wikileaks.org saved as text: site navigation, a metadata
    table (Reference ID, Created, Released, Classification, Origin), then the cable."""

    name = "wikileaks-page"
    _TABLE = re.compile(r"^Reference ID\s+Created\s+Released\s+Classification\s+Origin\s*$", re.M)
    _CABLE_START = re.compile(r"^[ \t]*(?:VZCZC|R?DE[ \t]+RUE|(?:[A-Z][ \t]){4,}[A-Z][ \t]|UNCLAS)", re.M)

    def sniff(self, text: str) -> bool:
        head = text[:20000]
        return "Reference ID" in head and bool(self._TABLE.search(head))

    def read(self, text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
        table = self._TABLE.search(text)
        if table is None:
            raise DocumentError(path, "no WikiLeaks metadata table (Reference ID, Created, ...)")
        rest = text[table.end() :].lstrip("\n")
        row, _, after = rest.partition("\n")
        cells = [c.strip() for c in re.split(r"\t|\s{2,}", row.strip())]
        cells += [""] * (5 - len(cells))
        start = self._CABLE_START.search(after)
        parts = parse_cable(after[start.start() :] if start else after)
        return document_from_parts(
            parts, path=path, encoding=encoding, fmt=self.name,
            ref=cells[0] if _REF_ID.match(cells[0]) else None,
            datetime=datetime_from_iso(cells[1]), released=datetime_from_iso(cells[2]),
            classification=cells[3] or None, origin=cells[4] or None,
        )  # fmt: skip


class CablegateSearchReader(Reader):
    """A cablegatesearch extract: five metadata lines (ref, created, released,
    classification, origin), a note on partial extracts, then the cable."""

    name = "cablegatesearch"

    def _head(self, text: str) -> list[str]:
        return [line.strip() for line in text.lstrip().split("\n", 5)[:5]]

    def sniff(self, text: str) -> bool:
        head = self._head(text)
        return len(head) == 5 and bool(_REF_ID.match(head[0])) and datetime_from_iso(head[1]) is not None

    def read(self, text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
        head = self._head(text)
        cable = text.lstrip().split("\n", 5)[5] if text.lstrip().count("\n") >= 5 else ""
        parts = parse_cable(_PARTIAL_NOTE.sub("", cable))
        return document_from_parts(
            parts, path=path, encoding=encoding, fmt=self.name,
            ref=head[0], datetime=datetime_from_iso(head[1]), released=datetime_from_iso(head[2]),
            classification=head[3] or None, origin=head[4] or None,
        )  # fmt: skip


class FieldHeaderReader(Reader):
    """A cable saved with a "Field: value" header (Reference ID:, Subject:, Created:,
    Released:, Classification:, Origin:, Source:), as mirrors of the release write
    them; the cable (raw, or with the release's own id/date block) follows."""

    name = "field-header"
    _FIELD = re.compile(r"^(Reference ID|Subject|Created|Released|Classification|Origin|Source):[ \t]*(.*?)[ \t]*$", re.M)
    #: the release's own block ("id: 35687 / date: ... / header ends") before the cable
    _BLOCK_END = re.compile(r"^-{3,}[ \t]*header ends[ \t]*-{3,}[ \t]*$", re.M)

    def _fields(self, text: str) -> tuple[dict[str, str], int]:
        fields: dict[str, str] = {}
        end = 0
        for line in re.finditer(r"[^\n]*\n?", text[:4000]):
            m = self._FIELD.match(line.group(0))
            if m is None:
                break
            fields.setdefault(m.group(1), m.group(2))
            end = line.end()
        return fields, end

    def sniff(self, text: str) -> bool:
        fields, _ = self._fields(text.lstrip())
        return "Reference ID" in fields and "Created" in fields

    def read(self, text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
        text = text.lstrip()
        fields, end = self._fields(text)
        cable = text[end:]
        if block := self._BLOCK_END.search(cable, 0, 20000):
            cable = cable[block.end() :]
        parts = parse_cable(_PARTIAL_NOTE.sub("", cable))
        ref = fields.get("Reference ID", "")
        return document_from_parts(
            parts, path=path, encoding=encoding, fmt=self.name,
            ref=ref if _REF_ID.match(ref) else None, datetime=datetime_from_iso(fields.get("Created")),
            released=datetime_from_iso(fields.get("Released")), classification=fields.get("Classification") or None,
            origin=fields.get("Origin") or None, subject=parts.subject or fields.get("Subject") or None,
        )  # fmt: skip


class ScoopExtractReader(Reader):
    """A cable republished on scoop.co.nz: a "Cablegate: <title>" line, no header,
    and the site's "World Headlines" after the cable, which is cut off."""

    name = "scoop-extract"
    _TITLE = re.compile(r"^\s*Cablegate:\s*(.+?)\s*$", re.M)
    _FOOTER = re.compile(r"^\s*(?:©|\(c\)|&copy;)\s*Scoop Media\s*$|^\s*World Headlines\s*$", re.M | re.I)

    def sniff(self, text: str) -> bool:
        if text[:300].lstrip().startswith("Cablegate:"):
            return True
        return ("Scoop Media" in text or "World Headlines" in text) and bool(self._FOOTER.search(text))

    def read(self, text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
        title = self._TITLE.match(text)
        footer = self._FOOTER.search(text)
        cable = text[title.end() if title else 0 : footer.start() if footer else len(text)]
        parts = parse_cable(_PARTIAL_NOTE.sub("", cable))
        return document_from_parts(parts, path=path, encoding=encoding, fmt=self.name, subject=parts.subject or (title.group(1) if title else None))


class RawCableReader(Reader):
    """Cable text as transmitted: VZCZC... header, date-time group, FM/TO/INFO,
    classification line, TAGS, SUBJECT, REF, numbered paragraphs, signature."""

    name = "cable"
    _MARKERS = re.compile(r"^[ \t]*(?:VZCZC|TAGS:|SUBJECT:|E\.O\. \d+)", re.M)

    def sniff(self, text: str) -> bool:
        head = text[:20000]
        if sum(marker in head for marker in ("VZCZC", "TAGS:", "SUBJECT:", "E.O. ")) < 2:
            return False  # cheap substring test first; the regex checks they start lines
        return len(self._MARKERS.findall(head)) >= 2

    def read(self, text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
        return document_from_parts(parse_cable(text), path=path, encoding=encoding, fmt=self.name)


#: a block of text between blank lines
_BLOCK = re.compile(r"\S(?:.|\n(?![ \t]*\n))*", re.M)


def paragraphs_from_blocks(body: str) -> tuple[Paragraph, ...]:
    """The blocks of ``body`` between blank lines, numbered from 1, offsets into ``body``.

    >>> [(p.number, p.text, p.start) for p in paragraphs_from_blocks("Lima.\\n\\n  Cusco and Puno.\\n")]
    [(1, 'Lima.', 0), (2, 'Cusco and Puno.', 9)]
    """
    return tuple(
        Paragraph(number=n, text=m.group(0).rstrip(), start=m.start(), end=m.start() + len(m.group(0).rstrip()))
        for n, m in enumerate(_BLOCK.finditer(body), 1)
    )


class PlainTextReader(Reader):
    """Any other text (news articles, notes): paragraphs are blocks between blank
    lines, and a short first line is taken as the title."""

    name = "text"

    def sniff(self, text: str) -> bool:
        return True

    def read(self, text: str, *, path: Path | None = None, encoding: str = "utf-8") -> Document:
        body = clean_links(text).strip("\n")
        paragraphs = paragraphs_from_blocks(body)
        first = paragraphs[0].text if paragraphs else ""
        subject = first if len(first) <= 150 and "\n" not in first and not first.endswith(".") else None
        published, inferred = datetime_from_dateline(body[:600])
        return Document(
            path=path, body=body, paragraphs=paragraphs, format=self.name, encoding=encoding, subject=subject,
            datetime=published, datetime_inferred=inferred,
        )  # fmt: skip


READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (WikiLeaksPageReader(), CablegateSearchReader(), FieldHeaderReader(), ScoopExtractReader(), RawCableReader(), PlainTextReader())
}


def reader_for(text: str) -> Reader:
    """The first registered reader that recognises ``text`` (plain text always does)."""
    return next(reader for reader in READERS.values() if reader.sniff(text))
