"""The map builder on a small validated dataset: render the map and check fragments and counts.

The layers are built from what `allies.queries.visible` returns for the map fixture dataset
(tests/map_fixture.py), loaded through the validator: the same typed rows the app draws.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import folium
import geopandas as gpd
import pytest
from helpers import st_folium_urls
from map_fixture import EVIL, write_map_dataset
from shapely.geometry import box

from allies import queries
from allies.load import Dataset, load_dataset
from allies.selection import Selection
from allies.vocab import CATEGORIES, HUB
from geo import styles
from geo.mapbuild import MapLayers, base_map, layers
from geo.offline import ASSET_BASE
from geo.tooltips import safe, tooltip_text

ALL_LAYERS = tuple(c for c in CATEGORIES if c != HUB)


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> Dataset:
    return load_dataset(write_map_dataset(tmp_path_factory.mktemp("map") / "data"))


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "iso3": ["IRN", "LBN", "SYR", "RUS", "ISR"],
            "name": ["Iran", "Lebanon", "Syria", "Russia", "Israel"],
        },
        geometry=[
            box(44, 25, 63, 40),
            box(35.1, 33.0, 36.6, 34.7),
            box(35.7, 32.3, 42.4, 37.3),
            box(27, 41, 180, 78),
            box(34.2, 29.5, 35.9, 33.3),
        ],
        crs="EPSG:4326",
    )


def shown(ds: Dataset, layers_on: tuple[str, ...] = ALL_LAYERS) -> queries.Visible:
    """Every row the filters let through, with every place switched on."""
    places = tuple(ds.places["place_id"])
    return queries.visible(ds, queries.Filters(layers=layers_on, places=places))


def render(countries, result: MapLayers) -> str:
    m = base_map(countries)
    for group in result.groups:
        group.add_to(m)
    return m.get_root().render()


@pytest.fixture(scope="module")
def built(ds, countries) -> tuple[folium.Map, MapLayers, str]:
    m = base_map(countries)
    result = layers(shown(ds), countries)
    for group in result.groups:
        group.add_to(m)
    return m, result, m.get_root().render()


class _Fragment(HTMLParser):
    """Text and tags of an HTML fragment, as a browser's parser sees them."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        """What `span.innerHTML = fragment; span.textContent.trim()` gives in a browser."""
        return "".join(self.parts).strip()

    def first(self, tag: str) -> dict[str, str | None]:
        return next(attrs for t, attrs in self.tags if t == tag)


def text_content(fragment: str) -> str:
    return _Fragment(fragment).text()


def markers(result: MapLayers) -> list[dict]:
    return [i for i in result.items() if i["t"] == "marker" and i.get("tip")]


def marker_of(result: MapLayers, name: str) -> dict:
    return next(
        m
        for m in markers(result)
        if _Fragment(m["icon"]["html"]).first("div")["aria-label"] == name
    )


def label_of(marker: dict) -> tuple[str, str]:
    """A marker's label: its class and its text."""
    parsed = _Fragment(marker["icon"]["html"])
    return parsed.first("span")["class"] or "", parsed.text()


def ties_of(result: MapLayers) -> list[dict]:
    return [i for i in result.items() if i["t"] == "line" and i["o"].get("className") == "ally-tie"]


def points_of(item: dict) -> list:
    """The points an item draws: its own, or those of its curve as the browser draws them."""
    from geo.arcs import arc

    if "arc" not in item:
        return item["ll"]
    lat0, lon0, lat1, lon1, bend, n = item["arc"]
    return [(round(lat, 3), round(lon, 3)) for lat, lon in arc((lat0, lon0), (lat1, lon1), bend, n)]


def hits_of(result: MapLayers) -> list[dict]:
    return [i for i in result.items() if "ally-tie-hit" in i["o"].get("className", "").split()]


# --------------------------------------------------------------------------- base map


