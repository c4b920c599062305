"""Context notes cite public reports (references.csv), on the tiny dataset: the validator's
checks, and the citation shown with the note wherever a note is shown."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest
from helpers import parse_html, problems, read_rows, set_cell, write_rows

from allies import package, queries
from allies.context import cited_notes, day_text
from allies.load import load_dataset
from allies.validate import main as validate_main
from allies.vocab import NOTE_CHANGES
from ui import panel

CHANGES = ", ".join(NOTE_CHANGES)


# (corruption of the tiny dataset, the one problem it must cause)
CORRUPTIONS = {
    "a note without a citation": (
        lambda d: set_cell(d, "context_notes.csv", 2, "ref_ids", ""),
        "context_notes.csv row 2, column ref_ids: got ''; expected at least 1 id separated by ';'",
    ),
    "a citation of a report that does not exist": (
        lambda d: set_cell(d, "context_notes.csv", 2, "ref_ids", "ref-a;ref-zz"),
        "context_notes.csv row 2, column ref_ids: got 'ref-zz'; "
        "expected an id from column ref_id of references.csv",
    ),
    "a note dated after its own check": (
        lambda d: set_cell(d, "context_notes.csv", 2, "as_of", "2026-12"),
        "context_notes.csv row 2, column as_of: got '2026-12'; "
        "expected a month no later than the note's checked date 2026-11-30",
    ),
    "a note checked before the report it cites": (
        lambda d: set_cell(d, "context_notes.csv", 2, "checked", "2024-11-27"),
        "context_notes.csv row 2, column checked: got '2024-11-27'; "
        "expected a date no earlier than 2024-11-28: the report ref-a it cites was published then",
    ),
    "a check date that is not a day": (
        lambda d: set_cell(d, "context_notes.csv", 2, "checked", "2026-11"),
        "context_notes.csv row 2, column checked: got '2026-11'; "
        "expected an ISO date written YYYY-MM-DD",
    ),
    "an unknown change": (
        lambda d: set_cell(d, "context_notes.csv", 2, "change", "tie_broken"),
        f"context_notes.csv row 2, column change: got 'tie_broken'; expected one of {CHANGES}",
    ),
    "a report without an address": (
        lambda d: set_cell(d, "references.csv", 3, "url", "example.org/second"),
        "references.csv row 3, column url: got 'example.org/second'; "
        "expected an address starting http:// or https://, no spaces",
    ),
    "a report without a publisher": (
        lambda d: set_cell(d, "references.csv", 2, "publisher", ""),
        "references.csv row 2, column publisher: got ''; expected some text; "
        "this cell may not be empty",
    ),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_the_validator_rejects_an_uncited_or_badly_dated_note(tiny_data, name):
    corrupt, expected = CORRUPTIONS[name]
    corrupt(tiny_data)
    assert problems(tiny_data) == [expected]


def test_a_report_may_give_only_its_month(tiny_data):
    set_cell(tiny_data, "references.csv", 3, "published", "2025-02")
    ds = load_dataset(tiny_data)
    assert ds.references.set_index("ref_id").at["ref-b", "published"] == "2025-02"
    assert day_text("2025-02") == "February 2025" and day_text("2026-12-05") == "5 December 2026"


def test_the_references_file_is_required(tiny_data):
    (tiny_data / "references.csv").unlink()
    assert problems(tiny_data)[0] == (
        "references.csv: file not found; expected it in the data folder"
    )


def test_the_change_column_may_be_left_out_by_older_files(tiny_data):
    rows = read_rows(tiny_data / "context_notes.csv")
    write_rows(
        tiny_data / "context_notes.csv",
        [{k: v for k, v in r.items() if k != "change"} for r in rows],
    )
    assert load_dataset(tiny_data).context_notes["change"].tolist() == ["none"]


def test_the_command_line_validator_names_the_uncited_note(tiny_data, capsys):
    set_cell(tiny_data, "context_notes.csv", 2, "ref_ids", "")
    assert validate_main([str(tiny_data)]) == 1
    out = capsys.readouterr().out
    assert "context_notes.csv row 2, column ref_ids: got ''" in out


def test_each_note_carries_the_reports_it_cites(sample):
    notes = cited_notes(sample).set_index("note_id")
    [report] = notes.at["c01", "reports"]
    assert (report.publisher, report.title, report.published) == (
        "Tiny Wire",
        "A report <b>for</b> tests",
        "2024-11-28",
    )
    assert [r.ref_id for r in notes.at["c02", "reports"]] == ["ref-a", "ref-b"]


def _citation(html: str, note_text: str):
    """The note's div (found by its text) and its citation block."""
    [note] = [d for d in parse_html(html).find_all("div", class_="note") if note_text in d.text]
    return note, note.find("div", class_="reports")


