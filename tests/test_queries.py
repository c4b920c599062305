"""allies.queries on the real dataset and on the tiny fixture: filters, search, evidence."""

from __future__ import annotations

import pandas as pd
import pytest

from allies import queries
from allies.load import Dataset, load_dataset
from allies.queries import Filters, visible
from allies.vocab import CATEGORIES

LAYERS = tuple(c for c in CATEGORIES if c != "hub")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    """The bundled dataset, loaded once for the module (read-only)."""
    return load_dataset()


@pytest.fixture
def tiny(tiny_data) -> Dataset:
    return load_dataset(tiny_data)


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


# --- visible(): no filter -----------------------------------------------------------------


def test_everything_on_shows_everything(ds):
    shown = visible(ds, everything(ds))
    assert len(shown.actors) == len(ds.actors)
    assert len(shown.ties) == len(ds.relationships)
    assert len(shown.places) == len(ds.places)
    assert list(shown.actors.index) == list(range(len(ds.actors)))
    assert list(shown.ties.index) == list(range(len(ds.relationships)))


def test_empty_status_and_support_mean_no_narrowing(ds):
    shown = visible(ds, Filters(layers=LAYERS))
    assert len(shown.ties) == len(ds.relationships)
    assert shown.places.empty


# --- layers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "layers", [(), ("proxy",), ("global power",), ("opponent", "other"), LAYERS[1:]]
)
def test_layers_drop_actors_and_every_tie_touching_them(ds, layers):
    shown = visible(ds, everything(ds, layers=layers))
    wanted = set(ds.actors.loc[ds.actors["category"].isin((*layers, "hub")), "actor_id"])
    assert ids(shown.actors, "actor_id") == wanted
    rel = ds.relationships
    both_ends = rel["from_actor"].isin(wanted) & rel["to_actor"].isin(wanted)
    assert ids(shown.ties, "rel_id") == set(rel.loc[both_ends, "rel_id"])
    dropped = set(ds.actors["actor_id"]) - wanted
    assert not (set(shown.ties["from_actor"]) | set(shown.ties["to_actor"])) & dropped


def test_no_layer_keeps_only_the_hub(ds):
    shown = visible(ds, everything(ds, layers=()))
    assert ids(shown.actors, "actor_id") == {"iran", "irgc", "quds_force", "supreme_leader"}
    assert ids(shown.ties, "rel_id") == {"r037", "r038", "r039"}


def test_proxy_layer_alone(ds):
    shown = visible(ds, everything(ds, layers=("proxy",)))
    actors = ids(shown.actors, "actor_id")
    assert {"iran", "hezbollah", "houthis", "pmf", "axis_of_resistance"} <= actors
    assert not actors & {"russia", "china", "syria", "israel", "united_states"}
    ties = ids(shown.ties, "rel_id")
    assert {"r001", "r002", "r036", "r040", "r041"} <= ties
    # Hezbollah's ties to Syria and Israel go with Syria and Israel.
    assert not ties & {"r011", "r013", "r015", "r017", "r027"}


def test_layers_on_the_tiny_dataset(tiny):
    shown = visible(tiny, Filters(layers=("proxy",)))
    assert ids(shown.actors, "actor_id") == {"iran", "hezbollah"}
    assert ids(shown.ties, "rel_id") == {"r001"}
    shown = visible(tiny, Filters(layers=("global power",)))
    assert ids(shown.actors, "actor_id") == {"iran", "russia", "china"}
    assert ids(shown.ties, "rel_id") == {"r002"}
    shown = visible(tiny, Filters(layers=()))
    assert ids(shown.actors, "actor_id") == {"iran"}
    assert shown.ties.empty


# --- support ------------------------------------------------------------------------------


def test_support_keeps_ties_carrying_it(ds):
    shown = visible(ds, everything(ds, support=("diplomatic cover",)))
    assert ids(shown.ties, "rel_id") == {"r016", "r018"}
    # Actors are not narrowed by support.
    assert len(shown.actors) == len(ds.actors)


def test_several_support_types_are_a_union(ds):
    support = ("drones and missiles", "arms")
    shown = visible(ds, everything(ds, support=support))
    expected = {r.rel_id for r in ds.relationships.itertuples() if set(support) & set(r.support)}
    assert ids(shown.ties, "rel_id") == expected
    assert {"r001", "r002", "r015", "r019"} <= expected
    assert all(set(support) & set(s) for s in shown.ties["support"])


def test_support_drops_ties_with_no_support(ds):
    shown = visible(ds, everything(ds, support=("funding",)))
    assert "r026" not in ids(shown.ties, "rel_id")  # Iran → Israel carries nothing
    assert all(len(s) for s in shown.ties["support"])


def test_support_on_the_tiny_dataset(tiny):
    shown = visible(tiny, Filters(layers=LAYERS, support=("arms",)))
    assert ids(shown.ties, "rel_id") == {"r001"}
    shown = visible(tiny, Filters(layers=LAYERS, support=("investment",)))
    assert shown.ties.empty


