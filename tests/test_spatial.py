"""The spatial index in geo.declutter.spread and geo.labels.label_zooms changes nothing on small
inputs: both give what a straightforward all-pairs reference gives, on random inputs."""

from __future__ import annotations

import math
import random

import pytest

from geo import declutter, labels
from geo.declutter import spread
from geo.labels import label_zooms
from geo.projection import pixel


def reference_spread(points, min_sep, anchors=()):
    """All pairs, clusters merged until no two rings collide (the plain algorithm)."""
    ids = list(points)
    rank = {m: i for i, m in enumerate(ids)}
    anchor_rank = {m: i for i, m in enumerate(a for a in anchors if a in points)}
    plane = {m: declutter.to_plane(*points[m]) for m in ids}
    cluster_of = {m: {m} for m in ids}

    def join(a, b):
        if cluster_of[a] is cluster_of[b]:
            return False
        merged = cluster_of[a] | cluster_of[b]
        for m in merged:
            cluster_of[m] = merged
        return True

    def close(pos, a, b):
        return math.dist(pos[a], pos[b]) < min_sep - 1e-9

    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if close(plane, a, b):
                join(a, b)
    while True:
        display, seen = {}, []
        for m in ids:
            if any(cluster_of[m] is c for c in seen):
                continue
            seen.append(cluster_of[m])
            members = [x for x in ids if x in cluster_of[m]]
            if len(members) == 1:
                display[m] = plane[m]
            else:
                display.update(declutter._place(members, plane, rank, anchor_rank, min_sep))
        merged = False
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if close(display, a, b):
                    merged |= join(a, b)
        if not merged:
            break
    out = {}
    for m in ids:
        lat, lon = points[m] if display[m] == plane[m] else declutter.from_plane(*display[m])
        out[m] = (float(lat), float(lon))
    return out


def reference_label_zooms(positions, names, sizes, priority, fixed=(), always=frozenset()):
    """Every label box against every marker and every placed label."""
    zooms = {i: 0 for i in always if i in positions}
    for zoom in range(labels.FIRST_ZOOM, labels.LAST_ZOOM):
        centre = {i: pixel(*positions[i], zoom) for i in positions}
        markers = {
            i: (x - sizes[i] / 2, y - sizes[i] / 2, x + sizes[i] / 2, y + sizes[i] / 2)
            for i, (x, y) in centre.items()
        }
        for n, (lat, lon, text) in enumerate(fixed):
            x, y = pixel(lat, lon, zoom)
            half = labels.LABEL_HEIGHT_PX / 2
            markers[("fixed", n)] = (x - half, y - half, x + half + 8.0 * len(text), y + half)

        def box(i, centre=centre):
            x, y = centre[i]
            left = x + sizes[i] / 2 + labels.GAP_PX
            width = labels.CHAR_PX * len(names[i])
            half = labels.LABEL_HEIGHT_PX / 2
            return (left, y - half, left + width, y + half)

        def overlaps(a, b):
            return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

        placed = [box(i) for i in zooms]
        for i in priority:
            if i in zooms:
                continue
            b = box(i)
            if not any(overlaps(b, m) for j, m in markers.items() if j != i) and not any(
                overlaps(b, p) for p in placed
            ):
                zooms[i] = zoom
                placed.append(b)
    return {i: zooms.get(i, labels.LAST_ZOOM) for i in positions}


def random_points(rng: random.Random, n: int, crowded: bool):
    """Points around a few seats of the Middle East, some exactly on the same seat."""
    seats = [(rng.uniform(12, 40), rng.uniform(30, 60)) for _ in range(max(1, n // 4))]
    points = {}
    for k in range(n):
        lat, lon = rng.choice(seats)
        if not crowded or rng.random() < 0.5:
            lat, lon = lat + rng.uniform(-1.5, 1.5), lon + rng.uniform(-1.5, 1.5)
        points[f"p{k}"] = (lat, lon)
    return points


@pytest.mark.parametrize("seed", range(40))
def test_spread_matches_the_all_pairs_reference(seed):
    rng = random.Random(seed)
    points = random_points(rng, rng.randint(1, 24), crowded=seed % 2 == 0)
    anchors = [p for p in points if rng.random() < 0.2]
    sep = rng.choice([0.5, 0.9, 1.6])
    assert spread(points, sep, anchors) == reference_spread(points, sep, anchors)


@pytest.mark.parametrize("seed", range(40))
def test_label_zooms_match_the_all_pairs_reference(seed):
    rng = random.Random(seed)
    positions = random_points(rng, rng.randint(1, 30), crowded=False)
    names = {i: "x" * rng.randint(2, 18) for i in positions}
    sizes = {i: rng.choice([12.0, 18.0, 26.0]) for i in positions}
    priority = sorted(positions, key=lambda _: rng.random())
    fixed = [(rng.uniform(12, 40), rng.uniform(30, 60), "Strait") for _ in range(rng.randint(0, 3))]
    always = frozenset(p for p in positions if rng.random() < 0.1)
    got = label_zooms(positions, names, sizes, priority, fixed=fixed, always=always)
    assert got == reference_label_zooms(positions, names, sizes, priority, fixed, always)


def test_the_reference_tests_can_fail():
    """A changed separation changes the result: the comparison above is not vacuous."""
    points = {"a": (30.0, 50.0), "b": (30.0, 50.3)}
    assert spread(points, 0.9) != reference_spread(points, 0.2)


def test_spread_of_nothing_is_nothing():
    assert spread({}, 0.9) == {}


def test_pixels_are_leaflets():
    # Leaflet's EPSG:3857 at zoom 0: the world is 256 px square, (0, 0) at its centre; each
    # zoom doubles it. The reference above shares `pixel`, so it is checked here on its own.
    assert pixel(0.0, 0.0, 0) == pytest.approx((128.0, 128.0))
    assert pixel(0.0, 180.0, 0) == pytest.approx((256.0, 128.0))
    assert pixel(0.0, -90.0, 3) == pytest.approx((512.0, 1024.0))
    assert pixel(45.0, 0.0, 0) == pytest.approx((128.0, 92.0896), abs=1e-4)
    assert pixel(-45.0, 0.0, 2) == pytest.approx((512.0, 4 * (256.0 - 92.0896)), abs=1e-3)


def test_a_label_waits_for_the_zoom_that_makes_room_for_it():
    # Two markers 10 px wide on the equator, 1.2 degrees apart (256 * 2**zoom / 360 px a
    # degree: 13.7 px at zoom 4, 27.3 at 5, 54.6 at 6). The label of "a", five characters, runs
    # from 9 to 49 px right of a's centre; b's marker begins 5 px before b's: it clears at 6.
    zooms = label_zooms(
        {"a": (0.0, 40.0), "b": (0.0, 41.2)}, {"a": "aaaaa", "b": "b"}, {"a": 10, "b": 10}, ["a"]
    )
    end = 10 / 2 + labels.GAP_PX + labels.CHAR_PX * 5
    first = next(z for z in range(4, 8) if 1.2 * 256 * 2**z / 360 - 10 / 2 >= end)
    assert zooms["a"] == first == 6
