"""How the dashboard scales with the data: the curated dataset copied K times.

`write_scaled(folder, k)` writes the K× dataset: every actor but Iran (the hub state, which all
copies share), every tie, excerpt, event, disagreement and context note is copied K - 1 more
times under new ids (suffix `-x2`, `-x3`, …; names get " (copy 2)" and so on). Quotes stay
verbatim (each copy cites the same sentence of the same source), places and sources are shared,
and every copy keeps its original's seat, so seats get crowded the way new sources would crowd
them. The result passes allies.load validation.

For K = 1, 10, 50 (or the Ks given), prints: validation time, the time to build the map layers
of the default view, the bytes st_folium sends on a rerun (all groups, and the base map), and
the server rerun time (AppTest with ALLIES_DATA at the folder: a layer filter change and a
selection, median and max), with the CPU seconds beside the wall-clock ones (on a shared
machine the wall clock also measures the neighbours). Usage: python bench/scale.py [K ...]
[--runs N]
"""

from __future__ import annotations

import csv
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from allies.paths import DATA_DIR  # noqa: E402

# Tables copied per K, with the id column and the columns that refer to each table.
_KEYS = {
    "actors.csv": "actor_id",
    "relationships.csv": "rel_id",
    "excerpts.csv": "excerpt_id",
    "events.csv": "event_id",
    "disagreements.csv": "disagreement_id",
    "context_notes.csv": "note_id",
}
_REFS = {  # column -> table whose ids it holds (lists are ';'-separated)
    "from_actor": "actors.csv",
    "to_actor": "actors.csv",
    "actor_ids": "actors.csv",
    "excerpt_ids": "excerpts.csv",
    "weakening_excerpt_ids": "excerpts.csv",  # a tie's excerpts by role (allies.schema)
    "qualifying_excerpt_ids": "excerpts.csv",
    "rel_ids": "relationships.csv",
}
_SUBJECT = {"actor": "actors.csv", "relationship": "relationships.csv", "event": "events.csv"}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _shared_actors(rows: list[dict[str, str]]) -> set[str]:
    """Actors every copy shares: Iran, the hub state."""
    return {r["actor_id"] for r in rows if r["category"] == "hub" and r["kind"] == "state"}


def write_scaled(folder: Path, k: int, source: Path = DATA_DIR) -> Path:
    """Write the curated dataset copied k times into `folder` (created); return it."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    folder.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.name in _KEYS or item.name == "tours":
            continue  # tables are rewritten below; tours name curated ids only
        if item.is_dir():
            shutil.copytree(item, folder / item.name, dirs_exist_ok=True)
        else:
            shutil.copy2(item, folder / item.name)
    tables = {name: _read(source / name) for name in _KEYS}
    ids = {name: {r[_KEYS[name]] for r in rows} for name, (_, rows) in tables.items()}
    shared = _shared_actors(tables["actors.csv"][1])
    ids["actors.csv"] -= shared

    def rename(table: str, value: str, n: int) -> str:
        return f"{value}-x{n}" if n > 1 and value in ids[table] else value

    for name, (fields, rows) in tables.items():
        out: list[dict[str, str]] = []
        for n in range(1, k + 1):
            for row in rows:
                if name == "actors.csv" and row["actor_id"] in shared and n > 1:
                    continue
                new = dict(row)
                new[_KEYS[name]] = rename(name, row[_KEYS[name]], n)
                for column, table in _REFS.items():
                    if new.get(column):
                        parts = new[column].split(";")
                        new[column] = ";".join(rename(table, p.strip(), n) for p in parts)
                if "subject_type" in new and new["subject_type"] in _SUBJECT:
                    new["subject_id"] = rename(_SUBJECT[new["subject_type"]], new["subject_id"], n)
                if name == "actors.csv" and n > 1:
                    new["name"] = f"{row['name']} (copy {n})"
                out.append(new)
        _write(folder / name, fields, out)
    return folder


# --------------------------------------------------------------------------- measuring


def _timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def _cpu_timed(fn):
    """Wall and CPU seconds of fn() (CPU of the whole process: AppTest runs the script in a
    thread of this process), so that a busy machine can be told apart from a slow app."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _payload(countries, groups) -> tuple[int, int]:
    """Bytes st_folium sends for the layers and for the base map (its generated scripts)."""
    from streamlit_folium import generate_leaflet_string

    from geo.mapbuild import base_map

    m = base_map(countries)
    m.get_root().render()
    base = len(generate_leaflet_string(m).encode())
    total = 0
    for idx, group in enumerate(groups):
        group._id = f"feature_group_{idx}"
        group.add_to(m)
        group.render()
        total += len(generate_leaflet_string(group, base_id=f"feature_group_{idx}").encode())
    return total, base


