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
from gazetteer.model import Kind, Place, coordinate_from
from gazetteer.sources.base import Source


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors and aliases: a places file never needs them, and a few lines of nested
    aliases expand into billions of names (a "billion laughs" file)."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in a places file", mark)
        return super().compose_node(parent, index)


def _text(entry: dict, key: str, *, required: bool = False) -> str | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{key!r} must be text, not {type(value).__name__} ({value!r:.40})")
    return str(value)


def places_from_yaml(text: str, *, origin: str, source: str, licence: str) -> Iterator[Place]:
    """Places from a curated-layout YAML document; errors name ``origin`` and the entry."""
    try:
        entries = yaml.load(text, Loader=_NoAliasLoader) or []  # noqa: S506 - a SafeLoader without aliases
    except yaml.YAMLError as err:
        raise GazetteerDataError(f"{origin}: not valid YAML: {' '.join(str(err).split())}") from err
    if not isinstance(entries, list):
        raise GazetteerDataError(f"{origin}: expected a list of places, got {type(entries).__name__}")
    for n, entry in enumerate(entries, 1):
        try:
            if not isinstance(entry, dict):
                raise ValueError(f"a place must be a mapping (name:, lat:, lon:, ...), not {type(entry).__name__}")
            name = _text(entry, "name", required=True)
            names = entry.get("names") or []
            if not isinstance(names, list):
                raise ValueError(f"'names' must be a list of names, not {type(names).__name__}")
            names = [_text({"names": x}, "names", required=True) for x in names]
            geometry = _text(entry, "geometry")
            population = entry.get("population") or 0
            if isinstance(population, bool) or not isinstance(population, int):
                raise ValueError(f"'population' must be a whole number, not {population!r:.40}")
            yield Place(
                id=_text(entry, "id") or f"{source}:{n}",
                name=name,  # type: ignore[arg-type]
                kind=Kind(entry.get("kind", "populated_place")),
                country=_text(entry, "country"),
                lat=coordinate_from(entry, "lat", 90),
                lon=coordinate_from(entry, "lon", 180),
                admin1=_text(entry, "admin1"),
                admin2=_text(entry, "admin2"),
                population=population,
                alternate_names=tuple(x for x in names if x != name),  # type: ignore[misc]
                geometry_wkt=geometry,
                source=source,
                licence=licence,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise GazetteerDataError(f"{origin}: place #{n} ({entry!r:.80}): {err}") from err


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
        if self.path.exists() and not self.path.is_file():  # a FIFO would block the read
            raise GazetteerDataError(f"{self.path}: not a regular file (a folder, pipe or device)")
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise GazetteerDataError(f"{self.path}: cannot read user places: {err}") from err
        return places_from_yaml(text, origin=str(self.path), source=self.name, licence=self.licence)
