"""The sidebar: find and select, relationship layers, tie filters and strategic geography."""

from __future__ import annotations

import streamlit as st

from allies import queries
from allies.load import Dataset
from allies.selection import Selection
from allies.vocab import CATEGORIES, PLACE_GROUPS, PLACE_KINDS, STATUSES
from ui import data, keys
from ui.panel import md
from ui.state import place_groups, request_focus, reset_center, select
from ui.urlstate import VIEWS, Choices

CONTEXT_PLACE = '"(context)": the sources do not name this place; it is drawn as context.'


def _on_search(ds: Dataset) -> None:
    text = st.session_state.get(keys.SEARCH, "")
    hit = queries.find_actor(ds, text)
    if hit:
        select(Selection("actor", hit))
        st.session_state[keys.SEARCH_MESSAGE] = None
    elif text.strip():
        st.session_state[keys.SEARCH_MESSAGE] = "No actor has that name or alias."


def find_and_select(ds: Dataset) -> None:
    """The search box and the list of everything selectable."""
    labels = data.selection_labels()
    st.text_input(
        "Find an actor",
        key=keys.SEARCH,
        persist_state=keys.KEEP,
        placeholder="Name or alias: Hizballah, DPRK, PMF…",
        on_change=_on_search,
        args=(ds,),
    )
    if st.session_state.get(keys.SEARCH_MESSAGE):
        st.caption(st.session_state[keys.SEARCH_MESSAGE])
    st.selectbox(
        "Select",
        list(labels),
        key=keys.SELECTION,
        persist_state=keys.KEEP,
        format_func=lambda v: labels.get(v, v),
        placeholder="Nothing selected: type to search",
        on_change=request_focus,
        help="An actor, a tie or a place; clicking the map does the same.",
    )
    st.button(
        "Clear selection",
        key=keys.CLEAR,
        on_click=select,
        args=(None,),
        disabled=not st.session_state.get(keys.SELECTION),
        icon=":material/close:",
    )


def filters(ds: Dataset, choices: Choices, *, places: bool = True) -> None:
    """Every filter of the map, bound to the keys the URL state reads; `places=False` leaves
    out the strategic places (for views that do not draw them, such as the network)."""
    st.pills(
        "Relationship layers",
        choices.layers,
        selection_mode="multi",
        key=keys.LAYERS,
        persist_state=keys.KEEP,
        format_func=lambda c: CATEGORIES[c].label,
        help="Actors of the layers you switch off disappear, with their ties. Iran stays.",
    )
    st.pills(
        "Status of ties",
        choices.status,
        selection_mode="multi",
        key=keys.STATUS,
        persist_state=keys.KEEP,
        help=" ".join(f"{k}: {v}" for k, v in STATUSES.items()),
    )
    st.multiselect(
        "Support type",
        choices.support,
        key=keys.SUPPORT,
        persist_state=keys.KEEP,
        placeholder="Any support",
        help="Show only the ties that carry one of these. Empty: all ties.",
        format_func=lambda s: s,
    )
    low, high = choices.years
    if low < high:  # a slider needs two ends; with a single year there is nothing to choose
        st.slider(
            "As of year",
            min_value=low,
            max_value=high,
            key=keys.AS_OF,
            persist_state=keys.KEEP,
            help="Hides ties whose start year, where a source gives one, is later. "
            "Ties without a start year stay visible.",
        )
    titles = dict(zip(ds.sources["source_id"], ds.sources["title"], strict=True))
    every = "Both sources" if len(choices.sources) == 2 else "All sources"
    # Every source is "" in the widget: a radio whose value is None shows no option checked.
    st.radio(
        "Source document",
        ["", *choices.sources],
        key=keys.SOURCE,
        persist_state=keys.KEEP,
        format_func=lambda s: md(titles[s]) if s else every,
    )
    st.toggle(
        "Only ties more than one source supports",
        key=keys.MULTI_SOURCE,
        persist_state=keys.KEEP,
        help="Hides every tie that the excerpts of a single source carry alone. An excerpt that "
        "only qualifies or weakens a tie does not count as support.",
    )
    if places:
        _places(choices)


def _places(choices: Choices) -> None:
    """The strategic places: one row of pills per kind of place, each pill a place to draw."""
    with st.expander("Strategic geography", expanded=True):
        rows = data.place_rows()
        offers = place_groups(choices, choices.places)
        picked: set[str] = set()
        for group, title, kinds in PLACE_GROUPS:
            offered = offers[keys.places_in(group)]
            if not offered:
                continue
            picked.update(
                st.pills(
                    title,
                    offered,
                    selection_mode="multi",
                    key=keys.places_in(group),
                    persist_state=keys.KEEP,
                    format_func=lambda pid: place_label(rows[pid]),
                    help=_group_help(kinds, [rows[pid] for pid in offered]),
                )
            )
        st.session_state[keys.PLACES] = [pid for pid in choices.places if pid in picked]


def _group_help(kinds: tuple[str, ...], rows: list[dict]) -> str:
    """What the kinds of places in a group are, and what "(context)" means if a pill has it."""
    words = [f"{kind.capitalize()}: {PLACE_KINDS[kind]}" for kind in kinds]
    if not all(row["in_sources"] for row in rows):
        words.append(CONTEXT_PLACE)
    return " ".join(words)


def place_label(row: dict) -> str:
    """A place's name as a toggle shows it, marked when the sources do not name it."""
    return md(row["name"]) + ("" if row["in_sources"] else " (context)")


def view_switch() -> None:
    """Middle East or world: steers the map's centre and zoom without redrawing it."""
    st.radio(
        "Map view",
        list(VIEWS),
        key=keys.VIEW,
        persist_state=keys.KEEP,
        horizontal=True,
        label_visibility="collapsed",
        on_change=reset_center,
        format_func=lambda v: {"region": "Middle East", "world": "World"}[v],
    )