def test_base_map_loads_nothing_from_the_internet(countries):
    m = base_map(countries)
    urls = st_folium_urls(m)
    assert urls
    assert all(url.startswith(ASSET_BASE) for url in urls), urls
    rendered = m.get_root().render()
    for url in re.findall(r'(?:src|href)="([^"]+)"', rendered):
        assert url.startswith(ASSET_BASE), url
    assert "cdn" not in rendered.lower()
    assert "bootstrap" not in rendered.lower()


def test_base_map_has_no_tiles_and_sets_its_limits(countries):
    m = base_map(countries)
    assert not [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    rendered = m.get_root().render()
    assert "L.tileLayer" not in rendered
    assert f'"minZoom": {styles.MIN_ZOOM}' in rendered
    assert f'"maxZoom": {styles.MAX_ZOOM}' in rendered
    assert f"<style>{styles.map_css()}</style>" in rendered


def test_base_map_draws_every_country_without_events(countries):
    rendered = base_map(countries).get_root().render()
    for code in countries["iso3"]:
        assert f'"iso3":"{code}"' in rendered
    assert "interactive: false" in rendered


def test_base_map_is_constant(countries):
    """st_folium remounts its iframe when the hash of the base map's script changes."""
    streamlit_folium = pytest.importorskip("streamlit_folium")

    def key() -> str:
        m = base_map(countries)
        m.render()
        script = streamlit_folium.generate_leaflet_string(m)
        return streamlit_folium.generate_js_hash(script, "map", False)

    assert key() == key()


def test_legend_is_in_the_rendered_map(countries):
    rendered = base_map(countries).get_root().render()
    assert "ally-legend" in rendered
    assert 'position: "bottomleft"' in rendered
    assert "Natural Earth" in rendered


# --------------------------------------------------------------------------- layers


def test_layers_with_the_map_still_load_nothing_from_the_internet(built):
    m, _, rendered = built
    assert all(url.startswith(ASSET_BASE) for url in st_folium_urls(m))
    for url in re.findall(r'(?:src|href)="([^"]+)"', rendered):
        assert url.startswith(ASSET_BASE), url


def test_layer_names_and_drawing_order(built):
    _, result, _ = built
    names = result.names()
    assert names[0] == "Countries shaded"
    for expected in (
        "Place · Bab al-Mandab",
        "Place · Strait of Hormuz (context)",
        "Place · Gaza Strip",
        "Ties · Proxy / Axis of Resistance",
        "Ties · Global power (CRINK)",
        "Actors · Iran (hub)",
        "Actors · Proxy / Axis of Resistance",
        "Actors · Other",
    ):
        assert expected in names
    assert len(names) == len(set(names))
    first_tie = min(i for i, n in enumerate(names) if n.startswith("Ties"))
    first_actor = min(i for i, n in enumerate(names) if n.startswith("Actors"))
    assert names.index("Place · Gaza Strip") < first_tie < first_actor
    assert names.index("Place · Bab al-Mandab") > first_tie
    assert all(isinstance(g, folium.FeatureGroup) for g in result.groups)


def test_one_marker_per_seated_actor(built, ds):
    _, result, rendered = built
    seated = ds.actors.dropna(subset=["lat", "lon"])
    assert set(result.positions) == set(seated["actor_id"])
    assert "axis" not in result.positions  # an informal grouping has no seat
    drawn = markers(result)
    assert len(drawn) == len(seated)
    assert all(m["icon"]["className"] == "ally-marker" for m in drawn)
    assert rendered.count("L.divIcon(") == rendered.count("L.marker(")
    # The hub marker is the larger ringed one, with its label always shown.
    iran = marker_of(result, "Iran")
    assert iran["icon"]["iconSize"] == [styles.HUB_PX, styles.HUB_PX]
    assert label_of(iran) == ("ally-label", "Iran")
    shapes = {_Fragment(m["icon"]["html"]).tags[2][0] for m in drawn}  # after div, svg
    assert shapes == {"circle", "polygon", "rect"}
    # A long name is labelled by its acronym.
    assert label_of(marker_of(result, "Islamic Revolutionary Guard Corps"))[1] == "IRGC"


def test_ties_skip_missing_ends_and_carry_style(built, ds):
    _, result, rendered = built
    ties = {s.id for s in result.tooltip_index.values() if s.kind == "tie"}
    assert ties == set(ds.relationships["rel_id"]) - {"r103"}  # r103 ends at the grouping
    assert result.drawn_ties == len(ties)
    lines, hits = ties_of(result), hits_of(result)
    assert len(lines) == len(hits) == len(ties)
    # Each hit line names its tie, for styling and for the browser tests.
    assert {h["o"]["className"] for h in hits} == {f"ally-tie-hit ally-tie-{t}" for t in ties}
    assert all(not line["o"]["interactive"] and "tip" not in line for line in lines)
    assert all(h["tip"] and h["o"]["opacity"] == 0 for h in hits)
    dashes = [line["o"].get("dashArray") for line in lines]
    assert dashes.count(styles.STATUS_DASHES["weakened"]) == 1  # r104
    assert dashes.count(styles.STATUS_DASHES["contested"]) == 1  # r101
    assert {line["o"]["weight"] for line in lines} == set(styles.TIE_WEIGHTS.values())
    colours = {line["o"]["color"] for line in lines}
    # Iran → Hezbollah takes the proxy colour; Russia → Iran the global-power colour.
    assert CATEGORIES["proxy"].colour in colours
    assert CATEGORIES["global power"].colour in colours
    assert '"dashArray":"10 7"' in rendered
    assert '"className":"ally-tie-hit ally-tie-r001"' in rendered


def test_two_ties_between_one_pair_do_not_overlap(built):
    _, result, _ = built
    paths = [tuple(map(tuple, points_of(line))) for line in ties_of(result)]
    assert len(paths) == len(set(paths))


def test_countries_are_shaded_by_camp(built):
    _, _, rendered = built
    assert f'"fillColor":"{CATEGORIES["state partner"].colour}"' in rendered
    assert f'"fillColor":"{CATEGORIES["opponent"].colour}"' in rendered
    assert f'"fillOpacity":{styles.SHADE_OPACITY}' in rendered
    assert f'"fillOpacity":{styles.HUB_SHADE_OPACITY}' in rendered
    # Countries of non-state actors are not shaded by them (Lebanon has only Hezbollah).
    assert rendered.count(f'"fillColor":"{CATEGORIES["proxy"].colour}"') == 0


def test_places_are_styled_by_kind_and_provenance(built):
    _, result, rendered = built
    index = result.tooltip_index
    context = "context, not in the sources"
    assert index["Bab al-Mandab · chokepoint"] == Selection("place", "bab")
    assert index[f"Strait of Hormuz · chokepoint · {context}"] == Selection("place", "hormuz")
    assert index["Gaza Strip · territory"] == Selection("place", "gaza")
    assert index["Sana'a · city"] == Selection("place", "sanaa")
    by_tip = {text_content(i["tip"]): i for i in result.items() if i.get("tip")}
    hormuz = by_tip[f"Strait of Hormuz · chokepoint · {context}"]
    assert hormuz["o"]["dashArray"] == "4 6"
    assert hormuz["o"]["color"] == styles.CONTEXT_GREY
    assert by_tip["Bab al-Mandab · chokepoint"]["o"].get("dashArray") is None
    assert by_tip["Gaza Strip · territory"]["t"] == "polygon"
    assert by_tip[f"Oil route · corridor · {context}"]["t"] == "line"
    assert by_tip["Sana'a · city"]["t"] == "circle"
    assert by_tip["Lebanon · territory"]["t"] == "circle"  # a point territory
    assert "L.polygon(" in rendered
    # Chokepoints carry their name as a label.
    labels = [i for i in result.items() if i["t"] == "marker" and "tip" not in i]
    assert {text_content(i["icon"]["html"]) for i in labels} == {
        "Bab al-Mandab",
        "Strait of Hormuz",
    }


def test_tooltip_index_round_trips_every_tooltip(built):
    _, result, _ = built
    fragments = [i["tip"] for i in result.items() if i.get("tip")]
    texts = [text_content(f) for f in fragments]
    assert len(texts) == len(set(texts)), "tooltip texts must be unique"
    assert set(texts) == set(result.tooltip_index)
    assert all(tooltip_text(f) == text_content(f) for f in fragments)
    index = result.tooltip_index
    assert index["Iran → Hezbollah · proxy support · arms"] == Selection("tie", "r001")
    assert index["Russia → Iran · military cooperation · technology"] == Selection("tie", "r102")
    assert index["Iran → Syria · strategic partnership · contested"] == Selection("tie", "r101")
    assert index["Hezbollah · Proxy / Axis of Resistance"] == Selection("actor", "hezbollah")
    # Two actors called Hezbollah: the second is told apart by its id.
    assert index["Hezbollah · Proxy / Axis of Resistance · twin"] == Selection("actor", "twin")
    assert index[f"{EVIL} · Other"] == Selection("actor", "evil")
    assert index[f"{EVIL} → Iran · rivalry"] == Selection("tie", "r106")


def test_every_drawn_thing_has_a_focus_point(built, ds):
    _, result, _ = built
    assert set(result.focus) == set(result.tooltip_index.values())
    assert result.focus_point(Selection("actor", "iran")) == result.positions["iran"]
    assert result.focus_point(Selection("tie", "r001")) is not None
    assert result.focus_point(Selection("place", "bab")) == pytest.approx((12.58, 43.33))
    assert result.focus_point(Selection("actor", "axis")) is None
    assert result.focus_point(Selection("tie", "r103")) is None
    assert result.focus_point(None) is None


def test_data_strings_are_escaped_everywhere(built):
    _, result, rendered = built
    assert "<script>alert" not in rendered
    assert "${x}" not in rendered
    assert "back\\slash" not in rendered
    assert "`" not in rendered
    # Jinja syntax in the data is neither evaluated nor left for a later template pass.
    assert "{{ 7" not in rendered
    assert "{% raw" not in rendered
    assert "\\u0026#123;\\u0026#123; 7 * 7" in rendered  # &#123; inside JSON
    assert f"{EVIL} · Other" in result.tooltip_index
    assert f"Place · {EVIL} (context)" in result.names()
    # The escaped name still reads as the name in a browser.
    assert label_of(marker_of(result, EVIL))[1] == EVIL


def test_layers_render_the_way_streamlit_folium_renders_them(ds, countries):
    """st_folium adds each group to the map, renders it, then turns it into a script."""
    streamlit_folium = pytest.importorskip("streamlit_folium")
    m = base_map(countries)
    m.render()
    result = layers(shown(ds), countries)
    for idx, group in enumerate(result.groups):
        group._id = f"feature_group_{idx}"
        group.add_to(m)
        group.render()
        script = streamlit_folium.generate_leaflet_string(group, base_id=f"feature_group_{idx}")
        assert f"var feature_group_feature_group_{idx} = L.featureGroup(" in script
        assert "<script>alert" not in script and "`" not in script


def test_safe_escapes_html_and_template_literals():
    assert safe("<b>&'\"") == "&lt;b&gt;&amp;&#x27;&quot;"
    out = safe("${a} `b` c\\d {{ e }} {% f %}")
    for bad in ("${", "`", "\\", "{{", "{%"):
        assert bad not in out
    assert html.unescape(out) == "${a} `b` c\\d {{ e }} {% f %}"


# --------------------------------------------------------------------------- selection


def test_a_selected_actor_is_ringed_labelled_and_its_ties_stand_out(ds, countries):
    plain = layers(shown(ds), countries)
    chosen = layers(shown(ds), countries, selection=Selection("actor", "hezbollah"))
    assert plain.tooltip_index == chosen.tooltip_index
    assert label_of(marker_of(chosen, "Hezbollah"))[0] == "ally-label"  # shown at every zoom
    assert label_of(marker_of(plain, "Hezbollah"))[0] != "ally-label"
    faded = [t for t in ties_of(chosen) if t["o"]["opacity"] == styles.FADED_OPACITY]
    strong = [t for t in ties_of(chosen) if t["o"]["opacity"] == 1.0]
    weight = styles.TIE_WEIGHTS[3]
    assert len(strong) == 1 and strong[0]["o"]["weight"] == weight + 1.5  # r001
    assert len(faded) == len(ties_of(chosen)) - 1
    hz = marker_of(chosen, "Hezbollah")
    assert hz["icon"]["iconSize"][0] == styles.MARKER_PX + 2 * styles.SELECTED_PAD_PX
    assert hz["o"]["zIndexOffset"] == 2000


def test_a_selected_tie_stands_out_and_the_others_fade(ds, countries):
    chosen = layers(shown(ds), countries, selection=Selection("tie", "r101"))
    strong = [t for t in ties_of(chosen) if t["o"]["opacity"] == 1.0]
    assert len(strong) == 1 and strong[0]["o"]["weight"] == styles.TIE_WEIGHTS[3] + 2.5
    faded = [t for t in ties_of(chosen) if t["o"]["opacity"] == styles.FADED_OPACITY]
    assert len(faded) == len(ties_of(chosen)) - 1


def test_a_selected_place_gets_a_heavier_outline(ds, countries):
    def bab(result: MapLayers) -> dict:
        return next(i for i in result.items() if i.get("tip", "").startswith("<b>Bab al-Mandab"))

    plain = bab(layers(shown(ds), countries))
    chosen = bab(layers(shown(ds), countries, selection=Selection("place", "bab")))
    assert chosen["o"]["weight"] == plain["o"]["weight"] + 3
    assert chosen["o"]["opacity"] == 1.0


@pytest.mark.parametrize(
    ("layers_on", "selection"),
    [
        (("state partner", "global power"), Selection("actor", "hezbollah")),  # filtered out
        (ALL_LAYERS, Selection("actor", "axis")),  # no seat
        (ALL_LAYERS, Selection("tie", "r103")),  # an end without a seat
        (ALL_LAYERS, Selection("tie", "r999")),  # no such tie
    ],
)
def test_a_selection_that_is_not_drawn_fades_nothing(ds, layers_on, selection):
    result = layers(shown(ds, layers_on), None, selection=selection)
    opacities = {line["o"]["opacity"] for line in ties_of(result)}
    assert opacities == {styles.TIE_OPACITY}


# --------------------------------------------------------------------------- edges


def test_co_located_actors_are_spread_with_leader_lines(built, ds):
    _, result, _ = built
    seats = {r.actor_id: (r.lat, r.lon) for r in ds.actors.dropna(subset=["lat"]).itertuples()}
    pos = result.positions
    moved = {a for a in pos if pos[a] != pytest.approx(seats[a])}
    # States keep their seat; the organ, the groups and the institute that share one move.
    assert {"irgc", "hamas", "pij", "institute"} <= moved
    assert not moved & {"iran", "russia", "syria", "israel"}
    assert pos["hamas"] != pos["pij"]
    leaders = [i for i in result.items() if i["o"].get("dashArray") == "2 3"]
    assert len(leaders) == len(moved)
    assert all(not i["o"]["interactive"] for i in leaders)


def test_an_empty_view_builds_empty_layers(ds, countries):
    empty = queries.Visible(ds.actors.iloc[:0], ds.relationships.iloc[:0], ds.places.iloc[:0])
    result = layers(empty, countries)
    assert result.groups == []
    assert result.tooltip_index == {}
    assert result.drawn_ties == 0


def test_without_countries_nothing_is_shaded(ds):
    assert "Countries shaded" not in layers(shown(ds), None).names()


# --------------------------------------------------------------------------- served map, wire form


def test_the_app_map_fetches_shapes_code_and_css_from_static_files():
    """Without countries, the base map sends none of the shapes, the map code or the CSS: it
    names content-hashed static files that the map's page fetches once."""
    from geo.mapbuild import served_files
    from geo.offline import shapes_url

    m = base_map()
    files = served_files()
    urls = st_folium_urls(m)
    assert ASSET_BASE + files.kit_name in urls
    assert ASSET_BASE + files.css_name in urls
    rendered = m.get_root().render()
    assert shapes_url() in rendered
    assert '"iso3"' not in rendered and "coordinates" not in rendered
    assert styles.map_css() not in rendered
    assert "ally-legend" not in rendered  # the legend's HTML travels in the served code
    assert styles.legend_html() not in rendered
    assert len(rendered) < len(base_map(_one_country()).get_root().render())


def _one_country() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"iso3": ["IRN"], "name": ["Iran"]}, geometry=[box(44, 25, 63, 40)])


