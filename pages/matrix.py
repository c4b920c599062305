"""The support matrix: who gets what kind of support from whom, and the excerpts behind it."""

import streamlit as st

from allies import matrix
from allies.selection import Selection
from ui import keys, pageview, share
from ui import matrix as heat

P_CELL, P_DIRECTION = "cell", "dir"

page = pageview.reading()
ds, choices, view = page.ds, page.choices, page.view
shown = page.shown()

pageview.seed(keys.MATRIX_DIRECTION, pageview.own_param(P_DIRECTION, matrix.DIRECTIONS, "receives"))
with st.sidebar:
    st.caption(pageview.filters_summary(ds, view, choices))
st.html(heat.table_style())
st.markdown("#### Who gets what from whom: kinds of support, counted from the ties")
direction = st.segmented_control(
    "Read the rows as",
    matrix.DIRECTIONS,
    key=keys.MATRIX_DIRECTION,
    format_func=heat.DIRECTION_LABELS.get,
    required=True,
)
pageview.set_own_param(P_DIRECTION, direction, "receives")
frame = matrix.cells(ds, shown.ties, direction)
present = set(zip(frame["actor_id"], frame["support"], strict=True))
chosen = matrix.parse_cell(st.query_params.get(P_CELL))
chosen = chosen if chosen in present else None

# Thirteen kinds of support need the page's width; the opened cell reads below the table.
if frame.empty:
    st.info("No tie in this view carries any kind of support. Widen the filters on the Map.")
else:
    event = st.altair_chart(heat.chart(frame, chosen), on_select="rerun", key=keys.MATRIX)
    clicked = heat.picked(event)
    if clicked and clicked != chosen and clicked in present:
        opened = matrix.cell(ds, shown.ties, *clicked, direction)
        pageview.set_own_param(P_CELL, matrix.format_cell(*clicked))
        pageview.select(view, choices, Selection("tie", opened.rel_ids[0]))
        st.rerun()
st.caption(
    "Colour and number: how many ties carry that kind of support. Amber outline and corner: "
    "every excerpt behind the cell comes from one source. Grey: no tie carries it. Support "
    "is what the ties record, each tie citing its excerpts."
)
pageview.set_own_param(P_CELL, matrix.format_cell(*chosen) if chosen else None)
opened = matrix.cell(ds, shown.ties, *chosen, direction) if chosen else None
with st.container(width=1000):
    st.html(heat.cell_html(ds, shown.ties, opened))
share.bar()
