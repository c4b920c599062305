"""The network page: the same actors and ties as the map, by camp around Iran, with the map's
filters in the sidebar and the side panel quoting the sources."""

import streamlit as st

from allies import queries
from ui import data, keys, layout, network, panel, share, sidebar, state, urlstate

layout.setup()
ds = data.dataset_or_stop()
choices = data.choices(ds)
# The same view as the map, from the same address and widgets: a link opens the same selection
# and filters on either page. Places are the map's alone, so their toggles are not drawn here.
state.init_from_url(choices)
state.keep_place_toggles(choices)
with st.sidebar:
    sidebar.find_and_select(ds)
    sidebar.filters(ds, choices, places=False)
view = state.current_view()
state.write_url(view, choices)
state.notify_ignored(st.session_state.pop(keys.URL_NOTICE, ()))

shown = queries.visible(ds, urlstate.filters(view))
nodes = network.node_positions(shown.actors, shown.ties)
labels = network.place_labels(nodes, network.selected_actor(view.selection))

st.markdown("#### The network by camp: each camp a sector, the strongest ties nearest Iran")
graph_col, panel_col = st.columns([0.62, 0.38], gap="medium")
st.html(network.chart_style())
with graph_col, st.container(key=keys.NETWORK_BOX):
    st.altair_chart(
        network.chart(nodes, network.edges(ds, nodes, shown.ties), view.selection, labels),
        on_select=state.on_network_click,
        key=keys.NETWORK,
        width="content",
    )
    st.caption(network.caption(nodes, labels, shown.ties, len(ds.actors)))
with panel_col, st.container(height=760, border=False):
    if view.selection is None:
        st.html(network.guide(ds, nodes))
    else:
        st.html(
            panel.panel(ds, view.selection, data.evidence(), urlstate.view_params(view, choices))
        )
share.bar()
