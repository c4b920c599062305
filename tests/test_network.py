"""The network view on the sample dataset: camps as sectors around Iran, distance by the
strength of the tie with the hub, labels that never overlap, ties styled by strength and
status."""

from __future__ import annotations

import math
from itertools import combinations, pairwise
from types import SimpleNamespace

import pandas as pd
import pytest
from helpers import parse_html, words

from allies import queries
from allies.selection import Selection
from geo.styles import STATUS_DASHES
from ui import network
from ui.network import Box


def everything(ds) -> queries.Visible:
    return queries.visible(ds, queries.Filters(layers=tuple(ds.actors["category"].unique())))


def laid_out(ds):
    shown = everything(ds)
    return shown, network.node_positions(shown.actors, shown.ties)


def clockwise(x: float, y: float) -> float:
    """The angle of a point, clockwise from twelve o'clock, in [0, 2π)."""
    return math.atan2(x, y) % (2 * math.pi)


def boxes(labels: pd.DataFrame) -> list[Box]:
    return [Box(r.left, r.bottom, r.right, r.top) for r in labels.itertuples()]


def node_box(row) -> Box:
    r = network.NODE_RADIUS
    return Box(row.x - r, row.y - r, row.x + r, row.y + r)


def assert_labels_apart(nodes: pd.DataFrame, labels: pd.DataFrame) -> None:
    """No two labels overlap, no label covers a node but its own, all inside the chart."""
    placed = boxes(labels)
    for a, b in combinations(range(len(placed)), 2):
        assert not placed[a].overlaps(placed[b]), (labels.iloc[a]["label"], labels.iloc[b]["label"])
    at = nodes.set_index("actor_id")
    for row, box in zip(labels.itertuples(), placed, strict=True):
        for other in nodes.itertuples():
            if other.actor_id != row.actor_id:
                assert not box.overlaps(node_box(other)), (row.label, other.name)
        assert box.left >= -network.WIDTH / 2 and box.right <= network.WIDTH / 2
        assert box.bottom >= -network.HEIGHT / 2 and box.top <= network.HEIGHT / 2
        # Next to its own node, not somewhere else on the chart.
        x, y = at.loc[row.actor_id, ["x", "y"]]
        assert math.hypot(row.lx - x, row.ly - y) < 120


def test_every_actor_is_placed_once_with_iran_at_the_centre(sample):
    _, nodes = laid_out(sample)
    assert sorted(nodes["actor_id"]) == sorted(sample.actors["actor_id"])
    at = nodes.set_index("actor_id")
    assert (at.loc["iran", "x"], at.loc["iran", "y"]) == (0.0, 0.0)
    assert math.hypot(at.loc["irgc", "x"], at.loc["irgc", "y"]) == pytest.approx(network.ORGAN_RING)
    assert not nodes.duplicated(["x", "y"]).any()


def test_each_camp_has_its_own_sector_and_its_actors_sit_in_it(sample):
    _shown, nodes = laid_out(sample)
    arcs = network.sectors(nodes[nodes["category"] != "hub"])
    assert list(arcs["category"]) == ["proxy", "global power"]
    # Sectors follow one another clockwise without overlapping, and fill less than the circle.
    ends = list(zip(arcs["start"], arcs["end"], strict=True))
    assert all(a_end < b_start for (_, a_end), (b_start, _) in pairwise(ends))
    assert ends[-1][1] < 2 * math.pi
    spans = arcs.set_index("category")
    for row in nodes[nodes["category"] != "hub"].itertuples():
        angle = clockwise(row.x, row.y)
        assert spans.loc[row.category, "start"] <= angle <= spans.loc[row.category, "end"]


def test_nearer_the_centre_the_stronger_the_tie_with_the_hub(sample):
    _, nodes = laid_out(sample)
    radius = {r.actor_id: math.hypot(r.x, r.y) for r in nodes.itertuples()}
    # Iran → Hezbollah is strength 3, Russia → Iran 2, China → Iran 1 (in the sample data).
    assert radius["hezbollah"] == pytest.approx(network.BANDS[3])
    assert radius["hezbollah"] < radius["russia"] < radius["china"]


def test_without_ties_everyone_sits_on_the_outer_band(sample):
    nodes = network.node_positions(sample.actors)
    outer = nodes[nodes["category"] != "hub"]
    radii = {round(math.hypot(r.x, r.y)) for r in outer.itertuples()}
    assert max(radii) == network.BANDS[0]


def test_labels_never_overlap_on_the_sample(sample):
    _, nodes = laid_out(sample)
    for selected in (None, "hezbollah", "irgc"):
        labels = network.place_labels(nodes, selected)
        assert set(labels["actor_id"]) == set(nodes["actor_id"])  # room for every name here
        assert_labels_apart(nodes, labels)