def test_the_panel_shows_the_citation_with_the_note_escaped(sample):
    html = panel.tie_panel(sample, "r001")
    _, cites = _citation(html, "A note in our words, for tests.")
    [cite] = cites.find_all("cite")
    assert cite.attrs["data-ref"] == "ref-a"
    assert "Tiny Wire" in cite.text and "28 November 2024" in cite.text
    link = cite.find("a")
    # The title is data: its markup is shown as text, never run.
    assert link.text == "A report <b>for</b> tests" and link.find_all("b") == []
    assert "&lt;b&gt;for&lt;/b&gt;" in html and "<b>for</b>" not in html
    assert link.attrs["href"] == "https://example.org/tiny-report?a=1&b=2"
    assert link.attrs["rel"] == "noopener noreferrer"
    assert "checked 30 November 2026" in cites.text


def test_every_place_a_note_is_shown_cites_it(sample):
    _, cites = _citation(panel.actor_panel(sample, "hezbollah"), "A note on the group")
    assert [c.attrs["data-ref"] for c in cites.find_all("cite")] == ["ref-a", "ref-b"]
    _, cites = _citation(panel.timeline(sample), "A note on the agreement")
    assert [c.attrs["data-ref"] for c in cites.find_all("cite")] == ["ref-b"]


def test_a_tour_scene_shows_the_citation(tiny_data):
    from test_tours import GOOD, write_tour

    from allies.tours import load_tours
    from ui.present import scene_html

    ds = load_dataset(tiny_data)
    write_tour(tiny_data, textwrap.dedent(GOOD))
    [tour], found = load_tours(ds, tiny_data)
    assert found == [] and tour.scenes[0].selection == "tie:r001"
    page = parse_html(scene_html(ds, queries.evidence(ds), tour, 0))
    [note] = page.find_all("div", class_="note")
    [cite] = note.find_all("cite")
    assert cite.attrs["data-ref"] == "ref-a"
    assert cite.find("a").text == "A report <b>for</b> tests"


def test_the_data_package_holds_the_reports_of_the_notes_it_holds(sample):
    everything = package.everything(sample)
    assert set(everything.frames["references"]["ref_id"]) == {"ref-a", "ref-b"}
    meta = package.descriptor(sample)
    [refs] = [r for r in meta["resources"] if r["name"] == "references"]
    assert refs["schema"]["primaryKey"] == ["ref_id"]
    [notes] = [r for r in meta["resources"] if r["name"] == "context_notes"]
    [field] = [f for f in notes["schema"]["fields"] if f["name"] == "ref_ids"]
    assert "references.csv" in field["description"]
    shown = queries.visible(sample, queries.Filters(layers=("proxy",), places=("lebanon",)))
    picked = package.in_view(sample, shown, "a view")
    assert {"c01", "c02"} <= set(picked.frames["context_notes"]["note_id"])
    assert list(picked.frames["references"]["ref_id"]) == ["ref-a", "ref-b"]
    # A view whose notes cite only ref-b carries only ref-b.
    notes = sample.context_notes
    only_b = replace(sample, context_notes=notes[notes["note_id"] == "c03"])
    picked = package.in_view(only_b, shown, "a view")
    assert list(picked.frames["references"]["ref_id"]) == ["ref-b"]


def test_a_long_list_of_reports_folds_after_two(tiny_data):
    rows = read_rows(tiny_data / "references.csv")
    extra = [r | {"ref_id": f"ref-{n}", "title": f"Report {n}"} for n, r in enumerate(rows * 2)]
    write_rows(tiny_data / "references.csv", rows + extra)
    set_cell(tiny_data, "context_notes.csv", 2, "ref_ids", "ref-a;ref-b;ref-0;ref-1;ref-2")
    ds = load_dataset(tiny_data)
    _, cites = _citation(panel.tie_panel(ds, "r001"), "A note in our words, for tests.")
    shown = [c.attrs["data-ref"] for c in cites.own("cite")]
    [folded] = cites.own("details")
    assert shown == ["ref-a", "ref-b"]
    assert folded.find("summary").text == "3 more reports"
    assert [c.attrs["data-ref"] for c in folded.find_all("cite")] == ["ref-0", "ref-1", "ref-2"]