# --- status -------------------------------------------------------------------------------


def test_status_keeps_only_those_ties(ds):
    shown = visible(ds, everything(ds, status=("weakened",)))
    assert ids(shown.ties, "rel_id") == {"r001", "r003", "r004", "r027", "r028", "r029"}
    shown = visible(ds, everything(ds, status=("active", "contested")))
    assert set(shown.ties["status"]) == {"active", "contested"}
    assert len(shown.ties) == len(ds.relationships) - 6


# --- source -------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["deep-dive", "standing-firm"])
def test_source_keeps_only_what_its_excerpts_cite(ds, source):
    shown = visible(ds, everything(ds, source=source))
    mine = ds.excerpts[ds.excerpts["source_id"] == source]
    cited_actors = {a for actor_ids in mine["actor_ids"] for a in actor_ids}
    cited_excerpts = set(mine["excerpt_id"])
    assert ids(shown.actors, "actor_id") == cited_actors
    assert len(shown.actors) < len(ds.actors)
    rel = ds.relationships
    expected = {
        r.rel_id
        for r in rel.itertuples()
        if set(r.excerpt_ids) & cited_excerpts
        and r.from_actor in cited_actors
        and r.to_actor in cited_actors
    }
    assert ids(shown.ties, "rel_id") == expected
    assert 0 < len(expected) < len(rel)


def test_standing_firm_drops_ties_only_the_deep_dive_cites(ds):
    shown = ids(visible(ds, everything(ds, source="standing-firm")).ties, "rel_id")
    assert "r011" in shown  # Iran → Syria: sf-017 and others
    assert "r026" not in shown  # Iran → Israel: the deep dive only
    shown = ids(visible(ds, everything(ds, source="deep-dive")).ties, "rel_id")
    assert "r026" in shown


def test_source_on_the_tiny_dataset(tiny):
    shown = visible(tiny, Filters(layers=LAYERS, source="beta"))
    assert ids(shown.actors, "actor_id") == {"china", "iran"}
    assert shown.ties.empty
    shown = visible(tiny, Filters(layers=LAYERS, source="alpha"))
    assert ids(shown.actors, "actor_id") == {"iran", "hezbollah", "russia"}
    assert ids(shown.ties, "rel_id") == {"r001", "r002"}


# --- as of --------------------------------------------------------------------------------


def test_as_of_hides_a_tie_until_its_start_year(ds):
    dated = ds.relationships.dropna(subset=["since"])
    assert not dated.empty
    for tie in dated.itertuples():
        year = int(tie.since)
        assert tie.rel_id not in ids(visible(ds, everything(ds, as_of=year - 1)).ties, "rel_id")
        assert tie.rel_id in ids(visible(ds, everything(ds, as_of=year)).ties, "rel_id")


def test_as_of_keeps_every_tie_without_a_start_year(ds):
    shown = visible(ds, everything(ds, as_of=1979))
    undated = set(ds.relationships.loc[ds.relationships["since"].isna(), "rel_id"])
    assert ids(shown.ties, "rel_id") == undated


@pytest.mark.parametrize("year", [1979, 1980, 2002, 2003, 2014, 2015, 2020, 2021, 2025])
def test_as_of_drops_exactly_the_later_ties(ds, year):
    shown = ids(visible(ds, everything(ds, as_of=year)).ties, "rel_id")
    expected = {
        r.rel_id for r in ds.relationships.itertuples() if pd.isna(r.since) or r.since <= year
    }
    assert shown == expected


def test_as_of_does_not_touch_actors(ds):
    assert len(visible(ds, everything(ds, as_of=1979)).actors) == len(ds.actors)


def test_as_of_on_the_tiny_dataset(tiny):
    assert ids(visible(tiny, Filters(layers=LAYERS, as_of=1979)).ties, "rel_id") == {"r002"}
    assert ids(visible(tiny, Filters(layers=LAYERS, as_of=1980)).ties, "rel_id") == {
        "r001",
        "r002",
    }


# --- places and combinations --------------------------------------------------------------


def test_places_are_those_asked_for(ds):
    shown = visible(ds, everything(ds, places=("strait_of_hormuz", "bab_al_mandab")))
    assert ids(shown.places, "place_id") == {"strait_of_hormuz", "bab_al_mandab"}
    assert visible(ds, everything(ds, places=())).places.empty


def test_filters_combine(ds):
    shown = visible(
        ds,
        everything(ds, layers=("global power",), status=("active",), support=("diplomatic cover",)),
    )
    assert ids(shown.ties, "rel_id") == {"r016", "r018"}
    shown = visible(ds, everything(ds, layers=("global power",), as_of=2000, source="deep-dive"))
    source_of = dict(zip(ds.excerpts["excerpt_id"], ds.excerpts["source_id"], strict=True))
    assert not shown.ties.empty
    for tie in shown.ties.itertuples():
        assert pd.isna(tie.since) or tie.since <= 2000
        assert any(source_of[e] == "deep-dive" for e in tie.excerpt_ids)


