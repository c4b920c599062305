"""Gently curved lines between two points, for drawing ties on the map."""

from __future__ import annotations

import math

import numpy as np

LatLon = tuple[float, float]


def arc(a: LatLon, b: LatLon, bend: float = 0.2, n: int = 24) -> list[LatLon]:
    """Points of a quadratic Bézier from a to b, bulging to the left of the direction a → b.

    Works in plain longitude/latitude. The control point sits on the perpendicular through the
    chord's midpoint, `bend` × the chord's length away; a negative bend bulges to the right,
    and arc(b, a, bend) traces the same curve as arc(a, b, -bend). Returns n + 1 points, the
    first exactly a and the last exactly b. Longitudes are not wrapped across the antimeridian:
    the curve takes the direct route in the plane, which is what every point we draw needs.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n!r}")
    (lat0, lon0), (lat1, lon1) = (float(a[0]), float(a[1])), (float(b[0]), float(b[1]))
    if not all(map(math.isfinite, (lat0, lon0, lat1, lon1))):
        raise ValueError(f"arc ends must be finite, got {a!r} and {b!r}")
    dx, dy = lon1 - lon0, lat1 - lat0
    # Left-hand normal of the direction (dx, dy), scaled so its length is bend × chord.
    cx = (lon0 + lon1) / 2 - dy * bend
    cy = (lat0 + lat1) / 2 + dx * bend
    points: list[LatLon] = [(lat0, lon0)]
    for i in range(1, n):
        t = i / n
        u = 1 - t
        lon = u * u * lon0 + 2 * u * t * cx + t * t * lon1
        lat = u * u * lat0 + 2 * u * t * cy + t * t * lat1
        points.append((max(-89.9, min(89.9, lat)), lon))
    points.append((lat1, lon1))
    return points


def arcs(
    starts: list[LatLon], ends: list[LatLon], bends: list[float], n: int = 24
) -> list[tuple[LatLon, ...]]:
    """`arc(a, b, bend, n)` for many ties at once, as tuples of points: the same numbers, in
    the same order of operations, computed for all of them together."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n!r}")
    if not starts:
        return []
    a, b = np.asarray(starts, dtype=float), np.asarray(ends, dtype=float)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("arc ends must be finite")
    bend = np.asarray(bends, dtype=float)[:, None]
    lat0, lon0, lat1, lon1 = a[:, :1], a[:, 1:], b[:, :1], b[:, 1:]
    dx, dy = lon1 - lon0, lat1 - lat0
    cx = (lon0 + lon1) / 2 - dy * bend
    cy = (lat0 + lat1) / 2 + dx * bend
    t = np.arange(1, n)[None, :] / n
    u = 1 - t
    lon = u * u * lon0 + 2 * u * t * cx + t * t * lon1
    lat = np.clip(u * u * lat0 + 2 * u * t * cy + t * t * lat1, -89.9, 89.9)
    # One flat row of numbers per arc: far fewer Python objects than a list per point.
    rows = np.stack([lat, lon], axis=-1).reshape(len(a), -1).tolist()
    out: list[tuple[LatLon, ...]] = []
    for (la0, lo0), row, (la1, lo1) in zip(a.tolist(), rows, b.tolist(), strict=True):
        numbers = iter(row)
        out.append(((la0, lo0), *zip(numbers, numbers, strict=True), (la1, lo1)))
    return out
