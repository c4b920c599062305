"""The map's own framing (centre and zoom as the teacher left them), read in the browser at the
moment a button is pressed, so that panning the map costs no rerun.

A small component (Streamlit's components v2, in the page's own document) listens for clicks on
the buttons named; just before the button's own handler it reads the map's centre and zoom from
the map's frame and sends them as its state. The button's callback then finds them with
`frame()`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui import keys

_JS = """
export default function (component) {
  const { setStateValue, data } = component;
  const selector = data.buttons.map((k) => ".st-key-" + k + " button").join(",");
  function onClick(event) {
    if (!event.target.closest || !event.target.closest(selector)) { return; }
    const frame = document.querySelector("iframe[title='streamlit_folium.st_folium']");
    let map = null;
    try { map = frame && frame.contentWindow && frame.contentWindow.map; } catch (e) { return; }
    if (!map || !map.getCenter) { return; }
    const c = map.getCenter();
    setStateValue("frame", {lat: c.lat, lon: c.lng, zoom: map.getZoom()});
  }
  document.addEventListener("click", onClick, true);
  return () => document.removeEventListener("click", onClick, true);
}
"""

_component = None


def watch(*buttons: str) -> None:
    """Mount the listener for the buttons with these widget keys (once per page run)."""
    global _component
    if _component is None:
        _component = st.components.v2.component("allies_map_frame", js=_JS)
    _component(key=keys.DRAFT_FRAME, data={"buttons": list(buttons)}, on_frame_change=_ignore)


def _ignore() -> None:
    """The frame is read by the button's callback, not here."""


def frame(min_zoom: float, max_zoom: float) -> tuple[tuple[float, float], float] | None:
    """The centre (rounded to 0.01 degree) and zoom (to a quarter step, within the limits) last
    sent, or None."""
    state: Any = st.session_state.get(keys.DRAFT_FRAME)
    got = state.get("frame") if hasattr(state, "get") else None
    try:
        lat, lon, zoom = float(got["lat"]), float(got["lon"]), float(got["zoom"])
    except (TypeError, KeyError, ValueError):
        return None
    if not -90 <= lat <= 90 or abs(lon) > 1e4:
        return None
    lon = (lon + 180) % 360 - 180  # a map panned round the world
    zoom = min(max(round(zoom * 4) / 4, min_zoom), max_zoom)
    return (round(lat, 2), round(lon, 2)), zoom
