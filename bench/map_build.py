"""Time the map builder on a synthetic dataset of realistic size.

Prints the median of N runs for: base_map, layers, rendering both to one HTML page, and (when
streamlit-folium is installed) building plus turning them into the scripts st_folium sends on
every rerun. Usage: python bench/map_build.py [N] [ACTORS] [TIES]
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point, box

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from allies.vocab import ACTOR_KINDS, CATEGORIES, REL_TYPES, STATUSES
from geo.mapbuild import base_map, layers
from geo.shapes import load_countries

# A few seats shared by several actors, as in the real data (Tehran, Baghdad, Gaza, Moscow).
CROWDED = [(35.689, 51.389), (33.315, 44.366), (31.502, 34.467), (55.756, 37.617)]


def synthetic(n_actors: int, n_ties: int, seed: int = 1):
    """Actors, relationships and places shaped like the real files."""
    rng = random.Random(seed)
    kinds = [k for k in ACTOR_KINDS if k != "informal grouping"]
    cats = list(CATEGORIES)
    rows = [("iran", "Iran", "state", "IRN", 35.689, 51.389, "hub")]
    for i in range(1, n_actors):
        if i % 4 == 0:
            lat, lon = rng.choice(CROWDED)
        else:
            lat, lon = rng.uniform(10, 60), rng.uniform(-100, 140)
        rows.append((f"a{i}", f"Actor {i}", rng.choice(kinds), "", lat, lon, rng.choice(cats[1:])))
    rows.append(("group", "Informal grouping", "informal grouping", "", None, None, "proxy"))
    actors = pd.DataFrame(
        rows, columns=["actor_id", "name", "kind", "country", "lat", "lon", "category"]
    )
    ids = list(actors["actor_id"])
    rels = []
    for i in range(n_ties):
        a = "iran" if i % 2 == 0 else rng.choice(ids)
        b = rng.choice([x for x in ids if x != a])
        rels.append(
            (
                f"r{i:03d}",
                a,
                b,
                rng.choice(list(REL_TYPES)),
                rng.randint(1, 3),
                rng.choice(list(STATUSES)),
                "funding;arms",
            )
        )
    relationships = pd.DataFrame(
        rels, columns=["rel_id", "from_actor", "to_actor", "type", "strength", "status", "support"]
    )
    geoms = [
        Point(43.3, 12.6),
        LineString([(32.5, 29.9), (43.3, 12.6)]),
        box(34.2, 31.2, 34.6, 31.6),
    ]
    kinds_p = ["chokepoint", "corridor", "territory"]
    places = gpd.GeoDataFrame(
        {
            "place_id": [f"p{i}" for i in range(12)],
            "name": [f"Place {i}" for i in range(12)],
            "kind": [kinds_p[i % 3] for i in range(12)],
            "in_sources": [i % 5 != 0 for i in range(12)],
        },
        geometry=[geoms[i % 3] for i in range(12)],
        crs="EPSG:4326",
    )
    return actors, relationships, places


def timed(fn, n: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), out


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 20
    n_actors = int(argv[1]) if len(argv) > 1 else 40
    n_ties = int(argv[2]) if len(argv) > 2 else 60
    countries = load_countries()
    actors, relationships, places = synthetic(n_actors, n_ties)

    t_base, _ = timed(lambda: base_map(countries), n)
    t_layers, result = timed(lambda: layers(actors, relationships, places, countries), n)

    def render() -> int:
        m = base_map(countries)
        for group in layers(actors, relationships, places, countries, selected="a4").groups:
            group.add_to(m)
        return len(m.get_root().render())

    t_render, size = timed(render, n)
    print(f"dataset: {n_actors} actors, {n_ties} ties, {len(places)} places; median of {n} runs")
    print(f"base_map             {t_base:7.1f} ms")
    print(f"layers               {t_layers:7.1f} ms  ({len(result.groups)} groups)")
    print(f"build + render HTML  {t_render:7.1f} ms  ({size / 1024:.0f} KB of HTML)")
    try:
        from streamlit_folium import generate_leaflet_string
    except ImportError:
        return 0

    def scripts() -> int:
        """What st_folium does on a rerun: render the map, then each group, into scripts."""
        m = base_map(countries)
        m.get_root().render()
        total = len(generate_leaflet_string(m))
        groups = layers(actors, relationships, places, countries, selected="a4").groups
        for idx, group in enumerate(groups):
            group._id = f"feature_group_{idx}"
            group.add_to(m)
            group.render()
            total += len(generate_leaflet_string(group, base_id=f"feature_group_{idx}"))
        return total

    t_scripts, chars = timed(scripts, n)
    print(f"build + st_folium    {t_scripts:7.1f} ms  ({chars / 1024:.0f} KB of script)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
