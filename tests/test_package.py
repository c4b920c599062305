"""The downloads: CSV and GeoJSON in the dataset's own conventions, and a data package whose
descriptor is derived from the loader's schema and validates its own files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from helpers import read_rows

from allies import package, queries, vocab
from allies.load import load_dataset
from allies.schema import REFERENCES, TABLES

frictionless = pytest.importorskip("frictionless")


@pytest.fixture
def ds(tiny_data):
    return load_dataset(tiny_data)


def unzip(data: bytes, folder: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(folder)
    return folder


def validate(folder: Path):
    return frictionless.validate(str(folder / package.DESCRIPTOR))


def errors(report) -> list[str]:
    return [f"{task.name}: {e.type}" for task in report.tasks for e in task.errors]


# --- the descriptor follows the schema ----------------------------------------------------------


def test_every_table_and_column_of_the_schema_is_described(ds):
    meta = package.descriptor(ds)
    resources = {r["name"]: r for r in meta["resources"]}
    for table in TABLES.values():
        schema = resources[table.name]["schema"]
        names = [f["name"] for f in schema["fields"]]
        extra = ["geometry"] if table.name == "places" else []
        assert names == table.columns + extra
        assert schema["primaryKey"] == [table.key]


def test_vocabularies_become_enums_in_their_own_order(ds):
    fields = {
        (r["name"], f["name"]): f
        for r in package.descriptor(ds)["resources"]
        if "schema" in r
        for f in r["schema"]["fields"]
    }
    assert fields["actors", "category"]["constraints"]["enum"] == list(vocab.CATEGORIES)
    assert fields["relationships", "type"]["constraints"]["enum"] == list(vocab.REL_TYPES)
    assert fields["relationships", "status"]["constraints"]["enum"] == list(vocab.STATUSES)
    assert fields["relationships", "strength"]["constraints"]["enum"] == list(vocab.STRENGTHS)
    assert fields["places", "kind"]["constraints"]["enum"] == list(vocab.PLACE_KINDS)
    # Optional vocabulary: no empty value in the enum, and not required.
    precision = fields["relationships", "since_precision"]
    assert precision["constraints"]["enum"] == list(vocab.PRECISIONS)
    assert "required" not in precision["constraints"]
    # Lists of vocabulary: every item named, and a pattern that accepts exactly them.
    support = fields["relationships", "support"]
    assert set(support["itemEnum"]) == set(vocab.SUPPORT_TYPES)
    assert set(fields["excerpts", "tags"]["itemEnum"]) == set(vocab.EXCERPT_TAGS)


def test_types_and_required_follow_what_the_loader_accepts(ds):
    fields = {
        (r["name"], f["name"]): f
        for r in package.descriptor(ds)["resources"]
        if "schema" in r
        for f in r["schema"]["fields"]
    }
    assert fields["relationships", "strength"]["type"] == "integer"
    assert fields["relationships", "since"]["type"] == "integer"
    assert "required" not in fields["relationships", "since"].get("constraints", {})
    assert fields["actors", "lat"]["type"] == "number"
    assert fields["actors", "lat"]["constraints"]["minimum"] == -90
    assert fields["places", "in_sources"]["type"] == "boolean"
    assert fields["actors", "name"]["constraints"]["required"] is True
    assert "required" not in fields["actors", "seat"].get("constraints", {})
    assert fields["relationships", "excerpt_ids"]["constraints"]["required"] is True
    assert "required" not in fields["excerpts", "tags"].get("constraints", {})
    assert fields["excerpts", "paragraph"]["constraints"]["minimum"] == 1
    assert fields["actors", "actor_id"]["constraints"]["unique"] is True


def test_foreign_keys_are_the_schema_references_that_table_schema_can_state(ds):
    stated = {
        (r["name"], fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
        for r in package.descriptor(ds)["resources"]
        if "schema" in r
        for fk in r["schema"].get("foreignKeys", [])
    }
    scalar = {
        (name, column, target, TABLES[target].key)
        for name, column, target in REFERENCES
        if TABLES[name].schema.columns[column].metadata["kind"] != "list"
    }
    assert stated == scalar
    assert ("relationships", "from_actor", "actors", "actor_id") in stated
    # Lists of ids cannot be a Table Schema foreign key: their fields say where they point.
    fields = {
        (r["name"], f["name"]): f
        for r in package.descriptor(ds)["resources"]
        if "schema" in r
        for f in r["schema"]["fields"]
    }
    for name, column, target in REFERENCES:
        if TABLES[name].schema.columns[column].metadata["kind"] == "list":
            assert TABLES[target].file in fields[name, column]["description"]


# --- the files -----------------------------------------------------------------------------------


def test_the_zip_validates_against_its_own_descriptor(ds, tmp_path):
    folder = unzip(package.archive(ds, package.everything(ds)), tmp_path / "pkg")
    report = validate(folder)
    assert report.valid, errors(report)
    names = {task.name for task in report.tasks}
    assert set(TABLES) <= names


def test_the_zip_is_the_dataset_again(ds, tiny_data, tmp_path):
    folder = unzip(package.archive(ds, package.everything(ds)), tmp_path / "pkg")
    again = load_dataset(folder)
    for name in TABLES:
        mine, theirs = getattr(ds, name), getattr(again, name)
        assert mine.drop(columns="geometry", errors="ignore").equals(
            theirs.drop(columns="geometry", errors="ignore")
        ), name
    assert list(again.places.geometry.to_wkt()) == list(ds.places.geometry.to_wkt())
    for source_id, text in ds.texts.items():
        assert again.texts[source_id].raw == text.raw
    assert read_rows(folder / "relationships.csv") == read_rows(tiny_data / "relationships.csv")


@pytest.mark.parametrize(
    ("file", "column", "value", "expected"),
    [
        ("relationships.csv", "strength", "7", "constraint-error"),
        ("relationships.csv", "support", "arms;bribes", "constraint-error"),
        ("relationships.csv", "from_actor", "nobody", "foreign-key"),
        ("excerpts.csv", "source_id", "gamma", "foreign-key"),
        ("actors.csv", "category", "friend", "constraint-error"),
        ("actors.csv", "actor_id", "iran", "primary-key"),
    ],
)
def test_a_broken_file_fails_validation(ds, tmp_path, file, column, value, expected):
    folder = unzip(package.archive(ds, package.everything(ds)), tmp_path / "pkg")
    rows = read_rows(folder / file)
    rows[-1][column] = value
    with (folder / file).open("w", encoding="utf-8", newline="") as handle:
        import csv

        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = validate(folder)
    assert not report.valid
    assert any(expected in e for e in errors(report)), errors(report)


def test_a_filtered_view_downloads_only_its_rows_and_still_validates(ds, tmp_path):
    shown = queries.visible(ds, queries.Filters(layers=("proxy",), places=("lebanon",)))
    picked = package.in_view(ds, shown, "a test view")
    assert set(picked.frames["actors"]["actor_id"]) == {"iran", "hezbollah"}
    assert list(picked.frames["relationships"]["rel_id"]) == ["r001"]
    assert list(picked.frames["places"]["place_id"]) == ["lebanon"]
    assert set(picked.frames["excerpts"]["excerpt_id"]) >= {"alpha-001", "alpha-003"}
    assert list(picked.frames["context_notes"]["note_id"]) == ["c01"]
    data = package.archive(ds, picked)
    folder = unzip(data, tmp_path / "view")
    report = validate(folder)
    assert report.valid, errors(report)
    meta = json.loads((folder / package.DESCRIPTOR).read_text(encoding="utf-8"))
    assert "a test view" in meta["description"]
    assert [r["rel_id"] for r in read_rows(folder / "relationships.csv")] == ["r001"]


def test_csv_and_geojson_are_written_as_the_dataset_writes_them(ds):
    text = package.everything(ds).csv("relationships").decode("utf-8")
    assert text.splitlines()[0] == ",".join(TABLES["relationships"].columns)
    assert "alpha-001;alpha-003" in text
    places = package.everything(ds).csv("places").decode("utf-8")
    assert places.splitlines()[0].endswith(",geometry")
    collection = json.loads(package.places_geojson(ds.places))
    assert collection["type"] == "FeatureCollection"
    first = collection["features"][0]
    assert first["properties"]["place_id"] == "lebanon"
    assert first["properties"]["in_sources"] is True
    assert first["geometry"] == {"type": "Point", "coordinates": [35.5, 33.9]}


def test_the_archive_is_the_same_bytes_for_the_same_data(ds):
    assert package.archive(ds, package.everything(ds)) == package.archive(
        ds, package.everything(ds)
    )
