"""Data and downloads: every table, searchable and typed, and the files to take away."""

import streamlit as st

from ui import data, downloads, keys, pageview, share

P_TABLE, P_SCOPE, P_QUERY = "table", "scope", "q"

page = pageview.reading()
ds, choices, view = page.ds, page.choices, page.view
shown = page.shown()
names = tuple(downloads.TABLE_LABELS)
pageview.seed(keys.DATA_TABLE, pageview.own_param(P_TABLE, names, "actors"))
pageview.seed(keys.DATA_SCOPE, pageview.own_param(P_SCOPE, downloads.SCOPES, "view"))
pageview.seed(keys.DATA_SEARCH, st.query_params.get(P_QUERY, ""))
with st.sidebar:
    st.caption(pageview.filters_summary(ds, view, choices))

st.markdown("#### The data behind the dashboard, to search, sort and take away")
scope = st.radio(
    "Rows",
    downloads.SCOPES,
    key=keys.DATA_SCOPE,
    horizontal=True,
    format_func=downloads.SCOPE_LABELS.get,
)
address = pageview.address("data")
picked = downloads.tables(ds, shown, scope, address)
name = st.segmented_control(
    "Table",
    names,
    key=keys.DATA_TABLE,
    required=True,
    format_func=lambda n: f"{downloads.TABLE_LABELS[n]} ({len(picked.frames[n])})",
)
text = st.text_input("Search this table", key=keys.DATA_SEARCH, placeholder="Any word or id")
for param, value, default in (
    (P_TABLE, name, "actors"),
    (P_SCOPE, scope, "view"),
    (P_QUERY, text, ""),
):
    pageview.set_own_param(param, value, default)
rows = downloads.search(downloads.display_frame(picked.frames[name], name), text)
st.dataframe(rows, column_config=downloads.column_config(name), hide_index=True, height=420)
st.caption(
    f"{len(rows)} of {len(picked.frames[name])} rows. Click a column's header to sort it. "
    "Lists inside a cell are separated by ';' in the CSV files, as in the dataset's own files."
)
st.markdown("##### Downloads")
downloads.buttons(data.download_files(ds, picked, data.download_key(scope, address)), scope)
st.caption(
    "The zip is a Frictionless data package: datapackage.json gives every field's type, the "
    "vocabularies, the keys and the links between files, and the source documents are inside. "
    "It also opens with this dashboard: point ALLIES_DATA at the unzipped folder."
)
share.bar()
