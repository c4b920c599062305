"""The live map's call: ui.mapcall.show sends streamlit-folium's component exactly what st_folium
sends for the same map, groups and options, though it renders the constant parts once."""

from __future__ import annotations

import pytest
import streamlit_folium
from map_fixture import write_map_dataset
from streamlit_folium import st_folium

from allies import queries
from allies.load import load_dataset
from allies.selection import Selection
from allies.vocab import CATEGORIES, HUB
from geo import mapbuild, playback
from geo.shapes import load_countries
from ui import keys, mapcall, since


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(write_map_dataset(tmp_path_factory.mktemp("call") / "data"))


def _sent(monkeypatch, call) -> dict:
    """The arguments `call()` hands streamlit-folium's component."""
    sent: dict = {}

    def component(**kwargs):
        sent.update(kwargs)
        return None

    monkeypatch.setattr(streamlit_folium, "_component_func", component)
    call()
    return sent


@pytest.mark.parametrize("click_to_zoom", [False, True])
@pytest.mark.parametrize("selection", [None, Selection("actor", "hezbollah")])
@pytest.mark.parametrize("marks", [False, True])
def test_show_sends_what_st_folium_sends(monkeypatch, ds, click_to_zoom, selection, marks):
    every = tuple(c for c in CATEGORIES if c != HUB)
    view = queries.visible(ds, queries.Filters(layers=every, places=tuple(ds.places.place_id)))
    built = mapbuild.layers(view, load_countries(), selection=selection)

    def extra():
        timeline = playback.group(playback.timeline(ds), ties=view.ties["rel_id"])
        return [*since.groups(ds, built, marks), timeline]

    options = {"center": (31.0, 44.0), "zoom": 5, "height": 640}
    want = _sent(
        monkeypatch,
        lambda: st_folium(
            mapbuild.base_map(click_to_zoom=click_to_zoom),
            key=keys.MAP,
            feature_group_to_add=[*built.groups, *extra()],
            layer_control=mapbuild.layer_control(),
            use_container_width=True,
            returned_objects=list(mapcall.RETURNED),
            on_change=lambda: None,
            **options,
        ),
    )
    got = _sent(
        monkeypatch,
        lambda: mapcall.show(
            built,
            mapcall.layers_script(built),
            extra(),
            click_to_zoom=click_to_zoom,
            on_change=lambda: None,
            **options,
        ),
    )
    assert set(got) == set(want)
    for name in sorted(want):
        if name in ("on_change", "id"):  # a callback; the base map's random id (named map_div)
            continue
        assert got[name] == want[name], name
    assert want["feature_group"].count("feature_group_feature_group_") > len(built.layers)
    assert "map_div" in got["layer_control"]


def test_the_map_page_caches_the_script_of_its_cached_layers(sample_app):
    """What the map page hands the component for a view's layers is made from the cached
    layers of the same view and selection, once, and shared."""
    from ui import data

    data.clear_map_caches()
    try:
        every = queries.Filters(layers=tuple(c for c in CATEGORIES if c != HUB))
        for selection in (None, "actor:hezbollah"):
            script = data.map_script(every, selection)
            assert script == mapcall.layers_script(data.map_layers(every, selection))
            assert data.map_script(every, selection) is script
        assert data.map_script(every, None) != data.map_script(every, "actor:hezbollah")
    finally:
        data.clear_map_caches()
