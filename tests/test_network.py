"""The network view: every actor placed once, Iran at the centre, each camp on its ring."""

import math
from types import SimpleNamespace

import pytest

from allies import queries
from allies.load import load_dataset
from ui import network


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_every_actor_is_placed_once_with_iran_at_the_centre(ds):
    nodes = network.node_positions(ds.actors)
    assert sorted(nodes["actor_id"]) == sorted(ds.actors["actor_id"])
    iran = nodes.set_index("actor_id").loc["iran"]
    assert (iran["x"], iran["y"]) == (0.0, 0.0)
    radius = {row.actor_id: math.hypot(row.x, row.y) for row in nodes.itertuples()}
    for row in nodes.itertuples():
        expected = network.RINGS[row.category]
        if row.category == "hub" and row.actor_id != "iran":
            expected = network.ORGAN_RING
        assert radius[row.actor_id] == pytest.approx(expected)
    assert not nodes.duplicated(["x", "y"]).any()


def test_long_names_are_labelled_by_their_acronym(ds):
    labels = network.node_positions(ds.actors).set_index("actor_id")["label"]
    assert labels["irgc"] == "IRGC" and labels["pmf"] == "PMF" and labels["syria"] == "Syria"


def test_edges_follow_the_filtered_ties(ds):
    shown = queries.visible(ds, queries.Filters(layers=("proxy",)))
    nodes = network.node_positions(shown.actors)
    lines = network.edges(ds, nodes, shown.ties)
    assert set(lines["rel_id"]) == set(shown.ties["rel_id"])
    assert (lines.groupby("rel_id").size() == 2).all()


def test_a_click_event_names_the_actor():
    event = SimpleNamespace(selection={network.SELECTION: [{"actor_id": "syria"}]})
    assert network.picked(event) == "syria"
    assert network.picked(SimpleNamespace(selection={})) is None
    assert network.picked(None) is None
