"""The sources page: each document line by line, with boilerplate and citation coverage."""

import streamlit as st

from ui import data, layout, share
from ui.panel import md
from ui.sourceview import source_html

layout.setup()
ds = data.dataset_or_stop()
report = data.coverage_report()

st.markdown(f"#### The source documents ({len(ds.sources)})")
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

st.dataframe(
    data.sources_table(),
    hide_index=True,
    column_config={
        "Sentences cited": st.column_config.NumberColumn(format="%.1f %%"),
    },
)
st.caption(
    "Per document: its sentences; how often they name a known actor or place (by name or alias, "
    "as the ingest of a new source finds them); the excerpts accepted from it; the ties those "
    "excerpts support; and the share of its sentences an excerpt cites."
)

for source, item in zip(ds.sources.itertuples(), report, strict=True):
    with st.expander(md(source.title), expanded=False):
        st.html(source_html(source, ds.texts[source.source_id], item))
share.bar()
