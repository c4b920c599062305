"""The server's long-lived objects, kept out of the garbage collector's way.

Python's collector walks every object it tracks on each full collection. Once the dataset, the
shapes and the static files are loaded, those objects (and every imported module) live as long
as the server: `freeze()` moves them into the collector's permanent generation, so that the
collections that do run (Streamlit's after-run collection is off, see .streamlit/config.toml)
walk only what the sessions made since. No Streamlit here.
"""

from __future__ import annotations

import gc


def freeze() -> int:
    """Collect what is already garbage, then freeze everything still alive; returns how many
    objects are frozen in all."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
