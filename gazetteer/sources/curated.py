"""Our curated conflict geography (VRAE, Upper Huallaga, ...) and user overrides.

Both are YAML lists of places in the same layout (see data/curated.yaml);
the user's file is read the same way, so an analyst can add a place or an
alias without touching the package.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import yaml

from gazetteer.errors import GazetteerDataError
from gazetteer.model import Kind, Place
from gazetteer.sources.base import Source


def places_from_yaml(text: str, *, origin: str, source: str, licence: str) -> Iterator[Place]:
    """Places from a curated-layout YAML document; errors name ``origin`` and the entry."""
    try:
        entries = yaml.safe_load(text) or []
    except yaml.YAMLError as err:
        raise GazetteerDataError(f"{origin}: not valid YAML: {err}") from err
    if not isinstance(entries, list):
        raise GazetteerDataError(f"{origin}: expected a list of places, got {type(entries).__name__}")
    for n, entry in enumerate(entries, 1):
        try:
            names = [str(x) for x in entry.get("names", [])]
            yield Place(
                id=str(entry.get("id") or f"{source}:{n}"),
                name=str(entry["name"]),
                kind=Kind(entry.get("kind", "populated_place")),
                country=entry.get("country"),
                lat=float(entry["lat"]),
                lon=float(entry["lon"]),
                admin1=entry.get("admin1"),
                admin2=entry.get("admin2"),
                population=int(entry.get("population") or 0),
                alternate_names=tuple(x for x in names if x != entry["name"]),
                geometry_wkt=entry.get("geometry"),
                source=source,
                licence=licence,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise GazetteerDataError(f"{origin}: place #{n} ({entry!r:.80}): {err!r}") from err


class CuratedSource(Source):
    """Conflict zones, valleys and rivers we curate with their sources."""

    name = "curated"
    licence = "CC0 (geomap curated data)"

    def load(self) -> Iterator[Place]:
        text = resources.files("gazetteer.data").joinpath("curated.yaml").read_text(encoding="utf-8")
        return places_from_yaml(text, origin="gazetteer/data/curated.yaml", source=self.name, licence=self.licence)


class UserSource(Source):
    """Places and aliases from a YAML file the analyst supplies (highest priority)."""

    name = "user"
    licence = "user supplied"

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)

    def load(self) -> Iterator[Place]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise GazetteerDataError(f"{self.path}: cannot read user places: {err}") from err
        return places_from_yaml(text, origin=str(self.path), source=self.name, licence=self.licence)
