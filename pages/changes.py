"""What changed since the sources: the dated context notes on a timeline, with what each changes
on the map and the public reports it cites."""

import streamlit as st

from ui import changes, data, layout, share

layout.setup()
ds = data.dataset_or_stop()

st.markdown("#### What changed since the sources")
st.altair_chart(changes.chart(ds), width="stretch", height=changes.chart_height(ds))
st.caption(changes.rule_caption(ds))
st.html(changes.html(ds))
share.bar()
