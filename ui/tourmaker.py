"""Making a tour on the Map page: add the view on screen as a scene, download the tour file, or
present it at once.

The scenes collected live in this session only (`keys.DRAFT_SCENES`); presentation mode lists
them as one more tour, under DRAFT_ID. The download is a tour file for data/tours/, checked by
the same model as the shipped tours.
"""

from __future__ import annotations

import re
from dataclasses import replace

import streamlit as st

from allies.load import Dataset
from allies.selection import text_of
from allies.tours import (
    MAX_ZOOM,
    MIN_ZOOM,
    Tour,
    TourProblem,
    check_tours,
    draft_tour,
    tour_yaml,
)
from ui import data, keys, mapframe, tourimport
from ui.urlstate import P_SCENE, P_TOUR, View

LABEL = "Make a tour from this view"
DRAFT_ID = "my-tour"
DRAFT_TITLE = "My tour"
DRAFT_SUMMARY = "A tour made on the map."
MAX_TITLE = 90


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
        # Said of the scene being added, in the words of the form rather than of the file.
        st.session_state[keys.DRAFT_MESSAGE] = "\n".join(
            dict.fromkeys("- " + plain(p) for p in problems)
        )
        return
    st.session_state[keys.DRAFT_SCENES] = [*st.session_state.get(keys.DRAFT_SCENES, []), scene]
    st.session_state[keys.DRAFT_MESSAGE] = None
    # Set, not dropped: a dropped key leaves the browser showing the old text.
    for key, empty in (
        (keys.DRAFT_SCENE_TITLE, ""),
        (keys.DRAFT_CAPTION, ""),
        (keys.DRAFT_EXCERPTS, []),
    ):
        st.session_state[key] = empty


def plain(problem: TourProblem) -> str:
    """What to do about a problem of the scene being added, said plainly."""
    field, message = problem.field or "", problem.message
    if field == "title":
        if "at most" in message:
            return f"Shorten the scene title to {MAX_TITLE} characters or fewer."
        return "Give the scene a title."
    if field == "caption":
        found = re.search(r"found (\d+)", message)
        count = f" (this one has {found.group(1)})" if found else ""
        return f"Write the caption in two or three sentences of your own{count}."
    if field == "excerpts":
        return "Pick one or two excerpts to quote."
    if field == "selection" and "layers" in message:
        return "Turn on the layer of what is selected, so that it shows on the map."
    if field == "selection" and "quoted excerpt" in message:
        return "Pick at least one excerpt that speaks about what is selected."
    if field == "selection":
        return "Select an actor, a tie or a place on the map first."
    if field in ("zoom", "center") or field.startswith("center"):
        return f"Zoom the map between {MIN_ZOOM} and {MAX_ZOOM} and keep it on the world."
    return str(replace(problem, file="", scene=None)).removeprefix(", ")


def _on_add(ds: Dataset, view: View, center: tuple[float, float], zoom: float) -> None:
    s = st.session_state
    framed = mapframe.frame(MIN_ZOOM, MAX_ZOOM)
    if framed is not None:  # the map as the teacher left it, not the preset view
        center, zoom = framed
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
        mapframe.watch(keys.DRAFT_ADD)
        st.button(
            "Add this view as a scene",
            key=keys.DRAFT_ADD,
            icon=":material/add:",
            on_click=_on_add,
            args=(ds, view, center, zoom),
        )
    if st.session_state.get(keys.DRAFT_MESSAGE):
        st.error("This scene was not added:\n\n" + st.session_state[keys.DRAFT_MESSAGE])
    tourimport.csv_import(ds)
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
    tourimport.link(tour)
    st.button("Start over", key=keys.DRAFT_CLEAR, on_click=_start_over)
