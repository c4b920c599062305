"""Load the dataset from its folder, check it as a whole and hand it over typed.

`load_dataset` reads every file and collects every problem, so that one broken file does not
hide another's errors, then raises `DatasetError` listing them all. Each `Problem` names its
file, row (as a spreadsheet shows it: the header is row 1, the first data row is row 2; in
places.geojson the feature's position from 1), column, the value found and what was expected.
"""

from __future__ import annotations

import functools
import io
import json
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import geopandas as gpd
import pandas as pd
from shapely.errors import ShapelyError
from shapely.geometry import shape

from allies.paths import DATA_DIR
from allies.reading import check_geometry, read_table
from allies.schema import (
    REFERENCES,
    SUBJECT_TABLES,
    TABLES,
    Problem,
    Table,
)
from allies.text import SourceText
from allies.vocab import TIE_CHANGES

CRS = "EPSG:4326"
_HEADLINE_TAG = "related-headline"


@dataclass(frozen=True, eq=False)
class Dataset:
    """The checked dataset: one typed frame per table, the places and the source texts."""

    sources: pd.DataFrame
    actors: pd.DataFrame
    relationships: pd.DataFrame
    excerpts: pd.DataFrame
    events: pd.DataFrame
    disagreements: pd.DataFrame
    context_notes: pd.DataFrame
    references: pd.DataFrame
    places: gpd.GeoDataFrame
    texts: dict[str, SourceText]


T = TypeVar("T")


def per_dataset(make: Callable[[Dataset], T]) -> Callable[[Dataset], T]:
    """`make(ds)` worked out once per dataset (compared by identity) and kept while the dataset
    lives: for what a page asks of the data on every run. A dataset is never changed after
    loading, so what is made from it stays true."""
    made: weakref.WeakKeyDictionary[Dataset, T] = weakref.WeakKeyDictionary()

    @functools.wraps(make)
    def get(ds: Dataset) -> T:
        found = made.get(ds)
        if found is None:
            found = made[ds] = make(ds)
        return found

    return get


class DatasetError(Exception):
    """The dataset cannot be used; `problems` lists everything wrong with it."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} problem{'' if count == 1 else 's'} in the dataset:\n{lines}")


class _Unreadable(Exception):
    """A file that cannot be used at all; the message says why and what was expected."""


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Read and check every file of the dataset (default: the repository's data/ folder)."""
    data_dir = DATA_DIR if data_dir is None else Path(data_dir)
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, table in TABLES.items():
        reader = _read_places if table.file.endswith(".geojson") else _read_csv
        frame, found = reader(data_dir / table.file, table)
        problems += found
        if frame is not None:
            frames[name] = frame
    texts: dict[str, SourceText] = {}
    if "sources" in frames:
        texts, found = _read_texts(frames["sources"], data_dir)
        problems += found
    across = _check_references(frames) + _check_cited_actors(frames) + _check_tie_starts(frames)
    across += _check_note_reports(frames)
    if "excerpts" in frames:
        across += _check_quotes(frames["excerpts"], texts)
    reported = {(p.file, p.row, p.column) for p in problems}
    problems += [p for p in across if (p.file, p.row, p.column) not in reported]
    if problems:
        order = {table.file: n for n, table in enumerate(TABLES.values())}
        raise DatasetError(sorted(problems, key=lambda p: (order.get(p.file, 0), p.row or 0)))
    typed = {name: frame.reset_index(drop=True) for name, frame in frames.items()}
    return Dataset(**typed, texts=texts)


def _read_text(path: Path, expected: str) -> str:
    """The file's text; raises _Unreadable if it is missing, empty or not UTF-8."""
    if not path.is_file():
        raise _Unreadable("file not found; expected it in the data folder")
    data = path.read_bytes()
    if not data.strip():
        raise _Unreadable(f"file is empty; expected {expected}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise _Unreadable(
            f"not UTF-8: byte 0x{data[err.start]:02x} at byte offset {err.start} (line {line}) "
            "cannot be decoded; expected UTF-8 text (in a spreadsheet, save as 'CSV UTF-8')"
        ) from err


