"""The bare st_folium page (bench/bare_folium.py) with the app's sidebar in front of it.

The sidebar is the Map page's, element for element: the page links and the divider, then the
finder, the "what changed" toggle, every filter and the strategic geography (ui.sidebar, from
the bundled data, seeded from the address as the Map page seeds them), then the tour maker's
folded expander. The links lead out of the page (a bench page has no pages of its own to link
to; the element drawn is the same). The map and the widgets beside it are the bare page's.
tests/test_capacity.py checks that this sidebar is the Map page's.

bench/time_to_map.py times this page with the app and the bare page: this page against the bare
one is what drawing the app's sidebar costs before the map is on screen; the app against this
page, what the rest of the app costs (its map, title row, captions, buttons and side panel).
"""

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from bare_folium import draw  # noqa: E402

from ui import data, keys, sidebar, since, state, tourmaker  # noqa: E402
from ui.sitemap import PAGES  # noqa: E402

st.set_page_config(page_title="Bare map page with the app's sidebar", layout="wide")
ds = data.dataset_or_stop()
choices = data.choices(ds)
state.init_from_url(choices)
with st.sidebar:
    with st.container(), st.empty().container():  # where ui.layout keeps the page links
        for path, title in PAGES:
            st.page_link(f"https://example.org/{Path(path).stem}", label=title)
    st.divider()
    sidebar.find_and_select(ds)
    since.toggle()
    sidebar.filters(ds, choices, places=True)
    st.expander(tourmaker.LABEL, key=keys.TOUR_MAKER, on_change="rerun")  # folded: drawn empty
draw()
