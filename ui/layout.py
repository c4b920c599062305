"""Page frame shared by every page: configuration, a little CSS (ui/static/page.css) and the
page links.

Every page calls `setup()` first. Streamlit runs a file in `pages/` on its own when its address
is opened directly (/sources), and through app.py's navigation otherwise; both paths must give
the same page.
"""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

from ui import access, embed, sockets
from ui.render import render, style
from ui.sitemap import HOME, PAGES
from ui.urlstate import OWN_PARAMS

ROOT = Path(__file__).resolve().parent.parent
# The page links' place in the sidebar during the current run (a run has a thread of its own).
_run = threading.local()


def setup(*, folded: bool = False, links: bool = True) -> None:
    """Configure the page and draw the links to every page at the top of the sidebar.

    The sidebar starts folded away in an embedded view (?embed=true, which Streamlit keeps out
    of st.query_params and reports as st.context.is_embedded) and where `folded` asks for it.
    A page that writes its view to the address later in the run passes `links=False`: the
    links' place is kept at the top, and `refresh_links` fills it once, with the view the run
    ends with (drawing them now would draw them twice whenever the view changes).
    """
    _nodelay()
    st.set_page_config(
        page_title="Iran's alliance network — an evidence map",
        page_icon=str(ROOT / "assets" / "icon.png"),
        layout="wide",
        initial_sidebar_state="collapsed" if folded or st.context.is_embedded else "auto",
    )
    # One style and one script for the whole frame (each element costs every run a message).
    frame_style, frame_script = access.page_frame()
    st.html(style("page.css") + style("textview.css") + frame_style)
    # Panel links that select something rerun the page in place instead of reloading it.
    st.html(render("links_script.html", home=HOME) + frame_script, unsafe_allow_javascript=True)
    embed.report_height()
    with st.sidebar:
        # Links carry the view's parameters, so going to another page and back keeps it. Their
        # place is a block: until this run draws them, the browser keeps the last run's links.
        _run.links = st.container()
        _run.slot = None
        _run.shared = None
        if links:
            refresh_links()
        st.divider()


@st.cache_resource(show_spinner=False)
def _nodelay() -> int:
    """Once per server process, at its first run: no answer waits for an acknowledgement
    (ui/sockets.py)."""
    return sockets.nodelay()


def view_in_address() -> dict[str, str]:
    """The view's parameters in the address now (what the page links carry to every page)."""
    return {k: v for k, v in st.query_params.to_dict().items() if k in OWN_PARAMS}


def refresh_links() -> None:
    """Draw the page links with the view's parameters as the address has them now, or draw them
    again if a run changed the view since it drew them (they stand at the top, before the
    widgets are read, and would otherwise carry the view of the run before)."""
    holder = getattr(_run, "links", None)
    shared = view_in_address()
    if holder is None or (_run.slot is not None and shared == _run.shared):
        return
    _run.shared = shared
    if _run.slot is None:
        _run.slot = holder.empty()
    with _run.slot.container():
        for path, title in PAGES:
            st.page_link(path, label=title, query_params=shared)
