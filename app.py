"""Entry point: the navigation between pages. Each page sets itself up (ui.layout.setup)."""

import streamlit as st

from ui import keys
from ui.sitemap import PAGES

# Made once per session, not on every run (making them resolves each page's file: about a
# millisecond a run). Not shared between sessions: navigation marks the page it runs.
if keys.NAVIGATION not in st.session_state:
    st.session_state[keys.NAVIGATION] = [
        st.Page(path, title=title, default=index == 0) for index, (path, title) in enumerate(PAGES)
    ]
st.navigation(st.session_state[keys.NAVIGATION], position="hidden").run()
