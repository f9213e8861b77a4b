"""The cable itself: transmission header, metadata lines and numbered paragraphs.

Every cable layout (raw text, WikiLeaks page, cablegatesearch, Scoop) ends
up here once its page wrapper is peeled off. Only the numbered paragraphs
are read by later stages: addressee lines (TO/INFO) stay metadata.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from geomap.model import Paragraph

_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}

#: date-time group, e.g. "O 051146Z DEC 07"
_DTG = re.compile(r"^[ \t]*[OPRZ]{1,2}[ \t]+(\d{2})(\d{2})(\d{2})Z[ \t]+([A-Z]{3})[ \t]+(\d{2,4})[ \t]*$", re.M)
_FM = re.compile(r"^[ \t]*FM[ \t]+(.+?)[ \t]*$", re.M)
#: "C O N F I D E N T I A L SECTION 01 OF 03 LIMA 002158", "UNCLAS LIMA 000123"
_CLASS_LINE = re.compile(
    r"^[ \t]*(?P<cls>(?:[A-Z][ \t]){4,}[A-Z]|UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)"
    r"(?P<caveat>//[A-Z/]+)?(?:[ \t]+SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+)?[ \t]+(?P<station>[A-Z][A-Z ]*?)[ \t]+(?P<num>\d{1,6})[ \t]*$",
    re.M,
)
_TAGS = re.compile(r"^[ \t]*TAGS:[ \t]*(.*)$", re.M)
_SUBJECT = re.compile(r"^[ \t]*SUBJ(?:ECT)?:[ \t]*(.*)$", re.M)
_REF = re.compile(r"^[ \t]*REF(?:S|TEL)?:[ \t]*", re.M)
_REF_END = re.compile(r"^[ \t]*(?:Classified By|CLASSIFIED BY|\(?U\)?|1\.|¶\s*1)", re.M)
_REF_ITEM = re.compile(r"\b(?:(\d{2})[ \t]?)?([A-Z]{2,}(?:[ \t][A-Z]{2,})?)[ \t]+0*(\d{1,6})\b")
_SIGNER = re.compile(r"^[ \t]*([A-Z][A-Z'\-]{2,}(?:[ \t]+[A-Z][A-Z'\-]+)?)[ \t]*$")
_NOT_SIGNERS = {"SIPDIS", "END SUMMARY", "END COMMENT", "END NOTE", "SUMMARY", "COMMENT", "NOTE", "NOFORN"}
#: paragraph start: "¶4. (SBU)", "[1](#)2. (C)", "1. (C)", "14. (S)" (a pilcrow read as "1")
# Starts with a literal newline (searched in "\n" + body) so the regex engine can skip
# straight to line breaks instead of trying every position.
_PARA = re.compile(r"\n[ \t]*(?:¶[ \t]*)?(\d{1,5})[ \t]?\.[ \t]*(?:\((?P<mark>[A-Z]{1,4}(?:/[A-Z]{1,6})*)\)[ \t]*)?(?=\S)")

#: how the FM line names senders, and how analysts name them
_ORIGINS = (
    (re.compile(r"^AMEMBASSY\s+(.+)$"), "Embassy {}"),
    (re.compile(r"^AMCONSUL\s+(.+)$"), "Consulate {}"),
    (re.compile(r"^USMISSION\s+(.+)$"), "Mission {}"),
    (re.compile(r"^SECSTATE\s+WASHDC$"), "Secretary of State"),
)

# Link artefacts left by pages saved as text: "[1](#)" before paragraph numbers,
# "[SNAR](#)" around tags.
_LINK_NUMBER = re.compile(r"\[\d+\]\(#\)")
_LINK = re.compile(r"\[([^\]\n]{1,80})\]\(#?\)|\[([^\]\n]{1,80})\]\(#\)")


@dataclass(slots=True)
class CableParts:
    """What the cable text says about itself (page wrappers may add more)."""

    body: str
    paragraphs: tuple[Paragraph, ...] = ()
    ref: str | None = None
    datetime: dt.datetime | None = None
    origin: str | None = None
    classification: str | None = None
    subject: str | None = None
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    signer: str | None = None
    year: int | None = None
    fields: dict[str, str] = field(default_factory=dict)


def clean_links(text: str) -> str:
    """Drop markdown link residue from saved pages.

    >>> clean_links("[1](#)2. (C) TAGS: [SNAR](#) [PE](#)")
    '2. (C) TAGS: SNAR PE'
    """
    text = _LINK_NUMBER.sub("", text)
    return _LINK.sub(lambda m: m.group(1) or m.group(2), text)


def origin_from_fm(sender: str) -> str:
    """Analyst's name for an FM line.

    >>> origin_from_fm("AMEMBASSY LIMA")
    'Embassy Lima'
    """
    sender = " ".join(sender.split()).upper()
    for pattern, template in _ORIGINS:
        m = pattern.match(sender)
        if m:
            return template.format(*(g.title() for g in m.groups()))
    return sender.title()


def normalise_ref(station: str, number: str | int, year: int) -> str:
    """Canonical cable id.

    >>> normalise_ref("LIMA", "003646", 2007)
    '07LIMA3646'
    """
    return f"{year % 100:02d}{station.replace(' ', '').upper()}{int(number)}"


def _two_digit_year(yy: str) -> int:
    year = int(yy)
    if year >= 100:
        return year
    return 1900 + year if year >= 66 else 2000 + year


def datetime_from_dtg(text: str) -> dt.datetime | None:
    """UTC time of the date-time group (``O 051146Z DEC 07``), if the text has one."""
    m = _DTG.search(text)
    if not m or m.group(4) not in _MONTHS:
        return None
    day, hour, minute, month, year = m.groups()
    try:
        return dt.datetime(_two_digit_year(year), _MONTHS[month], int(day), int(hour), int(minute), tzinfo=dt.timezone.utc)
    except ValueError:
        return None


#: a blank line, spaces allowed (cables often pad them)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _block(text: str, start: int, *, max_chars: int = 600) -> str:
    """Header field that may wrap: from ``start`` to the first blank line."""
    end = _BLANK_LINE.search(text, start)
    return text[start : (end.start() if end else len(text))][:max_chars]


def references_from(block: str, *, year: int | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Normalised refs in a REF block, and the ones that could not be normalised (no year)."""
    refs: list[str] = []
    unresolved: list[str] = []
    for m in _REF_ITEM.finditer(block):
        yy, station, number = m.groups()
        if station in {"REF", "REFS", "AND", "SEPTEL", "PARA", "PARAS"}:
            continue
        ref_year = _two_digit_year(yy) if yy else year
        if ref_year is None:
            unresolved.append(f"{station} {int(number)}")
        else:
            refs.append(normalise_ref(station, number, ref_year))
    return tuple(dict.fromkeys(refs)), tuple(dict.fromkeys(unresolved))


