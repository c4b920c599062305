"""The server's long-lived objects, kept out of the garbage collector's way.

Python's collector walks every object it tracks on each full collection. Once the dataset, the
shapes and the static files are loaded, those objects (and every imported module) live as long
as the server: `freeze()` moves them into the collector's permanent generation, so that the
collections that do run (Streamlit's after-run collection is off, see .streamlit/config.toml)
walk only what the sessions made since; and the youngest objects are collected less often than
CPython's default, which suits small scripts, not a server building big maps. No Streamlit here.
"""

from __future__ import annotations

import gc

# New container objects (net of those freed) between two collections of the youngest generation.
# CPython's 700 suits a small script: a map rerun at fifty times the data makes about a hundred
# thousand (its model, items, JSON pieces), so the collector ran some 170 times per rerun and a
# full collection about once per rerun, a fifth of the rerun's time (bench/scale.py's reruns,
# with each collection timed through gc.callbacks: 100 ms of a 0.55 s rerun). At 10 000 it runs
# a tenth as often (25 ms per rerun). Garbage in cycles waits for at most that many new objects.
YOUNG_OBJECTS = 10_000


def freeze() -> int:
    """Collect what is already garbage, then freeze everything still alive, and from then on
    collect the young objects less often (YOUNG_OBJECTS); returns how many objects are frozen
    in all."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, older, oldest)
    return gc.get_freeze_count()
