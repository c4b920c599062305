"""Making a tour on the Map page: add the view on screen as a scene, download the tour file, or
present it at once.

The scenes collected live in this session only (`keys.DRAFT_SCENES`); presentation mode lists
them as one more tour, under DRAFT_ID. The download is a tour file for data/tours/, checked by
the same model as the shipped tours.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from allies.load import Dataset
from allies.selection import text_of
from allies.tours import Tour, check_tours, draft_tour, tour_yaml
from ui import data, keys
from ui.urlstate import P_SCENE, P_TOUR, View

DRAFT_ID = "my-tour"
DRAFT_TITLE = "My tour"
DRAFT_SUMMARY = "A tour made on the map."


def draft(ds: Dataset) -> Tour | None:
    """The tour collected in this session, if it has scenes."""
    scenes = st.session_state.get(keys.DRAFT_SCENES) or []
    if not scenes:
        return None
    title = st.session_state.get(keys.DRAFT_TITLE_SAVED) or DRAFT_TITLE
    tour, problems = draft_tour(DRAFT_ID, title, DRAFT_SUMMARY, scenes)
    return tour if tour is not None and not problems else None


def _add(ds: Dataset, scene: dict) -> None:
    """Check the scene as a tour file would be checked; keep it, or say what is wrong."""
    tour, problems = draft_tour(DRAFT_ID, DRAFT_TITLE, DRAFT_SUMMARY, [scene])
    if tour is not None:
        problems = check_tours([tour], ds)
    if problems:
        # Said of the scene being added, so without the file and the scene number.
        st.session_state[keys.DRAFT_MESSAGE] = "\n".join(
            "- " + str(replace(p, file="", scene=None)).removeprefix(", ") for p in problems
        )
        return
    st.session_state[keys.DRAFT_SCENES] = [*st.session_state.get(keys.DRAFT_SCENES, []), scene]
    st.session_state[keys.DRAFT_MESSAGE] = None
    for key in (keys.DRAFT_SCENE_TITLE, keys.DRAFT_CAPTION, keys.DRAFT_EXCERPTS):
        st.session_state.pop(key, None)


def _on_add(ds: Dataset, view: View, center: tuple[float, float], zoom: float) -> None:
    s = st.session_state
    _add(
        ds,
        {
            "title": s.get(keys.DRAFT_SCENE_TITLE, ""),
            "caption": s.get(keys.DRAFT_CAPTION, ""),
            "excerpts": list(s.get(keys.DRAFT_EXCERPTS) or []),
            "selection": text_of(view.selection),
            "layers": list(view.layers),
            "places": list(view.places),
            "center": (round(center[0], 2), round(center[1], 2)),
            "zoom": zoom,
        },
    )


def _start_over() -> None:
    st.session_state[keys.DRAFT_SCENES] = []
    st.session_state[keys.DRAFT_MESSAGE] = None


def maker(ds: Dataset, view: View, center: tuple[float, float], zoom: float) -> None:
    """The "Make a tour" section: a scene's title, caption and quotes, then add, download or
    present."""
    st.caption(
        "Add the view on the map as a scene: its selection, layers, places, centre and zoom. "
        "Other filters are not kept."
    )
    ids = data.quotable(text_of(view.selection))
    quotes = data.quotes()
    if not ids:
        st.caption("Select an actor, a tie or a place first: a scene quotes its excerpts.")
    else:
        st.text_input("Scene title", key=keys.DRAFT_SCENE_TITLE, max_chars=90)
        st.text_area(
            "Caption: two or three sentences in your own words",
            key=keys.DRAFT_CAPTION,
            height=100,
        )
        st.multiselect(
            "Quote one or two excerpts",
            ids,
            key=keys.DRAFT_EXCERPTS,
            max_selections=2,
            format_func=lambda e: f"{e}: {quotes.get(e, '')[:70]}…",
        )
        st.button(
            "Add this view as a scene",
            key=keys.DRAFT_ADD,
            icon=":material/add:",
            on_click=_on_add,
            args=(ds, view, center, zoom),
        )
    if st.session_state.get(keys.DRAFT_MESSAGE):
        st.error("This scene was not added:\n\n" + st.session_state[keys.DRAFT_MESSAGE])
    tour = draft(ds)
    if tour is None:
        return
    # The title outlives its widget (whose state Streamlit drops on other pages).
    if keys.DRAFT_TITLE not in st.session_state:
        st.session_state[keys.DRAFT_TITLE] = st.session_state.get(keys.DRAFT_TITLE_SAVED, "")
    title = st.text_input("Tour title", key=keys.DRAFT_TITLE, placeholder=DRAFT_TITLE)
    st.session_state[keys.DRAFT_TITLE_SAVED] = title
    tour = draft(ds) or tour
    st.markdown(
        f"**{len(tour.scenes)} scene(s):** "
        + "; ".join(f"{n}. {s.title}" for n, s in enumerate(tour.scenes, start=1))
    )
    st.download_button(
        "Download the tour file",
        tour_yaml(tour),
        file_name=f"{DRAFT_ID.replace('-', '_')}.yaml",
        mime="application/x-yaml",
        key=keys.DRAFT_DOWNLOAD,
        icon=":material/download:",
        on_click="ignore",
        help="A tour file for the data folder's tours/: check it with python -m allies.validate",
    )
    st.page_link(
        "pages/present.py",
        label="Present it now",
        icon=":material/slideshow:",
        query_params={P_TOUR: DRAFT_ID, P_SCENE: "1"},
    )
    st.button("Start over", key=keys.DRAFT_CLEAR, on_click=_start_over)
