"""Unit tests for the geometry helpers: arcs, decluttering, country shapes, offline assets."""

from __future__ import annotations

import itertools
import math
import random
import subprocess
import sys
from pathlib import Path

import folium
import folium.plugins
import pytest
import xstatic.pkg.leaflet
from helpers import st_folium_urls

from geo import offline
from geo.arcs import arc, arcs
from geo.declutter import spread
from geo.shapes import COUNTRIES_PATH, load_countries

REPO = Path(__file__).resolve().parents[1]


def plane(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator position in equator degrees (what the screen shows)."""
    return lon, math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def min_screen_distance(points: dict) -> float:
    ids = list(points)
    return min(
        math.dist(plane(*points[a]), plane(*points[b]))
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    )


# --------------------------------------------------------------------------- arcs


def test_arc_starts_and_ends_exactly_on_its_points():
    a, b = (35.689, 51.389), (33.853, 35.515)
    pts = arc(a, b, n=24)
    assert len(pts) == 25
    assert pts[0] == a
    assert pts[-1] == b


def test_arc_bulges_left_of_its_direction_by_half_the_bend():
    a, b = (0.0, 0.0), (0.0, 10.0)  # due east along the equator
    pts = arc(a, b, bend=0.2, n=24)
    mid = pts[12]
    # Quadratic Bézier at t = 1/2 sits halfway to the control point: 0.2 × 10 / 2 = 1.
    assert mid == pytest.approx((1.0, 5.0))
    assert all(lat >= 0 for lat, _ in pts)  # left of eastward = north
    right = arc(a, b, bend=-0.2)
    assert right[12] == pytest.approx((-1.0, 5.0))


def test_arc_reversed_with_opposite_bend_is_the_same_curve():
    a, b = (33.3, 44.4), (55.7, 37.6)
    forward = arc(a, b, bend=0.25, n=16)
    backward = arc(b, a, bend=-0.25, n=16)
    flat = [x for p in forward for x in p]
    assert flat == pytest.approx([x for p in reversed(backward) for x in p])


def test_arc_is_smooth_and_curved():
    pts = arc((10.0, 10.0), (40.0, 60.0), bend=0.2, n=24)
    steps = [math.dist(p, q) for p, q in itertools.pairwise(pts)]
    assert max(steps) < 3 * min(steps)
    # Not a straight line: the middle point is off the chord.
    (y0, x0), (y1, x1), (ym, xm) = pts[0], pts[-1], pts[12]
    cross = (x1 - x0) * (ym - y0) - (y1 - y0) * (xm - x0)
    assert abs(cross) / math.dist(pts[0], pts[-1]) > 1


def test_arc_survives_the_antimeridian_and_degenerate_input():
    pts = arc((10.0, 179.0), (12.0, -179.0), bend=0.2)
    assert pts[0] == (10.0, 179.0)
    assert pts[-1] == (12.0, -179.0)
    assert all(-90 <= lat <= 90 for lat, _ in pts)
    same = arc((5.0, 5.0), (5.0, 5.0))
    assert [x for p in same for x in p] == pytest.approx([5.0] * 2 * len(same))
    near_pole = arc((85.0, 0.0), (85.0, 170.0), bend=0.5)
    assert all(-90 <= lat <= 90 for lat, _ in near_pole)
    with pytest.raises(ValueError):
        arc((0, 0), (1, 1), n=0)
    with pytest.raises(ValueError):
        arc((math.nan, 0), (1, 1))


def test_many_arcs_at_once_are_exactly_the_single_arcs():
    rng = random.Random(7)
    starts = [(rng.uniform(-70, 88), rng.uniform(-180, 180)) for _ in range(300)]
    ends = [(rng.uniform(-70, 88), rng.uniform(-180, 180)) for _ in range(300)]
    bends = [rng.uniform(-0.6, 0.6) for _ in range(300)]
    starts[0], ends[0] = (85.0, 0.0), (85.0, 170.0)  # bulges past the pole: clipped alike
    for n in (1, 2, 24):
        want = [tuple(arc(a, b, bend, n)) for a, b, bend in zip(starts, ends, bends, strict=True)]
        assert arcs(starts, ends, bends, n) == want  # the same floats, not just close ones
    assert arcs([], [], [], 24) == []
    with pytest.raises(ValueError):
        arcs([(math.nan, 0)], [(1, 1)], [0.2])


# --------------------------------------------------------------------------- declutter

TEHRAN = (35.689, 51.389)
BEIRUT = (33.853, 35.515)
DAMASCUS = (33.513, 36.292)
GAZA = (31.502, 34.467)
JERUSALEM = (31.778, 35.235)
BAGHDAD = (33.315, 44.366)
MOSCOW = (55.756, 37.617)
NEW_YORK = (40.749, -73.968)

SEATS = {
    "iran": TEHRAN,
    "irgc": TEHRAN,
    "quds_force": TEHRAN,
    "hezbollah": BEIRUT,
    "syria": DAMASCUS,
    "israel": JERUSALEM,
    "hamas": GAZA,
    "pij": GAZA,
    "iraq": BAGHDAD,
    "pmf": BAGHDAD,
    "iri": BAGHDAD,
    "factions": BAGHDAD,
    "russia": MOSCOW,
    "moscow_institute": MOSCOW,
    "un": NEW_YORK,
    "unsc": NEW_YORK,
}
STATES = ["iran", "syria", "israel", "iraq", "russia"]


def test_spread_separates_every_pair():
    out = spread(SEATS, 0.9, STATES)
    assert set(out) == set(SEATS)
    assert min_screen_distance(out) >= 0.9 - 1e-9
    # At zoom 5 (256 × 2^5 / 360 ≈ 22.8 px per degree) 18 px markers do not overlap.
    assert min_screen_distance(out) * 256 * 2**5 / 360 >= 18


def test_spread_keeps_anchors_and_lonely_points_in_place():
    seats = {**SEATS, "yemen": (15.369, 44.191)}
    out = spread(seats, 0.9, STATES)
    for anchor in STATES:
        assert out[anchor] == pytest.approx(seats[anchor])
    assert out["yemen"] == pytest.approx(seats["yemen"])


def test_spread_keeps_markers_near_their_seat_and_on_the_right_side():
    out = spread(SEATS, 0.9, STATES)
    for actor_id, seat in SEATS.items():
        assert math.dist(plane(*out[actor_id]), plane(*seat)) < 2.5
    # Hamas and PIJ stay south-west of Jerusalem, towards Gaza.
    for actor_id in ("hamas", "pij"):
        assert out[actor_id][1] < JERUSALEM[1]
    # The pair in New York (no anchor) is split around the shared seat.
    lon1, lon2 = out["un"][1], out["unsc"][1]
    assert (lon1 + lon2) / 2 == pytest.approx(NEW_YORK[1], abs=1e-6)


def test_spread_is_deterministic_and_returns_float_tuples():
    first = spread(SEATS, 0.9, STATES)
    second = spread(dict(SEATS), 0.9, list(STATES))
    assert first == second
    assert all(
        isinstance(v, tuple) and all(isinstance(x, float) for x in v) for v in first.values()
    )


def test_spread_holds_on_random_crowds():
    rng = random.Random(7)
    for _ in range(60):
        pts = {i: (30 + 3 * rng.random(), 40 + 3 * rng.random()) for i in range(rng.randint(2, 20))}
        anchors = [i for i in pts if rng.random() < 0.3]
        out = spread(pts, 0.9, anchors)
        assert min_screen_distance(out) >= 0.9 - 1e-6
        if anchors:
            assert out[anchors[0]] == pytest.approx(pts[anchors[0]])


def test_spread_edge_cases():
    assert spread({}) == {}
    assert spread({"a": (1.0, 2.0)}) == {"a": (1.0, 2.0)}
    with pytest.raises(ValueError):
        spread({"a": (1.0, 2.0)}, 0)


# --------------------------------------------------------------------------- countries

REQUIRED_ISO3 = [
    *("IRN", "ISR", "LBN", "SYR", "IRQ", "YEM", "PAK", "TUR", "RUS", "CHN", "PRK", "USA"),
    *("GBR", "FRA", "MEX", "CZE", "DNK", "CAN", "JPN", "NLD", "IND", "AFG", "UKR"),
]


def test_countries_file_is_small_and_complete():
    assert COUNTRIES_PATH.stat().st_size < 400 * 1024
    countries = load_countries()
    assert list(countries.columns) == ["iso3", "name", "geometry"]
    assert countries.crs is not None and countries.crs.to_epsg() == 4326
    assert countries["iso3"].is_unique
    assert countries.geometry.is_valid.all()
    assert not countries.geometry.is_empty.any()
    missing = set(REQUIRED_ISO3) - set(countries["iso3"])
    assert not missing
    assert countries["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    assert names["FRA"] == "France"
    assert names["NOR"] == "Norway"


def test_countries_attribution_is_documented():
    readme = (REPO / "geo" / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme
    assert "public domain" in readme.lower()


def test_geo_package_does_not_import_streamlit():
    code = (
        "import sys\n"
        "import pkgutil, importlib, geo\n"
        "names = [m.name for m in pkgutil.iter_modules(geo.__path__)]\n"
        "assert {'mapbuild', 'fastrender', 'styles', 'tooltips'} <= set(names), names\n"
        "for name in names: importlib.import_module('geo.' + name)\n"
        "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


# --------------------------------------------------------------------------- offline assets


def test_ensure_static_assets_copies_leaflet_and_is_idempotent(tmp_path):
    offline.ensure_static_assets(tmp_path)
    vendor = tmp_path / "vendor"
    src = Path(xstatic.pkg.leaflet.BASE_DIR)
    for name in ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png"):
        assert (vendor / name).read_bytes() == (src / name).read_bytes()
    assert (vendor / "jquery.min.js").stat().st_size > 10_000
    stamps = {p: p.stat().st_mtime_ns for p in vendor.rglob("*") if p.is_file()}
    offline.ensure_static_assets(tmp_path)
    assert {p: p.stat().st_mtime_ns for p in vendor.rglob("*") if p.is_file()} == stamps
    assert not list(vendor.rglob(".*"))  # no temporary files left behind
    (vendor / "leaflet.js").write_text("truncated")
    offline.ensure_static_assets(tmp_path)
    assert (vendor / "leaflet.js").read_bytes() == (src / "leaflet.js").read_bytes()


def test_localize_leaves_only_local_urls():
    m = folium.Map()
    assert any("cdn" in url for url in st_folium_urls(m))
    offline.localize(m)
    urls = st_folium_urls(m)
    assert urls == [offline.ASSET_BASE + "leaflet.css", offline.ASSET_BASE + "leaflet.js"]
    # Only the instance changed: folium's class defaults are untouched.
    assert any("cdn" in url for _, url in folium.Map.default_js)
    with_jquery = offline.localize(folium.Map(), jquery=True)
    assert offline.ASSET_BASE + "jquery.min.js" in st_folium_urls(with_jquery)


def test_localize_refuses_an_unknown_cdn():
    m = folium.Map(tiles=None)
    folium.plugins.MarkerCluster().add_to(m)
    with pytest.raises(ValueError, match="not local"):
        offline.localize(m)
