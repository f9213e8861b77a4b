"""geomap: conflict reporting (cables, news, text) to maps of incidents.

The Python API returns the same results as the command line::

    import geomap
    frame = geomap.events_from_paths(["cables/"])       # a GeoDataFrame (EPSG:4326)
    geomap.write_map(geomap.pipeline_run(["cables/"]).events, "outputs/map.html", offline=True)

Stages, in order: documents -> mentions -> places -> events -> store -> render.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

    from geomap.pipeline import RunResult, Settings

__version__ = "0.1.0"


def pipeline_run(paths: Iterable[str | os.PathLike[str]], *, settings: Settings | None = None) -> RunResult:
    """Run the whole pipeline on ``paths``: events (merged), counts and the inputs that failed."""
    from geomap.pipeline import Pipeline, Settings

    return Pipeline(settings or Settings()).run(paths)


def events_from_paths(paths: Iterable[str | os.PathLike[str]], *, settings: Settings | None = None) -> gpd.GeoDataFrame:
    """Events of every document under ``paths`` as a GeoDataFrame in the event schema (INTERFACE.md)."""
    from geomap.exports import frame_from_events

    return frame_from_events(pipeline_run(paths, settings=settings).events)


def events_from_store(path: str | os.PathLike[str]) -> gpd.GeoDataFrame:
    """Events of a store written by `geomap ingest`, as a GeoDataFrame."""
    from geomap.exports import frame_from_events
    from geomap.store import Store

    with Store(path, read_only=True) as store:
        return frame_from_events(store.events())


def __getattr__(name: str):  # noqa: ANN202 - lazy re-exports keep `import geomap` light
    if name in ("documents_from_paths", "document_from_path"):
        import geomap.documents as documents

        return getattr(documents, name)
    if name in ("write_map", "map_from_events"):
        import geomap.render as render

        return getattr(render, name)
    if name == "ingest":
        from geomap.ingest import ingest

        return ingest
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")


__all__ = ["events_from_paths", "events_from_store", "pipeline_run"]
