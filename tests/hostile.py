"""The sample dataset with hostile markup in every free-text field (as datasette's fixtures do):
names, aliases, seats, summaries, notes, titles, labels, quotes and the source texts they come
from. Tests render it and assert that none of it reaches a page as markup."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import read_rows, write_rows, write_tiny_dataset

# Each piece attacks another context: an element, an attribute, a template literal.
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>`${alert(3)}`'
# What a page must never hold outside escaped text: the hostile pieces as live markup.
LIVE = ("<script>alert", "<img src=x", "onerror=alert(2)>")

# Free-text columns of each table (ids, numbers, dates and vocabulary values are checked by the
# schema and cannot hold markup).
TEXT_COLUMNS = {
    "sources.csv": ("title", "period", "notes"),
    "actors.csv": ("name", "aliases", "seat", "summary"),
    "relationships.csv": ("note",),
    "events.csv": ("label",),
    "disagreements.csv": ("summary",),
    "context_notes.csv": ("note",),
}
PLACE_TEXT = ("name", "note")


def _hostile(value: str, column: str, number: int) -> str:
    if column == "aliases":
        return ";".join([*filter(None, value.split(";")), f"{HOSTILE}{number}"])
    return f"{value} {HOSTILE}" if value else HOSTILE


def write_hostile_dataset(data_dir: Path) -> Path:
    """The sample dataset (with the MORE rows) with HOSTILE in every free-text field and at the
    end of every quote (and of the sentence of the source it quotes)."""
    write_tiny_dataset(data_dir, more=True)
    for file, columns in TEXT_COLUMNS.items():
        rows = read_rows(data_dir / file)
        for number, row in enumerate(rows):
            for column in columns:
                row[column] = _hostile(row[column], column, number)
        write_rows(data_dir / file, rows)
    rows = read_rows(data_dir / "excerpts.csv")
    sources = {r["source_id"]: data_dir / r["path"] for r in read_rows(data_dir / "sources.csv")}
    for row in rows:
        path = sources[row["source_id"]]
        text = path.read_text(encoding="utf-8")
        if row["quote"] in text:
            path.write_text(text.replace(row["quote"], f"{row['quote']} {HOSTILE}", 1), "utf-8")
            row["quote"] = f"{row['quote']} {HOSTILE}"
    write_rows(data_dir / "excerpts.csv", rows)
    places = json.loads((data_dir / "places.geojson").read_text(encoding="utf-8"))
    for feature in places["features"]:
        for key in PLACE_TEXT:
            feature["properties"][key] = _hostile(feature["properties"][key], key, 0)
    (data_dir / "places.geojson").write_text(json.dumps(places), encoding="utf-8")
    return data_dir