def _quiet() -> None:
    """Streamlit's warnings about running without a server are expected here."""
    import logging

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def _server_reruns(folder: Path, runs: int):
    """AppTest with ALLIES_DATA at the folder: first run, then filter and selection reruns."""
    from streamlit.testing.v1 import AppTest

    from allies.selection import Selection
    from ui import keys

    os.environ["ALLIES_DATA"] = str(folder)
    try:
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        first, _ = _timed(at.run)
        _quiet()
        layers = list(at.session_state[keys.LAYERS])
        actors = [str(Selection("actor", a)) for a in ("hezbollah", "russia", "houthis", "syria")]
        filt, sel = [], []
        for i in range(runs):
            # Every relationship layer but one: a filter change that keeps most of the map.
            at.session_state[keys.LAYERS] = [
                c for j, c in enumerate(layers) if j != i % len(layers)
            ]
            filt.append(_cpu_timed(at.run))
            at.session_state[keys.SELECTION] = actors[i % len(actors)]
            sel.append(_cpu_timed(at.run))
            if at.exception:
                raise RuntimeError(f"the app failed at K data: {at.exception}")
        return first, filt, sel
    finally:
        del os.environ["ALLIES_DATA"]


def measure(k: int, runs: int) -> dict[str, object]:
    """One row of the table for the K× dataset."""
    from allies import queries
    from allies.load import load_dataset
    from geo.mapbuild import layers
    from geo.shapes import load_countries
    from ui.urlstate import default_view, filters

    countries = load_countries()
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_scaled(Path(tmp) / f"data-{k}x", k)
        t_validate, ds = _timed(lambda: load_dataset(folder))
        choices = _choices(ds)
        view = queries.visible(ds, filters(default_view(choices)))
        builds = [_cpu_timed(lambda: layers(view, countries)) for _ in range(max(1, runs // 2))]
        built = layers(view, countries)
        layer_bytes, base_bytes = _payload(countries, built.groups)
        first, filt, sel = _server_reruns(folder, runs)
    reruns = filt + sel
    return {
        "K": k,
        "actors": len(ds.actors),
        "ties": len(ds.relationships),
        "validate_s": t_validate,
        "layers_s": statistics.median(b[0] for b in builds),
        "layers_cpu_s": statistics.median(b[1] for b in builds),
        "items": len(built.items()),
        "layer_kb": layer_bytes / 1024,
        "base_kb": base_bytes / 1024,
        "first_s": first,
        "rerun_median_s": statistics.median(r[0] for r in reruns),
        "rerun_max_s": max(r[0] for r in reruns),
        "rerun_cpu_s": statistics.median(r[1] for r in reruns),
    }


def _choices(ds):
    """The app's filter choices for a dataset (ui.data.choices without Streamlit's cache)."""
    from allies import queries
    from allies.selection import Selection
    from allies.vocab import CATEGORIES, HUB, STATUSES, SUPPORT_TYPES
    from ui.urlstate import Choices

    used = {s for items in ds.relationships["support"] for s in items}
    return Choices(
        layers=tuple(c for c in CATEGORIES if c != HUB),
        support=tuple(s for s in SUPPORT_TYPES if s in used),
        status=tuple(STATUSES),
        places=tuple(ds.places["place_id"]),
        default_places=tuple(ds.places.loc[ds.places["default_on"], "place_id"]),
        sources=tuple(ds.sources["source_id"]),
        years=queries.year_range(ds),
        selectable=frozenset(Selection("actor", a) for a in ds.actors["actor_id"]),
    )


def main(argv: list[str]) -> int:
    runs = 6
    if "--runs" in argv:
        at = argv.index("--runs")
        runs = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    ks = [int(a) for a in argv] or [1, 10, 50]
    head = (
        "| K | actors / ties | validate | layers built (CPU) | items | layers sent "
        "| base map sent | server rerun, median (max) | rerun CPU, median |"
    )
    print(head)
    print("|---" * 9 + "|")
    for k in ks:
        r = measure(k, runs)
        print(
            f"| {r['K']} | {r['actors']} / {r['ties']} | {r['validate_s']:.2f} s "
            f"| {r['layers_s']:.3f} s ({r['layers_cpu_s']:.3f} s) | {r['items']} "
            f"| {r['layer_kb']:.0f} KB | {r['base_kb']:.0f} KB "
            f"| {r['rerun_median_s']:.2f} s ({r['rerun_max_s']:.2f}) | {r['rerun_cpu_s']:.2f} s |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
