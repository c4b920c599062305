"""Time the map builder on a synthetic dataset of realistic size.

The dataset is written the way the app reads one (the tiny test dataset plus N synthetic actors
and M ties, tests/map_fixture.py), loaded and validated by allies.load, and filtered by
allies.queries: the builder gets the same typed rows as in the app. Prints the median of R runs
for: loading and validating, base_map, layers, rendering both to one HTML page, and (when
streamlit-folium is installed) building plus turning them into the scripts st_folium sends on
every rerun. Usage: python bench/map_build.py [R] [ACTORS] [TIES]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from map_fixture import write_synthetic_dataset  # noqa: E402

from allies import queries  # noqa: E402
from allies.load import load_dataset  # noqa: E402
from allies.selection import Selection  # noqa: E402
from allies.vocab import CATEGORIES, HUB  # noqa: E402
from geo.mapbuild import base_map, layers  # noqa: E402
from geo.shapes import load_countries  # noqa: E402


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
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_synthetic_dataset(Path(tmp) / "data", n_actors, n_ties)
        t_load, ds = timed(lambda: load_dataset(folder), max(1, n // 5))
    every = queries.Filters(
        layers=tuple(c for c in CATEGORIES if c != HUB), places=tuple(ds.places["place_id"])
    )
    view = queries.visible(ds, every)
    selection = Selection("actor", "a4")

    t_base, _ = timed(lambda: base_map(countries), n)
    t_layers, result = timed(lambda: layers(view, countries), n)

    def render() -> int:
        m = base_map(countries)
        for group in layers(view, countries, selection=selection).groups:
            group.add_to(m)
        return len(m.get_root().render())

    t_render, size = timed(render, n)
    counts = f"{len(ds.actors)} actors, {len(ds.relationships)} ties, {len(ds.places)} places"
    print(f"dataset: {counts}; median of {n} runs")
    print(f"load and validate    {t_load:7.1f} ms")
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
        groups = layers(view, countries, selection=selection).groups
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
