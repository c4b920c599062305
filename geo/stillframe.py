"""Where a still's map looks: Web Mercator (the live map's projection) in degrees, and the
frame of a map area in it, at a live map's centre and zoom or fitted to what it draws.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from geo.projection import from_plane, to_plane, to_plane_array

LatLon = tuple[float, float]
# A view fitted to what it draws is not zoomed in further than this.
MAX_FIT_ZOOM = 6.0
FIT_PAD_PX = 36.0
LABEL_ROOM_PX = 110.0  # labels stand to the right of their marker


def merc_y(lat: float) -> float:
    """Web Mercator's y of a latitude, in degrees (so that x = longitude keeps the scale)."""
    return to_plane(lat, 0.0)[1]


def lat_of(y: float) -> float:
    """The latitude of a Web Mercator y in degrees (the inverse of merc_y)."""
    return from_plane(0.0, y)[0]


def _project_xy(coords: np.ndarray) -> np.ndarray:
    return to_plane_array(coords)


def project(geom: Any) -> Any:
    """A lon/lat shapely geometry in Web Mercator degrees."""
    return shapely.transform(geom, _project_xy)


def xy(point: LatLon) -> tuple[float, float]:
    """A (lat, lon) point in Web Mercator degrees (x, y)."""
    return float(point[1]), merc_y(float(point[0]))


@dataclass(frozen=True)
class Frame:
    """What the map area shows: x0, y0, x1, y1 in Web Mercator degrees, on w × h px."""

    x0: float
    y0: float
    x1: float
    y1: float
    w: float
    h: float

    @property
    def zoom(self) -> float:
        """The live map's zoom at which a w px map shows this width."""
        return math.log2(self.w * 360.0 / (256.0 * (self.x1 - self.x0)))

    def px(self, x: float, y: float) -> tuple[float, float]:
        """Map-area pixels of a point, from the top left corner."""
        return (
            (x - self.x0) / (self.x1 - self.x0) * self.w,
            (self.y1 - y) / (self.y1 - self.y0) * self.h,
        )

    def data(self, px: float, py: float) -> tuple[float, float]:
        """The Web Mercator point at map-area pixels (the inverse of px)."""
        return (
            self.x0 + px / self.w * (self.x1 - self.x0),
            self.y1 - py / self.h * (self.y1 - self.y0),
        )

    def lonlat_bounds(self) -> tuple[float, float, float, float]:
        return self.x0, lat_of(self.y0), self.x1, lat_of(self.y1)


def frame_at(center: LatLon, zoom: float, w: float, h: float) -> Frame:
    """The frame a live map of w × h px shows at a centre and zoom."""
    per_px = 360.0 / (256.0 * 2**zoom)
    cx, cy = xy(center)
    return Frame(
        cx - w / 2 * per_px, cy - h / 2 * per_px, cx + w / 2 * per_px, cy + h / 2 * per_px, w, h
    )


def frame_fitting(points: Iterable[LatLon], w: float, h: float, fallback: Frame) -> Frame:
    """The frame that shows every point (with room for labels to the right), no closer than
    MAX_FIT_ZOOM; the fallback when there is no point."""
    pts = [xy(p) for p in points]
    if not pts:
        return fallback
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    usable_w, usable_h = w - 2 * FIT_PAD_PX - LABEL_ROOM_PX, h - 2 * FIT_PAD_PX
    per_px = max(
        (max(xs) - min(xs)) / usable_w,
        (max(ys) - min(ys)) / usable_h,
        360.0 / (256.0 * 2**MAX_FIT_ZOOM),
    )
    cx = (min(xs) + max(xs)) / 2 + LABEL_ROOM_PX / 2 * per_px
    cy = (min(ys) + max(ys)) / 2
    return Frame(
        cx - w / 2 * per_px, cy - h / 2 * per_px, cx + w / 2 * per_px, cy + h / 2 * per_px, w, h
    )
