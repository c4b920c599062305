"""The dataset as files to take away: CSV per table, places as GeoJSON, and one zip archive
that is a Frictionless data package (no Streamlit here).

The package's `datapackage.json` is derived from the loader's own schema (`allies.schema`), not
typed a second time: field types from each column's parsing kind, enums and patterns from its
checks, required-ness from whether the column accepts an empty cell, primary keys from each
table's key and foreign keys from `REFERENCES`. The archive holds the same files as `data/`
(plus `places.csv` for tools that read tables only), so it also loads with `load_dataset`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from shapely.geometry import mapping

from allies.load import Dataset
from allies.naming import count_text
from allies.queries import Visible
from allies.schema import REFERENCES, ROLE_COLUMNS, SUBJECT_TABLES, TABLES, Table

PACKAGE_NAME = "iran-allies-evidence"
PACKAGE_TITLE = "Iran's network of allies: the evidence dataset"
DESCRIPTOR = "datapackage.json"
PLACES_TABLE = "places.csv"
LIST_DELIMITER = ";"
# Fixed member times keep the archive byte-identical for the same data.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
_TYPES = {
    "text": "string",
    "list": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
}
_EMPTY = {"text": "", "list": (), "int": pd.NA, "float": float("nan"), "bool": pd.NA}
_SPECIAL = re.compile(r"[.^$*+?{}\[\]\\|()]")
_ANCHORED = re.compile(r"^\^\(\?:(.*)\)\$$", re.S)


# --- the descriptor, derived from the schema ----------------------------------------------------


def _accepts_empty(name: str, column: pa.Column) -> bool:
    """Whether the loader's schema lets this column's cell be empty (asked, not guessed)."""
    kind = column.metadata["kind"]
    dtype = object if kind == "list" else str(column.dtype) if kind != "text" else str
    frame = pd.DataFrame({name: pd.Series([_EMPTY[kind]], dtype=dtype)})
    try:
        pa.DataFrameSchema({name: column}).validate(frame, lazy=True)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError):
        return False
    return True


def _bare(pattern: str) -> str:
    """A pattern without the '^(?:…)$' anchors the schema adds (Table Schema anchors for us)."""
    match = _ANCHORED.match(pattern)
    return match.group(1) if match else pattern


def _escape(value: str) -> str:
    """A literal for a pattern: regex characters escaped, spaces left as they are."""
    return _SPECIAL.sub(r"\\\g<0>", value)


def _list_pattern(column: pa.Column) -> str | None:
    """The pattern of a ';' list, from the test the schema applies to each item."""
    item_ok = column.metadata.get("item_ok")
    owner = getattr(item_ok, "__self__", None)
    if isinstance(owner, frozenset):
        item = "|".join(_escape(v) for v in sorted(owner, key=lambda v: (-len(v), v)))
    elif isinstance(owner, re.Pattern):
        item = owner.pattern
    else:
        return None
    return f"(?:{item})(?:{LIST_DELIMITER}(?:{item}))*"


def _list_items(column: pa.Column) -> list[str] | None:
    owner = getattr(column.metadata.get("item_ok"), "__self__", None)
    return sorted(owner) if isinstance(owner, frozenset) else None


def _references(table: Table) -> dict[str, tuple[str, Table]]:
    return {
        column: (target, TABLES[target])
        for name, column, target in REFERENCES
        if name == table.name
    }


def field(table: Table, name: str, column: pa.Column) -> dict:
    """The Table Schema field of one column of the loader's schema."""
    kind = column.metadata["kind"]
    out: dict = {"name": name, "type": _TYPES[kind], "description": column.metadata["expected"]}
    constraints: dict = {}
    if not _accepts_empty(name, column):
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            constraints["enum"] = [v for v in stats["allowed_values"] if v != ""]
        elif check.name == "str_matches":
            constraints["pattern"] = _bare(stats["pattern"])
        elif check.name == "in_range":
            constraints["minimum"], constraints["maximum"] = stats["min_value"], stats["max_value"]
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = stats["min_value"]
    if kind == "list":
        pattern = _list_pattern(column)
        if pattern:
            constraints["pattern"] = pattern
        items = _list_items(column)
        if items is not None:
            out["itemEnum"] = items  # the vocabulary of the items, for people and tools
        out["delimiter"] = LIST_DELIMITER
    if kind == "bool":
        out["trueValues"], out["falseValues"] = (
            ["true", "True", "TRUE"],
            ["false", "False", "FALSE"],
        )
    target = _references(table).get(name)
    if target is not None:
        out["description"] += f"; refers to {target[1].key} in {target[1].file}"
    if table.name == "relationships" and name in ROLE_COLUMNS.values():
        role = "qualify" if name == ROLE_COLUMNS["qualifies"] else "weaken"
        out["description"] += (
            f"; those of the row's excerpt_ids that {role} the tie rather than support it"
            " (not counted as support)"
        )
    if name == "subject_id":
        tables = ", ".join(f"{k} → {TABLES[v].file}" for k, v in SUBJECT_TABLES.items())
        out["description"] += f"; the table depends on subject_type ({tables})"
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: Table) -> dict:
    """The Table Schema of one table: fields, primary key and the foreign keys that Table
    Schema can state (single ids; `;` lists of ids are described on their fields)."""
    fields = [field(table, name, column) for name, column in table.schema.columns.items()]
    foreign = [
        {"fields": column, "reference": {"resource": target, "fields": ttable.key}}
        for column, (target, ttable) in _references(table).items()
        if table.schema.columns[column].metadata["kind"] != "list"
    ]
    schema: dict = {"fields": fields, "primaryKey": [table.key], "missingValues": [""]}
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def descriptor(ds: Dataset, scope: str = "everything") -> dict:
    """The package's datapackage.json for a dataset's files; `scope` says what it holds."""
    resources = []
    for table in TABLES.values():
        path = PLACES_TABLE if table.name == "places" else table.file
        schema = table_schema(table)
        if table.name == "places":
            schema["fields"].append(
                {"name": "geometry", "type": "geojson", "description": "the place's shape"}
            )
        resources.append(
            {
                "name": table.name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    resources.append(
        {
            "name": "places-geojson",
            "path": TABLES["places"].file,
            "format": "geojson",
            "mediatype": "application/geo+json",
            "encoding": "utf-8",
            "description": "The same places as places.csv, as a GeoJSON FeatureCollection.",
        }
    )
    for row in ds.sources.itertuples():
        resources.append(
            {
                "name": f"document-{row.source_id}".lower(),
                "path": row.path,
                "format": "txt",
                "mediatype": "text/plain",
                "encoding": "utf-8",
                "description": f"The source document {row.source_id!r}, exactly as received.",
            }
        )
    return {
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": (
            f"Actors, ties, events, places and the verbatim excerpts of "
            f"{count_text(len(ds.sources), 'source document')} "
            "that support them. Lists inside a cell are separated by ';'. "
            f"This package holds {scope}."
        ),
        "sources": [{"title": row.title, "path": row.path} for row in ds.sources.itertuples()],
        "resources": resources,
    }


# --- the files ---------------------------------------------------------------------------------


def _cell(kind: str, value: object) -> str:
    """One typed value as the text the loader reads back."""
    if kind == "list":
        return LIST_DELIMITER.join(value)
    if value is None or (not isinstance(value, tuple) and pd.isna(value)):
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "int":
        return str(int(value))
    return str(value)


def table_csv(frame: pd.DataFrame, table: Table, geometry: bool = False) -> bytes:
    """A table as UTF-8 CSV in the dataset's own conventions; places may carry their geometry."""
    kinds = {name: column.metadata["kind"] for name, column in table.schema.columns.items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*kinds, *(["geometry"] if geometry else [])])
    for _, row in frame.iterrows():
        cells = [_cell(kind, row[name]) for name, kind in kinds.items()]
        if geometry:
            cells.append(json.dumps(mapping(row["geometry"])))
        writer.writerow(cells)
    return out.getvalue().encode("utf-8")


