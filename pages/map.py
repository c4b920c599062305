"""The map page: filters in the sidebar, the map, and the side panel quoting the sources."""

from functools import partial

import streamlit as st

from allies.selection import text_of
from geo import playback
from ui import (
    access,
    compareview,
    data,
    embed,
    keys,
    mapcall,
    pageview,
    panel,
    share,
    sidebar,
    since,
    state,
    stillbuttons,
    tourmaker,
)
from ui.urlstate import VIEWS, share_url

page = pageview.filtering(on_map=True)
ds, view = page.ds, page.view
filters = page.filters
shown = page.shown()
built = data.map_layers(filters, text_of(view.selection))
st.session_state[keys.TOOLTIP_INDEX] = built.tooltip_index
target = built.focus_point(view.selection)
default_center, zoom = VIEWS[view.view]
center = state.map_center(default_center, target)

# Its open state is kept on the server (a rerun when it opens), so that no rerun can fold it
# while a teacher fills it in, and it costs nothing while closed.
maker = st.sidebar.expander(tourmaker.LABEL, key=keys.TOUR_MAKER, on_change="rerun")
if maker.open:
    with maker:
        tourmaker.maker(ds, view, center, zoom)

shape = embed.layout()
if not shape.plain:
    title, switch = st.columns([0.64, 0.36], vertical_alignment="bottom")
    title.markdown(f"#### {panel.map_title(ds)}")
    with switch:
        sidebar.view_switch()
compared = compareview.on_map()
map_col, panel_col = embed.columns(shape)
with map_col:
    access.text_view(filters, text_of(view.selection), page.query)
    mapcall.show(
        built,
        data.map_script(filters, text_of(view.selection)),
        [
            *since.groups(ds, built, view.since),
            playback.group(data.timeline(), ties=shown.ties["rel_id"], compared=compared),
        ],
        center=center,
        zoom=zoom,
        click_to_zoom=shape.zoom == "click",
        height=640,
        on_change=state.on_map_click,
    )
    drawn = panel.map_caption(
        ds,
        len(built.positions),
        built.drawn_ties,
        len(shown.places),
        selection_drawn=not view.selection or target is not None,
    )
    st.caption(drawn)
    if compared:
        compareview.map_note(compared, st.query_params.to_dict())
    if marked := since.caption(ds, built, view.since):
        st.caption(marked)
    share.download_view(
        ds,
        built,
        center=center,
        zoom=zoom,
        selection=view.selection,
        caption=f"{drawn} {marked}" if marked else drawn,
        marks=partial(since.groups, ds, built, view.since),
        text_view=lambda: data.text_view(filters, text_of(view.selection), {}).html,
    )
    embed.full_dashboard_link()
    link = share_url(st.context.url or "", st.query_params.to_dict())
    stillbuttons.view_downloads(view, center=center, zoom=zoom, link=link)
if panel_col is not None:
    with panel_col, embed.panel_box(shape):
        st.html(page.panel())
share.bar()
