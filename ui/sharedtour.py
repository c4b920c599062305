"""Tours shared by their link alone (allies.tourlink): read from the address in presentation
mode, written into it while a tour made on the map or opened from a link is presented, so that
the Share control's link, an embed and the offline export all carry the tour itself.
"""

from __future__ import annotations

from urllib.parse import urlencode, urljoin

import streamlit as st

from allies import tourlink
from allies.load import Dataset
from allies.tours import Tour
from ui import keys
from ui.urlstate import P_SCENE, P_SHARED, P_TOUR

PRESENT_PAGE = "present"


def from_address(ds: Dataset, known: set[str]) -> Tour | None:
    """The tour the address carries (checked like a tour file; a message, not a crash, when it
    cannot be used), or the one opened earlier in this session. A link whose tour name is not
    known here presents the tour it carries."""
    raw = st.query_params.get(P_SHARED)
    kept = st.session_state.get(keys.SHARED_TOUR)
    if not raw:
        return kept[1] if kept else None
    if kept and kept[0] == raw:
        tour = kept[1]
    else:
        tour, problems = tourlink.decode(raw, ds)
        if tour is None:
            del st.query_params[P_SHARED]
            st.error(
                "This link carries a tour that cannot be opened; the dashboard's own tours are "
                "shown instead. Ask for the link again, or for the tour file."
            )
            st.code("\n".join(str(p) for p in problems[:12]), language=None, wrap_lines=True)
            return kept[1] if kept else None
        st.session_state[keys.SHARED_TOUR] = (raw, tour)
    if st.query_params.get(P_TOUR) not in known:
        st.query_params[P_TOUR] = tour.id
    return tour


def write(tour: Tour, carried: set[str], *, notes: bool = False) -> None:
    """Put the tour in the address when it lives nowhere else (ids in `carried`), with its
    speaker notes only in the presenter's; take it out otherwise."""
    if tour.id in carried:
        code = tourlink.encode(tour, notes=notes)
        if st.query_params.get(P_SHARED) != code:
            st.query_params[P_SHARED] = code
    elif P_SHARED in st.query_params:
        del st.query_params[P_SHARED]


def link(base: str, tour: Tour) -> str:
    """The address that presents the tour from its first scene, from any page's URL."""
    query = urlencode({P_SHARED: tourlink.encode(tour), P_SCENE: "1"})
    return urljoin(base or "/", PRESENT_PAGE) + "?" + query
