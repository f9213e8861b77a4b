"""Gazetteer sources, registered by name (like geopy's SERVICE_TO_GEOCODER)."""

from __future__ import annotations

from typing import Any

from gazetteer.errors import GazetteerError
from gazetteer.sources.base import NameIndex, Source
from gazetteer.sources.countries import CountriesSource
from gazetteer.sources.curated import CuratedSource, UserSource
from gazetteer.sources.geonames_cities import GeonamesCitiesSource
from gazetteer.sources.geonames_dump import GeonamesImportsSource
from gazetteer.sources.peru_admin import PeruAdminSource
from gazetteer.sources.world_admin import WorldAdminSource

SOURCES: dict[str, type[Source]] = {
    cls.name: cls
    for cls in (
        UserSource, CuratedSource, PeruAdminSource, WorldAdminSource, CountriesSource, GeonamesImportsSource,
        GeonamesCitiesSource,
    )
}

#: the layers a default Gazetteer stacks, most trusted first
DEFAULT_SOURCES = ("curated", "peru-admin", "world-admin", "countries", "geonames-imports", "geonames-cities")


def get_source(name: str, **options: Any) -> Source:
    """A source instance by registry name.

    >>> get_source("curated").name
    'curated'
    """
    try:
        cls = SOURCES[name]
    except KeyError:
        raise GazetteerError(f"unknown gazetteer source {name!r}; known: {', '.join(SOURCES)}") from None
    return cls(**options)


__all__ = ["SOURCES", "DEFAULT_SOURCES", "NameIndex", "Source", "get_source"]
