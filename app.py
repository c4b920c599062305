"""Entry point: page configuration and navigation. No data logic here."""

from pathlib import Path

import streamlit as st

st.set_page_config(
    page_title="Iran's alliance network — an evidence map",
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
    layout="wide",
    # Embedded views (?embed=true) open with the filters folded away.
    initial_sidebar_state="collapsed" if st.query_params.get("embed") == "true" else "expanded",
)
st.html("<style>.block-container { padding-top: 3.2rem; padding-bottom: 1rem; }</style>")

navigation = st.navigation(
    [
        st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
        st.Page("pages/sources.py", title="Sources and evidence", icon=":material/menu_book:"),
    ]
)
navigation.run()
