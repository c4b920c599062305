"""The network view on the sample dataset: every actor placed once, Iran at the centre, each
camp on its ring."""

import math
from types import SimpleNamespace

import pytest

from allies import queries
from ui import network


def test_every_actor_is_placed_once_with_iran_at_the_centre(sample):
    nodes = network.node_positions(sample.actors)
    assert sorted(nodes["actor_id"]) == sorted(sample.actors["actor_id"])
    iran = nodes.set_index("actor_id").loc["iran"]
    assert (iran["x"], iran["y"]) == (0.0, 0.0)
    radius = {row.actor_id: math.hypot(row.x, row.y) for row in nodes.itertuples()}
    assert radius["irgc"] == pytest.approx(network.ORGAN_RING)
    for row in nodes.itertuples():
        if row.category != "hub":
            assert radius[row.actor_id] == pytest.approx(network.RINGS[row.category])
    assert not nodes.duplicated(["x", "y"]).any()


def test_long_names_are_labelled_by_their_acronym(sample):
    labels = network.node_positions(sample.actors).set_index("actor_id")["label"]
    assert labels["irgc"] == "IRGC" and labels["hezbollah"] == "Hezbollah"


def test_edges_follow_the_filtered_ties(sample):
    shown = queries.visible(sample, queries.Filters(layers=("proxy",)))
    nodes = network.node_positions(shown.actors)
    lines = network.edges(sample, nodes, shown.ties)
    assert set(lines["rel_id"]) == set(shown.ties["rel_id"]) == {"r001", "r005"}
    assert (lines.groupby("rel_id").size() == 2).all()
    assert set(lines["tie"]) == {
        "Iran → Hezbollah · proxy support",
        "Islamic Revolutionary Guard Corps → Hezbollah · proxy support",
    }


def test_a_click_event_names_the_actor():
    event = SimpleNamespace(selection={network.SELECTION: [{"actor_id": "syria"}]})
    assert network.picked(event) == "syria"
    assert network.picked(SimpleNamespace(selection={})) is None
    assert network.picked(None) is None
