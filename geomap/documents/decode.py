"""Bytes to text: encodings cables actually come in, and the inputs that are not text.

Cables circulate as UTF-8, Windows-1252 (curly apostrophes, "PNP,s") and
Latin-1; anything with NUL bytes or a known binary signature is refused with
a reason rather than decoded into noise.
"""

from __future__ import annotations

from pathlib import Path

from geomap.errors import DocumentError

#: file signatures of formats people drop into a folder of cables by mistake
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF (convert it to text first, e.g. with pdftotext)",
    b"PK\x03\x04": "a ZIP archive (unpack it first)",
    b"\x1f\x8b": "a gzip archive (unpack it first)",
    b"BZh": "a bzip2 archive (unpack it first)",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
    b"\xd0\xcf\x11\xe0": "a Microsoft Office file",
}

ENCODINGS = ("utf-8", "windows-1252", "latin-1")
#: byte order marks of the wide Unicode encodings (UTF-32's first: its LE mark starts with UTF-16's)
_UNICODE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)  # fmt: skip


def text_from_bytes(data: bytes, *, path: Path | str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; newlines become ``\\n``.

    Raises
    ------
    DocumentError
        Empty input or binary data.

    Examples
    --------
    >>> text_from_bytes("PNP’s base".encode("cp1252"))
    ('PNP’s base', 'windows-1252')
    """
    if not data.strip():
        raise DocumentError(path, "empty file" if not data else "file holds only white space")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise DocumentError(path, f"not a text document: this is {what}")
    for bom, encoding in _UNICODE_BOMS:  # Notepad's "Unicode" is UTF-16 with a byte order mark
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise DocumentError(path, f"starts as {encoding.upper()} but byte {err.start + len(bom)} is not") from err
            if not text.strip():
                raise DocumentError(path, "file holds only white space")
            return text.replace("\r\n", "\n").replace("\r", "\n"), encoding.removesuffix("-le").removesuffix("-be")
    if b"\x00" in data[:65536]:
        raise DocumentError(path, "not a text document: binary data (NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ENCODINGS[:-1]:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        encoding = ENCODINGS[-1]  # latin-1 decodes any byte string
        text = data.decode(encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
