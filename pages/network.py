"""The network page: the same actors and ties as the map, arranged by camp around Iran."""

import streamlit as st

from allies import queries
from allies.selection import Selection
from ui import data, keys, layout, network, panel, share, state, urlstate
from ui.urlstate import P_SELECTION, parse_view

layout.setup()
ds = data.dataset_or_stop()
# The view comes from the address, as on the map: the same link opens the same selection and
# filters on either page, and the page links carry it across.
choices = data.choices(ds)
view = parse_view(st.query_params.to_dict(), choices)
state.write_url(view, choices)
state.notify_ignored(view.ignored)
shown = queries.visible(ds, urlstate.filters(view))
nodes = network.node_positions(shown.actors)

st.markdown("#### The network by camp: Iran in the middle, its camps on rings around it")
graph_col, panel_col = st.columns([0.64, 0.36], gap="medium")
with graph_col:
    event = st.altair_chart(
        network.chart(nodes, network.edges(ds, nodes, shown.ties), view.selection),
        on_select="rerun",
        key=keys.NETWORK,
        use_container_width=True,
    )
    st.caption(
        "Distance from the centre shows the camp, not geography. Click an actor to read what "
        "the sources say; the map page opens on the same selection."
    )
picked = network.picked(event)
clicked = Selection("actor", picked) if picked else None
if clicked is not None and clicked != view.selection:
    st.query_params[P_SELECTION] = str(clicked)
    st.rerun()
with panel_col, st.container(height=760, border=False):
    st.html(panel.panel(ds, view.selection, data.evidence()))
share.bar()