def test_served_files_carry_the_legend_the_code_and_the_css_under_content_names():
    from geo.fastrender import kit_js
    from geo.mapbuild import served_files

    files = served_files()
    assert files.kit.startswith(kit_js())
    assert "window.allyLegendHtml" in files.kit and "ally-legend" in files.kit
    assert files.css == styles.map_css()
    assert re.fullmatch(r"map-kit-[0-9a-f]{12}\.js", files.kit_name)
    assert re.fullmatch(r"map-[0-9a-f]{12}\.css", files.css_name)


def test_the_served_base_map_is_constant():
    streamlit_folium = pytest.importorskip("streamlit_folium")

    def key() -> str:
        m = base_map()
        m.render()
        return streamlit_folium.generate_js_hash(
            streamlit_folium.generate_leaflet_string(m), "map", False
        )

    assert key() == key()


def test_static_files_are_written_once_with_the_committed_shapes(tmp_path):
    from geo.mapbuild import served_files
    from geo.offline import ensure_static_assets, shapes_name, write_static_files
    from geo.shapes import COUNTRIES_PATH

    ensure_static_assets(tmp_path)
    write_static_files(tmp_path, served_files().files())
    vendor = tmp_path / "vendor"
    assert (vendor / shapes_name()).read_bytes() == COUNTRIES_PATH.read_bytes()
    assert (vendor / served_files().kit_name).read_text(encoding="utf-8") == served_files().kit
    before = (vendor / served_files().css_name).stat().st_mtime_ns
    write_static_files(tmp_path, served_files().files())
    assert (vendor / served_files().css_name).stat().st_mtime_ns == before


