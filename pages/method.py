"""Method and citation: what the dashboard shows and does not, how the data was chosen, its
limits, how to cite a view, and the credits. The prose lives in docs/method.md."""

import datetime

import streamlit as st

from ui import method, pageview, share

page = pageview.reading()
ds, choices, view = page.ds, page.choices, page.view
with st.sidebar:
    st.caption(pageview.filters_summary(ds, view, choices))

today = datetime.datetime.now(datetime.UTC).date().isoformat()
with st.container(width=980):
    for kind, block in method.render(ds, pageview.address("method"), today):
        if kind == "citation":
            st.code(block, language=None, wrap_lines=True)
        else:
            st.markdown(block)
share.bar()
