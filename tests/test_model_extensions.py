"""The model's extensions on the tiny dataset: events linked to ties, tensions apart from
contradictions, and the columns that older files may leave out."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import problems, read_rows, write_rows

from allies import queries, vocab
from allies.load import load_dataset

TIE_CHANGES = ", ".join(vocab.TIE_CHANGES)
KINDS = ", ".join(vocab.DISAGREEMENT_KINDS)


def add_column(data_dir: Path, file: str, column: str, values: list[str]) -> None:
    """Add a column to a CSV file of the dataset, one value per data row."""
    rows = read_rows(data_dir / file)
    for row, value in zip(rows, values, strict=True):
        row[column] = value
    write_rows(data_dir / file, rows)


def add_event(data_dir: Path, **cells: str) -> None:
    """Append an event row (the tiny dataset's one event is on row 2, this one on row 3)."""
    rows = read_rows(data_dir / "events.csv")
    row = dict.fromkeys(rows[0], "")
    row |= {
        "event_id": "v02",
        "date": "2015",
        "precision": "year",
        "date_in_sources": "false",
        "label": "Russia and Iran grow closer",
        "actor_ids": "russia;iran",
        "excerpt_ids": "alpha-002",
    }
    write_rows(data_dir / "events.csv", [*rows, row | cells])


def link_events(data_dir: Path, rel_ids: str = "", tie_change: str = "") -> None:
    add_column(data_dir, "events.csv", "rel_ids", [rel_ids])
    add_column(data_dir, "events.csv", "tie_change", [tie_change])


def test_files_without_the_new_columns_load_with_their_old_meaning(tiny_data):
    data = load_dataset(tiny_data)
    assert data.disagreements["kind"].tolist() == ["contradiction"]
    assert data.events["rel_ids"].tolist() == [()]
    assert data.events["tie_change"].tolist() == [""]
    ev = queries.evidence(data)
    assert [r.disagreement_id for r in ev.disagreements[("actor", "russia")]] == ["d01"]
    assert ev.tensions == {}
    assert ev.tie_events == {}


def test_a_tension_is_kept_apart_from_contradictions(tiny_data):
    add_column(tiny_data, "disagreements.csv", "kind", ["tension"])
    data = load_dataset(tiny_data)
    ev = queries.evidence(data)
    assert ("actor", "russia") not in ev.disagreements
    [tension] = ev.tensions[("actor", "russia")]
    assert (tension.disagreement_id, tension.kind) == ("d01", "tension")
    assert tension.excerpt_ids == ("alpha-002", "alpha-004")


def test_an_event_deepens_a_tie_that_started_earlier(tiny_data):
    link_events(tiny_data)
    add_event(tiny_data, rel_ids="r002", tie_change="deepened")
    add_event(tiny_data, event_id="v03", date="2010", rel_ids="r002", tie_change="escalated")
    data = load_dataset(tiny_data)
    ev = queries.evidence(data)
    assert [(r.event_id, r.tie_change) for r in ev.tie_events["r002"]] == [
        ("v03", "escalated"),
        ("v02", "deepened"),
    ]
    assert queries.events_of_tie(data, "r002")["event_id"].tolist() == ["v03", "v02"]
    assert queries.events_of_tie(data, "r001").empty
    assert "r001" not in ev.tie_events


def test_an_event_may_concern_a_tie_without_changing_it(tiny_data):
    link_events(tiny_data, rel_ids="r002")
    data = load_dataset(tiny_data)
    assert [r.event_id for r in queries.evidence(data).tie_events["r002"]] == ["v01"]


def test_an_event_that_begins_a_tie_falls_in_its_since_year(tiny_data):
    link_events(tiny_data)
    add_event(tiny_data, date="1980", precision="decade", rel_ids="r001", tie_change="began")
    data = load_dataset(tiny_data)
    assert queries.events_of_tie(data, "r001")["tie_change"].tolist() == ["began"]


# (corruption of the tiny dataset, the one problem it must cause)
CORRUPTIONS = {
    "unknown tie change": (
        lambda d: (link_events(d), add_event(d, rel_ids="r002", tie_change="deepend")),
        f"events.csv row 3, column tie_change: got 'deepend'; expected one of {TIE_CHANGES}, "
        "or nothing",
    ),
    "tie change without a tie": (
        lambda d: (link_events(d), add_event(d, tie_change="deepened")),
        "events.csv row 3, column rel_ids: got ''; expected at least one rel_id: "
        "tie_change is deepened",
    ),
    "event linked to a tie that does not exist": (
        lambda d: (link_events(d), add_event(d, rel_ids="r002;r099", tie_change="deepened")),
        "events.csv row 3, column rel_ids: got 'r099'; "
        "expected an id from column rel_id of relationships.csv",
    ),
    "tie begins in another year than its since": (
        lambda d: (link_events(d), add_event(d, date="1982", rel_ids="r001", tie_change="began")),
        "events.csv row 3, column date: got '1982'; "
        "expected 1980: the since of tie r001, which this event begins",
    ),
    "a start given where the tie has no since": (
        lambda d: (link_events(d), add_event(d, rel_ids="r002", tie_change="began")),
        "events.csv row 3, column tie_change: got 'began'; "
        "expected tie r002 to give a since year: this event begins it "
        "(or another tie_change: deepened, formalised, escalated, weakened)",
    ),
    "unknown disagreement kind": (
        lambda d: add_column(d, "disagreements.csv", "kind", ["tensions"]),
        f"disagreements.csv row 2, column kind: got 'tensions'; expected one of {KINDS}",
    ),
    "empty disagreement kind": (
        lambda d: add_column(d, "disagreements.csv", "kind", [""]),
        f"disagreements.csv row 2, column kind: got ''; expected one of {KINDS}",
    ),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_corruption_of_an_extension_is_reported_clearly(tiny_data, name):
    corrupt, expected = CORRUPTIONS[name]
    corrupt(tiny_data)
    assert problems(tiny_data) == [expected]


def test_the_data_dictionary_documents_the_extensions():
    readme = (Path(__file__).resolve().parent.parent / "data" / "README.md").read_text("utf-8")
    for column in ("`rel_ids`", "`tie_change`", "`kind`"):
        assert column in readme
    for value in (*vocab.TIE_CHANGES, *vocab.DISAGREEMENT_KINDS):
        assert f"| `{value}` |" in readme
