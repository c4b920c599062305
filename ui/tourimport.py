"""Bringing a tour in from a spreadsheet saved as CSV (allies.tourcsv), and giving the tour made
on the map a link that carries it (allies.tourlink), in the Map page's "Make a tour" section.

An imported CSV replaces the scenes collected so far; from there it is like a tour made on the
map: presented at once, downloaded as a tour file, or shared by its link.
"""

from __future__ import annotations

import streamlit as st

from allies import tourlink
from allies.load import Dataset
from allies.tourcsv import OPTIONAL, REQUIRED, read_csv
from allies.tours import Tour
from ui import keys, sharedtour

CSV_SUMMARY = "A tour written in a spreadsheet."


def _on_upload(ds: Dataset) -> None:
    upload = st.session_state.get(keys.CSV_UPLOAD)
    if upload is None:
        return
    title = (upload.name.rsplit(".", 1)[0].replace("_", " ").strip() or "A tour")[:90]
    tour, problems = read_csv(upload.getvalue(), ds, title, CSV_SUMMARY)
    if tour is None:
        st.session_state[keys.CSV_MESSAGE] = "\n".join(str(p) for p in problems[:20])
        return
    st.session_state[keys.CSV_MESSAGE] = None
    st.session_state[keys.DRAFT_SCENES] = [
        s.model_dump(mode="json", exclude_none=True) for s in tour.scenes
    ]
    st.session_state[keys.DRAFT_TITLE_SAVED] = tour.title
    st.session_state.pop(keys.DRAFT_TITLE, None)


def csv_import(ds: Dataset) -> None:
    """The uploader, and what was wrong with the last file (row and column each)."""
    st.file_uploader(
        "Or import a tour from a CSV",
        type=["csv"],
        key=keys.CSV_UPLOAD,
        on_change=_on_upload,
        args=(ds,),
        help=f"One row a scene. Columns: {', '.join(REQUIRED)} (excerpt ids separated by "
        f"spaces); optional: {', '.join(OPTIONAL)}. It replaces the scenes above.",
    )
    if st.session_state.get(keys.CSV_MESSAGE):
        st.error("This CSV was not imported. Fix these cells and upload it again:")
        st.code(st.session_state[keys.CSV_MESSAGE], language=None, wrap_lines=True)


def link(tour: Tour) -> None:
    """The link that carries the tour, to give a class."""
    url = sharedtour.link(st.context.url or "", tour)
    st.markdown("**Link to this tour**: it carries the tour itself, nothing is stored.")
    st.code(url, language=None, wrap_lines=True)
    if len(url) > tourlink.TARGET_LINK:
        st.caption(
            f"This link is {len(url)} characters long: some chat tools may cut links over "
            f"{tourlink.TARGET_LINK}. Shorter captions make it shorter, or share the tour file."
        )
