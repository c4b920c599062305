"""The Share control of every page: the link to the current view and an <iframe> to embed it.

Pages call `bar()` last, once the view has been written to the address, so the link is never a
step behind. The control is pinned to the top right corner of the page by CSS.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from allies.selection import Selection
from ui import data, embed, export, keys, stillbuttons
from ui.render import render
from ui.urlstate import P_SCENE, P_SHARED, P_TOUR, share_url

EMBED_HEIGHT = 720


def iframe_snippet(url: str, title: str) -> str:
    """HTML that embeds a view in another page; the URL and title are escaped for an attribute."""
    return render("embed_snippet.html", url=url, title=title, height=EMBED_HEIGHT)


def embed_code(url: str, title: str) -> str:
    """The Share snippet: the <iframe> and the host's few lines that fit it to its content."""
    return iframe_snippet(url, title) + "\n" + render("embed_listener.html")


def bar(title: str = "Iran's alliance network: an evidence map") -> None:
    """The Share popover, for the view now in the address (none in a plain embed)."""
    if embed.layout().plain:
        return
    st.html(render("share_style.html", bar=keys.SHARE_BAR))
    with st.container(key=keys.SHARE_BAR):
        box = st.popover(
            "Share",
            icon=":material/share:",
            help="Link to this view, or embed it",
            key=keys.SHARE_OPEN,
            on_change="rerun",
        )
    # Drawn only while open (opening it reruns the page): few runs show it, and every run
    # would otherwise send its eight elements.
    if not box.open:
        return
    base = st.context.url or ""
    params = st.query_params.to_dict()
    link = share_url(base, params)
    embed_link = share_url(base, params, embed=True)
    with box:
        st.markdown("**Link to this view**")
        st.code(link, language=None, wrap_lines=True)
        st.markdown("**Embed it in a web page**")
        st.code(
            embed_code(embed_link, title),
            language="html",
            wrap_lines=True,
        )
        stillbuttons.embed_still(
            params, link=link, embed=embed_link, title=title, frame_height=EMBED_HEIGHT
        )
        st.caption(
            "The link opens the same selection, filters and scene. The embedded view opens with "
            "the filters folded away; its reader can unfold them. The script after the frame "
            "fits its height to the view. Add `panel=below` or `panel=none` (where the side "
            "panel goes), `plain=true` (no title, no Share) or `zoom=wheel` to its address."
        )


def download_view(
    ds,
    built,
    *,
    center,
    zoom,
    selection: Selection | None,
    caption: str,
    marks=None,
    text_view: Callable[[], str] | None = None,
) -> None:
    """ "Download this view as HTML": one file that opens from disk with no server and no
    network, with the text view of the map. The file is made only when the button is pressed;
    `marks` makes the view's extra layers (ui.since), `text_view` the text view's HTML."""
    link = share_url(st.context.url or "", st.query_params.to_dict())

    def make() -> str:
        return export.view_html(
            ds,
            data.evidence(),
            data.countries(),
            built,
            center=center,
            zoom=zoom,
            selection=selection,
            link=link,
            caption=caption,
            marks=marks,
            text_view=text_view() if text_view else "",
        )

    st.download_button(
        "Download this view as HTML",
        make,
        file_name="iran-alliance-view.html",
        mime="text/html",
        key=keys.EXPORT_VIEW,
        icon=":material/download:",
        on_click="ignore",
        help="One file with the map, its legend and the quotes behind every marker, line and "
        "shape: it opens from disk, with no server and no network.",
    )


def download_tour(ds, tour, choices) -> None:
    """ "Download this tour as HTML": one file that steps through the scenes, offline."""
    params = {P_TOUR: tour.id, P_SCENE: "1", P_SHARED: st.query_params.get(P_SHARED, "")}
    base = st.context.url or ""
    make = partial(
        export.tour_html,
        ds,
        data.evidence(),
        data.countries(),
        tour,
        choices,
        link=share_url(base, params),
    )
    st.download_button(
        "Download this tour as HTML",
        make,
        file_name=f"tour-{tour.id}.html",
        mime="text/html",
        key=keys.EXPORT_TOUR,
        icon=":material/download:",
        on_click="ignore",
        help="One file that steps through the scenes (buttons, arrow keys, a clicker): it opens "
        "from disk, with no server and no network.",
    )