def paragraphs_from(body: str, *, start: int = 0, end: int | None = None) -> tuple[Paragraph, ...]:
    """Numbered paragraphs between ``start`` and ``end`` of ``body``, numbered in sequence.

    A paragraph number must follow the previous one; "14." after 3 is read as
    a pilcrow mangled into "1" (seen in WikiLeaks pages saved as text).
    """
    end = len(body) if end is None else end
    starts: list[tuple[int, int, str | None, int]] = []  # (number, match start, marking, text start)
    expected = 1
    # offsets in "\n" + body are one more than in body
    for m in _PARA.finditer("\n" + body, start, end + 1):
        number = int(m.group(1))
        if number != expected:
            digits = m.group(1)
            if digits.startswith("1") and len(digits) > 1 and int(digits[1:]) == expected:
                number = expected
            else:
                continue
        starts.append((number, m.start(), m.group("mark"), m.end() - 1))
        expected = number + 1
    paragraphs = []
    for i, (number, _, marking, text_start) in enumerate(starts):
        stop = starts[i + 1][1] if i + 1 < len(starts) else end
        text = body[text_start:stop].rstrip()
        paragraphs.append(Paragraph(number=number, text=text, start=text_start, end=text_start + len(text), marking=marking))
    return tuple(paragraphs)


def signer_from(body: str) -> tuple[str | None, int]:
    """The signature line (last line, a name in capitals) and where the text before it ends."""
    stripped = body.rstrip()
    line_start = stripped.rfind("\n") + 1
    m = _SIGNER.match(stripped[line_start:])
    if m and m.group(1) not in _NOT_SIGNERS:
        return m.group(1), line_start
    return None, len(stripped)


def parse_cable(text: str) -> CableParts:
    """Split cable text (wrapper already removed) into metadata and paragraphs."""
    body = clean_links(text).strip("\n")
    parts = CableParts(body=body)
    paragraphs = paragraphs_from(body)
    # Header fields live before the first paragraph; searching only there is faster and
    # keeps a "TAGS:" quoted inside a paragraph from counting.
    header = body[: paragraphs[0].start] if paragraphs else body
    parts.datetime = datetime_from_dtg(header)
    parts.year = parts.datetime.year if parts.datetime else None
    if m := _FM.search(header):
        parts.origin = origin_from_fm(m.group(1))
    if m := _CLASS_LINE.search(header):
        parts.classification = m.group("cls").replace(" ", "").replace("\t", "") + (m.group("caveat") or "")
        if parts.classification.startswith("UNCLAS"):
            parts.classification = "UNCLASSIFIED"
        if parts.year:
            parts.ref = normalise_ref(m.group("station"), m.group("num"), parts.year)
        parts.fields["station"] = m.group("station")
        parts.fields["number"] = m.group("num")
    if m := _TAGS.search(header):
        parts.tags = tuple(t for t in re.split(r"[\s,;]+", m.group(1)) if t)
    if m := _SUBJECT.search(header):
        parts.subject = " ".join(_block(header, m.start(1)).split()) or None
    if m := _REF.search(header):
        stop = _REF_END.search(header, m.end())
        block = header[m.end() : stop.start() if stop else len(header)]
        parts.references, unresolved = references_from(block, year=parts.year)
        if unresolved:
            parts.fields["unresolved_references"] = ", ".join(unresolved)
    parts.signer, text_end = signer_from(body)
    if parts.signer and paragraphs and paragraphs[-1].end > text_end:
        last = paragraphs[-1]
        kept = body[last.start : text_end].rstrip()
        paragraphs = (*paragraphs[:-1], replace(last, text=kept, end=last.start + len(kept)))
    parts.paragraphs = paragraphs
    return parts
