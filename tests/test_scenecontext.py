"""Presentation mode shows the context a scene needs (ui.scenecontext): the notes on what a
scene selects, on the ends of a selected tie and on what its caption names in full, every other
note on what it draws behind a fold-out. On the sample dataset with a sample tour."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import parse_html, read_rows, write_rows, write_tiny_dataset

from allies.load import load_dataset
from allies.queries import evidence
from allies.tours import load_tours
from ui import scenecontext
from ui.scenes import scene_html

TOUR = """\
title: A sample tour
summary: Two scenes over the sample dataset.
scenes:
  - title: Iran and Hezbollah
    selection: tie:r001
    layers: [proxy]
    places: [lebanon]
    center: [33.0, 42.0]
    zoom: 5
    caption: The first source says Iran arms the group. It adds that Iran helped found it.
    excerpts: [alpha-001]
  - title: Russia at the UN
    selection: actor:russia
    center: [45.0, 45.0]
    zoom: 3.5
    caption: One source says Russia backs Iran. The other is silent on it!
    excerpts: [alpha-002, alpha-004]
"""


@pytest.fixture
def toured(tmp_path: Path) -> Path:
    data = write_tiny_dataset(tmp_path / "data", more=True)
    (data / "tours").mkdir()
    (data / "tours" / "sample.yaml").write_text(TOUR, encoding="utf-8")
    return data


def scene(data: Path, index: int):
    ds = load_dataset(data)
    [tour], problems = load_tours(ds, data)
    assert problems == []
    return ds, tour, parse_html(scene_html(ds, evidence(ds), tour, index))


def notes_in(page, tag: str, cls: str | None = None) -> list[str]:
    return [n.attrs["data-note"] for n in page.find_all(tag, class_=cls) if "data-note" in n.attrs]


def test_a_scene_on_a_tie_shows_the_note_of_one_of_its_actors(toured):
    _, _, page = scene(toured, 0)
    # Its own note (c01, on r001) as before, and Hezbollah's (c02), an end of the tie, in full.
    assert notes_in(page, "div", "note") == ["c01"]
    [about] = page.find_all("div", class_="about-note")
    assert (about.attrs["data-note"], about.attrs["data-about"]) == ("c02", "actor:hezbollah")
    assert about.find("b").text == "Hezbollah"
    assert "A note on the group, in our words." in about.text
    assert "Context — not from the sources" in about.text
    assert page.find_all("details", class_="more-context") == []


def test_every_note_on_what_a_scene_draws_is_reachable_once(toured):
    ds, _, page = scene(toured, 1)  # Russia, every layer: every actor and tie is drawn
    drawn = ds.context_notes[ds.context_notes["subject_type"] != "event"]["note_id"]
    found = notes_in(page, "div") + notes_in(page, "li")
    assert sorted(found) == sorted(drawn) and len(found) == len(set(found))
    # Neither note is about Russia, Iran or what the caption names: both behind the fold-out.
    [more] = page.find_all("details", class_="more-context")
    assert "2 notes" in more.find("summary").text
    assert {li.find("b").text for li in more.find_all("li")} == {
        "Hezbollah",
        "Iran → Hezbollah · proxy support",
    }


def test_the_caption_brings_a_note_into_full_view(toured):
    rows = read_rows(toured / "context_notes.csv")
    rows.append({**rows[0], "note_id": "c09", "subject_type": "actor", "subject_id": "iran",
                 "note": "Iran's own note."})  # fmt: skip
    write_rows(toured / "context_notes.csv", rows)
    _, _, page = scene(toured, 1)  # the caption names Iran
    assert [d.attrs["data-note"] for d in page.find_all("div", class_="about-note")] == ["c09"]


def test_at_most_a_few_notes_in_full(toured):
    rows = read_rows(toured / "context_notes.csv")
    extra = [
        {**rows[0], "note_id": f"c{n}", "subject_type": "actor", "subject_id": "iran"}
        for n in range(10, 16)
    ]
    write_rows(toured / "context_notes.csv", rows + extra)
    _, _, page = scene(toured, 1)
    assert len(page.find_all("div", class_="about-note")) == scenecontext.MAX_FULL
    more = page.find("details", class_="more-context")
    assert len(more.find_all("li")) == 6 - scenecontext.MAX_FULL + 2


def test_notes_from_the_data_are_escaped(toured):
    rows = read_rows(toured / "context_notes.csv")
    for row in rows:
        if row["note_id"] == "c02":
            row["note"] = "<script>alert(1)</script>"
    write_rows(toured / "context_notes.csv", rows)
    ds = load_dataset(toured)
    [tour], _ = load_tours(ds, toured)
    markup = scene_html(ds, evidence(ds), tour, 0)
    assert "<script>" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
