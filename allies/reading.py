"""Reading a table: spreadsheet text to typed columns, then its schema and rules, and every
`Problem` found; and the checks of the places' shapes.

Typed columns: ids, text and vocabulary values are ``str`` (empty text is ``""``); `;` lists are
tuples of str; whole numbers are ``Int64`` and coordinates ``float64`` (missing: NA); booleans
are ``boolean``, read from "true"/"false" in any case.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from allies.schema import Problem, Table

_INT = re.compile(r"[+-]?\d+")
_BOOLS = {"true": True, "false": False}


def _parse_cell(kind: str, cell: str) -> object:
    """Typed value of one non-empty cell; ValueError if it does not parse."""
    if kind == "int":
        if not _INT.fullmatch(cell):
            raise ValueError(cell)
        return int(cell)
    if kind == "float":
        number = float(cell)
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(cell)
        return number
    if kind == "bool":
        return _BOOLS[cell.lower()]
    raise AssertionError(kind)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split(";") if item.strip())


def _parse(raw: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed copy of a frame of text cells, and a problem for each cell that does not parse."""
    df = raw.copy()
    problems = []
    for name, column in table.schema.columns.items():
        if name not in df:
            continue
        kind = column.metadata["kind"]
        if kind == "text":
            continue
        if kind == "list":
            df[name] = pd.Series([_split(c) for c in raw[name]], index=raw.index, dtype=object)
            continue
        missing = float("nan") if kind == "float" else pd.NA
        values = []
        for row, cell in raw[name].items():
            try:
                values.append(_parse_cell(kind, cell) if cell else missing)
            except (ValueError, KeyError):
                values.append(missing)
                expected = column.metadata["expected"]
                problems.append(Problem(table.file, row, name, cell, f"expected {expected}"))
        df[name] = pd.Series(values, index=raw.index, dtype=str(column.dtype))
    return df, problems


def _failure_problem(case: dict, raw: pd.DataFrame, table: Table) -> Problem:
    """A pandera failure case told in the words of the data contract, with the cell's text."""
    name, check, value = case["column"], case["check"], case["failure_case"]
    if check == "column_in_dataframe":
        columns = table.column_words
        return Problem(
            table.file, 1, value, None, f"column is missing; expected the columns {columns}"
        )
    column, row = table.schema.columns[name], int(case["index"])
    cell = raw.at[row, name]
    if check == "field_uniqueness":
        first = raw.index[raw[name] == cell][0]
        return Problem(table.file, row, name, cell, f"expected a unique id; already on row {first}")
    if check == "not_nullable":
        return Problem(table.file, row, name, cell, f"expected {column.metadata['expected']}")
    item_ok = column.metadata["item_ok"]
    if isinstance(value, tuple) and item_ok is not None:
        cell = ";".join(i for i in value if not item_ok(i)) or cell
    return Problem(table.file, row, name, cell, f"expected {check}")


def _schema_problems(df: pd.DataFrame, raw: pd.DataFrame, table: Table) -> list[Problem]:
    try:
        table.schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.to_dict("records")
        return [_failure_problem(case, raw, table) for case in cases]
    return []


def read_table(raw: pd.DataFrame, table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check a frame of text cells indexed by row number; every problem is reported.

    Optional columns missing from the frame take their default; other missing columns are
    reported and skipped; cells that do not parse are
    reported once and become NA. The table's rules run only when all its columns are present.
    """
    raw = raw.copy()
    for name, default in table.optional:
        if name not in raw:
            raw[name] = default
    df, problems = _parse(raw, table)
    unparsed = {(p.row, p.column) for p in problems}
    problems += [p for p in _schema_problems(df, raw, table) if (p.row, p.column) not in unparsed]
    if all(name in df for name in table.columns):
        problems += [
            p
            for rule in table.rules
            for p in rule(df, table.file)
            if (p.row, p.column) not in unparsed
        ]
    return df, problems


def _geometry_fault(geometry: BaseGeometry | None) -> tuple[str | None, str] | None:
    """What is wrong with one geometry, as (value, message); None if nothing is."""
    if geometry is None:
        return None, "no geometry; expected one"
    if geometry.is_empty:
        return None, "empty geometry; expected coordinates"
    kind = geometry.geom_type
    if not geometry.is_valid:
        return kind, f"invalid geometry ({explain_validity(geometry)}); expected a valid {kind}"
    west, south, east, north = geometry.bounds
    if west < -180 or east > 180 or south < -90 or north > 90:
        return (
            f"{west:g}, {south:g}, {east:g}, {north:g}",
            "bounds (west, south, east, north) out of range; expected [longitude, latitude] "
            "pairs with longitude in [-180, 180] and latitude in [-90, 90]",
        )
    return None


def check_geometry(geometries: pd.Series, file: str) -> list[Problem]:
    """Every feature has a valid, non-empty geometry with WGS84 coordinates in range."""
    return [
        Problem(file, row, "geometry", *fault)
        for row, geometry in geometries.items()
        if (fault := _geometry_fault(geometry)) is not None
    ]
