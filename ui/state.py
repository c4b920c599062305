"""Session state <-> URL: widgets start from the query string and write their values back.

The Select box (and so the session state under keys.SELECTION) holds a selection's text form,
as the address does; `current_view` turns it into a `Selection`. Plain strings in widget state
survive Streamlit's reruns and its reloading of changed modules, which class instances do not.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import streamlit as st

from allies.selection import Selection, text_of
from allies.vocab import PLACE_GROUPS
from ui import data, keys, layout
from ui.network import picked
from ui.urlstate import OWN_PARAMS, Choices, View, parse_view, view_params


def init_from_url(choices: Choices) -> None:
    """Seed the widgets from the query string when the session starts, and again when the
    address holds another view than the widgets last wrote (a link in the side panel that
    selects something, the browser's Back button, a page that writes a view of its own, such
    as a tour's scene). The widgets keep their values across pages (keys.KEEP), so only the
    address tells whether the reader came back with another view."""
    if keys.LAYERS in st.session_state and not address_moved():
        return
    view = parse_view(st.query_params.to_dict(), choices)
    st.session_state[keys.SELECTION] = text_of(view.selection)
    st.session_state[keys.LAYERS] = list(view.layers)
    st.session_state[keys.SUPPORT] = list(view.support)
    st.session_state[keys.STATUS] = list(view.status)
    st.session_state[keys.PLACES] = list(view.places)
    st.session_state.update(place_groups(choices, view.places))
    st.session_state[keys.SOURCE] = view.source or ""  # "": every source (ui.sidebar)
    st.session_state[keys.AS_OF] = view.as_of
    st.session_state[keys.VIEW] = view.view
    st.session_state[keys.MULTI_SOURCE] = view.multi_source
    st.session_state[keys.SINCE] = view.since
    st.session_state[keys.URL_NOTICE] = view.ignored
    st.session_state[keys.FOCUS] = view.selection is not None


def place_groups(choices: Choices, places: Collection[str]) -> dict[str, list[str]]:
    """Per group of place toggles (allies.vocab.PLACE_GROUPS), under its widget's key: the
    offered places of the group that are in `places`."""
    rows = data.place_rows()
    return {
        keys.places_in(group): [
            pid for pid in choices.places if pid in places and rows[pid]["kind"] in kinds
        ]
        for group, _, kinds in PLACE_GROUPS
    }


def address_moved() -> bool:
    """Whether the view's parameters in the address differ from what the widgets last wrote
    (`stamp_address`)."""
    last = st.session_state.get(keys.URL_WRITTEN)
    if last is None:
        return False
    return layout.view_in_address() != last


def current_view() -> View:
    """The view the widgets describe now."""
    s = st.session_state
    return View(
        selection=Selection.parse(s.get(keys.SELECTION)),
        layers=tuple(s.get(keys.LAYERS) or ()),
        support=tuple(s.get(keys.SUPPORT) or ()),
        status=tuple(s.get(keys.STATUS) or ()),
        places=tuple(s.get(keys.PLACES) or ()),
        source=s.get(keys.SOURCE) or None,
        as_of=int(s[keys.AS_OF]),
        view=s.get(keys.VIEW),
        multi_source=bool(s.get(keys.MULTI_SOURCE)),
        since=bool(s.get(keys.SINCE)),
    )


def write_url(view: View, choices: Choices) -> None:
    """Put the view in the query string, touching only our own parameters."""
    wanted = view_params(view, choices)
    write_params(wanted, OWN_PARAMS)
    layout.refresh_links()


def stamp_address() -> None:
    """Note the address's view as the widgets' own (call after writing their view): another
    page may write a view of its own, which the widgets take up when the reader comes back."""
    st.session_state[keys.URL_WRITTEN] = layout.view_in_address()


def write_params(wanted: Mapping[str, str], owned: Collection[str]) -> None:
    """Make the address's `owned` parameters the `wanted` ones, keeping the others and their
    order, in one change: the browser's history gets one entry, not one per parameter."""
    now = st.query_params.to_dict()
    kept = {k: v for k, v in now.items() if k not in owned}
    new = {k: wanted[k] if k in owned else v for k, v in now.items() if k in kept or k in wanted}
    new.update({k: v for k, v in wanted.items() if k in owned and k not in new})
    if new != now:
        st.query_params.from_dict(new)


def select(selection: Selection | None) -> None:
    """Select an actor, tie or place (call from callbacks, before widgets are drawn)."""
    st.session_state[keys.SELECTION] = text_of(selection)
    request_focus()


def request_focus() -> None:
    """Ask the next run to bring the selection into view (not for clicks on the map itself)."""
    st.session_state[keys.FOCUS] = True


def reset_center() -> None:
    """Forget a centre set by focusing, so that the chosen map view applies again."""
    st.session_state[keys.CENTER] = None


def map_center(default: tuple[float, float], target: tuple[float, float] | None):
    """The centre to pass to the map: a pending focus on `target` moves it there, once."""
    if st.session_state.pop(keys.FOCUS, False) and target is not None:
        st.session_state[keys.CENTER] = (round(target[0], 3), round(target[1], 3))
    return st.session_state.get(keys.CENTER) or default


def on_map_click() -> None:
    """st_folium callback: turn the clicked object's tooltip into a selection."""
    value = st.session_state.get(keys.MAP) or {}
    tooltip = value.get("last_object_clicked_tooltip")
    index = st.session_state.get(keys.TOOLTIP_INDEX) or {}
    if tooltip and tooltip.strip() in index:
        kind, ident = index[tooltip.strip()]
        # What was clicked is on screen already: no focus, so the map does not move.
        st.session_state[keys.SELECTION] = str(Selection(kind, ident))


def on_network_click() -> None:
    """Altair callback on the network page: the clicked node becomes the selection (a click
    on empty space keeps it)."""
    actor_id = picked(st.session_state.get(keys.NETWORK))
    if actor_id:
        select(Selection("actor", actor_id))


def notify_ignored(ignored: tuple[str, ...]) -> None:
    """One quiet notice naming the link's parameters that were left out (never their values:
    echoing them would let a link put its own text on the page)."""
    if ignored:
        names = ", ".join(dict.fromkeys(item.split("=")[0] for item in ignored))
        st.toast(f"Some settings in the link were not understood and were left out: {names}.")
