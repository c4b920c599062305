"""Speaker notes: kept by the tour model and its file, and left out of everything a class sees
(the scene as projected, the exported tour, the class link)."""

from __future__ import annotations

import yaml

from allies import queries, tourlink
from allies.load import load_dataset
from allies.tours import draft_tour, tour_yaml
from geo.shapes import load_countries
from ui import export
from ui.scenes import scene_html

NOTE = "Ask the class why Russia <would> care."


def noted_tour():
    scene = {
        "title": "Russia",
        "caption": "One sentence here. And a second.",
        "excerpts": ["alpha-002"],
        "selection": "actor:russia",
        "center": (45.0, 45.0),
        "zoom": 4,
        "notes": NOTE,
    }
    tour, problems = draft_tour("mine", "Mine", "Made on the map.", [scene])
    assert problems == []
    return tour


def test_notes_are_kept_in_the_tour_file():
    tour = noted_tour()
    assert tour.scenes[0].notes == NOTE
    text = tour_yaml(tour)
    assert yaml.safe_load(text)["scenes"][0]["notes"] == NOTE
    bare = tour.model_copy(update={"scenes": [tour.scenes[0].model_copy(update={"notes": None})]})
    assert "notes" not in tour_yaml(bare)


def test_notes_never_reach_the_projected_scene_the_export_or_the_class_link(tiny_data):
    from ui.data import choices

    ds = load_dataset(tiny_data)
    tour = noted_tour()
    ev = queries.evidence(ds)
    assert "would" not in scene_html(ds, ev, tour, 0)
    page = export.tour_html(ds, ev, load_countries(), tour, choices(ds), link="http://x/")
    assert "why Russia" not in page
    assert tourlink.decode(tourlink.encode(tour), ds)[0].scenes[0].notes is None
