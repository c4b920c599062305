"""Time the stills and the handouts at 1× and 50× the data (bench/scale.py's copies).

For each K: one still of a view (Hezbollah selected, every camp) from its address to SVG bytes
and to PNG bytes at 2× (a 16:9 slide), and the A4 handout of the longest tour (its PDF bytes),
each the median of R runs, wall clock and CPU seconds (on a shared machine the wall clock also
measures the neighbours), with the file sizes. Usage: python bench/still.py [K ...] [--runs R]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from scale import write_scaled  # noqa: E402

from allies.load import load_dataset  # noqa: E402
from allies.paths import DATA_DIR  # noqa: E402
from allies.tours import load_tours  # noqa: E402
from geo.shapes import load_countries  # noqa: E402
from ui import handout, stills  # noqa: E402

ADDRESS = "?sel=actor:hezbollah"


def timed(fn, runs: int):
    """The result of fn, and the medians of its wall-clock and CPU seconds over `runs`."""
    walls, cpus, out = [], [], None
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return out, statistics.median(walls), statistics.median(cpus)


def bench(folder: Path, runs: int) -> list[tuple[str, float, float, int]]:
    ds = load_dataset(folder)
    countries = load_countries()
    view = stills.read_address(ADDRESS, ds)
    tours, _ = load_tours(ds, folder)
    longest = max(tours, key=lambda t: len(t.scenes))
    rows = []
    for fmt in ("svg", "png"):
        data, wall, cpu = timed(
            lambda fmt=fmt: stills.view_still(ds, countries, view)[0].save(fmt), runs
        )
        rows.append((f"still {ADDRESS} → {fmt.upper()}", wall, cpu, len(data)))
    pdf, wall, cpu = timed(lambda: handout.tour_pdf(ds, countries, longest), runs)
    rows.append(
        (f"handout of '{longest.id}' ({len(longest.scenes)} scenes) → PDF", wall, cpu, len(pdf))
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("ks", nargs="*", type=int, default=[1, 50])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| data | what | wall (median) | CPU (median) | bytes |\n|---|---|---|---|---|")
    for k in args.ks:
        with tempfile.TemporaryDirectory() as tmp:
            folder = write_scaled(Path(tmp) / "data", k)
            shutil.copytree(DATA_DIR / "tours", folder / "tours", dirs_exist_ok=True)
            for what, wall, cpu, size in bench(folder, args.runs):
                print(f"| {k}× | {what} | {wall:.2f} s | {cpu:.2f} s | {size:,} |", flush=True)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
