"""The view "What changed since the sources", on the tiny dataset: the dated notes in order, what
each changes on the map, a link to its subject, its reports, everything escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from helpers import parse_html, read_rows, set_cell, write_rows, write_tiny_dataset
from streamlit.testing.v1 import AppTest

from allies.load import load_dataset
from ui import changes, keys
from ui.sitemap import PAGES

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def data_dir(tmp_path):
    return write_tiny_dataset(tmp_path / "data", more=True)


def test_the_notes_come_oldest_first_with_their_subject_and_change(sample):
    listed = changes.items(sample)
    assert [i["note_id"] for i in listed] == ["c01", "c02", "c03"]
    first, group, event = listed
    assert (first["when"], first["subject"], first["link"]) == (
        "November 2024",
        "Tie · Iran → Hezbollah · proxy support",
        "./?sel=tie:r001",
    )
    assert (first["change_label"], first["on_map"]) == ("tie weakened", True)
    assert (group["subject"], group["link"]) == ("Hezbollah", "./?sel=actor:hezbollah")
    assert group["change"] == "leader_killed" and group["on_map"]
    assert event["link"] == "./timeline" and event["subject"].startswith("Event · ")
    assert (event["change_label"], event["on_map"]) == ("gives a date", False)
    assert [r.ref_id for r in group["reports"]] == ["ref-a", "ref-b"]


def test_the_list_is_escaped_and_cites_each_note(data_dir):
    set_cell(data_dir, "context_notes.csv", 2, "note", f"A note {SCRIPT} in our words.")
    ds = load_dataset(data_dir)
    page = changes.html(ds)
    assert SCRIPT not in page and "&lt;script&gt;" in page
    root = parse_html(page)
    assert root.find_all("script") == []
    items = root.find_all("li")
    assert [i.attrs["data-note"] for i in items] == ["c01", "c02", "c03"]
    assert "3 context notes · 2 change what the map draws" in root.find(class_="kicker").text
    first = items[0]
    assert first.find("a").attrs["href"] == "./?sel=tie:r001"
    assert first.find(class_="b-since").text == "tie weakened"
    assert [c.attrs["data-ref"] for c in first.find_all("cite")] == ["ref-a"]
    assert f"A note {SCRIPT} in our words." in first.find("div", class_="note").text
    assert items[2].find_all(class_="b-since") == []  # a date given changes nothing drawn
    assert "Context checked on 30 November 2026 against public reporting; the newest" in root.text


def test_the_chart_has_a_point_per_note_and_marks_the_sources_end(data_dir):
    rows = read_rows(data_dir / "context_notes.csv")
    write_rows(data_dir / "context_notes.csv", [*rows, rows[0] | {"note_id": "c09"}])
    ds = load_dataset(data_dir)
    frame = changes.frame(ds)
    assert len(frame) == 4
    # Two notes of November 2024 stand in two lanes.
    assert sorted(frame.loc[frame["month"] == "2024-11-01", "lane"]) == [0, 1]
    assert changes.sources_end(ds) == "2024-06"  # the latest event of the sample
    spec = changes.chart(ds).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "point"]
    assert "June 2024" in changes.rule_caption(ds)


def test_a_note_of_a_later_month_moves_along_the_axis(data_dir):
    set_cell(data_dir, "context_notes.csv", 2, "as_of", "2026-03")
    set_cell(data_dir, "context_notes.csv", 2, "checked", "2026-04-01")
    frame = changes.frame(load_dataset(data_dir))
    assert frame["month"].max().strftime("%Y-%m") == "2026-03"


def test_the_page_is_listed_and_runs(data_dir, monkeypatch):
    assert ("pages/changes.py", "What changed since the sources") in PAGES
    monkeypatch.setenv("ALLIES_DATA", str(data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page("pages/changes.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        page = "".join(str(el.proto.body) for el in at.get("html"))
        assert 'data-panel="changes"' in page and 'data-note="c02"' in page
        assert f".st-key-{keys.SHARE_BAR}" in page  # the Share control, as on every page
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
