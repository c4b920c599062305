"""Time whole script runs of the map page (AppTest, no browser): first run, filter, selection.

Usage: python bench/app_rerun.py [N]. Prints the median and the maximum of N reruns each.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from allies.selection import Selection  # noqa: E402
from ui import keys  # noqa: E402


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    print(f"first run (loads and validates the data) {timed(at.run):8.1f} ms")
    layers = list(at.session_state[keys.LAYERS])
    steps = {
        "layer filter off/on": lambda i: layers[: 1 + i % len(layers)],
        "select an actor": None,
    }
    results: dict[str, list[float]] = {name: [] for name in steps}
    # The Select box holds a selection's text form, as the address does.
    actors = [str(Selection("actor", a)) for a in ("hezbollah", "russia", "houthis", "syria")]
    for i in range(n):
        at.session_state[keys.LAYERS] = steps["layer filter off/on"](i)
        results["layer filter off/on"].append(timed(at.run))
        at.session_state[keys.SELECTION] = actors[i % len(actors)]
        results["select an actor"].append(timed(at.run))
        assert not at.exception
    for name, values in results.items():
        print(f"{name:38s} median {statistics.median(values):7.1f} ms   max {max(values):7.1f} ms")


if __name__ == "__main__":
    main()
