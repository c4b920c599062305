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

from geo.projection import pixel

FIRST_ZOOM = 4
LAST_ZOOM = 8
CHAR_PX = 8.0
LABEL_HEIGHT_PX = 16.0
GAP_PX = 4.0

Box = tuple[float, float, float, float]


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


def _hits(labels: dict[str, Box], boxes: list[Box], owners: list[str | None]) -> set[str]:
    """The labels whose box overlaps a marker other than their own, found through a spatial
    index (shapely's STRtree) in one bulk query; touching is not overlapping."""
    if not labels or not boxes:
        return set()
    ids = list(labels)
    marker_boxes = np.asarray(boxes, dtype=float)
    label_boxes = np.asarray([labels[i] for i in ids], dtype=float)
    tree = shapely.STRtree(shapely.box(*marker_boxes.T))
    which, found = tree.query(shapely.box(*label_boxes.T), predicate="intersects")
    lab, mark = label_boxes[which], marker_boxes[found]
    strict = (
        (lab[:, 0] < mark[:, 2])
        & (mark[:, 0] < lab[:, 2])
        & (lab[:, 1] < mark[:, 3])
        & (mark[:, 1] < lab[:, 3])
    )
    position = {i: n for n, i in enumerate(ids)}
    owner = np.asarray([position.get(o, -1) if o is not None else -1 for o in owners])
    return {ids[q] for q in np.unique(which[strict & (owner[found] != which)]).tolist()}


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
    labels through a grid, so the cost grows with the labels, not with their pairs.
    """
    zooms: dict[str, int] = {i: 0 for i in always if i in positions}
    for zoom in range(FIRST_ZOOM, LAST_ZOOM):
        centre = {i: pixel(*positions[i], zoom) for i in positions}
        owners: list[str | None] = list(centre)
        boxes = [
            (x - sizes[i] / 2, y - sizes[i] / 2, x + sizes[i] / 2, y + sizes[i] / 2)
            for i, (x, y) in centre.items()
        ]
        for lat, lon, text in fixed:
            x, y = pixel(lat, lon, zoom)
            half = LABEL_HEIGHT_PX / 2
            boxes.append((x - half, y - half, x + half + CHAR_PX * len(text), y + half))
            owners.append(None)

        def label_box(i: str, centre=centre) -> Box:
            x, y = centre[i]
            left = x + sizes[i] / 2 + GAP_PX
            width = CHAR_PX * len(names[i])
            return (left, y - LABEL_HEIGHT_PX / 2, left + width, y + LABEL_HEIGHT_PX / 2)

        waiting = {i: label_box(i) for i in priority if i not in zooms}
        blocked = _hits(waiting, boxes, owners)
        placed = _Grid()
        for i in zooms:
            placed.add(label_box(i))
        for i, box in waiting.items():
            if i not in blocked and not placed.overlaps(box):
                zooms[i] = zoom
                placed.add(box)
    return {i: zooms.get(i, LAST_ZOOM) for i in positions}


def zoom_css(prefix: str = "ally") -> str:
    """CSS that hides a label of level L while the map's zoom class is below L."""
    rules = [
        f".{prefix}-z{z} .{prefix}-lz{level}"
        for z in range(0, LAST_ZOOM + 1)
        for level in range(z + 1, LAST_ZOOM + 1)
    ]
    return ",\n".join(rules) + " { display: none; }"
