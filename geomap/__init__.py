"""geomap: conflict reporting (cables, news, text) to maps of incidents.

The Python API returns the same results as the command line::

    import geomap
    frame = geomap.events_from_paths(["cables/"])      # a GeoDataFrame (EPSG:4326), the event schema
    geomap.Map(frame, title="VRAE", offline=True)       # shows inline in Jupyter; .save("map.html")
    geomap.write_events(frame, "events.gpkg")           # .geojson, .csv, .gpkg, .parquet, .kml
    frame = geomap.read_events("events.gpkg")           # any of them back
    geomap.mentions_from_spans(text, [(18, 25)])        # resolution alone: your toponyms' places

Stages, in order: documents -> mentions -> places -> events -> store -> render.
Names are imported on first use, so ``import geomap`` stays fast.
"""

import sys as _sys
from types import ModuleType as _ModuleType

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS = {
    "Map": "geomap.api",
    "events_from_frame": "geomap.api",
    "events_from_paths": "geomap.api",
    "events_from_store": "geomap.api",
    "mentions_from_spans": "geomap.api",
    "pipeline_run": "geomap.api",
    "read_events": "geomap.api",
    "write_events": "geomap.api",
    "write_map": "geomap.api",
    "Settings": "geomap.pipeline",
    "document_from_path": "geomap.documents",
    "documents_from_paths": "geomap.documents",
    "map_from_events": "geomap.render",
    "Event": "geomap.model",
    "Source": "geomap.model",
    "Mention": "geomap.model",
    "Place": "geomap.model",
    "GeomapError": "geomap.errors",
    "DocumentError": "geomap.errors",
    "ArgumentError": "geomap.errors",
}

__all__ = sorted([*_EXPORTS, "ingest"])


def __getattr__(name: str):  # noqa: ANN202 - lazy re-exports keep `import geomap` light
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geomap' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # the API, not the submodules that importing it loaded
    return [*__all__, "__version__"]


class _Package(_ModuleType):
    """``geomap.ingest`` names the function and the module that defines it. Importing the module
    (the CLI does) binds it on the package, which would hide the function: the attribute is
    therefore a property that always gives the function and ignores that binding."""

    @property
    def ingest(self):  # noqa: ANN202
        from geomap.ingest import ingest

        return ingest

    @ingest.setter
    def ingest(self, module) -> None:  # noqa: ANN001 - the import system binding the submodule
        pass


_sys.modules[__name__].__class__ = _Package
