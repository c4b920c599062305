"""Which marker labels fit at which zoom: a greedy placement that keeps labels off markers.

Labels sit to the right of their marker. A label is given the lowest zoom (4 to 7) at which its
box overlaps neither another marker nor a label already placed; labels that never fit get
LAST_ZOOM. The map shows a label from its zoom on, so the default view stays legible and
crowded places name their markers one or two zoom steps in.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
import shapely

from geo.projection import plane_pixels, to_plane

FIRST_ZOOM = 4
LAST_ZOOM = 8
CHAR_PX = 8.0
LABEL_HEIGHT_PX = 16.0
GAP_PX = 4.0

Box = tuple[float, float, float, float] | list[float]  # x0, y0, x1, y1


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes (x0, y0, x1, y1, x0 < x1 and y0 < y1) overlap; touching is not
    overlapping. The one box test of the map's labels and the network's."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


_overlaps = overlaps  # the name the still renderer's tests know


class _Grid:
    """Boxes placed so far, filed by the grid cells they cover: an overlap test looks only at
    the boxes sharing a cell (labels are placed one by one, so a static tree would not do)."""

    CELL = 128.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    def _cells(self, box: Box):
        x0, y0 = math.floor(box[0] / self.CELL), math.floor(box[1] / self.CELL)
        x1, y1 = math.floor(box[2] / self.CELL), math.floor(box[3] / self.CELL)
        return ((cx, cy) for cx in range(x0, x1 + 1) for cy in range(y0, y1 + 1))

    def add(self, box: Box) -> None:
        for cell in self._cells(box):
            self.cells[cell].append(box)

    def overlaps(self, box: Box) -> bool:
        return any(
            overlaps(box, other) for cell in self._cells(box) for other in self.cells.get(cell, ())
        )


def _hits(
    labels: np.ndarray, label_owner: np.ndarray, markers: np.ndarray, marker_owner: np.ndarray
) -> np.ndarray:
    """For each label box (rows of x0, y0, x1, y1), whether it overlaps a marker box other
    than its own marker's (owners: one id number per box, -1 for a box that is nobody's),
    found through a spatial index (shapely's STRtree) in one bulk query; touching is not
    overlapping."""
    hit = np.zeros(len(labels), dtype=bool)
    if not len(labels) or not len(markers):
        return hit
    tree = shapely.STRtree(shapely.box(*markers.T))
    # Without a predicate the tree compares envelopes only, which for boxes is the geometry.
    which, found = tree.query(shapely.box(*labels.T))
    lab, mark = labels[which], markers[found]
    strict = (
        (lab[:, 0] < mark[:, 2])
        & (mark[:, 0] < lab[:, 2])
        & (lab[:, 1] < mark[:, 3])
        & (mark[:, 1] < lab[:, 3])
    )
    hit[which[strict & (marker_owner[found] != label_owner[which])]] = True
    return hit


def label_zooms(
    positions: dict[str, tuple[float, float]],
    names: dict[str, str],
    sizes: dict[str, float],
    priority: list[str],
    fixed: list[tuple[float, float, str]] = (),
    always: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """The zoom from which each marker's label is shown (ids in `priority` order win).

    `fixed` lists other labelled points (lat, lon, text), such as chokepoints, that labels
    must also keep clear of. Labels in `always` are shown at every zoom (level 0) and others
    keep clear of them. Markers are found through a spatial index (shapely's STRtree) and placed
    labels through a grid, so the cost grows with the labels, not with their pairs. The boxes
    of every marker are computed together per zoom (projection.plane_pixels, as `pixel`).
    """
    zooms: dict[str, int] = {i: 0 for i in always if i in positions}
    ids = list(positions)
    row = {i: n for n, i in enumerate(ids)}
    plane = np.array([to_plane(*positions[i]) for i in ids], dtype=float).reshape(-1, 2)
    half = np.array([sizes[i] / 2 for i in ids], dtype=float)
    width = np.array([CHAR_PX * len(names[i]) for i in ids], dtype=float)
    fixed_plane = np.array([to_plane(lat, lon) for lat, lon, _ in fixed], dtype=float)
    fixed_plane = fixed_plane.reshape(-1, 2)
    fixed_width = np.array([CHAR_PX * len(text) for *_, text in fixed], dtype=float)
    owners = np.concatenate([np.arange(len(ids)), np.full(len(fixed), -1)])
    mid = LABEL_HEIGHT_PX / 2
    for zoom in range(FIRST_ZOOM, LAST_ZOOM):
        x, y = plane_pixels(plane[:, 0], plane[:, 1], zoom)
        fx, fy = plane_pixels(fixed_plane[:, 0], fixed_plane[:, 1], zoom)
        boxes = np.concatenate(
            [
                np.column_stack([x - half, y - half, x + half, y + half]),
                np.column_stack([fx - mid, fy - mid, fx + mid + fixed_width, fy + mid]),
            ]
        )
        left = x + half + GAP_PX
        label_boxes = np.column_stack([left, y - mid, left + width, y + mid])
        box_of = label_boxes.tolist()
        waiting = [i for i in priority if i not in zooms]
        rows = np.array([row[i] for i in waiting], dtype=int)
        blocked = _hits(label_boxes[rows], rows, boxes, owners).tolist()
        placed = _Grid()
        for i in zooms:
            placed.add(box_of[row[i]])
        for i, hit in zip(waiting, blocked, strict=True):
            if not hit and not placed.overlaps(box_of[row[i]]):
                zooms[i] = zoom
                placed.add(box_of[row[i]])
    return {i: zooms.get(i, LAST_ZOOM) for i in positions}


def zoom_css(prefix: str = "ally") -> str:
    """CSS that hides a label of level L while the map's zoom class is below L."""
    rules = [
        f".{prefix}-z{z} .{prefix}-lz{level}"
        for z in range(0, LAST_ZOOM + 1)
        for level in range(z + 1, LAST_ZOOM + 1)
    ]
    return ",\n".join(rules) + " { display: none; }"
