"""Every benchmark in one run, one table, and a results file (what `make bench` does).

The load rows come from bench/load.py, each plan on a freshly started server (warmed up by two
sessions first), with the bare baselines (bench/bare_folium.py, bench/bare_text.py) measured in
the same run with the same client and settings; then the time to map (bench/time_to_map.py),
a map rerun at 50 times the data (bench/scale.py), the memory soak (bench/soak.py), how the
rate of one process grows with the sessions (`--sweep`) and one replica against two through
nginx (`--replicas`, bench/replicas.py). The load average is read before and after.

Everything measured, with the commit, the date, the cores and the load average, is written to
bench/results/<date>-<commit>.md (the table, then every figure as JSON), unless `--no-save`.
`--quick` runs small plans (for trying the harness, not for numbers); `--no-soak`,
`--no-scale`, `--no-browser` leave parts out; `--others` also runs the older single-purpose
scripts (map builder, AppTest reruns, browser latency, every scale). Usage:

    python bench/report.py [--sweep] [--replicas] [--quick] [--no-soak] [--no-scale] ...
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from load import app_ring, bare_ring, measure, measure_own_server, start_server, stop, warm_up  # noqa: E402

APP, BARE_MAP, BARE_TEXT = "app.py", "bench/bare_folium.py", "bench/bare_text.py"
BARE_SIDEBAR = "bench/bare_sidebar.py"  # the bare map page with the app's sidebar
# Streamlit's own defaults for the settings .streamlit/config.toml changes (every server started
# here reads that file, the bare pages too): the bare page is also measured with these, as a
# first app without our configuration would run.
DEFAULTS = [
    "--runner.postScriptGC",
    "true",
    "--server.fileWatcherType",
    "auto",
    "--server.enableWebsocketCompression",
    "false",
]
RINGS = {APP: app_ring, BARE_MAP: bare_ring, BARE_TEXT: bare_ring}
RESULTS = ROOT / "bench" / "results"
OTHERS = [
    "bench/map_build.py",
    "bench/app_rerun.py",
    "bench/browser_latency.py",
    "bench/scale.py",
    "bench/still.py",
]
# The targets of the capacity issue: (figure, how it is compared, bound).
TARGETS = {
    "runs per second, 100 × 10: this app / the bare st_folium page": (">=", 1.5),
    "errors, 100 × 10": ("==", 0),
    "class of 30, 6 s between steps: interaction p95 (s)": ("<=", 1.0),
    "class of 30 opening in the same second: p95 (s)": ("<=", 5.0),
    "map rerun at 50 × the data: median wall time (s)": ("<=", 0.5),
    "time to map in Chromium: this app / the bare page": ("<=", 1.15),
    "bytes per filter change, on the wire (KB)": ("<=", 50.0),
}


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def git(*args: str) -> str:
    out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return out.stdout.strip()


def commit() -> dict:
    """The commit measured, and whether the work tree differed from it (results aside)."""
    changed = [
        line
        for line in git("status", "--porcelain").splitlines()
        if not line[3:].startswith("bench/results/")
    ]
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted_changes": changed}


def one(app: str, sessions: int, reruns: int, think: float = 0.0, extra=None, label=None):
    plan = [(sessions, reruns, think)]
    m = measure_own_server(app, RINGS[app], label or app, plan, 1200, extra)[0]
    m.load_average_after = load_avg()  # the load it ran under, kept with its figures
    return m


def sweep(app: str, counts=(1, 2, 5, 10, 25, 50, 100), reruns: int = 5) -> list:
    """Rate of one server process against the number of sessions (one warm server)."""
    process, url = start_server(app)
    out = []
    try:
        warm_up(url, RINGS[app])
        for n in counts:
            out.append(measure(app, url, sessions=n, reruns=reruns, ring=RINGS[app], deadline=900))
    finally:
        stop(process)
    return out


def figures(m) -> dict:
    """One load measurement as plain numbers."""
    return {
        "label": m.label,
        "sessions": m.sessions,
        "reruns": m.reruns,
        "think_s": m.think,
        "runs": m.runs,
        "seconds": round(m.seconds, 2),
        "runs_per_s": round(m.rate, 2),
        "p50_s": round(m.p50, 3),
        "p95_s": round(m.p95, 3),
        "opening_p95_s": round(m.first_p95, 3),
        "errors": len(m.errors),
        "first_errors": m.errors[:3],
        "bytes_filter": None if m.bytes_filter is None else round(m.bytes_filter),
        "bytes_select": None if m.bytes_select is None else round(m.bytes_select),
        "wire_filter": None if m.wire_filter is None else round(m.wire_filter),
        "wire_select": None if m.wire_select is None else round(m.wire_select),
        "rss_before_mb": None if m.rss_before_kb is None else round(m.rss_before_kb / 1024, 1),
        "rss_after_mb": None if m.rss_after_kb is None else round(m.rss_after_kb / 1024, 1),
        "load_average_after": getattr(m, "load_average_after", None),
    }


def verdicts(values: dict) -> dict:
    out = {}
    for name, (how, bound) in TARGETS.items():
        value = values.get(name)
        if value is None:
            out[name] = {"value": None, "target": f"{how} {bound}", "met": None}
            continue
        met = {">=": value >= bound, "<=": value <= bound, "==": value == bound}[how]
        out[name] = {"value": round(value, 3), "target": f"{how} {bound}", "met": met}
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--replicas", action="store_true", help="also 1 vs 2 replicas (nginx)")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--others", action="store_true", help="also the single-purpose scripts")
    parser.add_argument("--no-soak", action="store_true")
    parser.add_argument("--no-scale", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    quick = args.quick
    big, mid, calm = ((100, 10), (5, 20), (30, 10)) if not quick else ((6, 3), (3, 4), (3, 2))
    think = 6.0 if not quick else 1.0
    now = dt.datetime.now(dt.UTC)
    run = {
        **commit(),
        "date": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "quick": quick,
        "load_average_before": load_avg(),
        "command": " ".join(["python", "bench/report.py", *sys.argv[1:]]),
    }
    print(
        f"commit {run['commit']}, {run['cores']} cores, load average at start: "
        f"{run['load_average_before']}",
        flush=True,
    )
    if args.others:
        for script in OTHERS:
            print(f"$ python {script}", flush=True)
            subprocess.run([sys.executable, script], cwd=ROOT, check=False)
    loads = {}
    for app in (APP, BARE_MAP, BARE_TEXT):
        loads[f"big {app}"] = m = one(app, *big)
        print(m.line(), flush=True)
    label = f"{BARE_MAP} (Streamlit defaults)"
    loads[f"big {label}"] = m = one(BARE_MAP, *big, extra=DEFAULTS, label=label)
    print(m.line(), flush=True)
    loads[f"mid {APP}"] = m = one(APP, *mid)
    print(m.line(), flush=True)
    for app in (APP, BARE_MAP):
        loads[f"calm {app}"] = m = one(app, *calm, think=think)
        print(m.line(), flush=True)
    run["load"] = {key: figures(m) for key, m in loads.items()}
    ttm = None
    if not args.no_browser:
        from time_to_map import RATIOS, time_to_map

        ttm = time_to_map(3 if quick else 7)
        run["time_to_map_s"] = {
            page: {clock: round(value, 3) for clock, value in clocks.items()}
            for page, clocks in ttm.items()
        }
        run["time_to_map_ratios"] = {
            name: round(ttm[a]["in_page"] / ttm[b]["in_page"], 3) for (a, b), name in RATIOS.items()
        }
        print(f"time to map: {run['time_to_map_s']}", flush=True)
    scaled = None
    if not args.no_scale:
        from scale import measure as scale_measure

        scaled = scale_measure(10 if quick else 50, 2 if quick else 6)
        run["scale"] = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in scaled.items()}
        print(f"scale: {run['scale']}", flush=True)
    soaked = None
    if not args.no_soak:
        from soak import soak

        soaked = soak(40, 10, 5, wait=20) if quick else soak()
        run["soak"] = soaked.as_dict()
        print(soaked.summary(), flush=True)
    if args.sweep:
        counts = (1, 2, 4) if quick else (1, 2, 5, 10, 25, 50, 100)
        run["sweep"] = [figures(m) for m in sweep(APP, counts)]
    if args.replicas:
        from replicas import compare

        n, r = (4, 3) if quick else (60, 8)
        run["replicas"] = compare(n, r)
        print(run["replicas"]["summary"], flush=True)
    run["load_average_after"] = load_avg()

    b = {app: loads[f"big {app}"] for app in (APP, BARE_MAP, BARE_TEXT)}
    calm_app = loads[f"calm {APP}"]
    values = {
        "runs per second, 100 × 10: this app / the bare st_folium page": b[APP].rate
        / b[BARE_MAP].rate
        if b[BARE_MAP].rate
        else None,
        "errors, 100 × 10": len(b[APP].errors),
        "class of 30, 6 s between steps: interaction p95 (s)": calm_app.p95,
        "class of 30 opening in the same second: p95 (s)": calm_app.first_p95,
        "map rerun at 50 × the data: median wall time (s)": scaled["rerun_median_s"]
        if scaled
        else None,
        "time to map in Chromium: this app / the bare page": ttm[APP]["in_page"]
        / ttm[BARE_MAP]["in_page"]
        if ttm
        else None,
        "bytes per filter change, on the wire (KB)": loads[f"mid {APP}"].wire_filter / 1024,
    }
    run["targets"] = verdicts(values)
    bare_defaults = loads[f"big {label}"].rate
    run["app_over_bare_with_streamlit_defaults"] = (
        round(b[APP].rate / bare_defaults, 3) if bare_defaults else None
    )
    table = render(run, big, mid, calm, think)
    print("\n" + table)
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        name = f"{now:%Y-%m-%d}-{run['commit']}" + ("-quick" if quick else "")
        path = RESULTS / f"{name}.md"
        path.write_text(
            f"# `make bench` at {run['commit']}, {run['date']}\n\n{table}\n\n"
            f"Every figure:\n\n```json\n{json.dumps(run, indent=1, ensure_ascii=False)}\n```\n",
            encoding="utf-8",
        )
        print(f"\nwritten: {path.relative_to(ROOT)}")
    return 0


def render(run: dict, big, mid, calm, think) -> str:
    """The results as Markdown: where and when, the targets, then every table."""
    load = run["load"]
    lines = [
        f"Commit {run['commit']}"
        + (" (with uncommitted changes)" if run["uncommitted_changes"] else "")
        + f", {run['date']}, {run['cores']} cores, Python {run['python']}; load average "
        f"(1, 5, 15 min) {run['load_average_before']} before, {run['load_average_after']} after.",
        "",
        "| target | measured | bound | met |",
        "|---|---|---|---|",
    ]
    for name, v in run["targets"].items():
        met = {True: "yes", False: "**no**", None: "not measured"}[v["met"]]
        lines.append(f"| {name} | {v['value']} | {v['target']} | {met} |")
    lines += [
        "",
        "The bare page reads the same .streamlit/config.toml; with Streamlit's defaults instead "
        "(after-run collection, file watching, no compression) this app makes "
        f"{run['app_over_bare_with_streamlit_defaults']} × its runs per second, 100 × 10.",
    ]
    lines += [
        "",
        "| load (bench/load.py, each on a fresh server) | runs/s | p50 | p95 | opening p95 "
        "| errors | KB per filter / selection change: on the wire (decompressed) "
        "| memory before → after | load average after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for f in load.values():
        kb = [
            f"{f[w] / 1024:.1f} ({f[k] / 1024:.1f})" if f[k] is not None else "—"
            for w, k in (("wire_filter", "bytes_filter"), ("wire_select", "bytes_select"))
        ]
        mem = (
            f"{f['rss_before_mb']:.0f} → {f['rss_after_mb']:.0f} MB"
            if f["rss_before_mb"] is not None
            else "—"
        )
        lines.append(
            f"| {f['label']}, {f['sessions']} × {f['reruns']}"
            + (f", {f['think_s']:.0f} s between steps" if f["think_s"] else "")
            + f" | {f['runs_per_s']:.1f} | {f['p50_s']:.2f} s | {f['p95_s']:.2f} s "
            f"| {f['opening_p95_s']:.2f} s | {f['errors']} | {kb[0]} / {kb[1]} | {mem} "
            f"| {f['load_average_after']} |"
        )
    if "time_to_map_s" in run:
        t, r = run["time_to_map_s"], run["time_to_map_ratios"]
        lines += [
            "",
            f"Time to map in Chromium (median, navigation to first marker, timed in the page): "
            f"this app {t[APP]['in_page']:.2f} s, the bare st_folium page "
            f"{t[BARE_MAP]['in_page']:.2f} s, the bare page with the app's sidebar "
            f"({BARE_SIDEBAR}) {t[BARE_SIDEBAR]['in_page']:.2f} s. As Playwright waited for it "
            f"(it looks every 0.5 s after the first 0.27 s): {t[APP]['waited']:.2f} s, "
            f"{t[BARE_MAP]['waited']:.2f} s and {t[BARE_SIDEBAR]['waited']:.2f} s. How the app's "
            "ratio splits: "
            + "; ".join(f"{name} {value:.3f}" for name, value in list(r.items())[1:])
            + ".",
        ]
    if "scale" in run:
        s = run["scale"]
        lines += [
            "",
            f"At {s['K']} × the data ({s['actors']} actors, {s['ties']} ties): map "
            f"rerun median {s['rerun_median_s']:.2f} s wall (max {s['rerun_max_s']:.2f} s, "
            f"CPU {s['rerun_cpu_s']:.2f} s), first run {s['first_s']:.1f} s, layers sent "
            f"{s['layer_kb']:.0f} KB.",
        ]
    if "soak" in run:
        s = run["soak"]
        lines += [
            "",
            f"Memory soak (bench/soak.py): {s['sessions']} sessions × {s['views']} views, "
            f"{s['open']} open at a time, {s['runs']} runs, {s['errors']} errors; server "
            f"{s['start_mb']:.0f} MB after warm-up, peak {s['peak_mb']:.0f} MB, "
            f"{s['end_mb']:.0f} MB {s['wait_s']:.0f} s after the last session closed; growth over "
            f"the second half of the waves {s['growth_mb_per_100_sessions']:+.1f} MB per 100 "
            f"sessions. After each wave: {', '.join(f'{x:.0f}' for x in s['waves_mb'])} MB.",
        ]
    if "sweep" in run:
        lines += [
            "",
            "| one process: sessions (5 views each) | runs/s | p50 | p95 | errors |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {f['sessions']} | {f['runs_per_s']:.1f} | {f['p50_s']:.2f} s "
            f"| {f['p95_s']:.2f} s | {f['errors']} |"
            for f in run["sweep"]
        ]
    if "replicas" in run:
        lines += ["", run["replicas"]["summary"]]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