def _decode(wire: dict, table: list | None = None) -> list[dict]:
    """What allyDraw (geo/static/map-kit.js) makes of the wire form, in Python."""
    from geo.arcs import arc

    table, out, prev = wire.get("s", table), [], None

    def value(v):
        return table[v] if isinstance(v, int) else v

    for d in wire["i"]:
        item = {k: v for k, v in d.items() if k not in ("p", "h", "c")}
        for key in ("o", "to", "icon"):
            if key in d:
                item[key] = value(d[key])
        if "c" in d:
            item["o"] = {**item["o"], "className": d["c"]}
        if "tip" in d and "to" not in d:
            item["to"] = {"sticky": True}  # allyDraw's default
        if d.get("p"):
            item["ll"] = prev["ll"]
        elif "arc" in d:
            lat0, lon0, lat1, lon1, bend, n = d["arc"]
            item["ll"] = [list(p) for p in arc((lat0, lon0), (lat1, lon1), bend, n)]
        if "h" in d:
            item["icon"] = {**item["icon"], "html": "".join(value(x) for x in d["h"])}
        out.append(item)
        prev = item
    return out


def _flat(nested) -> list[float]:
    if isinstance(nested, (int, float)):
        return [float(nested)]
    return [x for part in nested for x in _flat(part)]


