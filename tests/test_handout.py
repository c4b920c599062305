"""Printed handouts (ui.handout): every scene's title, caption and quotes in order with its
link, read back with pdftotext; pages rendered with pdftoppm are not blank and the map fills
its box; paper sizes, page numbers, embedded fonts; bad input writes nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from helpers import words
from PIL import Image

from allies import queries
from allies.load import load_dataset
from allies.tours import draft_tour, tour_yaml
from geo import styles
from geo.shapes import load_countries
from ui import handout
from ui.scenes import scene_view
from ui.stills import drawn_of
from ui.urlstate import dataset_choices

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdftoppm", "pdfinfo", "pdffonts"))
pytestmark = pytest.mark.skipif(
    not POPPLER and not os.environ.get("CI"), reason="needs poppler-utils (CI installs it)"
)
ROOT = Path(__file__).resolve().parent.parent
SCENES = [
    {
        "title": "Arms for <Hezbollah>",
        "caption": "Iran arms the group. The first source says so twice.",
        "excerpts": ["alpha-001", "alpha-003"],
        "selection": "tie:r001",
        "layers": ["proxy"],
        "center": (33.0, 42.0),
        "zoom": 4,
    },
    {
        "title": "Russia & Iran",
        "caption": "Russia backs Iran at the UN. One source says it.",
        "excerpts": ["alpha-002"],
        "selection": "actor:russia",
        "layers": ["global power"],
        "center": (45.0, 45.0),
        "zoom": 3.5,
    },
]


@pytest.fixture(scope="module")
def tour():
    made, problems = draft_tour("mine", "My <tour> & notes", "A summary of the tour.", SCENES)
    assert problems == []
    return made


@pytest.fixture(scope="module")
def countries():
    return load_countries()


def pdf_text(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "h.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    return [words(page) for page in out.stdout.decode().split("\f")[:-1]]


def in_order(text: str, parts: list[str]) -> bool:
    at = 0
    for part in parts:
        at = text.find(words(part), at)
        if at < 0:
            return False
        at += len(words(part))
    return True


def test_every_scene_page_holds_its_words_in_order_and_its_link(sample, countries, tour, tmp_path):
    pdf = handout.tour_pdf(sample, countries, tour, base="http://class.example")
    pages = pdf_text(pdf, tmp_path)
    assert len(pages) == 3
    ev = queries.evidence(sample)
    assert in_order(pages[0], ["My <tour> & notes", "A summary of the tour.", "Arms for"])
    assert "http://class.example/present?tour=mine&scene=1" in pages[0]
    for n, (scene, page) in enumerate(zip(tour.scenes, pages[1:], strict=True), start=1):
        quotes = []
        for e in scene.excerpts:
            row = ev.excerpts[e]
            quotes += [f"“{row.quote}”", f"— {row.title}, paragraph {int(row.paragraph)}"]
        assert in_order(page, [scene.title, scene.caption, *quotes]), page
        assert f"http://class.example/present?tour=mine&scene={n}" in page
        assert f"Page {n + 1} of 3" in page
    # The tie of scene 1 has a context note: marked as context, after the quotes.
    assert in_order(pages[1], ["paragraph", "Context — not from the sources: A note in our words"])
    # And the notes on what it is about (the tie's ends), named, as presentation mode has them.
    assert "Context — not from the sources: (on Hezbollah) A note on the group" in pages[1]
    assert "Context" not in pages[2]


def test_paper_sizes_and_orientation(sample, countries, tour, tmp_path):
    for paper, landscape, size in (
        ("a4", False, "595.28 x 841.89"),
        ("letter", False, "612 x 792"),
        ("letter", True, "792 x 612"),
        ("a4", True, "841.89 x 595.28"),
    ):
        path = tmp_path / f"{paper}{landscape}.pdf"
        path.write_bytes(
            handout.tour_pdf(sample, countries, tour, paper=paper, landscape=landscape)
        )
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        assert f"Page size:       {size} pts" in info
        assert "Pages:           3" in info
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(" yes " in row for row in rows)  # every font embedded
        assert path.stat().st_size < 600_000


def test_a_scene_page_is_not_blank_and_its_map_fills_its_box(sample, countries, tour, tmp_path):
    dpi = 50
    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(handout.tour_pdf(sample, countries, tour))
    subprocess.run(
        ["pdftoppm", "-f", "2", "-l", "2", "-r", str(dpi), "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    image = np.asarray(Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")).astype(int)
    # Where the page lays the map out, as the handout computes it.
    scene = tour.scenes[0]
    item = handout.Printed(
        scene.title,
        scene.caption,
        [],
        [],
        "http://x/",
        drawn_of(sample, countries, scene_view(scene, dataset_choices(sample))),
        tuple(scene.center),
        scene.zoom,
    )
    x, y, w, h = handout.scene_pages(item, "head", countries, "a4", False)[0][3]
    page_h = image.shape[0] * 72 / dpi
    k = dpi / 72
    top, bottom = round((page_h - y - h) * k) + 2, round((page_h - y) * k) - 2
    left, right = round(x * k) + 2, round((x + w) * k) - 2
    inside = image[top:bottom, left:right]
    white = (image > 245).all(axis=2)
    assert white[top:bottom, left:right].mean() < 0.05  # the map fills its box
    sea = np.abs(inside - np.array([0xCF, 0xE1, 0xEC])).sum(axis=2) < 12
    land = np.abs(inside - np.array([0xF3, 0xF2, 0xEE])).sum(axis=2) < 12
    assert sea.mean() > 0.05 and land.mean() > 0.05  # sea and land, as the live map colours them
    assert white[top:bottom, : left - 4].mean() > 0.99  # the margin beside it is blank
    assert white.mean() < 0.9  # the page is not blank
    assert styles.SEA == "#cfe1ec" and styles.LAND == "#f3f2ee"


def test_a_view_handout_is_one_page_with_the_selections_quotes(sample, countries, tmp_path):
    from ui.stills import read_address

    view = read_address("?sel=actor:hezbollah", sample)
    pdf = handout.view_pdf(sample, countries, view, link="http://x/?sel=actor:hezbollah")
    pages = pdf_text(pdf, tmp_path)
    assert len(pages) == 1
    ev = queries.evidence(sample)
    quotes = [f"“{ev.excerpts[e].quote}”" for e in ev.by_actor["hezbollah"]]
    assert in_order(pages[0], ["Hezbollah", *quotes[:2], "http://x/?sel=actor:hezbollah"])
    assert "A note on the group, in our words." in pages[0]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ui.handout", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_the_command_line_prints_a_tour_or_writes_nothing(tiny_data, tour, tmp_path):
    (tiny_data / "tours").mkdir()
    (tiny_data / "tours" / "mine.yaml").write_text(tour_yaml(tour), encoding="utf-8")
    assert load_dataset(tiny_data) is not None
    out = tmp_path / "out"
    out.mkdir()
    done = cli("mine", "--paper", "letter", "--out", str(out / "t.pdf"), "--data", str(tiny_data))
    assert done.returncode == 0, done.stderr
    assert (out / "t.pdf").read_bytes().startswith(b"%PDF")
    for args in (
        ("nope", "--out", str(out / "a.pdf")),
        ("mine", "--out", str(out / "b.txt")),
        ("mine", "--paper", "a3", "--out", str(out / "c.pdf")),
        ("--view", "?sel=<script>", "--out", str(out / "d.pdf")),
        ("mine", "--out", str(out / "no" / "e.pdf")),
    ):
        done = cli(*args, "--data", str(tiny_data))
        assert done.returncode == 2, (args, done.stderr)
        assert "error" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["t.pdf"]


@pytest.mark.parametrize("landscape", [False, True])
def test_a_view_handout_prints_whole_quotes_and_says_how_many(
    sample, countries, landscape, tmp_path
):
    from ui.stills import read_address

    view = read_address("?sel=actor:iran", sample)
    pdf = handout.view_pdf(
        sample, countries, view, link="http://x/", paper="letter", landscape=landscape
    )
    [page] = pdf_text(pdf, tmp_path)
    ev = queries.evidence(sample)
    rows = [ev.excerpts[e] for e in ev.by_actor["iran"]]
    whole = [r for r in rows if in_order(page, [f"“{r.quote}”", f"— {r.title}, paragraph"])]
    assert whole and len(whole) == page.count("“")  # no quote is cut off
    if len(whole) < len(rows):
        assert f"{len(whole)} of the {len(rows)} quotes behind it" in page
