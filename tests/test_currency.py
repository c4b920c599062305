"""'Current as of': when the sources were written and up to when the context was checked, read
from the data (sources.csv, events.csv, context_notes.csv), never typed into a template. Each
test changes a date of the fixture and sees the text change."""

from __future__ import annotations

import textwrap
from pathlib import Path

import streamlit as st
from helpers import read_rows, set_cell, write_rows, write_tiny_dataset
from streamlit.testing.v1 import AppTest

from allies import queries
from allies.context import currency
from allies.load import load_dataset
from ui import method, panel

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def check_all(data_dir: Path, day: str) -> None:
    """Set every note's checked date."""
    rows = read_rows(data_dir / "context_notes.csv")
    write_rows(data_dir / "context_notes.csv", [r | {"checked": day} for r in rows])


def test_the_line_is_read_from_the_data(tiny_data):
    line = currency(load_dataset(tiny_data)).line
    assert line == (
        "Sources written: published January 2024; 1 source gives no date; the latest event "
        "they report is of 2021. Context checked on 30 November 2026 against public reporting; "
        "the newest report it cites is of 28 November 2024."
    )
    check_all(tiny_data, "2027-01-15")
    set_cell(tiny_data, "sources.csv", 3, "published", "2023-06")
    line = currency(load_dataset(tiny_data)).line
    assert "published June 2023" in line and "January 2024" not in line
    assert "checked on 15 January 2027 against" in line


def test_the_line_gives_the_date_every_note_was_checked_up_to(tmp_path):
    data_dir = write_tiny_dataset(tmp_path / "data", more=True)
    set_cell(data_dir, "context_notes.csv", 2, "checked", "2026-12-20")
    found = currency(load_dataset(data_dir))
    assert (found.checked, found.latest_check) == ("2026-11-30", "2026-12-20")
    assert "checked on 30 November 2026 against" in found.line


def test_the_line_names_the_newest_report_cited(tiny_data):
    """A late check date must not read as reporting up to that day: the newest report shows."""
    set_cell(tiny_data, "references.csv", 2, "published", "2026-06-25")
    found = currency(load_dataset(tiny_data))
    assert found.newest_report == "2026-06-25"
    assert found.line.endswith("the newest report it cites is of 25 June 2026.")


def test_sources_that_all_give_a_date_need_no_event(tiny_data):
    set_cell(tiny_data, "sources.csv", 2, "published", "2023-05")
    line = currency(load_dataset(tiny_data)).line
    assert line.startswith("Sources written: published May 2023, January 2024. Context")


def test_the_map_caption_and_the_method_page_say_it(tiny_data):
    check_all(tiny_data, "2027-02-03")
    ds = load_dataset(tiny_data)
    caption = panel.map_caption(ds, 4, 2, 1, selection_drawn=True)
    assert caption.endswith(
        "Context checked on 3 February 2027 against public reporting; "
        "the newest report it cites is of 28 November 2024."
    )
    blocks = dict((v, k) for k, v in method.render(ds, "/", "2027-02-04"))
    page = "\n".join(text for text, kind in blocks.items() if kind == "markdown")
    assert "checked on 3 February 2027 against" in page
    [citation] = [text for text, kind in blocks.items() if kind == "citation"]
    assert "checked on 3 February 2027 against" in citation


def test_the_method_page_lists_each_note_with_its_reports(sample):
    text = method.changes(sample)
    title = "A report \\<b\\>for\\</b\\> tests"
    assert f"Tiny Wire, [{title}](https://example.org/tiny-report?a=1&b=2)" in text
    assert "28 November 2024" in text and "checked 2026\\-11\\-30" in text


def test_the_exported_tour_says_it(tiny_data):
    from test_tours import GOOD, write_tour

    from allies.tours import load_tours
    from geo.shapes import load_countries
    from ui import export
    from ui.data import choices

    check_all(tiny_data, "2027-03-04")
    ds = load_dataset(tiny_data)
    write_tour(tiny_data, textwrap.dedent(GOOD))
    [tour], _ = load_tours(ds, tiny_data)
    page = export.tour_html(
        ds, queries.evidence(ds), load_countries(), tour, choices(ds), link="http://x/"
    )
    assert '<p class="current">Sources written: published January 2024;' in page
    assert "checked on 4 March 2027 against" in page


def test_presentation_mode_says_it(tiny_data, monkeypatch):
    from test_tours import GOOD, write_tour

    check_all(tiny_data, "2027-04-05")
    write_tour(tiny_data, textwrap.dedent(GOOD))
    monkeypatch.setenv("ALLIES_DATA", str(tiny_data))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.switch_page("pages/present.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        captions = [c.value for c in at.caption]
        assert any("checked on 5 April 2027 against" in c for c in captions), captions
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_what_is_made_per_dataset_is_made_once_and_goes_with_its_dataset(tiny_data):
    import gc
    import weakref

    from allies.load import per_dataset

    made = []

    @per_dataset
    def names(ds):
        made.append(ds)
        return tuple(ds.actors["name"])

    first, second = load_dataset(tiny_data), load_dataset(tiny_data)
    assert names(first) == names(first) == names(second)
    assert len(made) == 2  # once for each dataset, compared by identity
    assert currency(first) is currency(first)
    made.clear()
    kept = weakref.ref(first)
    del first
    gc.collect()
    assert kept() is None  # what was made from it does not keep it alive
