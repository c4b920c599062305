"""AppTest flows of the network page on the sample dataset: the map's filters in its sidebar,
shared through the address, the selection, and its own reading guide."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import parse_html
from streamlit.testing.v1 import AppTest

from ui import keys, state

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
pytestmark = pytest.mark.usefixtures("sample_app")


def network(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.switch_page("pages/network.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def side(at: AppTest):
    page = parse_html("".join(str(el.proto.body) for el in at.get("html")))
    return page.find("div", class_="ap")


def drawn(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Drawn:"))


def test_the_network_opens_with_its_own_guide_and_everything_drawn():
    at = network()
    ap = side(at)
    assert ap.attrs["data-panel"] == "guide"
    assert ap.find("h2").text == "How to read the network"
    assert drawn(at).startswith("Drawn: 6 of 6 actors and 5 ties.")
    assert len(at.get("vega_lite_chart")) == 1
    # The map's filters are here, its place toggles are not.
    assert at.sidebar.button_group(key=keys.LAYERS) is not None
    assert [g for g in at.sidebar.button_group if g.key and g.key.startswith("places_")] == []


@pytest.mark.parametrize(
    ("key", "value", "param", "shown"),
    [
        (keys.LAYERS, ["proxy"], "layers", "Drawn: 3 of 6 actors and 2 ties."),
        (keys.STATUS, ["active"], "status", "Drawn: 6 of 6 actors and 4 ties."),
        (keys.SUPPORT, ["arms"], "support", "Drawn: 6 of 6 actors and 1 ties."),
        (keys.SOURCE, "beta", "source", "Drawn: 2 of 6 actors and 1 ties."),
        (keys.AS_OF, 2020, "asof", "Drawn: 6 of 6 actors and 4 ties."),
        # Every tie of the sample is carried by one source alone.
        (keys.MULTI_SOURCE, True, "multi", "Drawn: 6 of 6 actors and 0 ties."),
    ],
)
def test_each_filter_of_the_sidebar_narrows_the_network_and_goes_in_the_address(
    key, value, param, shown
):
    at = network()
    at.session_state[key] = value
    rerun(at)
    assert drawn(at).startswith(shown)
    assert param in at.query_params


def test_the_layer_pills_drive_the_network():
    at = network()
    at.sidebar.button_group(key=keys.LAYERS).set_value(["global power"])
    rerun(at)
    assert drawn(at).startswith("Drawn: 5 of 6 actors and 3 ties.")
    assert at.query_params["layers"] == "global power"


def test_a_link_opens_the_same_view_on_the_network():
    at = network({"sel": "actor:russia", "layers": "global power", "places": "oil_route"})
    assert side(at).find("h2").text == "Russia"
    assert drawn(at).startswith("Drawn: 5 of 6 actors")
    # The places are the map's: kept in the address, though not drawn here.
    assert dict(at.query_params) == {
        "sel": "actor:russia",
        "layers": "global power",
        "places": "oil_route",
    }


def test_the_map_keeps_its_places_after_a_visit_to_the_network():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["places"] = "oil_route"
    rerun(at)
    assert at.sidebar.button_group(key=keys.places_in("corridors")).value == ["oil_route"]
    at.switch_page("pages/network.py")
    rerun(at)
    rerun(at)  # a second run on the network: the toggles, not drawn here, must survive it
    at.switch_page("pages/map.py")
    rerun(at)
    assert at.sidebar.button_group(key=keys.places_in("corridors")).value == ["oil_route"]
    assert at.query_params["places"] == "oil_route"


def test_an_address_changed_from_outside_selects_what_it_names():
    at = network({"sel": "actor:russia", "layers": "global power"})
    # What a link in a panel (or the Back button) does: the address changes, the page reruns.
    at.query_params["sel"] = "actor:china"
    rerun(at)
    assert side(at).find("h2").text == "China"
    assert at.session_state[keys.SELECTION] == "actor:china"
    assert at.query_params["layers"] == "global power"


def test_a_click_on_a_node_selects_it(monkeypatch):
    fake = {keys.NETWORK: {"selection": {"node": [{"actor_id": "hezbollah"}]}}}
    monkeypatch.setattr(state.st, "session_state", fake)
    state.on_network_click()
    assert fake[keys.SELECTION] == "actor:hezbollah"
    fake[keys.NETWORK] = {"selection": {"node": []}}  # a click on empty space keeps it
    state.on_network_click()
    assert fake[keys.SELECTION] == "actor:hezbollah"


def test_a_place_selected_elsewhere_shows_its_panel_with_links_here():
    at = network({"sel": "place:lebanon", "layers": "proxy"})
    ap = side(at)
    assert ap.attrs["data-panel"] == "place"
    link = ap.find("li", data_link_actor="hezbollah").find("a")
    assert link.attrs["href"] == "?sel=actor:hezbollah&layers=proxy"
