"""A tour written in a spreadsheet and saved as CSV: one row a scene, with the columns title,
caption, selection and excerpts (ids separated by spaces, commas or semicolons), and optionally
layers, places (the same way), zoom and notes.

A row becomes a scene of the same model as a tour file's, and is checked the same way; every
problem names its row (as the spreadsheet numbers it: the header is row 1) and its column. The
map looks at what the row selects: an actor's seat, the middle of a tie, a place's centre.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from pydantic import ValidationError

from allies.load import Dataset
from allies.selection import Selection
from allies.tours import Tour, _problems_of, check_tours

REQUIRED = ("title", "caption", "selection", "excerpts")
OPTIONAL = ("layers", "places", "zoom", "notes")
DEFAULT_ZOOM = {"actor": 5.0, "tie": 4.0, "place": 5.0}
MAX_ROWS = 40
MAX_BYTES = 200_000
_LIST = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class CsvProblem:
    """One thing wrong with the CSV: its row and column, and what to do."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"row {self.row}" if self.row else "",
                f"column {self.column}" if self.column else "",
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message


def _items(text: str) -> list[str]:
    return [t for t in _LIST.split(text.strip()) if t]


def _where(ds: Dataset, selection: str | None) -> tuple[float, float] | None:
    """Where the map looks for a selection: an actor's seat, a tie's middle, a place's centre."""
    parsed = Selection.parse(selection or "")
    if parsed is None:
        return None
    kind, ident = parsed
    actors = ds.actors.set_index("actor_id")
    if kind == "actor" and ident in actors.index:
        row = actors.loc[ident]
        return None if row.isna()[["lat", "lon"]].any() else (float(row.lat), float(row.lon))
    ties = ds.relationships.set_index("rel_id")
    if kind == "tie" and ident in ties.index:
        ends = [_where(ds, f"actor:{ties.at[ident, e]}") for e in ("from_actor", "to_actor")]
        ends = [e for e in ends if e is not None]
        if ends:
            return (sum(e[0] for e in ends) / len(ends), sum(e[1] for e in ends) / len(ends))
        return None
    places = ds.places.set_index("place_id")
    if kind == "place" and ident in places.index:
        centre = places.at[ident, "geometry"].centroid
        return (float(centre.y), float(centre.x))
    return None


def _scene(ds: Dataset, row: dict[str, str]) -> dict:
    """A scene's fields from a row (left for the tour model to check)."""
    selection = row.get("selection", "").strip() or None
    kind = selection.split(":", 1)[0] if selection and ":" in selection else "actor"
    scene = {
        "title": row.get("title", ""),
        "caption": row.get("caption", ""),
        "selection": selection,
        "excerpts": _items(row.get("excerpts", "")),
        "center": _where(ds, selection) or (30.0, 45.0),
        "zoom": row.get("zoom", "").strip() or DEFAULT_ZOOM.get(kind, 4.0),
    }
    if row.get("layers", "").strip():
        scene["layers"] = [t.strip() for t in re.split(r"[,;]", row["layers"]) if t.strip()]
    if row.get("places", "").strip():
        scene["places"] = _items(row["places"])
    if row.get("notes", "").strip():
        scene["notes"] = row["notes"]
    return scene


def read_csv(
    data: bytes, ds: Dataset, title: str, summary: str
) -> tuple[Tour | None, list[CsvProblem]]:
    """The tour a CSV describes, checked like a tour file: (tour, []) or (None, problems)."""
    if len(data) > MAX_BYTES:
        message = f"the file is too big; expected under {MAX_BYTES} bytes"
        return None, [CsvProblem(None, None, message)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [CsvProblem(None, None, "not UTF-8 text; save the sheet as CSV UTF-8")]
    sample = text[:2000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = [(c or "").strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in columns]
    unknown = [c for c in columns if c not in REQUIRED + OPTIONAL]
    problems = [
        CsvProblem(1, c, f"missing; expected the columns {', '.join(REQUIRED)}") for c in missing
    ]
    problems += [
        CsvProblem(1, c or "(empty)", f"unknown; expected only {', '.join(REQUIRED + OPTIONAL)}")
        for c in unknown
    ]
    if problems:
        return None, problems
    rows = []
    for number, row in enumerate(reader, start=2):  # the spreadsheet's row; the header is 1
        clean = {(k or "").strip().lower(): (v or "") for k, v in row.items() if k is not None}
        if any(v.strip() for v in clean.values()):
            rows.append((number, clean))
    if not rows:
        message = "no scenes; expected one row a scene under the header"
        return None, [CsvProblem(None, None, message)]
    if len(rows) > MAX_ROWS:
        return None, [CsvProblem(None, None, f"{len(rows)} rows; expected at most {MAX_ROWS}")]
    line_of = [line for line, _ in rows]
    data_ = {"id": "csv", "title": title, "summary": summary}
    data_["scenes"] = [_scene(ds, row) for _, row in rows]
    try:
        tour = Tour.model_validate(data_)
    except ValidationError as err:
        return None, _located(_problems_of("csv", err), line_of)
    found = check_tours([tour], ds)
    return (None, _located(found, line_of)) if found else (tour, [])


def _located(problems, line_of: list[int]) -> list[CsvProblem]:
    """Tour problems said by row and column."""
    out = []
    for p in problems:
        row = line_of[p.scene - 1] if p.scene else None
        column = (p.field or "").split(".")[0] or None
        got = f"got '{p.value}'; " if p.value is not None else ""
        out.append(CsvProblem(row, column, got + p.message))
    return out
