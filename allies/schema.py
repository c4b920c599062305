"""Schemas of the dataset's tables: columns, types, vocabularies and the checks within one table.

Cells arrive as spreadsheet text; `allies.reading.read_table` turns them into typed columns, then
runs the table's pandera schema and its rules across columns, and reports every `Problem` it finds.

Row numbers are those a spreadsheet user sees: the header is row 1, so the first data row is
row 2. In places.geojson the row is the feature's position in the collection, counting from 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from allies import vocab
from allies.columns import (
    DATE,
    DAY,
    DAY_WORDS,
    MONTH,
    SLUG,
    SLUG_WORDS,
    choice,
    degrees,
    flag,
    items,
    key,
    one_of,
    pattern,
    ref,
    text,
    whole,
    year,
)

# What a subject_type names, and the table holding such subjects.
SUBJECT_TABLES: dict[str, str] = {
    "actor": "actors",
    "relationship": "relationships",
    "place": "places",
    "event": "events",
}

_VALUE_WIDTH = 80


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the dataset: where it is, what was found and what was expected."""

    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    message: str = ""

    def __str__(self) -> str:
        geo = self.file.endswith(".geojson")
        where = self.file
        if self.row is not None:
            where += f" {'feature' if geo else 'row'} {self.row}"
        if self.column is not None:
            where += f", {'property' if geo else 'column'} {self.column}"
        got = "" if self.value is None else f"got '{_shorten(self.value)}'; "
        return f"{where}: {got}{self.message}"


def _shorten(value: str) -> str:
    return value if len(value) <= _VALUE_WIDTH else value[: _VALUE_WIDTH - 1] + "…"


SOURCES = pa.DataFrameSchema(
    {
        "source_id": key(),
        "title": text(),
        "path": text(),
        "kind": choice(vocab.SOURCE_KINDS),
        "published": text(),
        "period": text(),
        "notes": text(required=False),
    },
    name="sources",
)

ACTORS = pa.DataFrameSchema(
    {
        "actor_id": key(SLUG, SLUG_WORDS),
        "name": text(),
        "aliases": items(),
        "kind": choice(vocab.ACTOR_KINDS),
        "country": pattern(r"[A-Z]{3}", "an ISO 3166-1 alpha-3 code such as IRN", required=False),
        "seat": text(required=False),
        "lat": degrees(90, "latitude"),
        "lon": degrees(180, "longitude"),
        "category": choice(vocab.CATEGORIES),
        "summary": text(),
    },
    name="actors",
)

RELATIONSHIPS = pa.DataFrameSchema(
    {
        "rel_id": key(),
        "from_actor": ref(),
        "to_actor": ref(),
        "type": choice(vocab.REL_TYPES),
        "strength": whole(vocab.STRENGTHS),
        "status": choice(vocab.STATUSES),
        "support": items(vocab.SUPPORT_TYPES),
        "since": year(),
        "since_precision": choice(vocab.PRECISIONS, required=False),
        "excerpt_ids": items(ids=True, min_items=1),
        "note": text(required=False),
        # The role of some of the tie's excerpts; every other excerpt supports the tie.
        "qualifying_excerpt_ids": items(ids=True),
        "weakening_excerpt_ids": items(ids=True),
    },
    name="relationships",
)

EXCERPTS = pa.DataFrameSchema(
    {
        "excerpt_id": key(),
        "source_id": ref(),
        "paragraph": whole(low=1),
        "quote": text(),
        "actor_ids": items(ids=True),
        "tags": items(vocab.EXCERPT_TAGS),
    },
    name="excerpts",
)

EVENTS = pa.DataFrameSchema(
    {
        "event_id": key(),
        "date": pattern(DATE, "a date written YYYY or YYYY-MM"),
        "precision": choice(vocab.PRECISIONS),
        "date_in_sources": flag(),
        "label": text(),
        "actor_ids": items(ids=True),
        "excerpt_ids": items(ids=True, min_items=1),
        "rel_ids": items(ids=True),
        "tie_change": choice(vocab.TIE_CHANGES, required=False),
    },
    name="events",
)

