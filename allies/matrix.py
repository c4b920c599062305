"""The support matrix: who gets what kind of support from whom, counted from the ties (no
Streamlit here).

A row is an actor, a column a kind of support (the vocabulary's `support` values that occur).
A cell gathers the ties that carry that support to the actor (or, read the other way, from it),
and counts the distinct sources of the excerpts that support those ties (allies.roles), so that
a cell only one source stands behind can be marked.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from allies.load import Dataset
from allies.roles import supporting
from allies.vocab import CATEGORIES, SUPPORT_TYPES

RECEIVES = "receives"
GIVES = "gives"
DIRECTIONS = (RECEIVES, GIVES)
COLUMNS = [
    "actor_id",
    "name",
    "category",
    "camp",
    "camp_order",
    "support",
    "support_order",
    "ties",
    "sources",
    "single_source",
    "rel_ids",
    "partners",
    "source_ids",
]


def _ends(direction: str) -> tuple[str, str]:
    """(the row's end of a tie, the partner's end) for a direction."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    return ("to_actor", "from_actor") if direction == RECEIVES else ("from_actor", "to_actor")


def cells(ds: Dataset, ties: pd.DataFrame, direction: str = RECEIVES) -> pd.DataFrame:
    """One row per (actor, support) pair that at least one tie carries, in camp order, then
    name, then the vocabulary's order of support."""
    mine, other = _ends(direction)
    source_of = dict(zip(ds.excerpts["excerpt_id"], ds.excerpts["source_id"], strict=True))
    actors = ds.actors.set_index("actor_id")
    camps = list(CATEGORIES)
    kinds = list(SUPPORT_TYPES)
    gathered: dict[tuple[str, str], list] = {}
    for tie in ties.itertuples(index=False):
        for support in tie.support:
            gathered.setdefault((getattr(tie, mine), support), []).append(tie)
    rows = []
    for (actor_id, support), found in gathered.items():
        actor = actors.loc[actor_id]
        sources = sorted({source_of[e] for t in found for e in supporting(t) if e in source_of})
        rows.append(
            (
                actor_id,
                actor["name"],
                actor["category"],
                CATEGORIES[actor["category"]].label,
                camps.index(actor["category"]),
                support,
                kinds.index(support),
                len(found),
                len(sources),
                len(sources) == 1,
                tuple(t.rel_id for t in found),
                tuple(dict.fromkeys(actors.loc[getattr(t, other), "name"] for t in found)),
                tuple(sources),
            )
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["camp_order", "name", "support_order"]).reset_index(drop=True)


def support_columns(frame: pd.DataFrame) -> list[str]:
    """The kinds of support that occur, in the vocabulary's order."""
    present = set(frame["support"])
    return [s for s in SUPPORT_TYPES if s in present]


@dataclass(frozen=True)
class Cell:
    """One cell opened: the actor, the support, its ties and the excerpts behind them."""

    actor_id: str
    support: str
    direction: str
    rel_ids: tuple[str, ...]
    excerpt_ids: tuple[str, ...]
    source_ids: tuple[str, ...]


def cell(ds: Dataset, ties: pd.DataFrame, actor_id: str, support: str, direction: str) -> Cell:
    """The ties and excerpts behind one cell (empty when no shown tie carries it), strongest
    tie first."""
    mine, _ = _ends(direction)
    found = ties[(ties[mine] == actor_id) & ties["support"].map(lambda s: support in s)]
    found = found.sort_values(["strength", "rel_id"], ascending=[False, True])
    excerpt_ids = tuple(
        dict.fromkeys(e for t in found.itertuples(index=False) for e in supporting(t))
    )
    source_of = dict(zip(ds.excerpts["excerpt_id"], ds.excerpts["source_id"], strict=True))
    sources = tuple(sorted({source_of[e] for e in excerpt_ids if e in source_of}))
    return Cell(actor_id, support, direction, tuple(found["rel_id"]), excerpt_ids, sources)


def parse_cell(value: str | None) -> tuple[str, str] | None:
    """An (actor_id, support) pair from its address form 'actor_id/support'."""
    if not value or "/" not in value:
        return None
    actor_id, _, support = value.partition("/")
    return (actor_id, support) if actor_id and support else None


def format_cell(actor_id: str, support: str) -> str:
    """The address form of a cell: 'actor_id/support'."""
    return f"{actor_id}/{support}"
