"""Tests where the parts meet: hostile text from the data on its way to every page, the cached
wiring of the map page, and the browser's own drawing code (geo/static/map-kit.js, run in Node).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from helpers import parse_html
from hostile import HOSTILE, LIVE, write_hostile_dataset

from allies import queries
from allies.load import load_dataset
from allies.paths import REPO_DIR
from allies.queries import Filters
from allies.selection import Selection, everything
from allies.vocab import CATEGORIES, HUB
from geo import mapbuild
from geo import scene as geo_scene
from geo.arcs import arc
from geo.fastrender import items_of, wire
from geo.shapes import load_countries
from ui import export, panel

LAYERS = tuple(c for c in CATEGORIES if c != HUB)
MAP_KIT = REPO_DIR / "geo" / "static" / "map-kit.js"


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory) -> Path:
    return write_hostile_dataset(tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture(scope="module")
def hostile(hostile_data):
    ds = load_dataset(hostile_data)
    shown = queries.visible(ds, Filters(layers=LAYERS, places=tuple(ds.places["place_id"])))
    return ds, queries.evidence(ds), shown


def assert_inert(markup: str, where: str) -> None:
    """No hostile piece is live markup: no <script> or <img> element, no event handler."""
    for piece in LIVE:
        assert piece not in markup, f"{where}: {piece!r} reached the page unescaped"
    for element in parse_html(markup).elements():
        assert element.tag not in ("script", "img"), f"{where}: a <{element.tag}> element"
        assert not any(a.startswith("on") for a in element.attrs), f"{where}: {element.attrs}"


# --- hostile text -----------------------------------------------------------------------------


def test_the_hostile_dataset_loads_and_carries_its_markup(hostile):
    ds, _, shown = hostile
    assert all(HOSTILE in name for name in ds.actors["name"])
    assert sum(HOSTILE in q for q in ds.excerpts["quote"]) >= 5
    assert len(shown.ties) >= 4 and len(shown.places) == 2


def test_no_panel_lets_hostile_markup_through(hostile):
    ds, ev, _ = hostile
    query = {"layers": HOSTILE, "sel": HOSTILE}
    for selection in [None, *everything(ds)]:
        body = panel.panel(ds, selection, ev, query, styled=False)
        assert_inert(body, f"panel of {selection}")
        if selection is not None:  # the text does reach the panel, as text
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, selection


@pytest.mark.parametrize("selection", [None, "actor:hezbollah", "tie:r001", "place:lebanon"])
def test_no_map_item_lets_hostile_markup_through(hostile, selection):
    """Tooltips, marker labels and layer names go into the page as HTML (Leaflet sets them as
    innerHTML): each must be escaped text."""
    _, _, shown = hostile
    built = mapbuild.layers(shown, load_countries(), selection=Selection.parse(selection))
    items = built.items()
    assert items
    for item in items:
        assert_inert(item.get("tip", ""), f"tooltip {item.get('tip')!r}")
        assert_inert(item.get("icon", {}).get("html", ""), "marker icon")
    for layer in built.layers:
        assert_inert(layer.name, "layer name")
    assert any("&lt;script&gt;" in item.get("tip", "") for item in items)
    # And in the page as sent: the JSON of the layers cannot close its <script>.
    page = mapbuild.base_map(load_countries())
    for group in built.groups:
        page.add_child(group)
    rendered = page.get_root().render()
    assert_inert_script(rendered)
    # The map's scripts may be template literals: no data may open a substitution there.
    assert "${alert" not in rendered


def assert_inert_script(page: str) -> None:
    for piece in LIVE:
        assert piece not in page, f"{piece!r} reached the page unescaped"


def test_a_big_maps_aggregates_let_no_hostile_markup_through(hostile_data, tmp_path):
    ds = load_dataset(hostile_data)
    seated = int(ds.actors["lat"].notna().sum())
    k = geo_scene.AGGREGATE_ABOVE // max(1, seated - 1) + 2
    big = load_dataset(_scale().write_scaled(tmp_path / "big", k, source=hostile_data))
    built = mapbuild.layers(queries.visible(big, Filters(layers=LAYERS)), load_countries())
    items = built.items()
    assert any("ally-agg" in i.get("icon", {}).get("className", "") for i in items)
    for item in items:
        assert_inert(item.get("tip", ""), "aggregated tooltip")
        assert_inert(item.get("icon", {}).get("html", ""), "aggregated marker")


def test_the_exported_view_lets_no_hostile_markup_through(hostile):
    ds, ev, shown = hostile
    countries = load_countries()
    built = mapbuild.layers(shown, countries, selection=Selection("actor", "hezbollah"))
    page = export.view_html(
        ds,
        ev,
        countries,
        built,
        center=(33.0, 44.0),
        zoom=4.5,
        selection=Selection("actor", "hezbollah"),
        link=f"http://example.test/?sel={HOSTILE}",
        caption=HOSTILE,
    )
    assert_inert_script(page)
    raw = re.search(r"var panels = (\{.*?\});\n", page, re.S).group(1)
    panels = json.loads(raw)
    assert panels
    # The panels' style sheet is written once for the page, not once per panel.
    assert page.count(panel.style()) == 1
    assert not any("<style>" in html for html in panels.values())
    for text, html in panels.items():  # keys are a tooltip's plain text, looked up, never shown
        assert_inert(html, f"exported panel {text[:40]!r}")


# --- the cached wiring of the map page ---------------------------------------------------------


@pytest.fixture
def cached(sample_app, sample):
    from ui import data

    return data, sample


def test_the_layer_cache_answers_each_selection_with_its_own_layers(cached):
    data, ds = cached
    filters = Filters(layers=LAYERS, places=tuple(ds.places["place_id"]))
    shown = queries.visible(ds, filters)
    countries = load_countries()
    picks = [None, "actor:hezbollah", "tie:r001", "place:lebanon", None, "actor:hezbollah"]
    for pick in picks:
        expected = mapbuild.layers(shown, countries, selection=Selection.parse(pick))
        got = data.map_layers(filters, pick)
        # The entry keeps what the layers send (MapLayers.sent), which is every item.
        assert [layer.data_json() for layer in got.layers] == [
            layer.data_json() for layer in expected.layers
        ], pick
        assert got.names() == expected.names() and got.tooltip_index == expected.tooltip_index


def test_the_layer_cache_answers_each_filter_with_its_own_layers(cached):
    data, _ = cached
    every = Filters(layers=LAYERS)
    few = Filters(layers=("proxy",))
    assert data.map_layers(every, None).json_bytes() > data.map_layers(few, None).json_bytes()
    assert len(data.map_layers(every, None).tooltip_index) > len(
        data.map_layers(few, None).tooltip_index
    )


def test_the_layer_cache_keeps_the_json_not_the_items(cached):
    data, _ = cached
    built = data.map_layers(Filters(layers=LAYERS), None)
    assert all(layer.items is None for layer in built.layers if layer.shade is None)
    with pytest.raises(ValueError, match="not kept"):
        built.items()
    with pytest.raises(ValueError, match="not kept"):
        list(items_of(built.groups))


def test_the_panel_cache_keeps_each_views_parameters_in_its_links(cached):
    data, _ = cached
    for layers in ("proxy", "global power", "proxy,global power"):
        html = data.panel_html("place:lebanon", {"layers": layers, "sel": "place:lebanon"})
        hrefs = [
            a.attrs["href"]
            for a in parse_html(html).find_all("a")
            if "sel=" in a.attrs.get("href", "")
        ]
        assert hrefs, "a place's panel links to what it connects"
        wanted = "layers=" + layers.replace(" ", "%20")
        assert all(wanted in h for h in hrefs), (layers, hrefs)


def test_the_panel_cache_gives_each_selection_its_own_panel(cached):
    data, _ = cached
    for pick, marker in (
        ("actor:hezbollah", 'data-id="hezbollah"'),
        ("tie:r001", 'data-id="r001"'),
    ):
        assert marker in data.panel_html(pick, {"layers": "proxy"})
        assert marker in data.panel_html(pick, {"layers": "global power"})


# --- the browser's drawing code, run in Node ---------------------------------------------------


def node_binary() -> str:
    """Playwright's own Node (the test requirements ship it), else one on the PATH."""
    import playwright

    bundled = Path(playwright.__file__).parent / "driver" / "node"
    if bundled.exists():
        return str(bundled)
    found = shutil.which("node")
    if found is None:
        pytest.skip("no Node binary")
    return found