def places_geojson(places: pd.DataFrame) -> bytes:
    """The places as a GeoJSON FeatureCollection, properties written as in data/."""
    table = TABLES["places"]
    kinds = {name: column.metadata["kind"] for name, column in table.schema.columns.items()}
    features = []
    for _, row in places.iterrows():
        properties = {}
        for name, kind in kinds.items():
            value = row[name]
            properties[name] = bool(value) if kind == "bool" else _cell(kind, value)
        features.append(
            {"type": "Feature", "properties": properties, "geometry": mapping(row["geometry"])}
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


@dataclass(frozen=True)
class Tables:
    """The rows of each table that a download holds."""

    frames: dict[str, pd.DataFrame]
    scope: str

    def csv(self, name: str) -> bytes:
        """One table as CSV (places with their geometry as a GeoJSON column)."""
        return table_csv(self.frames[name], TABLES[name], geometry=name == "places")


def everything(ds: Dataset) -> Tables:
    """Every row of every table."""
    return Tables({name: getattr(ds, name) for name in TABLES}, "the whole dataset")


def _about(frame: pd.DataFrame, subjects: dict[str, set[str]]) -> pd.DataFrame:
    wanted = [
        subject_id in subjects.get(subject_type, set())
        for subject_type, subject_id in zip(frame["subject_type"], frame["subject_id"], strict=True)
    ]
    return frame[wanted]


def in_view(ds: Dataset, shown: Visible, scope: str) -> Tables:
    """The rows a filtered view stands on: its actors, ties and places; the events of those
    actors; the notes about any of them; every source; and every excerpt that one of these
    cites or that names one of the actors. An excerpt keeps all its actor_ids, so it may name
    an actor outside the view."""
    actors = set(shown.actors["actor_id"])
    events = ds.events[ds.events["actor_ids"].map(lambda ids: bool(actors.intersection(ids)))]
    subjects = {
        "actor": actors,
        "relationship": set(shown.ties["rel_id"]),
        "place": set(shown.places["place_id"]),
        "event": set(events["event_id"]),
    }
    disagreements = _about(ds.disagreements, subjects)
    notes = _about(ds.context_notes, subjects)
    cited = {
        e
        for frame in (shown.ties, shown.places, events, disagreements)
        for ids in frame["excerpt_ids"]
        for e in ids
    }
    excerpts = ds.excerpts[
        ds.excerpts["excerpt_id"].isin(cited)
        | ds.excerpts["actor_ids"].map(lambda ids: bool(actors.intersection(ids)))
    ]
    frames = {
        "sources": ds.sources,
        "actors": shown.actors,
        "relationships": shown.ties,
        "excerpts": excerpts,
        "events": events,
        "disagreements": disagreements,
        "context_notes": notes,
        "places": shown.places,
    }
    return Tables({k: v.reset_index(drop=True) for k, v in frames.items()}, scope)


def archive(ds: Dataset, tables: Tables) -> bytes:
    """One zip: every table as CSV, the places as GeoJSON and CSV, the source documents, and
    the datapackage.json describing them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:

        def put(name: str, data: bytes) -> None:
            zf.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)

        meta = descriptor(ds, tables.scope)
        put(DESCRIPTOR, json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8"))
        for table in TABLES.values():
            frame = tables.frames[table.name]
            if table.name == "places":
                put(TABLES["places"].file, places_geojson(frame))
                put(PLACES_TABLE, table_csv(frame, table, geometry=True))
            else:
                put(table.file, table_csv(frame, table))
        for row in ds.sources.itertuples():
            put(row.path, ds.texts[row.source_id].raw.encode("utf-8"))
    return buffer.getvalue()
