"""The Web Mercator projection, the one every placement on the map measures in (no streamlit).

Two units: the plane in "equator degrees" (one unit is one degree of longitude at the equator;
a degree of latitude counts 1 / cos(lat) units, as on the screen), and Leaflet's pixels at a
zoom level (256 px for the whole world at zoom 0, doubling with each level).
"""

from __future__ import annotations

import math

import numpy as np

LatLon = tuple[float, float]
Coord = float | np.ndarray  # one coordinate, or one per point

MAX_LAT = 85.0
TILE_PX = 256


def to_plane(lat: float, lon: float) -> tuple[float, float]:
    """A point on the Web Mercator plane, in equator degrees (latitude clamped to ±85°)."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    y = math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))
    return lon, y


def from_plane(x: float, y: float) -> LatLon:
    """The latitude and longitude of a point of the plane."""
    lat = math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)
    return lat, x


def px_per_unit(zoom: float) -> float:
    """Pixels per equator degree of the plane at a zoom."""
    return TILE_PX * 2**zoom / 360


def plane_pixels(x: Coord, y: Coord, zoom: int) -> tuple[Coord, Coord]:
    """Leaflet's pixel coordinates at a zoom of a point of the plane (y down, from the world's
    top left); `x` and `y` may be numbers or arrays of them."""
    unit = px_per_unit(zoom)
    return (x + 180.0) * unit, (180.0 - y) * unit


def pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Leaflet's pixel coordinates of a point at a zoom (y down, from the world's top left)."""
    return plane_pixels(*to_plane(lat, lon), zoom)


def to_plane_array(lonlat: np.ndarray) -> np.ndarray:
    """to_plane for an array of (lon, lat) rows, as (x, y) rows (shapely.transform's form)."""
    lat = np.radians(np.clip(lonlat[:, 1], -MAX_LAT, MAX_LAT))
    return np.column_stack([lonlat[:, 0], np.degrees(np.log(np.tan(np.pi / 4 + lat / 2)))])
