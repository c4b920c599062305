"""An embedded view that fits the article: its options from the address, the script that tells
the host page the view's height, and the link that opens the same view in a full page.

The host's side is the few lines of the Share snippet (ui/templates/embed_snippet.html), which
resize the <iframe> they belong to; without them the frame keeps its fixed height.
"""

from __future__ import annotations

import streamlit as st

from ui.render import render
from ui.urlstate import Layout, parse_layout, share_url

NOTICE_SHOWN = "embed_notice_shown"
# What the page posts to the host: {"alliesEmbedHeight": <CSS pixels>}.
MESSAGE_KEY = "alliesEmbedHeight"


def layout() -> Layout:
    """The embed options of this page's address (one notice for values it cannot use)."""
    options = parse_layout(st.query_params.to_dict(), embedded=st.context.is_embedded)
    if options.ignored and not st.session_state.get(NOTICE_SHOWN):
        st.session_state[NOTICE_SHOWN] = True
        names = ", ".join(dict.fromkeys(item.split("=")[0] for item in options.ignored))
        st.toast(f"Some embed options in the link were not understood and were left out: {names}.")
    return options


def report_height() -> None:
    """In an embed, keep the host page told of the content's height (and drop the page's own
    bottom padding, which would be blank space in the article)."""
    if st.context.is_embedded:
        st.html(render("embed_height.html", message=MESSAGE_KEY), unsafe_allow_javascript=True)


def full_dashboard_link() -> None:
    """In an embed: "Open the full dashboard", the same view in a new tab."""
    if st.context.is_embedded:
        url = share_url(st.context.url or "", st.query_params.to_dict())
        st.html(render("embed_full_link.html", url=url))


def columns(options: Layout):
    """The map's place and the panel's (None without a panel): side by side (stacked on a
    narrow screen), one under the other, or the map alone."""
    if options.panel == "side":
        return st.columns([0.64, 0.36], gap="medium")
    return st.container(), (st.container() if options.panel == "below" else None)


def panel_box(options: Layout):
    """The panel's box: beside the map on a full page it scrolls within the map's height; in
    an embed, or under the map, it is as tall as its content (the host fits the frame to it)."""
    fixed = options.panel == "side" and not st.context.is_embedded
    return st.container(height=700 if fixed else "content", border=False)