RUN_KIT = """
const fs = require("fs");
const made = [];
function stub(kind, ll, o) {
  const layer = {kind, ll, o};
  layer.addTo = () => layer;
  layer.bindTooltip = (t) => { layer.tip = t; return layer; };
  made.push(layer);
  return layer;
}
globalThis.window = {};
globalThis.L = {
  divIcon: (x) => x,
  marker: (ll, o) => stub("marker", ll, o),
  polyline: (ll, o) => stub("line", ll, o),
  polygon: (ll, o) => stub("polygon", ll, o),
  circleMarker: (ll, o) => stub("circle", ll, o),
};
eval(fs.readFileSync(process.argv[process.argv.length - 1], "utf8"));
const data = JSON.parse(fs.readFileSync(0, "utf8"));
window.allyDraw({}, data);
const out = made.map((l) => ({kind: l.kind, ll: l.ll, tip: l.tip || null}));
process.stdout.write(JSON.stringify(out));
"""


def draw_in_node(data: dict) -> list[dict]:
    """What map-kit.js's allyDraw makes of items sent in the wire format."""
    done = subprocess.run(
        [node_binary(), "-e", RUN_KIT, str(MAP_KIT)],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def test_the_browser_draws_each_tie_on_the_curve_python_computed(sample):
    """Ties are sent as five numbers and redrawn by map-kit.js: its curve must be the points
    geo.arcs gives, which the offline and still renderers use."""
    shown = queries.visible(sample, Filters(layers=LAYERS))
    built = mapbuild.layers(shown, load_countries())
    items = [i for i in built.items() if "arc" in i]
    assert len(items) >= 3
    bends = {i["arc"][4] for i in items}
    assert any(b != 0 for b in bends)
    drawn = draw_in_node(wire(items))
    assert [d["kind"] for d in drawn] == [i["t"] for i in items]
    for item, line in zip(items, drawn, strict=True):
        lat0, lon0, lat1, lon1, bend, n = item["arc"]
        want = arc((lat0, lon0), (lat1, lon1), bend, n)
        assert len(line["ll"]) == len(want)
        for (lat, lon), (want_lat, want_lon) in zip(line["ll"], want, strict=True):
            assert lat == pytest.approx(want_lat, abs=1e-3) and lon == pytest.approx(
                want_lon, abs=1e-3
            )


def test_the_browser_keeps_tooltips_and_markers_as_sent(sample):
    shown = queries.visible(sample, Filters(layers=LAYERS))
    items = mapbuild.layers(shown, load_countries()).items()
    drawn = draw_in_node(wire(items))
    assert [d["kind"] for d in drawn] == [{"circle": "circle"}.get(i["t"], i["t"]) for i in items]
    assert [d["tip"] for d in drawn] == [i.get("tip") for i in items]


RUN_LOD = """
const fs = require("fs");
globalThis.window = {};
const made = [];
function stub(ll) {
  const layer = {ll, handlers: {}};
  made.push(layer);
  layer.addTo = (g) => { g.addLayer(layer); return layer; };
  layer.bindTooltip = () => layer;
  layer.on = (name, fn) => { layer.handlers[name] = fn; return layer; };
  return layer;
}
globalThis.L = {divIcon: (x) => x, marker: stub, polyline: stub, polygon: stub,
  circleMarker: stub, canvas: () => ({})};
eval(fs.readFileSync(process.argv[process.argv.length - 1], "utf8"));
const items = JSON.parse(fs.readFileSync(0, "utf8"));
const shown = new Set(), on = {};
const group = {addLayer: (l) => shown.add(l), removeLayer: (l) => shown.delete(l),
  hasLayer: (l) => shown.has(l), on: (name, fn) => { on[name] = fn; }};
let zoom = 3, zoomend = null, view = null;
const map = {getZoom: () => zoom, on: (n, fn) => { zoomend = fn; }, off: () => { zoomend = null; },
  setView: (ll, z) => { view = [ll, z]; }};
window.allyLod(group, items, false);
group._map = map;
on.add();
const out = [];
for (const z of [3, 5, 7]) {
  zoom = z; zoomend();
  out.push([...shown].map((l) => l.ll[0]).sort((a, b) => a - b));
}
const clickable = made.find((l) => l.handlers.click);
if (clickable) { zoom = 4; clickable.handlers.click(); }
process.stdout.write(JSON.stringify({out, view}));
"""


def test_a_big_maps_items_show_in_their_zoom_range_in_the_browser():
    """map-kit.js's allyLod: an item with "z": [min, max] is on the map for min <= zoom < max,
    and a seat's marker with "zoomTo" zooms in to its level when clicked."""
    items = [
        {"t": "circle", "ll": [1, 0], "o": {}},
        {"t": "circle", "ll": [2, 0], "o": {}, "z": [5, None]},
        {"t": "circle", "ll": [3, 0], "o": {}, "z": [None, 5]},
        {"t": "circle", "ll": [4, 0], "o": {}, "z": [5, 7]},
        {"t": "marker", "ll": [5, 0], "icon": {}, "o": {}, "z": [None, 6], "zoomTo": 6},
    ]
    done = subprocess.run(
        [node_binary(), "-e", RUN_LOD, str(MAP_KIT)],
        input=json.dumps(wire(items)),  # as geo.fastrender.LodItems sends them
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["out"] == [[1, 3, 5], [1, 2, 4, 5], [1, 2]]
    assert result["view"] == [[5, 0], 6]


# --- bundles of ties on big maps ---------------------------------------------------------------


def _scale():
    spec = importlib.util.spec_from_file_location("bench_scale", REPO_DIR / "bench" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_bundle_of_ties_is_drawn_in_the_camp_of_its_ties(sample_data, tmp_path):
    """A tie is drawn in its counterpart's camp when one end is Iran or its organs (the hub),
    else in its first end's: a bundle can hold no more ties of a camp than the view has."""
    ds = load_dataset(sample_data)
    seated = int(ds.actors["lat"].notna().sum())
    k = geo_scene.AGGREGATE_ABOVE // max(1, seated - 1) + 2
    big = load_dataset(_scale().write_scaled(tmp_path / "big", k, source=sample_data))
    shown = queries.visible(big, Filters(layers=LAYERS))
    camp_of = dict(zip(big.actors["actor_id"], big.actors["category"], strict=True))
    expected: Counter = Counter()
    for t in shown.ties.itertuples():
        a, b = camp_of[t.from_actor], camp_of[t.to_actor]
        expected[b if a == HUB and b != HUB else a] += 1
    built = mapbuild.layers(shown, load_countries())
    bundled: Counter = Counter()
    for layer in built.layers:
        for item in layer.items:
            if "ally-bundle" in item.get("o", {}).get("className", ""):
                n = int(re.match(r"<b>(\d+) ties?</b>", item["tip"]).group(1))
                [camp] = [c for c, cat in CATEGORIES.items() if layer.name.endswith(cat.label)]
                assert cat_label(camp) in item["tip"]
                assert item["o"]["color"] == CATEGORIES[camp].colour
                bundled[camp] += n
    assert bundled
    for camp, n in bundled.items():
        assert n <= expected[camp], (camp, n, expected[camp])


def cat_label(camp: str) -> str:
    from geo.tooltips import safe

    return safe(CATEGORIES[camp].label)


# --- one home for each idea --------------------------------------------------------------------


def test_every_address_writes_spaces_the_same_way():
    from ui.panel import select_href
    from ui.urlstate import query_string, share_url

    params = {"sel": "actor:iran", "layers": "proxy,state partner"}
    assert query_string(params) == "sel=actor:iran&layers=proxy,state%20partner"
    assert share_url("http://host/", params).endswith("?" + query_string(params))
    assert select_href(Selection("actor", "iran"), params) == "?" + query_string(params)


def test_the_map_and_the_network_draw_each_kind_in_one_shape():
    from allies.vocab import ACTOR_KINDS
    from geo import styles
    from ui import network

    assert set(styles.KIND_SHAPES) == set(ACTOR_KINDS)
    assert network.SHAPES is styles.KIND_SHAPES


def test_script_json_escapes_what_ends_a_javascript_line():
    from geo.jsonsafe import js_json

    text = js_json({"a": "line\u2028separator\u2029paragraph</script>`${x}`"})
    for char in ("\u2028", "\u2029", "<", ">", "`"):
        assert char not in text
    assert json.loads(text) == {"a": "line\u2028separator\u2029paragraph</script>`${x}`"}


def test_an_open_seats_actors_print_no_label_that_never_fits(sample_data, tmp_path):
    """On a big map, the actors of a crowded seat show from its zoom on; those whose label fits
    at no zoom carry none (dozens of names would print over each other); others keep theirs."""
    from geo.labels import LAST_ZOOM

    ds = load_dataset(sample_data)
    seated = int(ds.actors["lat"].notna().sum())
    k = geo_scene.AGGREGATE_ABOVE // max(1, seated - 1) + 2
    big = load_dataset(_scale().write_scaled(tmp_path / "big", k, source=sample_data))
    built = mapbuild.layers(queries.visible(big, Filters(layers=LAYERS)), load_countries())
    opened = [
        i
        for i in built.items()
        if i["t"] == "marker" and "ally-agg" not in i["icon"]["className"] and "z" in i
    ]
    assert opened
    assert not any(f"ally-lz{LAST_ZOOM}" in i["icon"]["html"] for i in opened)
    alone = [i for i in built.items() if i["t"] == "marker" and "z" not in i]
    assert all('class="ally-label' in i["icon"]["html"] for i in alone)
