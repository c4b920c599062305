"""The view as one HTML file: everything inlined, nothing fetched, a panel for every drawn item."""

from __future__ import annotations

import json
import re

from helpers import parse_html

from allies import queries
from allies.load import load_dataset
from allies.queries import Filters
from allies.selection import Selection
from allies.vocab import CATEGORIES, HUB
from geo import mapbuild
from geo.shapes import load_countries
from ui import export

LAYERS = tuple(c for c in CATEGORIES if c != HUB)


def build(data_dir, selection=None, highlight=None):
    """The page of a view; `highlight` is what the map draws as selected (text form)."""
    ds = load_dataset(data_dir)
    countries = load_countries()
    shown = queries.visible(ds, Filters(layers=LAYERS, places=tuple(ds.places["place_id"])))
    built = mapbuild.layers(shown, countries, selection=Selection.parse(highlight))
    page = export.view_html(
        ds,
        queries.evidence(ds),
        countries,
        built,
        center=(33.0, 44.0),
        zoom=4.5,
        selection=Selection.parse(selection),
        link="http://example.test/?sel=actor:hezbollah&layers=proxy",
        caption="Drawn: <everything>.",
    )
    return ds, built, page


def panels_of(page: str) -> dict[str, str]:
    raw = re.search(r"var panels = (\{.*?\});\n", page, re.S).group(1)
    return json.loads(raw)


def test_the_file_needs_nothing_from_outside(tiny_data):
    _, _, page = build(tiny_data)
    assert "<script src" not in page
    assert not re.search(r"<link[^>]+href", page)
    assert "inline-vendor" not in page
    assert re.search(r"url\(data:image/png;base64,", page)  # Leaflet's images, inlined
    assert "L.map(" in page and "leaflet" in page.lower()
    assert "var panels = " in page


def test_every_drawn_item_has_its_panel_with_quotes(tiny_data):
    ds, built, page = build(tiny_data, highlight="actor:hezbollah")
    panels = panels_of(page)
    assert set(panels) == set(built.tooltip_index)
    for text, (kind, ident) in built.tooltip_index.items():
        assert f'data-panel="{"tie" if kind == "tie" else kind}"' in panels[text]
        assert f'data-id="{ident}"' in panels[text]
    hezbollah = next(
        t for t, v in built.tooltip_index.items() if v == Selection("actor", "hezbollah")
    )
    about = ds.excerpts[ds.excerpts["actor_ids"].map(lambda ids: "hezbollah" in ids)]
    assert len(about)
    for excerpt_id in about["excerpt_id"]:
        assert f'data-excerpt="{excerpt_id}"' in panels[hezbollah]


def test_the_view_opens_where_the_dashboard_was(tiny_data):
    _, _, page = build(tiny_data, selection="actor:hezbollah", highlight="actor:hezbollah")
    assert re.search(r"center:\s*\[33\.0,\s*44\.0\]", page)
    assert re.search(r"\"zoom\":\s*4\.5|zoom:\s*4\.5", page)
    body = page.split('id="view-panel-body">', 1)[1]
    # The panel opens with the selection's own: the first element after the marker is its frame.
    [first] = parse_html(re.match(r"\s*(<div [^>]*>)", body).group(1) + "</div>").children
    assert (first.attrs["class"], first.attrs["data-panel"], first.attrs["data-id"]) == (
        "ap",
        "actor",
        "hezbollah",
    )


def test_text_from_outside_is_escaped(tiny_data):
    _, _, page = build(tiny_data)
    assert "Drawn: &lt;everything&gt;." in page
    assert 'href="http://example.test/?sel=actor:hezbollah&amp;layers=proxy"' in page


def test_script_json_cannot_close_its_script():
    text = export._script_json({"a": "</script><b>&"})
    assert "</script>" not in text and "<" not in text
    assert json.loads(text) == {"a": "</script><b>&"}


def test_a_tour_file_holds_every_scene_and_needs_nothing_from_outside(tiny_data):
    from allies.tours import draft_tour
    from ui.data import choices

    ds = load_dataset(tiny_data)
    scene = {
        "title": "<Russia>",
        "caption": "One sentence here. And a second.",
        "excerpts": ["alpha-002"],
        "selection": "actor:russia",
        "layers": ["global power"],
        "center": (45.0, 45.0),
        "zoom": 4,
    }
    second = {**scene, "title": "Hezbollah", "selection": "tie:r001", "layers": ["proxy"]}
    second["excerpts"] = ["alpha-001"]
    tour, problems = draft_tour("mine", "Mine", "Made on the map.", [scene, second])
    assert problems == []
    page = export.tour_html(
        ds, queries.evidence(ds), load_countries(), tour, choices(ds), link="http://x/"
    )
    assert "<script src" not in page and not re.search(r"<link[^>]+href", page)
    raw = re.search(r"var scenes = (\[.*?\]);\n", page, re.S).group(1)
    scenes = json.loads(raw)
    assert [s["center"] for s in scenes] == [[45.0, 45.0], [45.0, 45.0]]
    assert all(s["groups"] for s in scenes)
    assert not set(scenes[0]["groups"]) & set(scenes[1]["groups"])
    assert "&lt;Russia&gt;" in scenes[0]["html"] and "<Russia>" not in scenes[0]["html"]
    assert 'data-excerpt="alpha-001"' in scenes[1]["html"]
    # No scene's groups are on the map before the page's script picks the current scene.
    for name in scenes[0]["groups"] + scenes[1]["groups"]:
        assert f"{name}.addTo(" not in page


def test_a_place_panels_links_open_panels_that_are_in_the_file(tiny_data):
    _, built, page = build(tiny_data, selection="place:lebanon")
    raw = re.search(r"var selects = (\{.*?\});\n", page, re.S).group(1)
    selects = json.loads(raw)
    panels = panels_of(page)
    assert selects == {str(sel): text for text, sel in built.tooltip_index.items()}
    assert all(text in panels for text in selects.values())
    # The place's links name actors whose panels the file holds.
    assert "actor:hezbollah" in selects and 'data-select="actor:hezbollah"' in page
