"""geomap's exception tree; each class also inherits the matching builtin."""

from __future__ import annotations

from pathlib import Path


class GeomapError(Exception):
    """Base of every error geomap raises on purpose."""


class DocumentError(GeomapError, ValueError):
    """An input that cannot be read as a document; names the file and the reason."""

    def __init__(self, path: Path | str | None, reason: str) -> None:
        self.path = Path(path) if path is not None else None
        self.reason = reason
        super().__init__(f"{path if path is not None else '<input>'}: {reason}")


class ArgumentError(GeomapError, ValueError):
    """A value the Python API cannot use (a span outside its text, an unknown country code);
    the message names the value."""


class OutputError(GeomapError, OSError):
    """An output cannot be written where asked."""