DISAGREEMENTS = pa.DataFrameSchema(
    {
        "disagreement_id": key(),
        "subject_type": choice(SUBJECT_TABLES),
        "subject_id": ref(),
        "summary": text(),
        "excerpt_ids": items(ids=True, min_items=2),
        "kind": choice(vocab.DISAGREEMENT_KINDS),
    },
    name="disagreements",
)

CONTEXT_NOTES = pa.DataFrameSchema(
    {
        "note_id": key(),
        "subject_type": choice(SUBJECT_TABLES),
        "subject_id": ref(),
        "as_of": pattern(MONTH, "a month written YYYY-MM"),
        "note": text(),
        "ref_ids": items(ids=True, min_items=1),
        "checked": pattern(DAY, DAY_WORDS),
        "change": choice(vocab.NOTE_CHANGES),
    },
    name="context_notes",
)

REFERENCES_TABLE = pa.DataFrameSchema(
    {
        "ref_id": key(),
        "publisher": text(),
        "title": text(),
        "published": pattern(
            f"{DAY}|{MONTH}",
            "an ISO date written YYYY-MM-DD, or YYYY-MM where the day is not given",
        ),
        "url": pattern(r"https?://\S+", "an address starting http:// or https://, no spaces"),
    },
    name="references",
)

PLACES = pa.DataFrameSchema(
    {
        "place_id": key(SLUG, SLUG_WORDS),
        "name": text(),
        "aliases": items(),
        "kind": choice(vocab.PLACE_KINDS),
        "in_sources": flag(),
        "excerpt_ids": items(ids=True),
        "note": text(required=False),
        "default_on": flag(),
    },
    name="places",
)


Rule = Callable[[pd.DataFrame, str], Iterator[Problem]]


def _seat_given(df: pd.DataFrame, file: str) -> Iterator[Problem]:
    """Actors other than informal groupings have a seat on the map."""
    drawn = df[df["kind"] != "informal grouping"]
    for column, axis in (("lat", "latitude"), ("lon", "longitude")):
        for row in drawn.index[drawn[column].isna()]:
            yield Problem(
                file, row, column, "", f"expected a {axis}: only informal groupings have no seat"
            )


def _since_precision(df: pd.DataFrame, file: str) -> Iterator[Problem]:
    """`since_precision` is given exactly when `since` is."""
    for row, since, precision in zip(df.index, df["since"], df["since_precision"], strict=True):
        if pd.isna(since) and precision:
            yield Problem(
                file, row, "since_precision", precision, "expected nothing: since is empty"
            )
        elif not pd.isna(since) and not precision:
            words = one_of(vocab.PRECISIONS)
            yield Problem(file, row, "since_precision", "", f"expected {words}: since is given")


def _two_ends(df: pd.DataFrame, file: str) -> Iterator[Problem]:
    """A tie joins two different actors."""
    for row in df.index[df["from_actor"] == df["to_actor"]]:
        yield Problem(
            file, row, "to_actor", df.at[row, "to_actor"], "expected an actor other than from_actor"
        )


ROLE_COLUMNS = {"qualifies": "qualifying_excerpt_ids", "weakens": "weakening_excerpt_ids"}
_ROLE_VERBS = {"qualifies": "qualify", "weakens": "weaken"}


def _roles_among_excerpts(df: pd.DataFrame, file: str) -> Iterator[Problem]:
    """An excerpt given a role (qualifies, weakens) is one the tie cites, has one role only, and
    at least one of the tie's excerpts is left to support it."""
    for row in df.index:
        cited, given = set(df.at[row, "excerpt_ids"]), set()
        for role, column in ROLE_COLUMNS.items():
            for excerpt_id in df.at[row, column]:
                if excerpt_id not in cited:
                    cites = ";".join(df.at[row, "excerpt_ids"])
                    message = (
                        f"expected one of this tie's excerpt_ids ({cites}): "
                        f"only an excerpt the tie cites can be said to {_ROLE_VERBS[role]} it"
                    )
                    yield Problem(file, row, column, excerpt_id, message)
                elif excerpt_id in given:
                    message = "expected each excerpt in one role only: it is given another role"
                    yield Problem(file, row, column, excerpt_id, message)
                given.add(excerpt_id)
        if cited and cited <= given:
            message = (
                "expected at least one excerpt that supports the tie: every excerpt_id is "
                "qualifying or weakening"
            )
            yield Problem(file, row, "excerpt_ids", ";".join(df.at[row, "excerpt_ids"]), message)


