"""The sources page: each document line by line, with boilerplate and citation coverage."""

import streamlit as st

from ui import data, layout, share
from ui.panel import md
from ui.sourceview import source_html

layout.setup()
ds = data.dataset_or_stop()
report = data.coverage_report()

st.markdown("#### The two source documents")
st.caption(
    "Each line of a document is a paragraph. Sentences an excerpt cites are green, uncited ones "
    "red; struck-through lines are boilerplate or the table of contents and are never evidence."
)
cols = st.columns(len(report) + 1)
for col, item in zip(cols, report, strict=False):
    col.metric(
        f"Sentences cited · {item.source_id}",
        f"{item.share:.0%}",
        f"{item.cited_count} of {len(item.sentences)}",
        delta_color="off",
    )
cols[-1].metric("Excerpts", len(ds.excerpts))

for source, item in zip(ds.sources.itertuples(), report, strict=True):
    with st.expander(md(source.title), expanded=False):
        st.html(source_html(source, ds.texts[source.source_id], item))
share.bar()
