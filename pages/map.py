"""The map page: filters in the sidebar, the map, and the side panel quoting the sources."""

import streamlit as st
from streamlit_folium import st_folium

from allies.selection import text_of
from geo import mapbuild, playback
from ui import data, keys, layout, panel, share, sidebar, state, tourmaker, urlstate
from ui.urlstate import VIEWS

layout.setup()
ds = data.dataset_or_stop()
choices = data.choices(ds)
data.static_assets()
state.init_from_url(choices)

with st.sidebar:
    sidebar.find_and_select(ds)
    sidebar.filters(ds, choices)
view = state.current_view()
state.write_url(view, choices)
state.notify_ignored(st.session_state.pop(keys.URL_NOTICE, ()))

filters = urlstate.filters(view)
shown, _ = data.map_scene(filters)
built = data.map_layers(filters, text_of(view.selection))
st.session_state[keys.TOOLTIP_INDEX] = built.tooltip_index
target = built.focus_point(view.selection)
default_center, zoom = VIEWS[view.view]
center = state.map_center(default_center, target)

with st.sidebar.expander("Make a tour from this view"):
    tourmaker.maker(ds, view, center, zoom)

title, switch = st.columns([0.64, 0.36], vertical_alignment="bottom")
title.markdown(f"#### {panel.map_title(ds)}")
with switch:
    sidebar.view_switch()
map_col, panel_col = st.columns([0.64, 0.36], gap="medium")
with map_col:
    st_folium(
        mapbuild.base_map(),
        key=keys.MAP,
        feature_group_to_add=[
            *built.groups,
            playback.group(data.timeline(), ties=shown.ties["rel_id"]),
        ],
        layer_control=mapbuild.layer_control(),
        center=center,
        zoom=zoom,
        height=640,
        use_container_width=True,
        returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count"],
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
    share.download_view(
        ds, built, center=center, zoom=zoom, selection=view.selection, caption=drawn
    )
with panel_col, st.container(height=700, border=False):
    st.html(data.panel_html(text_of(view.selection), urlstate.view_params(view, choices)))
share.bar()