# --- find_actor ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("Hezbollah", "hezbollah"),
        ("Hizballah", "hezbollah"),
        ("HIZBULLAH", "hezbollah"),
        ("hezb", "hezbollah"),
        ("dprk", "north_korea"),
        ("  DPRK  ", "north_korea"),
        ("korea", "north_korea"),
        ("ansar allah", "houthis"),
        ("Ansar-Allah", "houthis"),
        ("hashd", "pmf"),
        ("al-hashd", "pmf"),
        ("Quds", "quds_force"),
        ("IRGC", "irgc"),
        ("us", "united_states"),
        ("U.S.", "united_states"),
        ("un", "united_nations"),
        ("Iran", "iran"),
        ("Türkiye", "turkey"),
        ("khamenei", "supreme_leader"),
    ],
)
def test_find_actor(ds, text, actor_id):
    assert queries.find_actor(ds, text) == actor_id


@pytest.mark.parametrize("text", ["", "   ", "zzzz", "hezbollahx", ".", "-", "'"])
def test_find_actor_finds_nothing(ds, text):
    assert queries.find_actor(ds, text) is None


def test_find_actor_on_the_tiny_dataset(tiny):
    assert queries.find_actor(tiny, "hizbullah") == "hezbollah"
    assert queries.find_actor(tiny, "rus") == "russia"
    assert queries.find_actor(tiny, "islamic republic") == "iran"
    assert queries.find_actor(tiny, "korea") is None


# --- ties_of, excerpts, year_range --------------------------------------------------------


def test_ties_of_orders_strongest_first_then_by_id(ds):
    ties = queries.ties_of(ds, "iran")
    rel = ds.relationships
    mine = rel[(rel["from_actor"] == "iran") | (rel["to_actor"] == "iran")]
    assert set(ties["rel_id"]) == set(mine["rel_id"])
    keys = [(-int(s), r) for s, r in zip(ties["strength"], ties["rel_id"], strict=True)]
    assert keys == sorted(keys)
    strengths = list(ties["strength"])
    assert (strengths[0], strengths[-1]) == (3, 1)
    assert list(ties.index) == list(range(len(ties)))


def test_ties_of_syria(ds):
    assert list(queries.ties_of(ds, "syria")["rel_id"]) == ["r011", "r012", "r013"]


def test_ties_of_on_the_tiny_dataset(tiny):
    assert list(queries.ties_of(tiny, "iran")["rel_id"]) == ["r001", "r002"]
    assert list(queries.ties_of(tiny, "china")["rel_id"]) == []


def test_evidence_indexes_excerpts_with_their_source_titles(ds):
    ev = queries.evidence(ds)
    assert set(ev.excerpts) == set(ds.excerpts["excerpt_id"])
    titles = dict(zip(ds.sources["source_id"], ds.sources["title"], strict=True))
    for row in ev.excerpts.values():
        assert row.title == titles[row.source_id]
    by_id = ds.excerpts.set_index("excerpt_id")
    assert ev.excerpts["sf-017"].quote == by_id.loc["sf-017", "quote"]


def test_evidence_by_actor_in_source_order(ds, tiny):
    ev = queries.evidence(ds)
    expected = [
        e
        for e, actors in zip(ds.excerpts["excerpt_id"], ds.excerpts["actor_ids"], strict=True)
        if "russia" in actors
    ]
    assert ev.by_actor["russia"] == expected
    assert queries.evidence(tiny).by_actor["russia"] == ["alpha-002", "alpha-004"]


def test_evidence_groups_notes_by_subject(tiny):
    ev = queries.evidence(tiny)
    assert [r.disagreement_id for r in ev.disagreements[("actor", "russia")]] == ["d01"]
    assert ("actor", "russia") not in ev.context
    assert ("relationship", "r001") not in ev.disagreements
    assert [r.note_id for r in ev.context[("relationship", "r001")]] == ["c01"]


def test_year_range(ds, tiny):
    assert queries.year_range(ds) == (1979, 2025)
    assert queries.year_range(tiny) == (1980, 2021)


def test_switching_every_status_off_shows_no_tie(ds):
    assert visible(ds, Filters(layers=LAYERS, status=())).ties.empty
    assert len(visible(ds, Filters(layers=LAYERS, status=None)).ties) == len(ds.relationships)


def test_the_source_filter_also_narrows_places_but_keeps_context(ds):
    every = tuple(ds.places["place_id"])
    places = set(
        visible(ds, Filters(layers=LAYERS, places=every, source="standing-firm")).places["place_id"]
    )
    assert "bab_al_mandab" not in places  # only the other source mentions it
    assert {"strait_of_hormuz", "suez_canal"} <= places  # context: no source's evidence
    assert "levant_land_bridge" in places  # cited by both
    both = set(visible(ds, Filters(layers=LAYERS, places=every)).places["place_id"])
    assert both == set(every)
