"""The column builders of the dataset's schemas (allies.schema): each kind of cell as a pandera
column that reads spreadsheet text, with the words a spreadsheet user sees when a cell is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pandera.pandas as pa

ID = r"[A-Za-z0-9][A-Za-z0-9_-]*"
ID_WORDS = "an id: letters, digits, '-' or '_', no spaces"
SLUG = r"[a-z0-9][a-z0-9_-]*"
SLUG_WORDS = "a lower-case slug: a-z, 0-9, '_' or '-' (e.g. north_korea)"


def one_of(values: Iterable[object]) -> str:
    return "one of " + ", ".join(str(v) for v in values)


def _column(
    kind: str,
    dtype: object,
    expected: str,
    checks: Iterable[pa.Check] = (),
    *,
    nullable: bool = False,
    unique: bool = False,
    item_ok: Callable[[str], bool] | None = None,
) -> pa.Column:
    """A column; `kind` says how its text is parsed, `expected` what a valid cell holds."""
    metadata = {"kind": kind, "expected": expected, "item_ok": item_ok}
    return pa.Column(
        dtype,
        list(checks),
        nullable=nullable,
        unique=unique,
        report_duplicates="exclude_first",
        metadata=metadata,
    )


def _matches(pattern: str, words: str) -> pa.Check:
    return pa.Check.str_matches(f"^(?:{pattern})$", error=words)


def key(pattern: str = ID, words: str = ID_WORDS) -> pa.Column:
    """The table's own id: unique."""
    return _column("text", str, words, [_matches(pattern, words)], unique=True)


def ref() -> pa.Column:
    """The id of a row in another table (whether it exists is checked across files)."""
    return _column("text", str, ID_WORDS, [_matches(ID, ID_WORDS)])


def text(required: bool = True) -> pa.Column:
    """Free text in our words or the source's; optionally empty."""
    expected = "some text; this cell may not be empty"
    checks = [pa.Check(lambda s: s.str.strip() != "", error=expected)] if required else []
    return _column("text", str, expected, checks)


def pattern(regex: str, words: str, required: bool = True) -> pa.Column:
    """Text of a fixed shape (a date, a country code)."""
    regex = regex if required else f"(?:{regex})?"
    words = words if required else f"{words}, or nothing"
    return _column("text", str, words, [_matches(regex, words)])


def choice(values: Iterable[str], required: bool = True) -> pa.Column:
    """One value of a vocabulary."""
    allowed = list(values)
    words = one_of(allowed) + ("" if required else ", or nothing")
    return _column(
        "text", str, words, [pa.Check.isin(allowed + ([] if required else [""]), error=words)]
    )


def items(
    allowed: Iterable[str] | None = None, *, ids: bool = False, min_items: int = 0
) -> pa.Column:
    """A `;` list: of vocabulary values, of ids, or of free words (aliases)."""
    if allowed is not None:
        vocabulary = frozenset(allowed)
        item_ok: Callable[[str], bool] | None = vocabulary.__contains__
        words = f"each ';'-separated item {one_of(allowed)}"
    elif ids:
        item_ok = re.compile(ID).fullmatch
        words = f"ids separated by ';' (each {ID_WORDS})"
    else:
        item_ok, words = None, "words separated by ';'"
    checks = []
    if item_ok is not None:
        checks.append(
            pa.Check(lambda v: all(item_ok(i) for i in v), element_wise=True, error=words)
        )
    if min_items:
        noun = "id" if min_items == 1 else "ids"
        checks.append(
            pa.Check(
                lambda v: len(v) >= min_items,
                element_wise=True,
                error=f"at least {min_items} {noun} separated by ';'",
            )
        )
    return _column("list", object, words, checks, item_ok=item_ok)


def whole(values: Iterable[int] | None = None, low: int | None = None) -> pa.Column:
    """A whole number, optionally from a set or at least `low`."""
    checks, expected = [], "a whole number"
    if values is not None:
        allowed = list(values)
        expected = one_of(allowed)
        checks.append(pa.Check.isin(allowed, error=expected))
    elif low is not None:
        expected = f"a whole number of at least {low}"
        checks.append(pa.Check.ge(low, error=expected))
    return _column("int", "Int64", expected, checks)


def year() -> pa.Column:
    """A four-digit year; may be empty."""
    expected = "a four-digit year"
    check = pa.Check.in_range(1000, 2999, error=expected)
    return _column("int", "Int64", expected, [check], nullable=True)


def degrees(limit: int, axis: str) -> pa.Column:
    """A latitude or longitude in WGS84 decimal degrees; may be empty."""
    expected = f"a {axis} in decimal degrees between -{limit} and {limit}"
    check = pa.Check.in_range(-limit, limit, error=expected)
    return _column("float", "float64", expected, [check], nullable=True)


def flag() -> pa.Column:
    """A boolean written true or false."""
    return _column("bool", "boolean", "true or false")


DATE = r"\d{4}(?:-(?:0[1-9]|1[0-2]))?"
MONTH = r"\d{4}-(?:0[1-9]|1[0-2])"
DAY = r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
DAY_WORDS = "an ISO date written YYYY-MM-DD"