def _read_csv(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A CSV table, typed and checked; None when it cannot be used for checks across files."""
    header = f"a header row naming the columns {table.column_words}"
    try:
        text = _read_text(path, header)
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            raw = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                keep_default_na=False,
                skip_blank_lines=False,
                index_col=False,
            )
    except _Unreadable as err:
        return None, [Problem(table.file, message=str(err))]
    except pd.errors.ParserWarning:
        message = "rows have more cells than the header; expected one cell per column"
        return None, [Problem(table.file, message=message)]
    except pd.errors.ParserError as err:
        reason = str(err).strip().removeprefix("Error tokenizing data. C error: ")
        return None, [Problem(table.file, message=f"{reason}; expected comma-separated values")]
    raw = raw.fillna("").apply(lambda column: column.astype(str).str.strip())
    raw.index = raw.index + 2
    raw = raw[(raw != "").any(axis=1)]
    if raw.empty and table.rows_required:
        return None, [
            Problem(table.file, message="no rows under the header; expected at least one")
        ]
    return _usable(*read_table(raw, table), table)


def _usable(
    frame: pd.DataFrame, problems: list[Problem], table: Table
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table's columns if the frame has them all (checks across files need them)."""
    complete = all(name in frame for name in table.columns)
    return (frame[table.columns] if complete else None), problems


def _cell(value: object) -> str:
    """A GeoJSON property as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value).strip()


def _read_places(path: Path, table: Table) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """The places FeatureCollection as a GeoDataFrame in WGS84, its properties typed."""
    expected = "a GeoJSON FeatureCollection"
    try:
        data = json.loads(_read_text(path, expected))
    except _Unreadable as err:
        return None, [Problem(table.file, message=str(err))]
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        return None, [
            Problem(table.file, message=f"not JSON ({err.msg} at {where}); expected {expected}")
        ]
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or data.get("type") != "FeatureCollection":
        return None, [Problem(table.file, message=f"expected {expected}")]
    if not features:
        return None, [Problem(table.file, message="no features; expected at least one place")]

    problems: list[Problem] = []
    rows, geometries = [], []
    for number, feature in enumerate(features, start=1):
        feature = feature if isinstance(feature, dict) else {}
        rows.append({k: _cell(v) for k, v in (feature.get("properties") or {}).items()})
        try:
            geometries.append(shape(feature["geometry"]) if feature.get("geometry") else None)
        except (ShapelyError, ValueError, TypeError, AttributeError, KeyError, IndexError) as err:
            geometries.append(None)
            message = f"unreadable geometry ({err}); expected a GeoJSON geometry"
            problems.append(Problem(table.file, number, "geometry", None, message))
    index = pd.RangeIndex(1, len(features) + 1)
    raw = pd.DataFrame(rows, index=index).fillna("").astype(str)
    frame, found = _usable(*read_table(raw, table), table)
    unreadable = {p.row for p in problems}
    geometry = gpd.GeoSeries(geometries, index=index, crs=CRS)
    problems += found
    problems += [p for p in check_geometry(geometry, table.file) if p.row not in unreadable]
    places = None if frame is None else gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)
    return places, problems


def _read_texts(
    sources: pd.DataFrame, data_dir: Path
) -> tuple[dict[str, SourceText], list[Problem]]:
    """Each source's document, keyed by source_id."""
    file = TABLES["sources"].file
    texts, problems = {}, []
    for row, source_id, path in zip(
        sources.index, sources["source_id"], sources["path"], strict=True
    ):
        if not path:
            continue
        try:
            texts[source_id] = SourceText(_read_text(data_dir / path, "the source document there"))
        except _Unreadable as err:
            problems.append(Problem(file, row, "path", path, str(err)))
    return texts, problems


def _ids(frames: dict[str, pd.DataFrame], name: str) -> set[str]:
    return set(frames[name][TABLES[name].key])


def _dangling(
    frame: pd.DataFrame, table: Table, column: str, target: Table, known: set[str], why: str = ""
) -> Iterator[Problem]:
    """References in one column to rows that the target table does not have."""
    for row, cell in frame[column].items():
        for value in cell if isinstance(cell, tuple) else (cell,):
            if value and value not in known:
                message = f"expected an id from column {target.key} of {target.file}{why}"
                yield Problem(table.file, row, column, value, message)


def _check_references(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every id that points into another file names a row there."""
    problems = []
    for name, column, target in REFERENCES:
        if name in frames and target in frames:
            problems += _dangling(
                frames[name], TABLES[name], column, TABLES[target], _ids(frames, target)
            )
    for name in ("disagreements", "context_notes"):
        if name not in frames:
            continue
        frame, table = frames[name], TABLES[name]
        for subject_type, target in SUBJECT_TABLES.items():
            if target in frames:
                rows = frame[frame["subject_type"] == subject_type]
                why = f" (subject_type is {subject_type})"
                known = _ids(frames, target)
                problems += _dangling(rows, table, "subject_id", TABLES[target], known, why)
    return problems


def _check_cited_actors(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """Evidence first: every actor is named by at least one excerpt."""
    if "actors" not in frames or "excerpts" not in frames:
        return []
    cited = {actor for ids in frames["excerpts"]["actor_ids"] for actor in ids}
    actors = frames["actors"]
    return [
        Problem(
            TABLES["actors"].file,
            row,
            "actor_id",
            actor_id,
            "no excerpt cites this actor; expected its id in the actor_ids of at least one "
            f"row of {TABLES['excerpts'].file}",
        )
        for row, actor_id in actors["actor_id"].items()
        if actor_id and actor_id not in cited
    ]


def _check_tie_starts(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """An event that begins a tie falls in the year the tie's `since` gives.

    `since` means a start the sources give; a later deepening or escalation is an event linked to
    the tie with another tie_change, so a "began" event and the tie's since must agree.
    """
    if "events" not in frames or "relationships" not in frames:
        return []
    file = TABLES["events"].file
    ties = frames["relationships"].set_index("rel_id")
    ties = ties[~ties.index.duplicated()]
    events = frames["events"]
    problems = []
    for row, event in events[events["tie_change"] == "began"].iterrows():
        year = int(event["date"][:4]) if event["date"][:4].isdigit() else None
        for rel_id in event["rel_ids"]:
            if rel_id not in ties.index:
                continue  # reported as a dangling reference
            since = ties.at[rel_id, "since"]
            if pd.isna(since):
                message = (
                    f"expected tie {rel_id} to give a since year: this event begins it "
                    f"(or another tie_change: {', '.join(c for c in TIE_CHANGES if c != 'began')})"
                )
                problems.append(Problem(file, row, "tie_change", "began", message))
            elif year is not None and year != int(since):
                message = (
                    f"expected {int(since)}: the since of tie {rel_id}, which this event begins"
                )
                problems.append(Problem(file, row, "date", event["date"], message))
    return problems


def _check_note_reports(frames: dict[str, pd.DataFrame]) -> list[Problem]:
    """A note is checked against reports that exist by then: each report it cites is published
    no later than the note's checked date."""
    if "context_notes" not in frames or "references" not in frames:
        return []
    refs = frames["references"]
    published = dict(zip(refs["ref_id"], refs["published"], strict=True))
    file = TABLES["context_notes"].file
    problems = []
    for row, note in frames["context_notes"].iterrows():
        late = [r for r in note["ref_ids"] if published.get(r, "") > note["checked"]]
        if note["checked"] and late:
            message = (
                f"expected a date no earlier than {max(published[r] for r in late)}: "
                f"the report {late[0]} it cites was published then"
            )
            problems.append(Problem(file, row, "checked", note["checked"], message))
    return problems


def _check_quotes(excerpts: pd.DataFrame, texts: dict[str, SourceText]) -> list[Problem]:
    """Each quote stands verbatim in its source, where it may be quoted, at its paragraph."""
    problems = []
    for row, excerpt in excerpts.iterrows():
        text = texts.get(excerpt["source_id"])
        if text is not None and excerpt["quote"]:
            problems += _check_quote(row, excerpt, text)
    return problems


def _check_quote(row: int, excerpt: pd.Series, text: SourceText) -> list[Problem]:
    """The problems of one excerpt's quote: not found, not quotable, wrong line or tag."""
    file, source_id, quote = TABLES["excerpts"].file, excerpt["source_id"], excerpt["quote"]
    matches = text.find(quote)
    quotable = [m for m in matches if m.quotable]
    if not matches:
        message = f"quote not found in source {source_id}; expected its words verbatim"
        return [Problem(file, row, "quote", quote, message)]
    if not quotable:
        roles = frozenset().union(*(m.roles for m in matches))
        where = "boilerplate" if "boilerplate" in roles else "the table of contents"
        message = (
            f"quote is taken from {where} (line {matches[0].line} of source {source_id}); "
            "expected article text, a heading, a related headline or the title"
        )
        return [Problem(file, row, "quote", quote, message)]

    problems = []
    paragraph = None if pd.isna(excerpt["paragraph"]) else int(excerpt["paragraph"])
    lines = sorted({m.line for m in quotable})
    if paragraph is not None and paragraph not in lines:
        at = " or ".join(str(n) for n in lines)
        message = f"expected {at}: the line of source {source_id} where the quote starts"
        problems.append(Problem(file, row, "paragraph", str(paragraph), message))
    match = next((m for m in quotable if m.line == paragraph), quotable[0])
    headline = "headline" in match.roles
    tags = excerpt["tags"]
    if headline and _HEADLINE_TAG not in tags:
        message = (
            f"expected the tag {_HEADLINE_TAG}: the quote is a related headline (line {match.line})"
        )
        problems.append(Problem(file, row, "tags", ";".join(tags), message))
    elif not headline and _HEADLINE_TAG in tags:
        message = f"expected no tag {_HEADLINE_TAG}: line {match.line} is not a related headline"
        problems.append(Problem(file, row, "tags", ";".join(tags), message))
    return problems
