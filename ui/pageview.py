"""The skeleton every page of the view stands on, and the address state of the pages that read
the map's view without drawing its filters (support matrix, data and downloads, method): the
same `sel` and filters as the map, plus a few parameters of their own.

A page opens with `reading()` (it names the filters in force) or `filtering()` (it draws them
in the sidebar, as the Map and Network pages do) and gets a `Page`: the dataset, the choices and
the view, and the one way to its rows and its panel, from the caches every session shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import streamlit as st

from allies.load import Dataset
from allies.queries import Filters, Visible
from allies.selection import Selection, text_of
from allies.vocab import CATEGORIES
from ui import data, keys, layout, sidebar, since, state, urlstate
from ui.panel import md
from ui.urlstate import Choices, View, default_view, parse_view, query_string


@dataclass(frozen=True)
class Page:
    """What a page of the view reads: the dataset, the filters' valid values and the view."""

    ds: Dataset
    choices: Choices
    view: View

    @cached_property
    def filters(self) -> Filters:
        return urlstate.filters(self.view)

    @cached_property
    def query(self) -> dict[str, str]:
        """The view's parameters, for links that keep it."""
        return urlstate.view_params(self.view, self.choices)

    def shown(self) -> Visible:
        """The rows the view shows (shared, read-only)."""
        return data.map_scene(self.filters)[0]

    def panel(self) -> str:
        """The side panel of the selection (shared)."""
        return data.panel_html(text_of(self.view.selection), self.query)


def reading() -> Page:
    """Open a page that reads the map's view from the address without drawing its filters."""
    layout.setup(links=False)  # drawn by shared_view, once the address holds the view
    ds = data.dataset_or_stop(layout.refresh_links)
    choices = data.choices(ds)
    return Page(ds, choices, shared_view(choices))


def filtering(*, on_map: bool) -> Page:
    """Open a page that draws the map's filters in the sidebar (the Map, or the Network with
    `on_map` False): the same view from the same address and widgets, so a link opens the same
    selection and filters on either page. Places, their marks and the map's own files belong to
    the Map; the widgets keep their values across pages (keys.KEEP)."""
    layout.setup(links=False)  # state.write_url below draws them, with the view of this run
    ds = data.dataset_or_stop(layout.refresh_links)
    choices = data.choices(ds)
    if on_map:
        data.static_assets()
    state.init_from_url(choices)
    with st.sidebar:
        sidebar.find_and_select(ds)
        if on_map:
            since.toggle()
        sidebar.filters(ds, choices, places=on_map)
    view = state.current_view()
    state.write_url(view, choices)
    state.stamp_address()
    state.notify_ignored(st.session_state.pop(keys.URL_NOTICE, ()))
    return Page(ds, choices, view)


def shared_view(choices: Choices) -> View:
    """The view in the address, as the map writes it: cleaned, written back, and what a link
    could not use named in one notice."""
    view = parse_view(st.query_params.to_dict(), choices)
    state.write_url(view, choices)
    state.notify_ignored(view.ignored)
    return view


def own_param(name: str, allowed: Sequence[str], default: str) -> str:
    """A parameter of this page only: its value if valid, else the default (and the bad value
    leaves the address)."""
    value = st.query_params.get(name)
    if value is None or value == default:
        if value is not None:
            state.write_params({}, (name,))
        return default
    if value in allowed:
        return value
    state.write_params({}, (name,))
    state.notify_ignored((f"{name}=",))
    return default


def set_own_param(name: str, value: str | None, default: str | None = None) -> None:
    """Write this page's parameter; the default leaves the address clean."""
    state.write_params({} if value is None or value == default else {name: value}, (name,))


def seed(key: str, value: object) -> None:
    """Give a widget its value from the address when the page opens (not on later reruns)."""
    if key not in st.session_state:
        st.session_state[key] = value


def select(view: View, choices: Choices, selection: Selection | None) -> View:
    """Select an actor or a tie on this page; the map and every page then open on it."""
    state.select(selection)
    chosen = replace(view, selection=selection)
    state.write_url(chosen, choices)
    return chosen


def filters_summary(ds: Dataset, view: View, choices: Choices) -> str:
    """Markdown naming the filters in force, or that there are none."""
    base = default_view(choices)
    parts = []
    if view.layers != base.layers:
        names = ", ".join(CATEGORIES[c].label for c in view.layers) or "none"
        parts.append(f"layers: {names}")
    if view.status != base.status:
        parts.append(f"status: {', '.join(view.status) or 'none'}")
    if view.support:
        parts.append(f"support: {', '.join(view.support)}")
    if view.source:
        titles = dict(zip(ds.sources["source_id"], ds.sources["title"], strict=True))
        parts.append(f"source: {titles.get(view.source, view.source)}")
    if view.as_of != base.as_of:
        parts.append(f"ties starting by {view.as_of}")
    if not parts:
        return "No filter: everything in the dataset. Set filters on the Map page."
    return "Filters from the Map page: " + md("; ".join(parts)) + "."


def address(here: str, page: str = "") -> str:
    """The address of the current view on a page ('' is the Map), from the page `here` (its
    path, e.g. 'method'): the app's address as the browser gave it, and the view's parameters
    without this page's own ones."""
    params = layout.view_in_address()
    root = (st.context.url or "").rstrip("/")
    if here and root.endswith(f"/{here}"):
        root = root[: -len(here) - 1]
    query = query_string(params)
    return f"{root}/{page}" + (f"?{query}" if query else "")
