"""The one place where our (lat, lon) meets other libraries' axis orders.

geomap code says ``lat`` and ``lon`` everywhere. shapely and GeoJSON want
(x=lon, y=lat); folium/Leaflet want [lat, lon]. Convert only through these.
"""

from __future__ import annotations

from shapely.geometry import Point


def shapely_point(lat: float, lon: float) -> Point:
    """A shapely point for a latitude/longitude pair.

    >>> p = shapely_point(-12.5, -73.8)
    >>> (p.x, p.y)
    (-73.8, -12.5)
    """
    return Point(lon, lat)


def geojson_position(lat: float, lon: float) -> list[float]:
    """A GeoJSON position ``[lon, lat]``.

    >>> geojson_position(-12.5, -73.8)
    [-73.8, -12.5]
    """
    return [lon, lat]


def leaflet_location(lat: float, lon: float) -> list[float]:
    """A folium/Leaflet location ``[lat, lon]``.

    >>> leaflet_location(-12.5, -73.8)
    [-12.5, -73.8]
    """
    return [lat, lon]


def latlon_from_geojson(position: list[float] | tuple[float, ...]) -> tuple[float, float]:
    """(lat, lon) from a GeoJSON position.

    >>> latlon_from_geojson([-73.8, -12.5])
    (-12.5, -73.8)
    """
    return float(position[1]), float(position[0])
