"""The map for everyone (Streamlit side): a skip link, the text view one click from the map and
before it in reading order, and the map's text alternative.
"""

from __future__ import annotations

import streamlit as st

from allies.queries import Filters
from ui import data, keys, textview
from ui.render import render, style

TEXT_VIEW_LABEL = "Text view: the map in words"


def text_view(filters: Filters, selection: str | None, query: dict[str, str]) -> None:
    """The text view, folded, just above the map; then the map's text alternative (read by a
    screen reader, hidden on screen), which names what the map draws and points to it. Their
    style comes with the page's own (ui.layout.setup)."""
    # Drawn only while open (the expander reruns the page when it opens): the text view is the
    # largest element of the page, and most readers never open it.
    folded = st.expander(TEXT_VIEW_LABEL, key=keys.TEXT_VIEW, on_change="rerun")
    if folded.open:
        folded.html(data.text_view(filters, selection, query).html)
    summary = textview.summary(data.drawn(filters, selection))
    st.html(render("map_alt.html", summary=summary, label=TEXT_VIEW_LABEL))


def page_frame() -> tuple[str, str]:
    """Every page: the live region that announces a new selection, and the focus ring, as its
    style and its script, which `ui.layout.setup` sends with the page's own.
    (Streamlit draws the skip link itself: "Skip to main content", the first Tab stop.)"""
    return style("access.css"), render("access_script.html")
