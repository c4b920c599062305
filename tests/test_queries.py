"""allies.queries on the sample dataset: filters, search, evidence."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import set_feature

from allies import queries
from allies.load import Dataset, load_dataset
from allies.queries import Filters, visible
from allies.vocab import CATEGORIES, HUB

LAYERS = tuple(c for c in CATEGORIES if c != HUB)


def ids(frame: pd.DataFrame, column: str) -> set[str]:
    return set(frame[column])


def everything(ds: Dataset, **changes) -> Filters:
    """Every layer, status and place on; `changes` narrow it."""
    base = {
        "layers": LAYERS,
        "status": tuple(sorted(set(ds.relationships["status"]))),
        "places": tuple(ds.places["place_id"]),
    }
    return Filters(**{**base, **changes})


# --- no filter ----------------------------------------------------------------------------


def test_everything_on_shows_everything(sample):
    shown = visible(sample, everything(sample))
    assert len(shown.actors) == len(sample.actors)
    assert len(shown.ties) == len(sample.relationships)
    assert len(shown.places) == len(sample.places)
    assert list(shown.actors.index) == list(range(len(sample.actors)))
    assert list(shown.ties.index) == list(range(len(sample.relationships)))


def test_empty_status_and_support_mean_no_narrowing(sample):
    shown = visible(sample, Filters(layers=LAYERS))
    assert len(shown.ties) == len(sample.relationships)
    assert shown.places.empty


# --- layers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "layers", [(), ("proxy",), ("global power",), ("opponent", "other"), LAYERS[1:]]
)
def test_layers_drop_actors_and_every_tie_touching_them(sample, layers):
    shown = visible(sample, everything(sample, layers=layers))
    wanted = set(sample.actors.loc[sample.actors["category"].isin((*layers, HUB)), "actor_id"])
    assert ids(shown.actors, "actor_id") == wanted
    rel = sample.relationships
    both_ends = rel["from_actor"].isin(wanted) & rel["to_actor"].isin(wanted)
    assert ids(shown.ties, "rel_id") == set(rel.loc[both_ends, "rel_id"])


def test_layers_by_name(sample):
    shown = visible(sample, Filters(layers=("proxy",)))
    assert ids(shown.actors, "actor_id") == {"iran", "irgc", "hezbollah"}
    assert ids(shown.ties, "rel_id") == {"r001", "r005"}
    shown = visible(sample, Filters(layers=("global power",)))
    assert ids(shown.actors, "actor_id") == {"iran", "irgc", "russia", "china", "crink"}
    assert ids(shown.ties, "rel_id") == {"r002", "r003", "r004"}
    shown = visible(sample, Filters(layers=()))
    assert ids(shown.actors, "actor_id") == {"iran", "irgc"}
    assert shown.ties.empty


# --- support and status -------------------------------------------------------------------


def test_support_keeps_ties_carrying_it_and_is_a_union(sample):
    shown = visible(sample, everything(sample, support=("arms",)))
    assert ids(shown.ties, "rel_id") == {"r001"}
    assert len(shown.actors) == len(sample.actors)  # actors are not narrowed by support
    shown = visible(sample, everything(sample, support=("arms", "training")))
    assert ids(shown.ties, "rel_id") == {"r001", "r005"}
    assert visible(sample, everything(sample, support=("investment",))).ties.empty


def test_support_drops_ties_with_no_support(sample):
    every = tuple(s for items in sample.relationships["support"] for s in items)
    shown = visible(sample, everything(sample, support=every))
    assert ids(shown.ties, "rel_id") == {"r001", "r002", "r005"}  # r003, r004 carry nothing


def test_status_keeps_only_those_ties(sample):
    assert ids(visible(sample, everything(sample, status=("weakened",))).ties, "rel_id") == {"r003"}
    assert visible(sample, Filters(layers=LAYERS, status=())).ties.empty
    assert len(visible(sample, Filters(layers=LAYERS, status=None)).ties) == 5


# --- source -------------------------------------------------------------------------------


def test_source_keeps_only_what_its_excerpts_cite(sample):
    shown = visible(sample, everything(sample, source="beta"))
    assert ids(shown.actors, "actor_id") == {"china", "iran"}
    assert ids(shown.ties, "rel_id") == {"r003"}
    shown = visible(sample, everything(sample, source="alpha"))
    assert ids(shown.actors, "actor_id") == {"iran", "hezbollah", "russia"}
    assert ids(shown.ties, "rel_id") == {"r001", "r002"}


def test_the_source_filter_narrows_places_but_keeps_context(sample):
    assert ids(visible(sample, everything(sample, source="beta")).places, "place_id") == {
        "oil_route"
    }
    assert ids(visible(sample, everything(sample, source="alpha")).places, "place_id") == {
        "lebanon",
        "oil_route",
    }


# --- as of --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1979, {"r002", "r004", "r005"}),
        (1980, {"r001", "r002", "r004", "r005"}),
        (2020, {"r001", "r002", "r004", "r005"}),
        (2021, {"r001", "r002", "r003", "r004", "r005"}),
    ],
)
def test_as_of_drops_exactly_the_later_ties_and_keeps_undated_ones(sample, year, expected):
    shown = visible(sample, everything(sample, as_of=year))
    assert ids(shown.ties, "rel_id") == expected
    assert len(shown.actors) == len(sample.actors)


# --- places and combinations --------------------------------------------------------------


def test_places_are_those_asked_for(sample):
    shown = visible(sample, everything(sample, places=("oil_route",)))
    assert ids(shown.places, "place_id") == {"oil_route"}
    assert visible(sample, everything(sample, places=())).places.empty


def test_filters_combine(sample):
    shown = visible(
        sample, everything(sample, layers=("global power",), status=("active",), as_of=2020)
    )
    assert ids(shown.ties, "rel_id") == {"r002", "r004"}
    shown = visible(sample, everything(sample, layers=("global power",), source="gamma"))
    assert ids(shown.ties, "rel_id") == {"r004"}


# --- find_actor ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("Hezbollah", "hezbollah"),
        ("Hizballah", "hezbollah"),
        ("HIZBULLAH", "hezbollah"),
        ("hezb", "hezbollah"),
        ("  IRGC  ", "irgc"),
        ("guard corps", "irgc"),
        ("islamic republic", "iran"),
        ("rus", "russia"),
        ("Iran", "iran"),
        ("C.R.I.N.K.", "crink"),
    ],
)
def test_find_actor(sample, text, actor_id):
    assert queries.find_actor(sample, text) == actor_id


@pytest.mark.parametrize("text", ["", "   ", "zzzz", "hezbollahx", ".", "-", "'", "korea"])
def test_find_actor_finds_nothing(sample, text):
    assert queries.find_actor(sample, text) is None


# --- ties_of, events_of, evidence, year_range ---------------------------------------------


def test_ties_of_orders_strongest_first_then_by_id(sample):
    assert list(queries.ties_of(sample, "iran")["rel_id"]) == ["r001", "r002", "r004", "r003"]
    assert list(queries.ties_of(sample, "hezbollah").index) == [0, 1]
    assert queries.ties_of(sample, "atlantis").empty


def test_events_of_an_actor_oldest_first(sample):
    assert list(queries.events_of(sample, "iran")["event_id"]) == ["v01", "v02"]
    assert list(queries.events_of(sample, "russia")["event_id"]) == ["v02"]
    assert queries.events_of(sample, "hezbollah").empty


def test_evidence_indexes_excerpts_with_their_source_titles(sample):
    ev = queries.evidence(sample)
    assert set(ev.excerpts) == set(sample.excerpts["excerpt_id"])
    assert ev.excerpts["beta-001"].title == "Friends Of Tehran"
    assert ev.excerpts["alpha-002"].quote == "Russia backs Iran at the UN Security Council."
    assert ev.by_actor["russia"] == ["alpha-002", "alpha-004", "gamma-001"]


def test_evidence_groups_notes_by_subject(sample):
    ev = queries.evidence(sample)
    assert [r.disagreement_id for r in ev.disagreements[("actor", "russia")]] == ["d01"]
    assert [r.disagreement_id for r in ev.disagreements[("relationship", "r002")]] == ["d02"]
    assert ("relationship", "r001") not in ev.disagreements
    assert [r.note_id for r in ev.context[("relationship", "r001")]] == ["c01"]
    assert [r.note_id for r in ev.context[("event", "v01")]] == ["c03"]


def test_year_range(sample, tiny_data):
    assert queries.year_range(sample) == (1980, 2024)
    assert queries.year_range(load_dataset(tiny_data)) == (1980, 2021)


def test_place_links_come_from_the_excerpts_the_place_cites(sample):
    found = queries.place_links(sample, "lebanon")
    # Lebanon cites alpha-001, which names Iran and Hezbollah; the hub comes after the others.
    assert found.actors == (("hezbollah", ("alpha-001",)), ("iran", ("alpha-001",)))
    # r001 cites alpha-001 (and alpha-003); only the shared excerpt is the connection.
    assert found.ties == (("r001", ("alpha-001",)),)


def test_a_place_without_excerpts_connects_nothing(sample):
    assert queries.place_links(sample, "oil_route") == queries.PlaceLinks((), ())
    assert queries.place_links(sample, "nowhere") == queries.PlaceLinks((), ())


def test_place_links_follow_an_excerpt_added_to_a_place(tiny_data):
    set_feature(tiny_data, 1, excerpt_ids="alpha-001;beta-001")
    found = queries.place_links(load_dataset(tiny_data), "lebanon")
    # Named in both excerpts, Iran now comes first; then the others by name.
    assert [a for a, _ in found.actors] == ["iran", "china", "hezbollah"]
    assert dict(found.actors)["iran"] == ("alpha-001", "beta-001")
    assert [t for t, _ in found.ties] == ["r001"]


def test_among_answers_as_isin_does_for_text_columns_with_gaps():
    column = pd.Series(["iran", None, "houthis", "hamas", "iran"], dtype="string[pyarrow]")
    ids = {"iran", "hamas", "nobody"}
    assert queries._among(column, ids).tolist() == column.isin(ids).tolist()
    assert queries._among(column, ids).tolist() == [True, False, False, True, True]
    assert queries._among(column.iloc[:0], ids).tolist() == []
