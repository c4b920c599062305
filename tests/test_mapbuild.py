"""Unit tests for the folium builder: render the map's HTML and check fragments and counts."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import folium
import folium.elements
import geopandas as gpd
import pandas as pd
import pytest
from helpers import st_folium_urls
from shapely.geometry import LineString, Point, Polygon, box

from allies.vocab import CATEGORIES, CONTEXT_LABEL
from geo import mapbuild
from geo.mapbuild import (
    TIE_OPACITY,
    MapLayers,
    base_map,
    layers,
    legend_html,
    safe,
    tooltip_text,
)
from geo.offline import ASSET_BASE

EVIL = "<script>alert(1)</script> ${x} `y` back\\slash {{ 7 * 7 }} {% raw %}"


@pytest.fixture
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


@pytest.fixture
def actors() -> pd.DataFrame:
    rows = [
        ("iran", "Iran", "state", "IRN", 35.689, 51.389, "hub"),
        ("irgc", "Islamic Revolutionary Guard Corps", "state organ", "IRN", 35.689, 51.389, "hub"),
        ("hezbollah", "Hezbollah", "non-state armed group", "LBN", 33.853, 35.515, "proxy"),
        ("hamas", "Hamas", "non-state armed group", "PSE", 31.502, 34.467, "proxy"),
        (
            "pij",
            "Palestinian Islamic Jihad",
            "non-state armed group",
            "PSE",
            31.502,
            34.467,
            "proxy",
        ),
        ("syria", "Syria", "state", "SYR", 33.513, 36.292, "state partner"),
        ("russia", "Russia", "state", "RUS", 55.756, 37.617, "global power"),
        ("institute", "Moscow Institute", "research institute", "RUS", 55.756, 37.617, "other"),
        ("israel", "Israel", "state", "ISR", 31.778, 35.235, "opponent"),
        ("axis", "Axis of Resistance", "informal grouping", None, None, None, "proxy"),
        ("evil", EVIL, "political faction", None, 20.0, 20.0, "other"),
        ("twin", "Hezbollah", "non-state armed group", None, 10.0, 10.0, "proxy"),
    ]
    return pd.DataFrame(
        rows, columns=["actor_id", "name", "kind", "country", "lat", "lon", "category"]
    )


@pytest.fixture
def relationships() -> pd.DataFrame:
    rows = [
        ("r1", "iran", "hezbollah", "proxy support", 3, "weakened", "funding;arms"),
        ("r2", "iran", "syria", "strategic partnership", 3, "contested", ""),
        ("r3", "russia", "iran", "strategic partnership", 3, "active", "technology"),
        ("r4", "russia", "iran", "diplomatic backing", 2, "active", "diplomatic cover"),
        ("r5", "hezbollah", "axis", "membership", 3, "active", ""),
        ("r6", "hamas", "israel", "conflict", 2, "weakened", None),
        ("r7", "irgc", "iran", "part of", 3, "active", ""),
        ("r8", "evil", "iran", "rivalry", 1, "active", EVIL),
    ]
    return pd.DataFrame(
        rows,
        columns=["rel_id", "from_actor", "to_actor", "type", "strength", "status", "support"],
    )


@pytest.fixture
def places() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "place_id": ["bab", "lane", "gaza", "hormuz", "sanaa"],
            "name": ["Bab al-Mandab", "Red Sea lane", "Gaza Strip", "Strait of Hormuz", "Sana'a"],
            "kind": ["chokepoint", "corridor", "territory", "chokepoint", "city"],
            "in_sources": [True, True, True, False, True],
        },
        geometry=[
            Point(43.33, 12.58),
            LineString([(32.56, 29.93), (43.33, 12.6)]),
            Polygon([(34.2, 31.2), (34.5, 31.6), (34.6, 31.5), (34.3, 31.2)]),
            Point(56.4, 26.6),
            Point(44.2, 15.35),
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def built(countries, actors, relationships, places) -> tuple[folium.Map, MapLayers, str]:
    m = base_map(countries)
    result = layers(actors, relationships, places, countries)
    for group in result.groups:
        group.add_to(m)
    return m, result, m.get_root().render()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_content(fragment: str) -> str:
    """What `span.innerHTML = fragment; span.textContent.trim()` gives in a browser."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts).strip()


def label(name: str) -> str:
    """An always-visible marker label as folium writes it (< and > as JSON escapes)."""
    return f'ally-label\\"\\u003e{name}\\u003c/span'


def m_plain_render(countries, result: MapLayers) -> str:
    m = base_map(countries)
    for group in result.groups:
        group.add_to(m)
    return m.get_root().render()


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
    assert '"minZoom": 2' in rendered
    assert '"maxZoom": 8' in rendered
    assert mapbuild.SEA in rendered


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


