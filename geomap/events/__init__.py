"""Stage 4, events: incidents reported in a document, in the ACLED-style schema.

``extract`` turns sentences into events; ``merge`` folds reports of one
incident (within a document and across documents that cite each other)
into one event with several sources.

The names below load on first use: reading a store or an events file needs
only the merge, not the extraction's patterns and parser (about a second of
imports and regular expressions).
"""

from __future__ import annotations

import importlib
from typing import Any

#: public name -> the module that defines it
_EXPORTS = {
    "event_id": "geomap.events.extract",
    "events_from_document": "geomap.events.extract",
    "fold_summaries": "geomap.events.merge",
    "merge_events": "geomap.events.merge",
    "same_incident": "geomap.events.merge",
    "Rules": "geomap.events.rules",
    "load_rules": "geomap.events.rules",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the named module defines
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
