"""Where outputs may be written: never over a file geomap did not write, unless forced.

An analyst's `-o report.csv` typo must not destroy a spreadsheet they made
by hand. Each format carries a mark of geomap (HTML generator meta tag,
GeoJSON "generator" member, our CSV header, our columns in GeoPackage and
GeoParquet, PNG Software text) and only such files are replaced silently.
Every output is written to a temporary file beside the target and renamed
over it only when complete (``atomic_path``), so a failed run (disk full, a
crash, bad input) never leaves a cut file where a good one was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from geomap.errors import OutputError

GENERATOR = "geomap"
HTML_MARK = f'<meta name="generator" content="{GENERATOR}">'
CSV_HEADER_START = "event_id,event_date,"


def written_by_geomap(path: Path) -> bool:
    """True when ``path`` holds an output geomap wrote (by its format's mark)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".gpkg", ".parquet", ".geoparquet"):
            return {"event_id", "sources"} <= set(_columns(path))
        with path.open("rb") as f:
            head = f.read(65536)
    except (OSError, ValueError, RuntimeError):
        return False
    text = head.decode("utf-8", errors="replace")
    if suffix in (".html", ".htm"):
        return HTML_MARK in text
    if suffix in (".geojson", ".json"):
        return f'"generator": "{GENERATOR}"' in text[:512]
    if suffix == ".csv":
        return text.startswith(CSV_HEADER_START)
    if suffix == ".kml":
        return "<kml" in text and 'name="event_id"' in text
    if suffix == ".png":
        return head.startswith(b"\x89PNG") and b"Software\x00" + GENERATOR.encode() in head[:4096]
    return False


def _columns(path: Path) -> list[str]:
    if path.suffix.lower() == ".gpkg":
        import pyogrio

        return list(pyogrio.read_info(path, layer="events")["fields"])
    import pyarrow.parquet as pq

    return list(pq.read_schema(path).names)


def guard_output(path: str | Path, *, force: bool = False) -> Path:
    """``path`` if writing it is safe; raises OutputError naming the file and what to do otherwise."""
    path = Path(path)
    if str(path) == "-":
        raise OutputError("-: this command writes a file, not standard output; give a file name such as map.html")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name such as {path / 'map.html'}")
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        # a FIFO would block the writer forever, a device would swallow the output
        raise OutputError(f"{path}: not a regular file (a pipe, socket or device); give a file name")
    if path.exists() and not force and not written_by_geomap(path):
        raise OutputError(f"{path}: exists and was not written by geomap; choose another name or pass --force to overwrite it")
    return path


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A fresh path to write ``path``'s content to; renamed over ``path`` only if the block succeeds.

    The temporary file sits in a new hidden folder beside ``path`` (same file
    system, so the rename is atomic), keeps ``path``'s name (writers pick
    their format by it) and does not exist yet (GDAL would append to a file
    that does). On any error it is removed and ``path`` is left as it was.

    >>> import tempfile; target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".geomap-tmp", dir=path.parent))
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror or err}") from err
    try:
        tmp = folder / path.name
        yield tmp
        if not tmp.is_file():
            raise OutputError(f"{path}: the writer produced no file")
        os.replace(tmp, path)
    except OSError as err:
        if isinstance(err, OutputError):
            raise
        raise OutputError(f"{path}: cannot write: {err.strerror or err}; the previous file (if any) is unchanged") from err
    finally:
        shutil.rmtree(folder, ignore_errors=True)
