"""Spread markers that share a seat so that each one stays separately clickable.

Distances are measured on the Web Mercator plane in "equator degrees": one unit is one degree of
longitude, and a degree of latitude counts 1 / cos(lat) units, as on the screen. At zoom 5 one
unit is about 23 px, so the default separation of 0.9 keeps 18 px markers apart.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Iterator, Mapping

import shapely

from geo.projection import from_plane, to_plane

LatLon = tuple[float, float]

# A ring around an anchor keeps a wider gap to its centre: the anchor (Iran) is drawn larger.
_ANCHOR_GAP = 1.25
_MARGIN = 1.05


def _ring_radius(members: int, min_sep: float, anchored: bool) -> float:
    """Radius at which `members` evenly spaced points are min_sep apart (and off the anchor)."""
    chord = min_sep / (2 * math.sin(math.pi / members)) if members > 1 else 0.0
    floor = min_sep * _ANCHOR_GAP if anchored else min_sep / 2
    return max(chord, floor) * _MARGIN


def _fit_angles(wanted: list[float], gap: float) -> list[float]:
    """Angles as close as possible to `wanted` (sorted, within one turn) but `gap` apart.

    Pool-adjacent-violators on the line cut open at the widest gap between wanted angles: each
    block of touching points sits where the mean of its members wants it.
    """
    n = len(wanted)
    if n == 1:
        return list(wanted)
    gaps = [(wanted[(i + 1) % n] - wanted[i]) % (2 * math.pi) for i in range(n)]
    cut = max(range(n), key=lambda i: (gaps[i], -i)) + 1
    seq = [wanted[(cut + i) % n] for i in range(n)]
    for i in range(1, n):
        while seq[i] < seq[i - 1]:
            seq[i] += 2 * math.pi
    # Each block: [sum of (wanted - offset), count]; offset of member k in a block is k * gap.
    blocks: list[list[float]] = []
    for w in seq:
        blocks.append([w, 1])
        while len(blocks) > 1:
            s2, c2 = blocks[-1]
            s1, c1 = blocks[-2]
            end1 = s1 / c1 + (c1 - 1) * gap
            if end1 + gap <= s2 / c2 + 1e-12:
                break
            blocks[-2:] = [[s1 + s2 - c1 * gap * c2, c1 + c2]]
    out: list[float] = []
    for total, count in blocks:
        first = total / count
        out.extend(first + k * gap for k in range(int(count)))
    if out[-1] - out[0] > 2 * math.pi - gap + 1e-9:
        step = 2 * math.pi / n
        out = [out[0] + k * step for k in range(n)]
    return out


def _place(
    cluster: list[Hashable],
    plane: dict[Hashable, tuple[float, float]],
    rank: dict[Hashable, int],
    anchor_rank: dict[Hashable, int],
    min_sep: float,
) -> dict[Hashable, tuple[float, float]]:
    """Display positions (on the plane) of one cluster of nearby points."""
    anchors = sorted((m for m in cluster if m in anchor_rank), key=anchor_rank.__getitem__)
    if anchors:
        centre = plane[anchors[0]]
        ring = [m for m in cluster if m != anchors[0]]
        placed = {anchors[0]: centre}
    else:
        centre = (
            sum(plane[m][0] for m in cluster) / len(cluster),
            sum(plane[m][1] for m in cluster) / len(cluster),
        )
        ring = list(cluster)
        placed = {}
    radius = _ring_radius(len(ring), min_sep, anchored=bool(anchors))
    gap = 2 * math.asin(min(1.0, min_sep * _MARGIN / (2 * radius)))
    # Members keep the bearing of their true position from the centre where they can; members
    # sitting on the centre fan out, in input order, on the side away from the others (or
    # around north: a lone pair ends up east and west).
    bearing: dict[Hashable, float] = {}
    for m in ring:
        dx, dy = plane[m][0] - centre[0], plane[m][1] - centre[1]
        if math.hypot(dx, dy) > 1e-9:
            bearing[m] = math.atan2(dy, dx)
    loose = sorted((m for m in ring if m not in bearing), key=rank.__getitem__)
    if bearing:
        mx = sum(math.cos(b) for b in bearing.values())
        my = sum(math.sin(b) for b in bearing.values())
        away = math.atan2(-my, -mx) if math.hypot(mx, my) > 1e-9 else math.pi / 2
    else:
        away = math.pi / 2
    for k, m in enumerate(loose):
        bearing[m] = away + (k - (len(loose) - 1) / 2) * gap * (1 + 1e-6)
    order = sorted(ring, key=lambda m: (bearing[m] % (2 * math.pi), rank[m]))
    wanted = [bearing[m] % (2 * math.pi) for m in order]
    for m, angle in zip(order, _fit_angles(wanted, gap), strict=True):
        placed[m] = (centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))
    return placed


class _Clusters:
    """Points joined into clusters (union-find); a cluster is named by its earliest point."""

    def __init__(self, ids: list[Hashable], rank: dict[Hashable, int]):
        self.parent = {m: m for m in ids}
        self.rank = rank

    def find(self, m: Hashable) -> Hashable:
        parent = self.parent
        while parent[m] != m:
            parent[m] = parent[parent[m]]
            m = parent[m]
        return m

    def union(self, a: Hashable, b: Hashable) -> bool:
        """Join the clusters of a and b; False when they were one already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.rank[ra] > self.rank[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


def _close_pairs(
    ids: list[Hashable], pos: Mapping[Hashable, tuple[float, float]], min_sep_deg: float
) -> Iterator[tuple[int, int]]:
    """Index pairs of points closer than min_sep_deg, through a spatial index. Points on the
    same spot are chained to the first of them (enough for the clusters, and linear where many
    actors share a seat); distinct spots are paired by the index."""
    first: dict[tuple[float, float], int] = {}
    for i, m in enumerate(ids):
        j = first.setdefault(pos[m], i)
        if j != i:
            yield j, i
    xy = list(first)
    tree_points = shapely.points(xy)
    tree = shapely.STRtree(tree_points)
    left, right = tree.query(tree_points, predicate="dwithin", distance=min_sep_deg)
    at = list(first.values())
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i < j and math.dist(xy[i], xy[j]) < min_sep_deg - 1e-9:
            yield at[i], at[j]


def spread(
    points: Mapping[Hashable, LatLon],
    min_sep_deg: float = 0.9,
    anchors: Iterable[Hashable] = (),
) -> dict[Hashable, LatLon]:
    """Display positions that keep every pair of points at least min_sep_deg apart on screen.

    Points closer than min_sep_deg to each other (directly or through a chain) form a cluster,
    placed on a ring: around the first anchor in the cluster, which keeps its true position
    (pass the hub and the states, most important first), or else around the cluster's centre.
    Clusters whose rings collide are merged and placed again. Points that are already far
    enough from every other point keep their positions. Deterministic: the result depends only
    on the input (its order breaks ties). Close pairs come from a spatial index (shapely's
    STRtree), so the cost grows with the points and their close neighbours, not with all pairs.
    """
    if min_sep_deg <= 0:
        raise ValueError(f"min_sep_deg must be positive, got {min_sep_deg!r}")
    ids = list(points)
    if not ids:
        return {}
    rank = {m: i for i, m in enumerate(ids)}
    anchor_rank = {m: i for i, m in enumerate(a for a in anchors if a in points)}
    plane = {m: to_plane(float(points[m][0]), float(points[m][1])) for m in ids}

    groups = _Clusters(ids, rank)

    for i, j in _close_pairs(ids, plane, min_sep_deg):
        groups.union(ids[i], ids[j])

    display = dict(plane)
    placed_before: dict[tuple[Hashable, ...], dict[Hashable, tuple[float, float]]] = {}
    for _ in range(len(ids)):
        clusters: dict[Hashable, list[Hashable]] = {}
        for m in ids:
            clusters.setdefault(groups.find(m), []).append(m)
        display = {}
        for members in clusters.values():
            if len(members) == 1:
                display[members[0]] = plane[members[0]]
                continue
            key = tuple(members)
            if key not in placed_before:  # a cluster that did not change is not placed again
                placed_before[key] = _place(members, plane, rank, anchor_rank, min_sep_deg)
            display.update(placed_before[key])
        merged = False
        for i, j in _close_pairs(ids, display, min_sep_deg):
            merged |= groups.union(ids[i], ids[j])
        if not merged:
            break
    out: dict[Hashable, LatLon] = {}
    for m in ids:
        lat, lon = points[m] if display[m] == plane[m] else from_plane(*display[m])
        out[m] = (float(lat), float(lon))
    return out
