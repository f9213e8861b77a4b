"""Where outputs may be written: never over a file geomap did not write, unless forced.

An analyst's `-o report.csv` typo must not destroy a spreadsheet they made
by hand. Each format carries a mark of geomap (HTML generator meta tag,
GeoJSON "generator" member, our CSV header, our columns in GeoPackage and
GeoParquet, PNG Software text) and only such files are replaced silently.
"""

from __future__ import annotations

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
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name such as {path / 'map.html'}")
    if path.exists() and not force and not written_by_geomap(path):
        raise OutputError(f"{path}: exists and was not written by geomap; choose another name or pass --force to overwrite it")
    return path
