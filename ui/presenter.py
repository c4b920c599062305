"""The presenter view: a second window for the teacher with the scene's speaker notes, kept in
step with the projected page (`present_sync.html`, in the browser). Notes appear here only:
never on the projected page, in an embed, an export or a class link.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from allies import tourlink
from allies.tours import Tour
from ui.render import render
from ui.urlstate import P_SCENE, P_SHARED, P_TOUR

P_PRESENTER = "presenter"
TRUE = "true"


def active() -> bool:
    """Whether this page is the presenter view (`?presenter=true`)."""
    return st.query_params.get(P_PRESENTER) == TRUE


def sync_script() -> str:
    """The script that keeps this window and the other (projected or presenter) on the same
    tour and scene, for the page's one st.html of scripts (each element takes room)."""
    return render("present_sync.html")


def view(tour: Tour, index: int) -> None:
    """The notes of the scene, what the class sees, and the next scene's title."""
    scenes = tour.scenes
    st.html(
        render(
            "present_notes.html",
            tour_title=tour.title,
            scene=scenes[index],
            number=index + 1,
            total=len(scenes),
            next_title=scenes[index + 1].title if index + 1 < len(scenes) else None,
        )
    )


def open_button(tour: Tour, index: int, carried: set[str]) -> None:
    """A button that opens the presenter view of this scene in a new window; a tour that lives
    in the link goes with its notes."""
    query = {P_TOUR: tour.id, P_SCENE: str(index + 1), P_PRESENTER: TRUE}
    if tour.id in carried:
        query[P_SHARED] = tourlink.encode(tour, notes=True)
    st.link_button(
        "Presenter view",
        "present?" + urlencode(query),
        icon=":material/speaker_notes:",
        help="Opens a second window with the speaker notes; it follows this one.",
    )
