"""How far the sources agree on each tie (allies.agreement), computed on the sample dataset and
on copies changed for one case each; the panel, the filter, the address and the Sources page."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from helpers import parse_html, read_rows, words, write_rows, write_tiny_dataset
from streamlit.testing.v1 import AppTest

from allies import agreement as ag
from allies.load import load_dataset
from allies.queries import Filters, visible
from allies.vocab import CATEGORIES, HUB
from ui import keys, panel
from ui.data import DATA_ENV
from ui.urlstate import P_MULTI, Choices, parse_view, view_params

ROOT = Path(__file__).resolve().parent.parent
TITLES = {"alpha": "Tiny Allies Of Iran", "beta": "Friends Of Tehran"}


def change_rows(data: Path, file: str, key: str, changes: dict[str, dict[str, str]]) -> None:
    rows = read_rows(data / file)
    for row in rows:
        row.update(changes.get(row[key], {}))
    write_rows(data / file, rows)


def add_rows(data: Path, file: str, *new: dict[str, str]) -> None:
    rows = read_rows(data / file)
    write_rows(data / file, rows + [{c: n.get(c, "") for c in rows[0]} for n in new])


@pytest.fixture
def two_sources(tmp_path: Path) -> Path:
    """The sample dataset with r003 (China → Iran) cited by beta and gamma."""
    data = write_tiny_dataset(tmp_path / "data", more=True)
    change_rows(
        data, "relationships.csv", "rel_id", {"r003": {"excerpt_ids": "beta-002;gamma-001"}}
    )
    return data


def test_counts_on_the_sample(sample):
    result = ag.agreement(sample)
    assert {r: (a.sources, a.of) for r, a in result.items()} == {
        "r001": (("alpha",), 3),
        "r002": (("alpha",), 3),
        "r003": (("beta",), 3),
        "r004": (("gamma",), 3),
        "r005": (("gamma",), 3),
    }
    assert ag.corroborated_ties(sample) == set()
    # d02 sets two excerpts of alpha against each other: alpha contradicts itself, not another.
    r002 = result["r002"]
    assert (r002.contradicted, [c.sources for c in r002.self_contradictions]) == (
        False,
        [("alpha",)],
    )
    # d03 is a tension, not a contradiction.
    assert not result["r003"].contradictions and not result["r003"].self_contradictions


def test_a_tie_cited_by_two_sources_counts_both(two_sources):
    ds = load_dataset(two_sources)
    r003 = ag.agreement(ds)["r003"]
    assert (r003.sources, r003.count, r003.of, r003.corroborated) == (("beta", "gamma"), 2, 3, True)
    assert ag.sources_text(r003, {}) == "supported by 2 of 3 sources"
    assert ag.corroborated_ties(ds) == {"r003"}


def test_a_recorded_contradiction_between_sources(two_sources):
    add_rows(
        two_sources,
        "disagreements.csv",
        {
            "disagreement_id": "d09",
            "subject_type": "relationship",
            "subject_id": "r003",
            "summary": "Beta and gamma cannot both be right, for this test.",
            "excerpt_ids": "beta-002;gamma-001",
            "kind": "contradiction",
        },
    )
    r003 = ag.agreement(load_dataset(two_sources))["r003"]
    [conflict] = r003.contradictions
    assert (r003.contradicted, conflict.kind, conflict.sources) == (
        True,
        "recorded",
        ("beta", "gamma"),
    )


def test_a_change_dated_differently_by_two_sources_is_a_difference(two_sources):
    event = {"precision": "year", "date_in_sources": "true", "actor_ids": "china;iran"}
    add_rows(
        two_sources,
        "events.csv",
        {
            **event,
            "event_id": "v08",
            "date": "2015",
            "label": "A deepening, in beta.",
            "excerpt_ids": "beta-002",
            "rel_ids": "r003",
            "tie_change": "deepened",
        },
        {
            **event,
            "event_id": "v09",
            "date": "2018",
            "label": "A deepening, in gamma.",
            "excerpt_ids": "gamma-001",
            "rel_ids": "r003",
            "tie_change": "deepened",
        },
        # Dated by us, not by the source: no difference between sources.
        {
            **event,
            "event_id": "v10",
            "date": "2019",
            "date_in_sources": "false",
            "label": "Ours.",
            "excerpt_ids": "gamma-001",
            "rel_ids": "r004",
            "tie_change": "deepened",
        },
    )
    result = ag.agreement(load_dataset(two_sources))
    [diff] = result["r003"].differences
    assert (diff.kind, diff.sources, diff.detail) == (
        "dated",
        ("beta", "gamma"),
        "deepened in 2015 (beta); 2018 (gamma)",
    )
    assert not result["r003"].contradicted and result["r004"].differences == ()


def test_one_source_dating_two_changes_is_no_difference(sample):
    assert all(a.differences == () for a in ag.agreement(sample).values())


def test_source_stats_on_the_sample(sample):
    stats = {s.source_id: s for s in ag.source_stats(sample)}
    alpha = stats["alpha"]
    assert (alpha.sentences, alpha.excerpts, alpha.ties_supported) == (5, 4, 2)
    # Iran and Hezbollah, Russia and Iran, Hezbollah, none, Iran and Russia.
    assert (alpha.actor_mentions, alpha.actors_named, alpha.place_mentions) == (7, 3, 1)
    gamma = stats["gamma"]
    assert (gamma.excerpts, gamma.ties_supported, gamma.cited_share) == (2, 2, 2 / 3)
    assert list(stats) == ["alpha", "beta", "gamma"]


# --- the side panel ---------------------------------------------------------------------------


def agreement_line(page: str):
    return parse_html(page).find("p", class_="agreement")


def test_the_panel_names_the_one_source(tiny_data):
    ds = load_dataset(tiny_data)
    line = agreement_line(panel.tie_panel(ds, "r001"))
    assert (line.attrs["data-sources"], line.attrs["data-of"]) == ("1", "2")
    assert words(line.text).startswith(f"Sources: supported by 1 of 2 sources: {TITLES['alpha']}")


def test_the_panel_says_how_many_sources_support_a_tie(two_sources):
    ds = load_dataset(two_sources)
    line = agreement_line(panel.tie_panel(ds, "r003"))
    assert words(line.text).startswith("Sources: supported by 2 of 3 sources")
    iran = parse_html(panel.actor_panel(ds, "iran"))
    spans = {
        d.attrs["data-tie"]: d.find("summary").find("span", class_="srcs").text
        for d in iran.find_all("details")
        if "data-tie" in d.attrs
    }
    assert (spans["r003"], spans["r001"]) == ("2 of 3 sources", "1 of 3 sources")


def test_the_panel_shows_a_computed_conflict_with_its_quotes(two_sources):
    add_rows(
        two_sources,
        "disagreements.csv",
        {
            "disagreement_id": "d09",
            "subject_type": "relationship",
            "subject_id": "r003",
            "summary": "For this test.",
            "excerpt_ids": "beta-002;gamma-001",
            "kind": "contradiction",
        },
    )
    page = parse_html(panel.tie_panel(load_dataset(two_sources), "r003"))
    box = page.find("div", class_="conflict")
    assert box.attrs["data-conflict"] == "recorded"
    assert [b.attrs["data-excerpt"] for b in box.find_all("blockquote")] == [
        "beta-002",
        "gamma-001",
    ]


def test_a_contradiction_within_one_source_is_said_apart(sample):
    page = parse_html(panel.tie_panel(sample, "r002"))
    assert page.find_all("div", class_="conflict") == []
    [within] = [p for p in page.find_all("p") if "data-within" in p.attrs]
    assert within.attrs["data-within"] == TITLES["alpha"]


# --- the filter and the address ---------------------------------------------------------------


def everything(ds, **changes) -> Filters:
    layers = tuple(c for c in CATEGORIES if c != HUB)
    return Filters(layers=layers, places=tuple(ds.places["place_id"]), **changes)


def test_the_filter_keeps_only_ties_more_than_one_source_supports(sample, two_sources):
    assert len(visible(sample, everything(sample, multi_source=True)).ties) == 0
    ds = load_dataset(two_sources)
    assert list(visible(ds, everything(ds, multi_source=True)).ties["rel_id"]) == ["r003"]
    assert len(visible(ds, everything(ds)).ties) == 5


CHOICES = Choices(
    layers=("proxy",),
    support=(),
    status=("active",),
    places=(),
    default_places=(),
    sources=("alpha", "beta"),
    years=(2000, 2020),
    selectable=frozenset(),
)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("false", False)])
def test_the_address_carries_the_filter(raw, expected):
    view = parse_view({P_MULTI: raw}, CHOICES)
    assert (view.multi_source, view.ignored) == (expected, ())
    assert view_params(view, CHOICES) == ({P_MULTI: "true"} if expected else {})


def test_a_bad_value_is_ignored():
    view = parse_view({P_MULTI: "<script>"}, CHOICES)
    assert (view.multi_source, view.ignored) == (False, ("multi='<script>'",))


# --- the app ----------------------------------------------------------------------------------


@pytest.fixture
def app_on(two_sources, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(two_sources))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def drawn(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Drawn:"))


def test_the_toggle_and_the_address_filter_the_map(app_on):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert "4 of 5 ties" in drawn(at)
    at.toggle(key=keys.MULTI_SOURCE).set_value(True).run()
    assert not at.exception
    assert "1 of 5 ties" in drawn(at) and at.query_params[P_MULTI] == "true"

    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    again.query_params[P_MULTI] = "true"
    again.run()
    assert again.toggle(key=keys.MULTI_SOURCE).value is True and "1 of 5 ties" in drawn(again)


def test_the_sources_page_shows_mentions_excerpts_and_coverage(app_on):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/sources.py")
    at.run()
    assert not at.exception
    [table] = at.dataframe
    frame = table.value
    assert list(frame["Source"]) == [TITLES["alpha"], TITLES["beta"], "Groupings Around Iran"]
    assert list(frame["Excerpts accepted"]) == [4, 2, 2]
    assert next(iter(frame["Mentions of known actors"])) == 7
    assert list(frame["Ties it supports"]) == [2, 1, 3]


def test_the_map_title_counts_the_sources(tiny_data, sample):
    assert panel.map_title(load_dataset(tiny_data)).endswith("as two sources describe it")
    assert panel.map_title(sample).endswith("as three sources describe it")