def _cited_if_in_sources(df: pd.DataFrame, file: str) -> Iterator[Problem]:
    """Places the sources mention cite at least one excerpt."""
    in_sources = df["in_sources"].fillna(False).astype(bool)
    for row in df.index[in_sources & (df["excerpt_ids"].map(len) == 0)]:
        yield Problem(
            file, row, "excerpt_ids", "", "expected at least one excerpt id: in_sources is true"
        )


def _change_names_a_tie(df: pd.DataFrame, file: str) -> Iterator[Problem]:
    """An event that changes a tie names the tie it changes."""
    for row in df.index[(df["tie_change"] != "") & (df["rel_ids"].map(len) == 0)]:
        yield Problem(
            file,
            row,
            "rel_ids",
            "",
            f"expected at least one rel_id: tie_change is {df.at[row, 'tie_change']}",
        )


def _checked_after_fact(df: pd.DataFrame, file: str) -> Iterator[Problem]:
    """A note cannot be checked before the month its fact is dated."""
    for row, as_of, checked in zip(df.index, df["as_of"], df["checked"], strict=True):
        if as_of and checked and as_of > checked[:7]:
            yield Problem(
                file,
                row,
                "as_of",
                as_of,
                f"expected a month no later than the note's checked date {checked}",
            )


@dataclass(frozen=True)
class Table:
    """A file of the dataset: its schema, whether it must have rows, its rules across columns.

    `optional` names the columns that a file may leave out, with the text every cell of such a
    column then holds: columns added to the model after files were written (older copies,
    fixtures) keep loading with the meaning their rows always had.
    """

    name: str
    file: str
    schema: pa.DataFrameSchema
    rows_required: bool = True
    rules: tuple[Rule, ...] = ()
    optional: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """The id column (always the first)."""
        return next(iter(self.schema.columns))

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)

    @property
    def column_words(self) -> str:
        """The columns as an error message names them, the optional ones marked."""
        optional = [name for name, _ in self.optional]
        required = ", ".join(c for c in self.columns if c not in optional)
        return required + (f" (optional: {', '.join(optional)})" if optional else "")


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("sources", "sources.csv", SOURCES),
        Table("actors", "actors.csv", ACTORS, rules=(_seat_given,)),
        Table(
            "relationships",
            "relationships.csv",
            RELATIONSHIPS,
            rules=(_since_precision, _two_ends, _roles_among_excerpts),
            optional=tuple((column, "") for column in ROLE_COLUMNS.values()),
        ),
        Table("excerpts", "excerpts.csv", EXCERPTS),
        Table(
            "events",
            "events.csv",
            EVENTS,
            rules=(_change_names_a_tie,),
            optional=(("rel_ids", ""), ("tie_change", "")),
        ),
        Table(
            "disagreements",
            "disagreements.csv",
            DISAGREEMENTS,
            rows_required=False,
            optional=(("kind", "contradiction"),),
        ),
        Table(
            "context_notes",
            "context_notes.csv",
            CONTEXT_NOTES,
            rows_required=False,
            rules=(_checked_after_fact,),
            optional=(("change", "none"),),
        ),
        Table("references", "references.csv", REFERENCES_TABLE, rows_required=False),
        Table(
            "places",
            "places.geojson",
            PLACES,
            rules=(_cited_if_in_sources,),
            optional=(("aliases", ""),),
        ),
    )
}

# Columns that hold ids of another table's rows: (table, column, target table).
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("relationships", "from_actor", "actors"),
    ("relationships", "to_actor", "actors"),
    ("relationships", "excerpt_ids", "excerpts"),
    ("relationships", "qualifying_excerpt_ids", "excerpts"),
    ("relationships", "weakening_excerpt_ids", "excerpts"),
    ("excerpts", "source_id", "sources"),
    ("excerpts", "actor_ids", "actors"),
    ("events", "actor_ids", "actors"),
    ("events", "excerpt_ids", "excerpts"),
    ("events", "rel_ids", "relationships"),
    ("places", "excerpt_ids", "excerpts"),
    ("disagreements", "excerpt_ids", "excerpts"),
    ("context_notes", "ref_ids", "references"),
)