def test_labels_stay_apart_in_a_crowd_and_the_selected_one_is_placed_first():
    count = 60
    actors = pd.DataFrame(
        {
            "actor_id": [f"a{i}" for i in range(count)] + ["iran"],
            "name": [f"A rather long actor name {i}" for i in range(count)] + ["Iran"],
            "aliases": [()] * (count + 1),
            "kind": ["state"] * (count + 1),
            "category": ["opponent"] * (count // 2) + ["proxy"] * (count // 2) + ["hub"],
        }
    )
    nodes = network.node_positions(actors)
    labels = network.place_labels(nodes, selected="a7")
    assert_labels_apart(nodes, labels)
    assert "a7" in set(labels["actor_id"]) and "iran" in set(labels["actor_id"])
    assert len(labels) < len(nodes)  # a crowd this size cannot all be named: some are left off


def test_long_names_give_way_to_an_acronym_two_lines_or_a_short_alias(sample):
    _, nodes = laid_out(sample)
    assert nodes.set_index("actor_id").loc["irgc", "label"] == "IRGC"
    variants = network._variants(
        "Supreme Leader of Iran (Ali Khamenei)", ("Khamenei", "Supreme Leader", "Rahbar")
    )
    assert variants == [
        "Supreme Leader of Iran (Ali Khamenei)",
        "Supreme Leader of\nIran (Ali Khamenei)",
        "Khamenei",
    ]
    assert network._variants("Hezbollah") == ["Hezbollah"]


def test_edges_follow_the_filtered_ties_with_strength_and_status(sample):
    shown = queries.visible(sample, queries.Filters(layers=("proxy",)))
    nodes = network.node_positions(shown.actors, shown.ties)
    lines = network.edges(sample, nodes, shown.ties)
    assert set(lines["rel_id"]) == set(shown.ties["rel_id"]) == {"r001", "r005"}
    assert (lines.groupby("rel_id").size() == 2).all()
    assert set(lines["tie"]) == {
        "Iran → Hezbollah · proxy support",
        "Islamic Revolutionary Guard Corps → Hezbollah · proxy support",
    }
    by_tie = lines.drop_duplicates("rel_id").set_index("rel_id")
    assert by_tie.loc["r001", "strength"] == 3 and by_tie.loc["r005", "strength"] == 2
    assert set(by_tie["camp"]) == {"Proxy / Axis of Resistance"}


def test_ties_are_styled_by_strength_and_status_as_on_the_map(sample):
    shown, nodes = laid_out(sample)
    lines = network.edges(sample, nodes, shown.ties)
    spec = network.chart(nodes, lines, None).to_dict()
    data = {name: rows for name, rows in spec["datasets"].items()}
    tie_rows = next(rows for rows in data.values() if rows and "rel_id" in rows[0])
    styled = {r["rel_id"]: r for r in tie_rows}
    assert styled["r001"]["width"] > styled["r002"]["width"] > styled["r003"]["width"]
    assert styled["r001"]["opacity"] > styled["r003"]["opacity"]
    weakened = [float(p) for p in STATUS_DASHES["weakened"].split()]
    assert styled["r003"]["dash"] == weakened  # r003 is weakened
    assert styled["r001"]["dash"] == [1, 0]  # active: solid


def test_a_selected_actor_brings_its_ties_forward(sample):
    shown, nodes = laid_out(sample)
    lines = network.edges(sample, nodes, shown.ties)
    spec = network.chart(nodes, lines, Selection("actor", "russia")).to_dict()
    tie_rows = next(r for r in spec["datasets"].values() if r and "rel_id" in r[0])
    opacity = {r["rel_id"]: r["opacity"] for r in tie_rows}
    assert opacity["r002"] == pytest.approx(0.95)  # Russia → Iran
    assert all(opacity[rel] < 0.5 for rel in opacity if rel != "r002")


def test_a_click_event_names_the_actor():
    event = SimpleNamespace(selection={network.SELECTION: [{"actor_id": "syria"}]})
    assert network.picked(event) == "syria"
    assert network.picked(SimpleNamespace(selection={})) is None
    assert network.picked(None) is None


def test_the_caption_counts_what_is_drawn_and_names_labels_left_off(sample):
    shown, nodes = laid_out(sample)
    labels = network.place_labels(nodes)
    text = network.caption(nodes, labels, shown.ties, len(sample.actors))
    assert text.startswith(f"Drawn: {len(nodes)} of {len(sample.actors)} actors and 5 ties.")
    assert "left off" not in text
    text = network.caption(nodes, labels[labels["actor_id"] != "china"], shown.ties, 6)
    assert "left off to keep labels apart" in text and "China" in text


def test_the_reading_guide_is_the_networks_own(sample):
    _, nodes = laid_out(sample)
    page = parse_html(network.guide(sample, nodes))
    ap = page.find("div", class_="ap")
    assert ap.attrs["data-panel"] == "guide"
    assert ap.find("h2").text == "How to read the network"
    text = words(ap.text)
    assert "this map" not in text.lower()
    assert "Proxy / Axis of Resistance (1)" in text  # the camp's count of drawn actors
