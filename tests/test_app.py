"""AppTest (no browser) on the sample dataset: every page runs, every filter works, the URL goes
in and out."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import parse_html
from streamlit.testing.v1 import AppTest

from allies.vocab import CONTEXT_LABEL
from ui import keys
from ui.data import DATA_ENV

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
pytestmark = pytest.mark.usefixtures("sample_app")


def run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def panel(at: AppTest):
    """The side panel's outer element, parsed from the page's HTML elements."""
    page = parse_html("".join(str(el.proto.body) for el in at.get("html")))
    return page.find("div", class_="ap")


def caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Drawn:"))


PAGE_FILES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))


def test_the_smoke_test_sees_every_page():
    assert len(PAGE_FILES) >= 4 and "map.py" in PAGE_FILES


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_runs(page):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(f"pages/{page}")
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_default_run_shows_orientation_and_everything():
    at = run()
    assert panel(at).find("h2").text == "How to read this map"
    assert caption(at).startswith("Drawn: 5 of 6 actors, 4 of 5 ties, 1 places.")
    assert dict(at.query_params) == {}


def test_selection_from_url_fills_the_panel():
    at = run({"sel": "actor:hezbollah"})
    ap = panel(at)
    assert (ap.attrs["data-panel"], ap.find("h2").text) == ("actor", "Hezbollah")
    assert [b.attrs["data-excerpt"] for b in ap.own("blockquote")] == [
        "alpha-001",
        "alpha-003",
        "gamma-002",
    ]
    assert "Hezbollah" in [m.text for m in ap.find_all("mark")]


def test_tie_and_place_selections():
    at = run({"sel": "tie:r001"})
    assert panel(at).attrs["data-panel"] == "tie"
    at = run({"sel": "place:oil_route"})
    ap = panel(at)
    assert ap.attrs["data-panel"] == "place"
    assert ap.find("span", class_="b-context").text == CONTEXT_LABEL


def test_layer_filter_hides_actors_and_their_ties_and_writes_the_url():
    at = run()
    at.session_state[keys.LAYERS] = ["state partner", "global power"]
    at.run()
    assert caption(at).startswith("Drawn: 4 of 6 actors, 2 of 5 ties")
    assert at.query_params["layers"] == "state partner,global power"


@pytest.mark.parametrize(
    ("key", "value", "param"),
    [
        (keys.STATUS, ["weakened"], "status"),
        (keys.SUPPORT, ["arms"], "support"),
        (keys.AS_OF, 2003, "asof"),
        (keys.SOURCE, "beta", "source"),
        (keys.VIEW, "world", "view"),
    ],
)
def test_each_filter_narrows_and_is_shared(key, value, param):
    at = run()
    before = caption(at)
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
    assert panel(at).find("h2").text == "Hezbollah"
    at.sidebar.text_input(key=keys.SEARCH).input("zzz-unknown").run()
    assert any("No actor has that name" in c.value for c in at.sidebar.caption)
    assert not any("zzz-unknown" in c.value for c in at.sidebar.caption)


def test_a_filter_change_draws_each_page_link_once_with_the_new_view(monkeypatch):
    import streamlit as st

    from ui.sitemap import PAGES

    at = run()
    drawn: list[dict] = []
    real = st.page_link
    monkeypatch.setattr(
        st, "page_link", lambda *a, **kw: drawn.append(kw["query_params"]) or real(*a, **kw)
    )
    at.sidebar.button_group(key=keys.LAYERS).set_value(["proxy"]).run()
    assert drawn == [{"layers": "proxy"}] * len(PAGES)


def test_a_place_pill_adds_a_place():
    at = run()
    before = caption(at)
    corridors = at.sidebar.button_group(key=keys.places_in("corridors"))
    assert corridors.value == []
    assert corridors.help.startswith("Corridor: A route")  # what the kinds of the row are
    corridors.set_value(["oil_route"]).run()
    assert caption(at) != before
    assert set(at.query_params["places"].split(",")) == {"lebanon", "oil_route"}


def test_malformed_query_values_are_ignored_with_one_notice():
    at = run({"sel": "actor:<script>", "layers": "proxy,nonsense", "asof": "19x9", "view": "moon"})
    assert panel(at).attrs["data-panel"] == "orientation"
    notices = [t.value for t in at.toast]
    assert len(notices) == 1
    assert all(name in notices[0] for name in ("sel", "layers", "asof", "view"))
    assert "<script>" not in notices[0] and "nonsense" not in notices[0]
    assert "Drawn:" in caption(at)


def test_query_params_round_trip():
    params = {
        "sel": "actor:hezbollah",
        "layers": "proxy,opponent",
        "status": "active",
        "places": "oil_route",
        "asof": "2015",
        "view": "world",
    }
    at = run(params)
    assert dict(at.query_params) == params


def test_choosing_from_the_list_brings_the_selection_into_view():
    at = run()
    assert keys.CENTER not in at.session_state
    at.sidebar.selectbox(key=keys.SELECTION).set_value("actor:china").run()
    assert at.session_state[keys.CENTER] == (39.9, 116.4)
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
    monkeypatch.setenv(DATA_ENV, str(tiny_data))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "did not pass validation" in at.error[0].value
    assert "actors.csv" in at.code[0].value and "missing" in at.code[0].value


def test_another_data_folder_can_be_served(tiny_data, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tiny_data))
    at = run()
    assert caption(at).startswith("Drawn: 4 of 4 actors, 2 of 2 ties, 1 places.")


def test_network_page_cleans_a_bad_link_with_one_notice():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["sel"] = "actor:hezbollah"
    at.query_params["layers"] = "bogus"
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception
    assert len(at.toast) == 1 and "layers" in at.toast[0].value
    assert dict(at.query_params) == {"sel": "actor:hezbollah"}
    assert panel(at).find("h2").text == "Hezbollah"


def test_the_text_view_is_sent_only_while_it_is_open():
    """Folded, the text view sends nothing but the map's one-sentence alternative; opened, it
    lists what the map draws (and stays open through the next run)."""
    from ui import keys

    def sent(at: AppTest) -> str:
        return "".join(str(el.proto.body) for el in at.get("html"))

    at = run({"sel": "actor:hezbollah"})
    assert "data-textview" not in sent(at) and 'id="map-alt"' in sent(at)
    at.session_state[keys.TEXT_VIEW] = True
    at.run()
    assert "data-textview" in sent(at)
    at.run()
    assert "data-textview" in sent(at)


def test_the_map_and_the_network_share_one_panel_and_one_set_of_rows(monkeypatch):
    """Both pages open on the same skeleton: the network's panel for a selection is the map's,
    made once and served from the cache every session shares, and so are its rows."""
    from allies import queries
    from ui import data
    from ui import panel as panels

    made = {"panel": 0, "rows": 0}

    def counting(name, real):
        def call(*args, **kwargs):
            made[name] += 1
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(panels, "panel", counting("panel", panels.panel))
    monkeypatch.setattr(queries, "visible", counting("rows", queries.visible))
    data.clear_map_caches()
    on_map = str(panel(run({"sel": "actor:hezbollah"})))
    assert made == {"panel": 1, "rows": 1}
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["sel"] = "actor:hezbollah"
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert str(panel(at)) == on_map
    assert made == {"panel": 1, "rows": 1}
