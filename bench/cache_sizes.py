"""What one entry of each of the map page's caches holds, at K times the curated data.

For K = 1 and 50 (or the Ks given), prints the bytes of: one map-layers entry (the default view
with Iran selected: pickled as the cache keeps it, with its JSON and not its items, and with
its items; and the JSON its layers send, as the cache measures it), Iran's
panel and a place's panel (UTF-8), and one map-scene entry (the filtered rows and what every
selection shares, in memory, as the cache keeps the objects); what each of ui.data's map caches
holds after a crowd of visits (as each measures its entries); and their byte bounds. Usage:
python bench/cache_sizes.py [K ...]
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale import write_scaled  # noqa: E402

from allies import queries  # noqa: E402
from allies.load import load_dataset  # noqa: E402
from allies.selection import Selection  # noqa: E402
from geo import mapbuild  # noqa: E402
from geo import scene as geo_scene  # noqa: E402
from geo.shapes import load_countries  # noqa: E402
from ui import data, panel  # noqa: E402
from ui.bounded import deep_size  # noqa: E402
from ui.urlstate import default_view, filters  # noqa: E402


def sizes(folder: Path) -> dict[str, int]:
    ds = load_dataset(folder)
    countries = load_countries()
    view = default_view(data.choices(ds))
    shown = queries.visible(ds, filters(view))
    prepared = geo_scene.scene(shown, countries)
    built = mapbuild.layers(
        shown, countries, selection=Selection("actor", "iran"), prepared=prepared
    )
    ev = queries.evidence(ds)
    place = Selection("place", str(ds.places["place_id"].iloc[0]))
    query = {"layers": "proxy,state partner"}
    return {
        "map_layers entry as kept (MapLayers.sent, pickled)": len(
            pickle.dumps(built.sent(), pickle.HIGHEST_PROTOCOL)
        ),
        "map_layers entry (pickled)": len(pickle.dumps(built, pickle.HIGHEST_PROTOCOL)),
        "map_layers entry (its JSON, as the cache measures it)": built.json_bytes(),
        "Iran's panel": len(panel.panel(ds, Selection("actor", "iran"), ev, query).encode()),
        "a place's panel": len(panel.panel(ds, place, ev, query).encode()),
        "map_scene entry (in memory)": deep_size((shown, prepared)),
    }


def filled(folder: Path, views: int = 12, picks: int = 80) -> dict[str, tuple[int, int]]:
    """The entries and bytes ui.data's caches hold after a crowd of visits: `views` views
    (each camp left out in turn, with Iran's panel) and `picks` selections in the default view."""
    import itertools

    import streamlit as st

    from allies.queries import Filters

    os.environ[data.DATA_ENV] = str(folder)
    st.cache_resource.clear()  # the dataset and its evidence, loaded afresh from the folder
    data.clear_map_caches()
    ds = data.dataset()
    layers = data.choices(ds).layers
    for n, left_out in zip(range(views), itertools.cycle(layers), strict=False):
        shown = tuple(c for c in layers if c != left_out)
        data.panel_html("actor:iran", {"layers": ",".join(shown), "asof": str(2000 + n)})
        data.map_script(Filters(layers=shown), None)  # the layers, their model and script
    every = Filters(layers=layers)
    for actor in list(ds.actors["actor_id"])[:picks]:
        data.map_script(every, f"actor:{actor}")
    caches = (data._scenes, data._layers, data._drawn, data._scripts, data._panels)
    return {c.name: (len(c), c.bytes) for c in caches}


def main(argv: list[str]) -> int:
    ks = [int(a) for a in argv] or [1, 50]
    with tempfile.TemporaryDirectory() as tmp:
        for k in ks:
            folder = write_scaled(Path(tmp) / f"data-{k}x", k)
            for name, n in sizes(folder).items():
                print(f"{k:>3}x  {name:<28} {n / 1e6:8.3f} MB")
            for name, (entries, held) in filled(folder).items():
                print(
                    f"{k:>3}x  after a crowd: {name:<12} {entries:>4} entries {held / 1e6:8.1f} MB"
                )
    bounds = {
        "map_scene": data.SCENES_BYTES,
        "map_layers (JSON)": data.LAYERS_JSON_BYTES,
        "drawn": data.DRAWN_BYTES,
        "map_script": data.SCRIPTS_BYTES,
        "panel_html": data.PANELS_BYTES,
    }
    print("Bounds (MiB): " + ", ".join(f"{name} {b >> 20}" for name, b in bounds.items()))
    print(f"Entries older than {data.MAX_AGE_S:.0f} s are made again.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
