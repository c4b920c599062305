"""The network page: the same actors and ties as the map, by camp around Iran, with the map's
filters in the sidebar and the side panel quoting the sources."""

import streamlit as st

from ui import keys, network, pageview, share, state

page = pageview.filtering(on_map=False)
ds, view = page.ds, page.view
shown = page.shown()
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
        st.html(page.panel())
share.bar()
