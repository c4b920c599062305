"""A source in a right-to-left script: the loader accepts its text and excerpts, and the text
view quotes them with dir="auto" and the source's language."""

from __future__ import annotations

from dataclasses import replace

from helpers import read_rows, write_rows, write_tiny_dataset

from allies import queries
from allies.load import load_dataset
from allies.vocab import CATEGORIES, HUB
from geo import drawn
from geo import scene as geo_scene
from geo.shapes import load_countries
from ui.textview import text_view

# Our own sentence, in Arabic: "Iran arms Hezbollah in Lebanon."
ARABIC = "إيران تسلّح حزب الله في لبنان."


def test_an_arabic_excerpt_loads_and_reads_right_to_left(tmp_path):
    data = write_tiny_dataset(tmp_path / "data")
    source = data / "sources" / "alpha.txt"
    lines = source.read_text(encoding="utf-8").split("\n")
    paragraph = next(i for i, line in enumerate(lines, 1) if line.startswith("Hezbollah was"))
    lines[paragraph - 1] += " " + ARABIC  # a sentence of its own inside a paragraph
    source.write_text("\n".join(lines), encoding="utf-8")
    rows = read_rows(data / "excerpts.csv")
    rows.append({**rows[0], "excerpt_id": "alpha-ar", "paragraph": str(paragraph), "quote": ARABIC})
    write_rows(data / "excerpts.csv", rows)
    ties = read_rows(data / "relationships.csv")
    first = ties[0]
    first["excerpt_ids"] = first["excerpt_ids"] + ";alpha-ar"
    write_rows(data / "relationships.csv", ties)

    ds = load_dataset(data)
    assert ds.excerpts.set_index("excerpt_id").loc["alpha-ar", "quote"] == ARABIC
    # A source may name its language (sources.csv has no such column yet: read when present).
    ds = replace(ds, sources=ds.sources.assign(language=["ar", ""]))
    filters = queries.Filters(layers=tuple(c for c in CATEGORIES if c != HUB), places=())
    shown = queries.visible(ds, filters)
    model = drawn.drawn_view(shown, geo_scene.scene(shown, load_countries()))
    html = text_view(ds, model, queries.evidence(ds)).html
    assert f'dir="auto" lang="ar" data-excerpt="alpha-ar"><p>“{ARABIC}”' in html
    assert 'dir="auto" lang="en" data-excerpt="beta-' in html or "beta" not in html
