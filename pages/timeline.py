"""The timeline page: every dated event, with the sources' dates set apart from context."""

import streamlit as st

from ui import compareview, data, layout, panel, share, timeline

layout.setup()
ds = data.dataset_or_stop()

st.markdown("#### The network over time, as the sources date it")
view_query = layout.view_in_address()
if view_query:
    st.info(
        "The timeline shows every dated event of the dataset: it does not follow the Map's "
        "selection or filters, which the page links keep for when you go back.",
        icon=":material/info:",
    )
st.altair_chart(timeline.chart(timeline.events_frame(ds)), use_container_width=True)
st.html(panel.timeline(ds, data.evidence()))
compareview.section(ds, data.evidence(), view_query)
share.bar()