def test_legend_lists_every_camp_shape_line_style_and_context():
    legend = legend_html()
    for cat in CATEGORIES.values():
        assert safe(cat.label) in legend
        assert cat.colour in legend
    for phrase in ("Armed group", "Organisation or institute", "Iran, the hub", "Weakened"):
        assert phrase in legend
    assert "Contested" in legend
    assert safe(CONTEXT_LABEL) in legend
    assert 'stroke-dasharray="10 7"' in legend


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


def test_one_marker_per_seated_actor(built, actors):
    _, result, rendered = built
    seated = actors.dropna(subset=["lat", "lon"])
    assert set(result.positions) == set(seated["actor_id"])
    markers = [i for i in result.items() if i["t"] == "marker" and i.get("tip")]
    assert len(markers) == len(seated)
    assert all(m["icon"]["className"] == "ally-marker" for m in markers)
    assert rendered.count('role=\\"img\\"') == len(seated)
    assert rendered.count("L.divIcon(") == rendered.count("L.marker(")
    # The hub marker is the larger ringed one, with its label always shown.
    iran = next(m for m in markers if 'aria-label="Iran"' in m["icon"]["html"])
    assert iran["icon"]["iconSize"] == [mapbuild.HUB_PX, mapbuild.HUB_PX]
    assert label("Iran") in rendered
    shapes = {m["icon"]["html"].split("<svg", 1)[1].split(">", 1)[1][:5] for m in markers}
    assert {"<circ", "<poly", "<rect"} <= shapes


def ties_of(result: MapLayers) -> list[dict]:
    return [i for i in result.items() if i["t"] == "line" and i["o"].get("className") == "ally-tie"]


def test_ties_skip_missing_ends_and_carry_style(built, relationships):
    _, result, rendered = built
    ties = {v[1] for v in result.tooltip_index.values() if v[0] == "tie"}
    assert ties == set(relationships["rel_id"]) - {"r5"}
    lines = ties_of(result)
    hits = [i for i in result.items() if "ally-tie-hit" in i["o"].get("className", "").split()]
    assert len(lines) == len(hits) == len(ties)
    # Each hit line names its tie, for styling and for the browser tests.
    assert {h["o"]["className"] for h in hits} == {f"ally-tie-hit ally-tie-{t}" for t in ties}
    assert all(not line["o"]["interactive"] and "tip" not in line for line in lines)
    assert all(h["tip"] and h["o"]["opacity"] == 0 for h in hits)
    dashes = [line["o"].get("dashArray") for line in lines]
    assert dashes.count("10 7") == 2  # r1 and r6 are weakened
    assert dashes.count("1 7") == 1  # r2 is contested
    assert {line["o"]["weight"] for line in lines} == {1.5, 3.0, 4.5}
    colours = {line["o"]["color"] for line in lines}
    # Iran → Hezbollah takes the proxy colour; Russia → Iran the global-power colour.
    assert CATEGORIES["proxy"].colour in colours
    assert CATEGORIES["global power"].colour in colours
    assert '"dashArray":"10 7"' in rendered
    assert '"className":"ally-tie-hit ally-tie-r1"' in rendered


def test_two_ties_between_one_pair_do_not_overlap(built):
    _, result, _ = built
    paths = [tuple(map(tuple, line["ll"])) for line in ties_of(result)]
    assert len(paths) == len(set(paths))


def test_countries_are_shaded_by_camp(built):
    _, _, rendered = built
    assert f'"fillColor":"{CATEGORIES["state partner"].colour}"' in rendered
    assert f'"fillColor":"{CATEGORIES["opponent"].colour}"' in rendered
    assert f'"fillOpacity":{mapbuild.SHADE_OPACITY}' in rendered
    # Countries of non-state actors are not shaded by them (Lebanon has only Hezbollah).
    assert rendered.count(f'"fillColor":"{CATEGORIES["proxy"].colour}"') == 0


def test_places_are_styled_by_kind_and_provenance(built):
    _, result, rendered = built
    index = result.tooltip_index
    assert index["Bab al-Mandab · chokepoint"] == ("place", "bab")
    assert index["Strait of Hormuz · chokepoint · context, not in the sources"] == (
        "place",
        "hormuz",
    )
    assert index["Gaza Strip · territory"] == ("place", "gaza")
    assert index["Sana'a · city"] == ("place", "sanaa")
    by_tip = {text_content(i["tip"]): i for i in result.items() if i.get("tip")}
    hormuz = by_tip["Strait of Hormuz · chokepoint · context, not in the sources"]
    assert hormuz["o"]["dashArray"] == "4 6"
    assert hormuz["o"]["color"] == mapbuild.CONTEXT_GREY
    assert by_tip["Bab al-Mandab · chokepoint"]["o"].get("dashArray") is None
    assert by_tip["Gaza Strip · territory"]["t"] == "polygon"
    assert by_tip["Red Sea lane · corridor"]["t"] == "line"
    assert by_tip["Sana'a · city"]["t"] == "circle"
    assert "L.polygon(" in rendered


