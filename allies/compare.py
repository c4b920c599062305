"""Compare two years: which ties are new between them, which changed and which weakened, each
with what dates it (the tie's start year and its excerpts, or the dated event and its excerpts).

A tie is new when its start year (`since`) falls after the first year and by the second; a tie
changed (deepened, formalised, escalated) or weakened when a dated event that names it does.
Ties the sources do not date cannot be placed in time and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from allies.load import Dataset
from allies.naming import actor_names, tie_title

CHANGES = {"deepened", "formalised", "escalated"}
WEAKENING = {"weakened"}


@dataclass(frozen=True)
class Difference:
    """One tie that differs between the two years, and what dates the difference."""

    rel_id: str
    title: str
    kind: str  # new | changed | weakened
    year: int
    why: str  # the event's label, or the start the tie records
    excerpt_ids: tuple[str, ...]


def _year(value) -> int | None:
    text = str(value).strip() if value is not None else ""
    return int(text[:4]) if text[:4].isdigit() else None


def compare(ds: Dataset, first: int, second: int) -> list[Difference]:
    """The ties that differ between `first` and `second` (in either order), oldest first."""
    first, second = sorted((first, second))
    names = actor_names(ds)
    ties = {row.rel_id: row for row in ds.relationships.itertuples(index=False)}
    out: dict[tuple[str, str], Difference] = {}
    for rel, row in ties.items():
        year = None if pd.isna(row.since) else int(row.since)
        if year is not None and first < year <= second:
            why = f"the tie starts in {year}"
            out[(rel, "new")] = Difference(
                rel, tie_title(row, names), "new", year, why, tuple(row.excerpt_ids)
            )
    for event in ds.events.itertuples(index=False):
        year = _year(event.date)
        change = str(getattr(event, "tie_change", "") or "")
        if year is None or not first < year <= second:
            continue
        kind = "changed" if change in CHANGES else "weakened" if change in WEAKENING else None
        for rel in event.rel_ids or ():
            if kind is None or rel not in ties or (rel, "new") in out:
                continue
            out[(rel, kind)] = Difference(
                rel,
                tie_title(ties[rel], names),
                kind,
                year,
                str(event.label),
                tuple(event.excerpt_ids),
            )
    return sorted(out.values(), key=lambda d: (d.year, d.rel_id, d.kind))
