"""Entry point: the navigation between pages. Each page sets itself up (ui.layout.setup)."""

import streamlit as st

from ui.sitemap import PAGES

navigation = st.navigation(
    [st.Page(path, title=title, default=index == 0) for index, (path, title) in enumerate(PAGES)],
    position="hidden",
)
navigation.run()