def test_the_wire_form_draws_exactly_the_items(ds, countries):
    from geo.fastrender import js_json, wire

    result = layers(shown(ds), countries, selection=Selection("actor", "hezbollah"))
    for layer in result.layers:
        if layer.shade is not None:
            continue
        decoded = _decode(wire(layer.items))
        assert len(decoded) == len(layer.items)
        for got, want in zip(decoded, layer.items, strict=True):
            # "arc" only says how the points travel; the points themselves are compared below.
            assert {k: v for k, v in got.items() if k not in ("ll", "arc")} == {
                k: v for k, v in want.items() if k not in ("ll", "arc")
            }
            assert _flat(got["ll"]) == pytest.approx(_flat(points_of(want)), abs=1e-3)
        envelope = len('{"s":[],"i":}')
        assert len(js_json(wire(layer.items))) <= len(js_json(layer.items)) + envelope


def test_groups_sealed_together_share_one_table_and_draw_the_same(ds, countries):
    from geo.fastrender import js_json, wire, wire_shared

    result = layers(shown(ds), countries, selection=Selection("tie", "r001"))
    drawn = [layer for layer in result.layers if layer.shade is None]
    shared = wire_shared([layer.items for layer in drawn])
    assert "s" in shared[0] and all("s" not in data for data in shared[1:])
    for layer, data in zip(drawn, shared, strict=True):
        decoded = _decode(data, shared[0]["s"])
        keep = lambda item: {k: v for k, v in item.items() if k not in ("ll", "arc")}  # noqa: E731
        assert [keep(i) for i in decoded] == [keep(i) for i in layer.items]
    # Each layer on its own would send this; the layers come sealed, with one shared table.
    before = sum(len(js_json(wire(layer.items))) for layer in drawn)
    assert [js_json(data) for data in shared] == [layer.data_json() for layer in drawn]
    assert sum(len(layer.data_json()) for layer in drawn) < before


