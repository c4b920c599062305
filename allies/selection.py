"""What is selected: an actor, a tie or a place, and its one text form ("actor:hezbollah").

The text form is what the address (`?sel=`), the Select box and the session state carry;
`Selection.parse` reads it and `str()` writes it, here and nowhere else. Whether the id names a
row of the dataset is checked where the dataset is known (the URL state's choices, the panel).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Kind = Literal["actor", "tie", "place"]
KINDS: tuple[Kind, ...] = ("actor", "tie", "place")
_SEP = ":"


@dataclass(frozen=True, slots=True)
class Selection:
    """One selectable thing: its kind and its id (actor_id, rel_id or place_id)."""

    kind: Kind
    id: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"selection kind must be one of {', '.join(KINDS)}; got {self.kind!r}")
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"a selection needs an id; got {self.id!r}")

    @classmethod
    def parse(cls, text: object) -> Selection | None:
        """The selection a text form names ('tie:r001'), or None for anything else (None, '',
        an unknown kind, a missing id)."""
        if not isinstance(text, str):
            return None
        kind, sep, ident = text.partition(_SEP)
        if not sep or kind not in KINDS or not ident:
            return None
        return cls(kind, ident)  # type: ignore[arg-type]

    def __str__(self) -> str:
        return f"{self.kind}{_SEP}{self.id}"

    def __iter__(self) -> Iterator[str]:
        """Unpacks as (kind, id)."""
        yield self.kind
        yield self.id


def id_of(selection: Selection | None, kind: Kind) -> str | None:
    """The selected id of one kind (None when nothing, or something of another kind, is
    selected)."""
    return selection.id if selection is not None and selection.kind == kind else None


def text_of(selection: Selection | None) -> str | None:
    """The text form of a selection, or None: what a widget or the address holds."""
    return None if selection is None else str(selection)


@dataclass(frozen=True, slots=True)
class KindTable:
    """Where the things of one selection kind live: the dataset's table (an attribute of
    allies.load.Dataset), its id column, the filtered view's table (of allies.queries.Visible)
    and the subject_type that notes and disagreements use for them."""

    table: str
    key: str
    shown: str
    subject_type: str


# The registry of selection kinds: every module that goes from a kind to its rows asks here.
TABLES: dict[Kind, KindTable] = {
    "actor": KindTable("actors", "actor_id", "actors", "actor"),
    "tie": KindTable("relationships", "rel_id", "ties", "relationship"),
    "place": KindTable("places", "place_id", "places", "place"),
}


# A subject_type (notes, disagreements) as a selection names it; events are no selection.
SUBJECT_KINDS: dict[str, Kind] = {t.subject_type: kind for kind, t in TABLES.items()}


def table_of(ds, kind: Kind):
    """The dataset's rows of one kind (a DataFrame)."""
    return getattr(ds, TABLES[kind].table)


def ids_of(ds, kind: Kind) -> list[str]:
    """The ids of one kind in the dataset, in its order."""
    return list(table_of(ds, kind)[TABLES[kind].key])


def row_of(ds, selection: Selection | None):
    """The dataset's row a selection names (a Series), or None when it names none."""
    if selection is None:
        return None
    frame = table_of(ds, selection.kind)
    rows = frame[frame[TABLES[selection.kind].key] == selection.id]
    return rows.iloc[0] if len(rows) else None


def exists(ds, selection: Selection | None) -> bool:
    """Whether a selection names a row of the dataset."""
    return selection is not None and selection.id in set(ids_of(ds, selection.kind))


def everything(ds) -> list[Selection]:
    """Every selection the dataset allows: actors, then ties, then places."""
    return [Selection(kind, ident) for kind in KINDS for ident in ids_of(ds, kind)]


def subject_of(selection: Selection) -> tuple[str, str]:
    """The (subject_type, subject_id) that notes and disagreements use for a selection."""
    return TABLES[selection.kind].subject_type, selection.id
