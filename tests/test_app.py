"""AppTest (no browser): every page runs, every filter works, the URL goes in and out."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from allies.load import load_dataset
from ui import keys

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()


def run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def panel_html(at: AppTest) -> str:
    return "".join(str(el.proto.body) for el in at.get("html"))


def caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Drawn:"))


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "pages").glob("*.py")))
def test_every_page_runs(page):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(f"pages/{page}")
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_default_run_shows_orientation_and_everything():
    at = run()
    assert "How to read this map" in panel_html(at)
    ds = load_dataset()
    seated = set(ds.actors.loc[ds.actors["lat"].notna(), "actor_id"])
    ties = ds.relationships
    drawn = int((ties["from_actor"].isin(seated) & ties["to_actor"].isin(seated)).sum())
    assert caption(at).startswith(
        f"Drawn: {len(seated)} of {len(ds.actors)} actors, {drawn} of {len(ties)} ties, "
        f"{int(ds.places['default_on'].sum())} places."
    )
    assert dict(at.query_params) == {}


def test_selection_from_url_fills_the_panel():
    at = run({"sel": "actor:hezbollah"})
    html = panel_html(at)
    assert 'data-panel="actor"' in html and "<h2>Hezbollah</h2>" in html
    assert html.count("<blockquote") >= 5
    assert "<mark>Hezbollah</mark>" in html


def test_tie_and_place_selections():
    at = run({"sel": "tie:r001"})
    assert 'data-panel="tie"' in panel_html(at)
    at = run({"sel": "place:strait_of_hormuz"})
    html = panel_html(at)
    assert 'data-panel="place"' in html and "Context — not from the sources" in html


def test_layer_filter_hides_actors_and_their_ties_and_writes_the_url():
    at = run()
    at.session_state[keys.LAYERS] = ["state partner", "global power"]
    at.run()
    text = caption(at)
    assert "Drawn: 36 of" not in text
    assert at.query_params["layers"] == "state partner,global power"


@pytest.mark.parametrize(
    ("key", "value", "param"),
    [
        (keys.STATUS, ["weakened"], "status"),
        (keys.SUPPORT, ["drones and missiles"], "support"),
        (keys.AS_OF, "before the first start year", "asof"),
        (keys.SOURCE, "standing-firm", "source"),
        (keys.VIEW, "world", "view"),
    ],
)
def test_each_filter_narrows_and_is_shared(key, value, param):
    at = run()
    before = caption(at)
    if key == keys.AS_OF:  # a year that hides at least the earliest-starting tie
        value = int(load_dataset().relationships["since"].min()) - 1
    at.session_state[key] = value
    at.run()
    assert not at.exception
    assert param in at.query_params
    if key != keys.VIEW:
        assert caption(at) != before


def test_search_box_finds_an_alias_and_selects_it():
    at = run()
    at.sidebar.text_input(key=keys.SEARCH).input("Hizballah").run()
    assert at.session_state[keys.SELECTION] == "actor:hezbollah"
    assert "<h2>Hezbollah</h2>" in panel_html(at)
    at.sidebar.text_input(key=keys.SEARCH).input("zzz-unknown").run()
    assert any("No actor has that name" in c.value for c in at.sidebar.caption)
    assert not any("zzz-unknown" in c.value for c in at.sidebar.caption)


def test_place_checkbox_adds_a_place():
    at = run()
    before = caption(at)
    at.sidebar.checkbox(key=keys.place("strait_of_hormuz")).check().run()
    assert caption(at) != before
    assert "strait_of_hormuz" in at.query_params["places"]


def test_malformed_query_values_are_ignored_with_one_notice():
    at = run({"sel": "actor:<script>", "layers": "proxy,nonsense", "asof": "19x9", "view": "moon"})
    assert "How to read this map" in panel_html(at)
    notices = [t.value for t in at.toast]
    assert len(notices) == 1
    assert all(name in notices[0] for name in ("sel", "layers", "asof", "view"))
    assert "<script>" not in notices[0] and "nonsense" not in notices[0]
    assert "Drawn:" in caption(at)


def test_query_params_round_trip():
    params = {
        "sel": "actor:houthis",
        "layers": "proxy,opponent",
        "status": "active",
        "places": "bab_al_mandab,red_sea_lane",
        "asof": "2015",
        "view": "world",
    }
    at = run(params)
    assert dict(at.query_params) == params


def test_choosing_from_the_list_brings_the_selection_into_view():
    at = run()
    assert keys.CENTER not in at.session_state
    at.sidebar.selectbox(key=keys.SELECTION).set_value("actor:pakistan").run()
    assert at.session_state[keys.CENTER] == (33.693, 73.064)
    # Switching the map view forgets that centre, so the view's own centre applies again.
    at.radio(key=keys.VIEW).set_value("world").run()
    assert at.session_state[keys.CENTER] is None


def test_a_map_click_selects_without_moving_the_map(monkeypatch):
    from ui import state

    fake = {
        keys.MAP: {"last_object_clicked_tooltip": " Turkey · Pragmatic partner "},
        keys.TOOLTIP_INDEX: {"Turkey · Pragmatic partner": ("actor", "turkey")},
    }
    monkeypatch.setattr(state.st, "session_state", fake)
    state.on_map_click()
    assert fake[keys.SELECTION] == "actor:turkey"
    assert keys.FOCUS not in fake
    fake[keys.MAP] = {"last_object_clicked_tooltip": "something not on the map"}
    state.on_map_click()
    assert fake[keys.SELECTION] == "actor:turkey"


def test_broken_data_gives_a_clear_message_not_a_traceback(tiny_data, monkeypatch):
    (tiny_data / "actors.csv").write_text("actor_id,name\nx,y\n", encoding="utf-8")
    monkeypatch.setenv("ALLIES_DATA", str(tiny_data))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "did not pass validation" in at.error[0].value
    assert "actors.csv" in at.code[0].value and "missing" in at.code[0].value


def test_another_data_folder_can_be_served(tiny_data, monkeypatch):
    monkeypatch.setenv("ALLIES_DATA", str(tiny_data))
    at = run()
    assert caption(at).startswith("Drawn: ")
    assert "of 4 actors" in caption(at)


def test_network_page_cleans_a_bad_link_with_one_notice():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["sel"] = "actor:hezbollah"
    at.query_params["layers"] = "bogus"
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception
    assert len(at.toast) == 1 and "layers" in at.toast[0].value
    assert dict(at.query_params) == {"sel": "actor:hezbollah"}
    assert "<h2>Hezbollah</h2>" in panel_html(at)
