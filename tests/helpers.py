"""A tiny, complete and valid dataset for tests, and small tools to corrupt a copy of it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import branca
import folium
import folium.elements
import pytest

from allies.load import DatasetError, load_dataset

ALPHA = """Tiny Allies Of Iran
Table of Contents
- Iran And Its Friends
Iran And Its Friends
Iran arms Hezbollah in Lebanon. Russia backs Iran at the UN Security Council.
- Click Here For Celebrity Gossip Today
- Ten Secrets Of Cheap Flights Revealed
Hezbollah was formed in the early 1980s with Iranian support. It sits on the Mediterranean coast.

Iran Talks With Russia About Oil
"""

BETA = """Friends Of Tehran
China buys Iranian oil despite sanctions. In 2021, China and Iran signed a 25-year agreement.
Related Post
Some Unrelated Celebrity Story
"""

TEXTS = {"sources/alpha.txt": ALPHA, "sources/beta.txt": BETA}

TABLES: dict[str, list[dict[str, str]]] = {
    "sources.csv": [
        {
            "source_id": "alpha",
            "title": "Tiny Allies Of Iran",
            "path": "sources/alpha.txt",
            "kind": "web article",
            "published": "not given",
            "period": "the 2020s",
            "notes": "Two link lists and a table of contents.",
        },
        {
            "source_id": "beta",
            "title": "Friends Of Tehran",
            "path": "sources/beta.txt",
            "kind": "web article",
            "published": "2024-01",
            "period": "2021 to 2024",
            "notes": "",
        },
    ],
    "actors.csv": [
        {
            "actor_id": "iran",
            "name": "Iran",
            "aliases": "Islamic Republic of Iran",
            "kind": "state",
            "country": "IRN",
            "seat": "Tehran",
            "lat": "35.69",
            "lon": "51.39",
            "category": "hub",
            "summary": "The hub of the network.",
        },
        {
            "actor_id": "hezbollah",
            "name": "Hezbollah",
            "aliases": "Hizballah;Hizbullah",
            "kind": "non-state armed group",
            "country": "LBN",
            "seat": "Beirut",
            "lat": "33.89",
            "lon": "35.50",
            "category": "proxy",
            "summary": "A Lebanese group armed by Iran.",
        },
        {
            "actor_id": "russia",
            "name": "Russia",
            "aliases": "",
            "kind": "state",
            "country": "RUS",
            "seat": "Moscow",
            "lat": "55.76",
            "lon": "37.62",
            "category": "global power",
            "summary": "Backs Iran at the UN.",
        },
        {
            "actor_id": "china",
            "name": "China",
            "aliases": "",
            "kind": "state",
            "country": "CHN",
            "seat": "Beijing",
            "lat": "39.90",
            "lon": "116.40",
            "category": "global power",
            "summary": "Buys Iran's oil.",
        },
    ],
    "relationships.csv": [
        {
            "rel_id": "r001",
            "from_actor": "iran",
            "to_actor": "hezbollah",
            "type": "proxy support",
            "strength": "3",
            "status": "active",
            "support": "arms",
            "since": "1980",
            "since_precision": "decade",
            "excerpt_ids": "alpha-001;alpha-003",
            "note": "Iran arms the group it helped to found.",
        },
        {
            "rel_id": "r002",
            "from_actor": "russia",
            "to_actor": "iran",
            "type": "diplomatic backing",
            "strength": "2",
            "status": "active",
            "support": "diplomatic cover",
            "since": "",
            "since_precision": "",
            "excerpt_ids": "alpha-002",
            "note": "",
        },
    ],
    "excerpts.csv": [
        {
            "excerpt_id": "alpha-001",
            "source_id": "alpha",
            "paragraph": "5",
            "quote": "Iran arms Hezbollah in Lebanon.",
            "actor_ids": "iran;hezbollah",
            "tags": "",
        },
        {
            "excerpt_id": "alpha-002",
            "source_id": "alpha",
            "paragraph": "5",
            "quote": "Russia backs Iran at the UN Security Council.",
            "actor_ids": "russia;iran",
            "tags": "",
        },
        {
            "excerpt_id": "alpha-003",
            "source_id": "alpha",
            "paragraph": "8",
            "quote": "Hezbollah was formed in the early 1980s with Iranian support.",
            "actor_ids": "hezbollah;iran",
            "tags": "date",
        },
        {
            "excerpt_id": "alpha-004",
            "source_id": "alpha",
            "paragraph": "10",
            "quote": "Iran Talks With Russia About Oil",
            "actor_ids": "iran;russia",
            "tags": "related-headline",
        },
        {
            "excerpt_id": "beta-001",
            "source_id": "beta",
            "paragraph": "2",
            "quote": "China buys Iranian oil despite sanctions.",
            "actor_ids": "china;iran",
            "tags": "",
        },
        {
            "excerpt_id": "beta-002",
            "source_id": "beta",
            "paragraph": "2",
            "quote": "In 2021, China and Iran signed a 25-year agreement.",
            "actor_ids": "china;iran",
            "tags": "date;figure",
        },
    ],
    "events.csv": [
        {
            "event_id": "v01",
            "date": "2021",
            "precision": "year",
            "date_in_sources": "true",
            "label": "China and Iran sign a 25-year agreement",
            "actor_ids": "china;iran",
            "excerpt_ids": "beta-002",
        },
    ],
    "disagreements.csv": [
        {
            "disagreement_id": "d01",
            "subject_type": "actor",
            "subject_id": "russia",
            "summary": "Alpha has Russia shield Iran; its headline has them bargain over oil.",
            "excerpt_ids": "alpha-002;alpha-004",
        },
    ],
    "context_notes.csv": [
        {
            "note_id": "c01",
            "subject_type": "relationship",
            "subject_id": "r001",
            "as_of": "2024-11",
            "note": "A note in our words, for tests.",
        },
    ],
}

PLACES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "place_id": "lebanon",
                "name": "Lebanon",
                "kind": "territory",
                "in_sources": True,
                "excerpt_ids": "alpha-001",
                "note": "A point for the country.",
                "default_on": True,
            },
            "geometry": {"type": "Point", "coordinates": [35.5, 33.9]},
        },
        {
            "type": "Feature",
            "properties": {
                "place_id": "oil_route",
                "name": "Oil route",
                "kind": "corridor",
                "in_sources": False,
                "excerpt_ids": "",
                "note": "Our own drawing.",
                "default_on": False,
            },
            "geometry": {"type": "LineString", "coordinates": [[56.3, 26.6], [121.5, 31.2]]},
        },
    ],
}

# Self-intersecting "bow tie": invalid as a polygon.
BOW_TIE = {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> None:
    """Write rows as a UTF-8 CSV file with a header."""
    columns = columns if columns is not None else list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_tiny_dataset(data_dir: Path) -> Path:
    """Write the tiny dataset into data_dir (created if needed) and return data_dir."""
    (data_dir / "sources").mkdir(parents=True, exist_ok=True)
    for path, text in TEXTS.items():
        (data_dir / path).write_text(text, encoding="utf-8")
    for file, rows in TABLES.items():
        write_rows(data_dir / file, rows)
    (data_dir / "places.geojson").write_text(json.dumps(PLACES, indent=1), encoding="utf-8")
    return data_dir


def set_cell(data_dir: Path, file: str, row: int, column: str, value: str) -> None:
    """Change one cell; `row` counts as a spreadsheet does (the header is row 1)."""
    rows = read_rows(data_dir / file)
    rows[row - 2][column] = value
    write_rows(data_dir / file, rows)


def drop_column(data_dir: Path, file: str, column: str) -> None:
    rows = read_rows(data_dir / file)
    write_rows(data_dir / file, rows, [c for c in rows[0] if c != column])


def set_feature(data_dir: Path, number: int, **changes: object) -> None:
    """Change a place: `geometry=` replaces its geometry, other keywords its properties."""
    path = data_dir / "places.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    feature = collection["features"][number - 1]
    if "geometry" in changes:
        feature["geometry"] = changes.pop("geometry")
    feature["properties"].update(changes)
    path.write_text(json.dumps(collection), encoding="utf-8")


def problems(data_dir: Path) -> list[str]:
    """The problems that loading the dataset reports, as printed lines."""
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_dir)
    return [str(p) for p in caught.value.problems]


def st_folium_urls(fig) -> list[str]:
    """The URLs streamlit-folium's iframe would load, gathered the way it gathers them."""

    def walk(element):
        if isinstance(element, branca.colormap.ColorMap):
            yield element
        if isinstance(element, folium.elements.JSCSSMixin):
            yield element
        if hasattr(element, "_children"):
            for child in element._children.values():
                yield from walk(child)

    urls: list[str] = []
    for element in walk(fig):
        if isinstance(element, branca.colormap.ColorMap):
            urls.append("https://d3js.org/d3.v4.min.js")
        urls.extend(href for _, href in getattr(element, "default_css", []))
        urls.extend(src for _, src in getattr(element, "default_js", []))
    return list(dict.fromkeys(urls))  # st_folium drops repeats too
