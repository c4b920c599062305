"""The timeline page: every dated event, with the sources' dates set apart from context."""

import streamlit as st

from ui import compareview, data, layout, panel, share, timeline

layout.setup()
ds = data.dataset_or_stop()

st.markdown("#### The network over time, as the sources date it")
st.altair_chart(timeline.chart(timeline.events_frame(ds)), use_container_width=True)
st.html(panel.timeline(ds, data.evidence()))
compareview.section(ds, data.evidence())
share.bar()