def test_tooltip_index_round_trips_every_tooltip(built):
    _, result, _ = built
    fragments = [i["tip"] for i in result.items() if i.get("tip")]
    texts = [text_content(f) for f in fragments]
    assert len(texts) == len(set(texts)), "tooltip texts must be unique"
    assert set(texts) == set(result.tooltip_index)
    assert all(tooltip_text(f) == text_content(f) for f in fragments)
    index = result.tooltip_index
    assert index["Iran → Hezbollah · proxy support · funding, arms · weakened"] == ("tie", "r1")
    assert index["Russia → Iran · strategic partnership · technology"] == ("tie", "r3")
    assert index["Hezbollah · Proxy / Axis of Resistance"] == ("actor", "hezbollah")
    # Two actors called Hezbollah: the second is told apart by its id.
    assert index["Hezbollah · Proxy / Axis of Resistance · twin"] == ("actor", "twin")
    assert index[f"{EVIL} · Other"] == ("actor", "evil")
    assert index[f"{EVIL} → Iran · rivalry · {EVIL}"] == ("tie", "r8")


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
    assert any(EVIL in text for text in result.tooltip_index)


def test_layers_render_the_way_streamlit_folium_renders_them(
    countries, actors, relationships, places
):
    """st_folium adds each group to the map, renders it, then turns it into a script."""
    streamlit_folium = pytest.importorskip("streamlit_folium")
    m = base_map(countries)
    m.render()
    result = layers(actors, relationships, places, countries)
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


def test_selection_rings_labels_and_fades(countries, actors, relationships, places):
    plain = layers(actors, relationships, places, countries)
    chosen = layers(actors, relationships, places, countries, selected="hezbollah")
    assert label("Hezbollah") in m_plain_render(countries, chosen)
    assert label("Hezbollah") not in m_plain_render(countries, plain)
    lines = {text_content(h["tip"]): h for h in chosen.items() if h.get("tip")}
    assert plain.tooltip_index == chosen.tooltip_index
    faded = [line for line in ties_of(chosen) if line["o"]["opacity"] == mapbuild.FADED_OPACITY]
    strong = [line for line in ties_of(chosen) if line["o"]["opacity"] == 1.0]
    assert len(strong) == 1 and strong[0]["o"]["weight"] == 6.0  # r1: 4.5 + 1.5
    assert len(faded) == len(ties_of(chosen)) - 1
    hz = lines["Hezbollah · Proxy / Axis of Resistance"]
    assert hz["icon"]["iconSize"][0] > mapbuild.MARKER_PX  # the selection ring


def test_co_located_actors_get_leader_lines(built):
    _, result, _ = built
    pos = result.positions
    assert pos["iran"] == pytest.approx((35.689, 51.389))
    assert pos["irgc"] != pytest.approx((35.689, 51.389))
    assert pos["hamas"] != pos["pij"]
    leaders = [i for i in result.items() if i["o"].get("dashArray") == "2 3"]
    moved = [a for a in pos if a not in ("iran", "syria", "russia", "israel", "evil", "twin")]
    assert len(leaders) == len(moved)
    assert all(not i["o"]["interactive"] for i in leaders)


def test_empty_inputs_build_empty_layers(countries):
    empty = layers(
        pd.DataFrame(columns=["actor_id", "name", "kind", "country", "lat", "lon", "category"]),
        pd.DataFrame(columns=["rel_id", "from_actor", "to_actor", "type", "strength", "status"]),
        None,
        countries,
    )
    assert empty.groups == []
    assert empty.tooltip_index == {}


def test_a_selection_that_is_not_drawn_fades_nothing():
    from allies import queries
    from allies.load import load_dataset

    ds = load_dataset()
    shown = queries.visible(ds, queries.Filters(layers=("state partner", "global power")))
    for kwargs in ({"selected": "hezbollah"}, {"selected_tie": "r001"}, {"selected": "crink"}):
        result = layers(shown.actors, shown.ties, None, None, **kwargs)
        opacities = {line["o"]["opacity"] for line in ties_of(result)}
        assert opacities == {TIE_OPACITY}, kwargs
