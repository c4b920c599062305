"""Every benchmark in one run, and one table (what `make bench` prints).

The load rows come from bench/load.py, each plan on a freshly started server (warmed up by two
sessions first), with the bare baselines (bench/bare_folium.py, bench/bare_text.py) measured in
the same run; the time to map from bench/time_to_map.py. `--sweep` adds how the rate of one
server process grows with the number of sessions, to show where it saturates. `--replicas` adds
the load through nginx in front of one replica and then two (bench/replicas.py). `--quick` runs
small plans (for trying the harness, not for numbers). The map-builder, AppTest and browser
latency scripts run first (`--no-others` skips them). Usage:

    python bench/report.py [--sweep] [--replicas] [--quick] [--no-others]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from load import app_ring, bare_ring, measure, measure_own_server, start_server, stop, warm_up  # noqa: E402

APP, BARE_MAP, BARE_TEXT = "app.py", "bench/bare_folium.py", "bench/bare_text.py"
RINGS = {APP: app_ring, BARE_MAP: bare_ring, BARE_TEXT: bare_ring}
OTHERS = [
    "bench/map_build.py",
    "bench/app_rerun.py",
    "bench/browser_latency.py",
    "bench/scale.py",
    "bench/still.py",
]


def load_avg() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def one(app: str, sessions: int, reruns: int, think: float = 0.0):
    return measure_own_server(app, RINGS[app], app, [(sessions, reruns, think)], 1200)[0]


def sweep(app: str, counts=(1, 2, 5, 10, 25, 50, 100), reruns: int = 5) -> list[str]:
    """Rate of one server process against the number of sessions (one warm server)."""
    process, url = start_server(app)
    rows = []
    try:
        warm_up(url, RINGS[app])
        for n in counts:
            m = measure(app, url, sessions=n, reruns=reruns, ring=RINGS[app], deadline=900)
            rows.append(f"| {n} | {m.rate:.1f} | {m.p50:.2f} s | {m.p95:.2f} s | {len(m.errors)} |")
    finally:
        stop(process)
    return rows


def cell_rate(m) -> str:
    errors = f", {len(m.errors)} errors" if m.errors else ""
    return f"{m.rate:.1f}{errors}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-others", action="store_true")
    parser.add_argument("--replicas", action="store_true", help="also 1 vs 2 replicas (nginx)")
    args = parser.parse_args()
    big, mid, calm = ((100, 10), (50, 5), (30, 10)) if not args.quick else ((6, 3), (4, 3), (3, 2))
    think = 6.0 if not args.quick else 1.0
    if not args.no_others:
        for script in OTHERS:
            print(f"$ python {script}", flush=True)
            subprocess.run([sys.executable, script], cwd=ROOT, check=False)
    print(f"load average at start: {load_avg()}", flush=True)
    results = {}
    for app in (APP, BARE_MAP, BARE_TEXT):
        results[("big", app)] = m = one(app, *big)
        print(m.line(), flush=True)
    results[("mid", APP)] = m = one(APP, *mid)
    print(m.line(), flush=True)
    for app in (APP, BARE_MAP):
        results[("calm", app)] = m = one(app, *calm, think=think)
        print(m.line(), flush=True)
    from time_to_map import time_to_map

    ttm = time_to_map(3 if args.quick else 7)
    print(f"load average at end: {load_avg()}\n")

    def lat(m) -> str:
        errors = f", {len(m.errors)} errors" if m.errors else ""
        return f"{m.p50:.2f} s / {m.p95:.2f} s (opening: p95 {m.first_p95:.2f} s){errors}"

    def mem(m) -> str:
        kb = m.per_session_kb
        return "—" if kb is None else f"{kb / 1024:.2f} MB"

    def row(*cells: str) -> None:
        print("| " + " | ".join(cells) + " |")

    def kb(value, digits: int = 0) -> str:
        return "—" if value is None else f"{value / 1024:.{digits}f} KB"

    b = {app: results[("big", app)] for app in (APP, BARE_MAP, BARE_TEXT)}
    mid_app, calm_app = results[("mid", APP)], results[("calm", APP)]
    calm_map = results[("calm", BARE_MAP)]
    row("what", "this app", "a bare Streamlit + st_folium page (40 markers)", "a bare page (text)")
    row("---", "---", "---", "---")
    row(f"runs per second, {big[0]} sessions × {big[1]} reruns", *(cell_rate(b[a]) for a in b))
    row(f"runs per second, {mid[0]} sessions × {mid[1]}", cell_rate(mid_app), "—", "—")
    row(
        f"{calm[0]} sessions, about {think:.0f} s between interactions: p50 / p95 latency",
        lat(calm_app),
        lat(calm_map),
        "—",
    )
    bare = (BARE_MAP, BARE_TEXT)
    row(
        "bytes per filter change",
        kb(mid_app.bytes_filter),
        *(kb(b[a].bytes_filter, 1) for a in bare),
    )
    row(
        "bytes per selection change",
        kb(mid_app.bytes_select),
        *(kb(b[a].bytes_select, 1) for a in bare),
    )
    row(f"server memory per session ({big[0]} sessions)", *(mem(b[a]) for a in b))
    ratio = ttm[APP] / ttm[BARE_MAP]
    row(
        "time to map in Chromium",
        f"{ratio:.2f} × the bare st_folium page ({ttm[APP]:.2f} s)",
        f"1 ({ttm[BARE_MAP]:.2f} s)",
        "—",
    )
    if args.sweep:
        print("\nOne server process, sessions against rate (5 reruns each):\n")
        print("| sessions | runs per second | p50 | p95 | errors |")
        print("|---|---|---|---|---|")
        for row in sweep(APP, (1, 2, 4) if args.quick else (1, 2, 5, 10, 25, 50, 100)):
            print(row, flush=True)
    if args.replicas:
        from replicas import through_proxy

        print("\nThrough nginx (deploy/replicas.sh), same sessions:\n")
        n, r = (4, 3) if args.quick else (60, 8)
        single, double = through_proxy(1, n, r), through_proxy(2, n, r)
        print(single.line())
        print(double.line())
        print(f"two replicas / one: {double.rate / single.rate:.2f} × the runs per second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
