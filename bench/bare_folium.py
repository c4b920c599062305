"""Baseline for bench/load.py: the simplest Streamlit + st_folium page, 40 markers.

What a first map app looks like: a folium Map rebuilt on every run, one folium Marker with a
tooltip per actor, the markers of the chosen layers passed as a feature group, and a select box.
Leaflet is served locally (geo.offline), as in the app, so the page also works offline and its
time to map in Chromium can be compared with the app's.
"""

import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.offline import ensure_static_assets, localize  # noqa: E402

NAMES = [f"Actor {i:02d}" for i in range(40)]
LAYERS = ["Proxy", "Regional", "Global", "Opponent"]


@st.cache_resource
def assets() -> None:
    # Streamlit serves the static/ folder beside the main script.
    ensure_static_assets(Path(__file__).resolve().parent / "static")


def draw() -> None:
    """The page's content (bench/bare_sidebar.py draws the same behind the app's sidebar)."""
    assets()
    st.title("Bare map page")
    choice = st.selectbox("Actor", NAMES, key="choice")
    layers = st.pills("Layers", LAYERS, selection_mode="multi", default=LAYERS, key="layers")
    m = folium.Map(location=[31, 44], zoom_start=4, tiles=None)
    group = folium.FeatureGroup(name="Actors")
    for i, name in enumerate(NAMES):
        if LAYERS[i % len(LAYERS)] in layers:
            folium.Marker([15 + (i % 8) * 4, 30 + (i // 8) * 6], tooltip=name).add_to(group)
    localize(m)
    localize(group)
    st_folium(m, key="map", feature_group_to_add=group, height=500, returned_objects=[])
    st.write(f"Selected: {choice}")
    st.write(f"Layers: {len(layers)}")


if __name__ == "__main__":  # as Streamlit runs a page, not when imported
    draw()