def test_the_wire_form_is_shorter_where_things_repeat(ds, countries):
    from geo.fastrender import js_json, wire

    result = layers(shown(ds), countries)
    ties = [layer for layer in result.layers if layer.name.startswith("Ties")]
    for layer in ties:
        sent = wire(layer.items)
        hit_lines = [d for d in sent["i"] if d.get("p")]
        assert len(hit_lines) == len(layer.items) // 2  # every hit line reuses its tie's curve
        assert all("ll" not in d for d in sent["i"])  # ties are drawn from their curves
    # Items carry curves, not points; what repeats (options, a hit line's curve) is sent once.
    total = sum(len(js_json(layer.items)) for layer in ties)
    assert sum(len(js_json(wire(layer.items))) for layer in ties) < total


def test_a_scene_made_earlier_gives_the_same_layers(ds, countries):
    from geo.scene import scene

    view = shown(ds)
    prepared = scene(view, countries)
    for selection in (None, Selection("actor", "hezbollah"), Selection("tie", "r001")):
        again = layers(view, countries, selection=selection, prepared=prepared)
        fresh = layers(view, countries, selection=selection)
        assert again.items() == fresh.items()
        assert again.names() == fresh.names()
        assert again.tooltip_index == fresh.tooltip_index
        assert again.focus == fresh.focus


def test_shading_sends_a_country_table_not_shapes(built):
    _, result, _ = built
    shading = result.layers[0]
    assert shading.name == "Countries shaded" and shading.shade is not None
    by_iso3, camp_styles, _ = shading.shade
    assert set(by_iso3.values()) <= set(camp_styles)
    assert all(len(code) == 3 for code in by_iso3)


def test_each_tie_is_drawn_on_the_models_curve(ds, countries):
    """A tie's items carry only its curve: the points it gives are the model's (DrawnTie.points,
    which the still and the text view read)."""
    from geo.drawn import drawn_view
    from geo.scene import scene

    view = shown(ds)
    made = drawn_view(view, scene(view, countries), Selection("tie", "r001"))
    result = layers(view, countries, selection=Selection("tie", "r001"))
    model = {t.rel_id: t.points for t in made.ties}
    hits = hits_of(result)
    assert len(hits) == len(model)
    for hit in hits:
        rel_id = hit["o"]["className"].split("ally-tie-")[-1]
        assert _flat(points_of(hit)) == pytest.approx(_flat(model[rel_id]), abs=1e-3)
