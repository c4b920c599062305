"""Presentation mode: step through a tour's scenes on a large map, with big type for a classroom.

The address holds the tour and the scene (`?tour=crink&scene=2`) and the scene's view (`sel`,
`layers`, `places`), so a link reopens the scene and the page links take the view to the Map.
The base map never changes: a new scene swaps the feature groups and steers centre and zoom, so
the map's iframe is not reloaded.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from allies.context import currency
from allies.load import Dataset
from allies.selection import text_of
from allies.tourlink import SHARED_ID
from allies.tours import Scene, Tour
from geo import mapbuild, playback
from ui import data, keys, layout, presenter, share, sharedtour, state, stillbuttons, tourmaker
from ui.render import render
from ui.scenes import scene_html, scene_subjects, scene_view
from ui.urlstate import P_SCENE, P_TOUR, View, filters, tour_position, view_params

MAP_HEIGHT = 560  # fits a 1280 × 720 projector under the controls
# The clicker keys (Page Down / Page Up) drive buttons that are never shown: one visible pair is
# enough, and Streamlit binds one shortcut per button.


def _go(tour_id: str, index: int) -> None:
    """Move to a scene (a button or the tour picker's callback, before the page is drawn)."""
    state.write_params({P_TOUR: tour_id, P_SCENE: str(index + 1)}, (P_TOUR, P_SCENE))
    st.session_state[keys.PRESENT_POSITION] = (tour_id, index)


def _pick_tour() -> None:
    _go(st.session_state[keys.PRESENT_TOUR], 0)


def _position(tours: list[Tour]) -> tuple[Tour, int]:
    """The tour and scene the address asks for; without one, where this session last was."""
    counts = {t.id: len(t.scenes) for t in tours}
    params = st.query_params.to_dict()
    remembered = st.session_state.get(keys.PRESENT_POSITION)
    if P_TOUR not in params and remembered and remembered[0] in counts:
        params = {P_TOUR: remembered[0], P_SCENE: str(remembered[1] + 1)}
    tour_id, index, ignored = tour_position(params, counts)
    if ignored:
        st.toast("The link named a tour or scene that does not exist: showing the first scene.")
    _go(tour_id, index)
    return next(t for t in tours if t.id == tour_id), index


def _controls(tours: list[Tour], tour: Tour, index: int) -> None:
    """Tour picker, Previous, the scene counter and Next (arrow keys and a clicker too)."""
    last = len(tour.scenes) - 1
    titles = {t.id: t.title for t in tours}
    st.session_state[keys.PRESENT_TOUR] = tour.id
    with st.container(
        horizontal=True, vertical_alignment="center", key=keys.PRESENT_CONTROLS, gap="small"
    ):
        st.selectbox(
            "Tour",
            list(titles),
            key=keys.PRESENT_TOUR,
            format_func=titles.get,
            on_change=_pick_tour,
            label_visibility="collapsed",
            width=180,
        )
        st.button(
            "Previous",
            key=keys.PRESENT_PREVIOUS,
            icon=":material/arrow_back:",
            on_click=_go,
            args=(tour.id, index - 1),
            disabled=index == 0,
            shortcut="Left",
        )
        st.markdown(f"**Scene {index + 1} of {last + 1}**")
        st.button(
            "Next",
            key=keys.PRESENT_NEXT,
            icon=":material/arrow_forward:",
            type="primary",
            on_click=_go,
            args=(tour.id, index + 1),
            disabled=index == last,
            shortcut="Right",
        )
    with st.container(key=keys.PRESENT_CLICKER):
        st.button(
            "Next scene",
            key=keys.PRESENT_NEXT_PAGE,
            on_click=_go,
            args=(tour.id, min(index + 1, last)),
            shortcut="PageDown",
        )
        st.button(
            "Previous scene",
            key=keys.PRESENT_PREVIOUS_PAGE,
            on_click=_go,
            args=(tour.id, max(index - 1, 0)),
            shortcut="PageUp",
        )


def _map(ds: Dataset, view: View, scene: Scene) -> None:
    """The large map of the scene: the constant base map, the scene's layers, its centre and
    zoom. The layers come from the same cache as the Map page's, and the base map fetches its
    shapes once, as there."""
    built = data.map_layers(filters(view), text_of(view.selection), scene_subjects(ds, scene))
    st_folium(
        mapbuild.base_map(),
        key=keys.PRESENT_MAP,
        feature_group_to_add=[*built.groups, playback.group(data.timeline(), scene.play)],
        layer_control=mapbuild.layer_control(),
        center=tuple(scene.center),
        zoom=scene.zoom,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
    )


def page() -> None:
    """The whole presentation page."""
    ds = data.dataset_or_stop()
    choices = data.choices(ds)
    data.static_assets()
    tours, problems = data.tours()
    made = tourmaker.draft(ds)
    tours = [*tours, made] if made is not None else tours
    shared = sharedtour.from_address(ds, {t.id for t in tours} | {SHARED_ID})
    tours = [*tours, shared] if shared is not None else tours
    if not tours:
        layout.setup()
        st.markdown("#### Present a tour")
        st.info("There are no tours to present: add a tour file to the data folder's tours/.")
        _problems(problems)
        share.bar()
        return
    tour, index = _position(tours)
    sharedtour.write(tour, {tourmaker.DRAFT_ID, SHARED_ID}, notes=presenter.active())
    scene = tour.scenes[index]
    view = scene_view(scene, choices)
    state.write_url(view, choices)
    # After the address holds the scene, so that the page links take this view to the Map.
    layout.setup(folded=True)
    st.html(
        render("present_style.html", clicker=keys.PRESENT_CLICKER, controls=keys.PRESENT_CONTROLS)
    )
    st.html(
        render("present_keys.html", next=keys.PRESENT_NEXT, previous=keys.PRESENT_PREVIOUS)
        + presenter.sync_script(),
        unsafe_allow_javascript=True,
    )
    if presenter.active():
        _controls(tours, tour, index)
        presenter.view(tour, index)
        _problems(problems)
        return
    # The controls sit above the map, so that the scene's text has the column's full height.
    map_col, text_col = st.columns([0.58, 0.42], gap="small")
    with map_col:
        _controls(tours, tour, index)
        _map(ds, view, scene)
        st.caption(currency(ds).line)
        with st.container(horizontal=True, vertical_alignment="center"):
            st.page_link(
                "pages/map.py",
                label="Leave the tour: explore this view on the Map",
                icon=":material/map:",
                query_params=view_params(view, choices),
            )
            share.download_tour(ds, tour, choices)
            stillbuttons.scene_downloads(view, scene, tour)
            presenter.open_button(tour, index, {tourmaker.DRAFT_ID, SHARED_ID})
    with text_col:
        st.html(scene_html(ds, data.evidence(), tour, index))
    _problems(problems)
    share.bar()


def _problems(problems) -> None:
    """Tour files that did not pass their checks, named so that their author can fix them."""
    if problems:
        with st.expander(f"{len(problems)} problem(s) in the tour files: those tours are left out"):
            st.code("\n".join(str(p) for p in problems), language=None)
