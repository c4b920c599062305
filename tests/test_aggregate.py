"""Crowded seats on a big map (geo.aggregate), on the sample dataset copied many times by the
benchmark's own code (bench/scale.py): counted markers, expansion by zoom, bundles, canvas, and
the selection standing alone; a small map is untouched."""

from __future__ import annotations

import importlib.util
import itertools
import re
from collections import Counter

import pytest
from helpers import write_tiny_dataset

from allies import queries
from allies.load import load_dataset
from allies.paths import REPO_DIR
from allies.selection import Selection
from allies.vocab import CATEGORIES, HUB
from geo import aggregate, mapbuild
from geo import scene as geo_scene
from geo.drawn import drawn_view
from geo.fastrender import Items, LodItems
from geo.mapbuild import layers, render
from geo.tooltips import tooltip_text
from ui import panel


def _scale():
    spec = importlib.util.spec_from_file_location("bench_scale", REPO_DIR / "bench" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EVERY = queries.Filters(layers=tuple(c for c in CATEGORIES if c != HUB))


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return write_tiny_dataset(tmp_path_factory.mktemp("sample") / "data", more=True)


def view_of(folder):
    ds = load_dataset(folder)
    return ds, queries.visible(ds, EVERY)


@pytest.fixture(scope="module")
def big(source, tmp_path_factory):
    """The sample copied often enough to pass the aggregation threshold."""
    ds = load_dataset(source)
    seated = int(ds.actors["lat"].notna().sum())
    k = geo_scene.AGGREGATE_ABOVE // max(1, seated - 1) + 2
    folder = _scale().write_scaled(tmp_path_factory.mktemp("big") / "data", k, source=source)
    return view_of(folder)


def seat_markers(built):
    return [i for i in built.items() if "ally-agg" in i.get("icon", {}).get("className", "")]


def count_of(item) -> int:
    return int(re.search(r': (\d+) actors"', item["icon"]["html"]).group(1))


def test_a_small_map_has_no_aggregates_and_no_zoom_ranges(source):
    _, view = view_of(source)
    built = layers(view)
    assert not seat_markers(built)
    assert all("z" not in item for item in built.items())
    elements = [c for g in built.groups for c in g._children.values()]
    assert not any(isinstance(c, LodItems) for c in elements)
    assert any(isinstance(c, Items) for c in elements)


def test_the_scaled_data_stays_valid_and_verbatim(source, big):
    ds, _ = big
    small = load_dataset(source)
    assert len(ds.actors) > geo_scene.AGGREGATE_ABOVE
    # Every copied excerpt quotes the same sentence as its original.
    assert set(ds.excerpts["quote"]) == set(small.excerpts["quote"])


def test_crowded_seats_count_every_actor_once(big):
    _, view = big
    built = layers(view)
    seats = seat_markers(built)
    assert seats
    alone = [
        i
        for i in built.items()
        if i["t"] == "marker" and "ally-marker" in i["icon"]["className"] and i not in seats
    ]
    folded = [i for i in alone if i.get("z")]  # shown once a seat opens
    always = [i for i in alone if not i.get("z")]
    drawn = int(view.actors["lat"].notna().sum())
    assert sum(count_of(s) for s in seats) == len(folded)
    assert len(folded) + len(always) == drawn == len(built.positions)
    # A seat's marker shows until its zoom, its actors from then on (and it zooms there).
    opening = {s["z"][1] for s in seats}
    assert {s["zoomTo"] for s in seats} == opening
    assert {i["z"][0] for i in folded} <= opening
    assert all(s["z"][0] is None for s in seats)


def test_every_marker_still_maps_back_to_its_actor(big):
    _, view = big
    built = layers(view)
    for item in built.items():
        marker = item["t"] == "marker" and "ally-agg" not in item["icon"]["className"]
        if marker and item.get("tip"):
            assert built.tooltip_index[tooltip_text(item["tip"])].kind == "actor"


def test_ties_between_seats_bundle_with_a_width_for_their_number(big):
    _, view = big
    built = layers(view)
    bundles = [i for i in built.items() if "ally-bundle" in i["o"].get("className", "")]
    assert bundles
    numbers = [int(re.match(r"<b>(\d+) ties?</b>", b["tip"]).group(1)) for b in bundles]
    by_number = sorted(zip(numbers, (b["o"]["weight"] for b in bundles), strict=True))
    assert all(w1 <= w2 for (_, w1), (_, w2) in itertools.pairwise(by_number))
    assert all(b["z"][0] is None and b["z"][1] for b in bundles)
    # Bundled and single ties, once every seat is open, draw every drawable tie.
    ties = [i for i in built.items() if "ally-tie-" in i["o"].get("className", "")]
    drawn = {c for i in ties for c in i["o"]["className"].split() if c.startswith("ally-tie-")}
    assert len(drawn - {"ally-tie-hit"}) == built.drawn_ties


def test_busy_layers_draw_on_a_canvas(big, monkeypatch):
    _, view = big
    monkeypatch.setattr(mapbuild, "CANVAS_ABOVE", 0)
    built = layers(view)
    elements = [c for g in built.groups for c in g._children.values() if isinstance(c, LodItems)]
    assert elements and all(e.canvas for e in elements)
    # On a canvas a tie is one line that takes the tooltip (no transparent twin).
    lines = [i for i in built.items() if i["o"].get("className") == "ally-tie"]
    assert lines and all(i["o"].get("interactive") is True and i.get("tip") for i in lines)
    assert not [i for i in built.items() if "ally-tie-hit" in i["o"].get("className", "")]


def test_the_selected_actor_stands_alone_at_every_zoom(big):
    _, view = big
    plain = layers(view)
    crowded = [i for i in plain.items() if i.get("z") and i["t"] == "marker"]
    chosen_tip = tooltip_text(crowded[0]["tip"])
    chosen = plain.tooltip_index[chosen_tip]
    built = layers(view, selection=chosen)
    mine = [i for i in built.items() if i.get("tip") and tooltip_text(i["tip"]) == chosen_tip]
    assert len(mine) == 1 and not mine[0].get("z")
    assert (
        sum(count_of(s) for s in seat_markers(built))
        == sum(count_of(s) for s in seat_markers(plain)) - 1
    )
    assert built.focus_point(chosen) is not None
    assert isinstance(chosen, Selection)


def test_the_caption_names_a_few_seatless_actors_and_counts_the_rest(big):
    ds, _ = big
    seatless = int(ds.actors["lat"].isna().sum())
    assert seatless > panel.SEATLESS_NAMED
    text = panel.map_caption(ds, 1, 1, 1, selection_drawn=True)
    assert f"and {seatless - panel.SEATLESS_NAMED} more" in text
    assert Counter(text)["("] >= 1


def test_the_biggest_seat_is_named_before_it_opens(big):
    _, view = big
    seats = seat_markers(layers(view))
    biggest = max(seats, key=count_of)
    level = re.search(r'class="ally-label(?: ally-lz(\d+))?"', biggest["icon"]["html"]).group(1)
    assert level is None or int(level) < biggest["z"][1]


def test_the_crowded_model_is_what_the_map_draws(big):
    """Aggregation is part of the model (geo.drawn.drawn_view): the map only renders it."""
    _, view = big
    made = drawn_view(view, geo_scene.scene(view))
    assert made.crowded and made.seats and made.bundles
    folded = {m: s.expand_zoom for s in made.seats for m in s.members}
    assert {a.actor_id: a.shown_from for a in made.actors if a.shown_from} == folded
    for tie in made.ties:
        assert tie.shown_from == max(folded.get(tie.from_actor, 0), folded.get(tie.to_actor, 0))
    built = render(made)
    seats = seat_markers(built)
    assert [(s["zoomTo"], count_of(s)) for s in seats] == [
        (s.expand_zoom, len(s.members)) for s in made.seats
    ]
    bundles = [i for i in built.items() if "ally-bundle" in i["o"].get("className", "")]
    assert sorted(b["z"][1] for b in bundles) == sorted(b.until_zoom for b in made.bundles)
    # A folded actor is found at its seat's marker until the seat opens.
    for seat in made.seats:
        assert all(built.focus_point(Selection("actor", m)) == seat.pos for m in seat.members)


def test_a_scene_labels_its_subject_at_every_zoom_on_a_crowded_map_too(big):
    _, view = big
    plain = drawn_view(view, geo_scene.scene(view))
    subject = next(a for a in plain.actors if a.shown_from and a.label_zoom > 0)
    labelled = drawn_view(view, geo_scene.scene(view), labelled=frozenset({subject.actor_id}))
    assert labelled.actor(subject.actor_id).label_zoom == 0
    marker = next(
        i
        for i in render(labelled).items()
        if i["t"] == "marker" and f'aria-label="{subject.name}"' in i["icon"]["html"]
    )
    assert 'class="ally-label"' in marker["icon"]["html"]


@pytest.mark.parametrize("zoom", [4, 8])
def test_a_still_of_a_big_map_draws_what_the_live_map_shows_at_its_scale(big, zoom):
    from geo import still
    from geo.drawn import at_zoom
    from geo.shapes import load_countries
    from geo.stillparts import Words

    _, view = big
    made = drawn_view(view, geo_scene.scene(view))
    shown = at_zoom(made, zoom)
    drawn = still.render(made, load_countries(), Words("T", "", ""), center=(30, 45), zoom=zoom)
    svg = drawn.save("svg").decode()
    assert drawn.ids["actor"] == {a.actor_id for a in shown.actors}
    assert drawn.ids["tie"] == {t.rel_id for t in shown.ties}
    assert {s.key for s in shown.seats} == set(re.findall(r'id="seat:([^"]+)"', svg))
    assert len(re.findall(r'id="bundle:', svg)) == len(shown.bundles)
    assert drawn.shown == shown  # what the legend and the words describe
    if zoom < aggregate.FIRST_EXPAND:  # folded: the seats' markers, not their actors
        assert shown.seats and shown.bundles
        assert not any(a.shown_from for a in shown.actors)
        # The legend names the camps of the folded seats and says what a ringed number is.
        for camp in {c for seat in shown.seats for c, _ in seat.camps}:
            assert CATEGORIES[camp].label.replace("&", "&amp;") in svg, camp
        assert "A ringed number" in svg and "Wider: more ties bundled" in svg
    else:  # every seat open by the last zoom: every actor, no bundle
        assert not shown.seats and len(shown.actors) == len(made.actors)


def test_a_thinned_tie_is_redrawn_by_the_browser_at_its_thinned_points(big):
    """A big map sends a tie as its curve with fewer points: every third of the model's."""
    from geo.arcs import arc

    _, view = big
    made = drawn_view(view, geo_scene.scene(view))
    points = {t.rel_id: t.points for t in made.ties}
    hits = [i for i in render(made).items() if "ally-tie-hit" in i["o"].get("className", "")]
    assert hits
    for item in hits:
        lat0, lon0, lat1, lon1, bend, n = item["arc"]
        redrawn = arc((lat0, lon0), (lat1, lon1), bend, n)
        every_third = points[item["o"]["className"].split("ally-tie-")[-1]][::3]
        assert len(redrawn) == len(every_third)
        for (lat, lon), (want_lat, want_lon) in zip(redrawn, every_third, strict=True):
            assert lat == pytest.approx(want_lat, abs=2e-3)
            assert lon == pytest.approx(want_lon, abs=2e-3)
