"""Pure queries over a loaded Dataset: filtering for the map, evidence for the side panel."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from allies.agreement import TieAgreement, agreement, corroborated_ties
from allies.context import cited_notes
from allies.load import Dataset
from allies.roles import supporting
from allies.vocab import HUB


@dataclass(frozen=True)
class Filters:
    """What the sidebar asks for. Empty `support` means every support type; `status` None means
    every status, and an empty tuple means none."""

    layers: tuple[str, ...]
    support: tuple[str, ...] = ()
    status: tuple[str, ...] | None = None
    places: tuple[str, ...] = ()
    source: str | None = None
    as_of: int | None = None
    multi_source: bool = False  # only ties that more than one source supports


@dataclass(frozen=True)
class Visible:
    """The rows the map draws."""

    actors: pd.DataFrame
    ties: pd.DataFrame
    places: pd.DataFrame


def _cited_by_source(ids: tuple[str, ...], excerpt_source: dict[str, str], source: str) -> bool:
    return any(excerpt_source.get(e) == source for e in ids)


def _among(column: pd.Series, ids: set[str]) -> np.ndarray:
    """`column.isin(ids)` for a big set of ids: pandas makes an Arrow scalar of every id first,
    which took most of a big map's filtering; a missing cell is among none."""
    return np.fromiter((v in ids for v in column.tolist()), dtype=bool, count=len(column))


def visible(ds: Dataset, f: Filters) -> Visible:
    """Apply the filters: actors by layer and source, ties by both ends, support, status, year,
    places by their toggles and source (context places are nobody's evidence and stay)."""
    # Which source each excerpt is from, only for a view of one source (a walk over every
    # excerpt, a tenth of a big map's filter change).
    excerpt_source = (
        dict(zip(ds.excerpts["excerpt_id"], ds.excerpts["source_id"], strict=True))
        if f.source
        else {}
    )
    actors = ds.actors[ds.actors["category"].isin((*f.layers, HUB))]
    if f.source:
        cited = {a for ids in _excerpts_of_source(ds, f.source)["actor_ids"] for a in ids}
        actors = actors[_among(actors["actor_id"], cited)]
    shown = set(actors["actor_id"])

    ties = ds.relationships
    ties = ties[_among(ties["from_actor"], shown) & _among(ties["to_actor"], shown)]
    if f.support:
        wanted = set(f.support)
        ties = ties[ties["support"].map(lambda s: bool(wanted.intersection(s)))]
    if f.status is not None:
        ties = ties[ties["status"].isin(f.status)]
    if f.source:
        # A source shows the ties it supports, not those it only qualifies or weakens.
        backed = [
            _cited_by_source(supporting(t), excerpt_source, f.source)
            for t in ties.itertuples(index=False)
        ]
        ties = ties[pd.Series(backed, index=ties.index, dtype=bool)]
    if f.as_of is not None:
        ties = ties[ties["since"].isna() | (ties["since"] <= f.as_of)]
    if f.multi_source:
        ties = ties[_among(ties["rel_id"], corroborated_ties(ds))]

    places = ds.places[ds.places["place_id"].isin(f.places)]
    if f.source:
        cited_here = places["excerpt_ids"].map(
            lambda ids: _cited_by_source(ids, excerpt_source, f.source)
        )
        places = places[cited_here | ~places["in_sources"]]
    return Visible(actors.reset_index(drop=True), ties.reset_index(drop=True), places)


def _excerpts_of_source(ds: Dataset, source: str) -> pd.DataFrame:
    return ds.excerpts[ds.excerpts["source_id"] == source]


def ties_of(ds: Dataset, actor_id: str) -> pd.DataFrame:
    """The ties that start or end at an actor, strongest first."""
    rel = ds.relationships
    mine = rel[(rel["from_actor"] == actor_id) | (rel["to_actor"] == actor_id)]
    return mine.sort_values(["strength", "rel_id"], ascending=[False, True]).reset_index(drop=True)


def events_of(ds: Dataset, actor_id: str) -> pd.DataFrame:
    """The dated events an actor took part in, oldest first."""
    ev = ds.events
    return ev[ev["actor_ids"].map(lambda a: actor_id in a)].sort_values("date")


def find_actor(ds: Dataset, text: str) -> str | None:
    """The actor whose name or alias best matches the text: exact, then prefix, then substring."""
    needle = text.strip().casefold()
    if not any(ch.isalnum() for ch in needle):
        return None
    names = [
        (row.actor_id, name.casefold())
        for row in ds.actors.itertuples()
        for name in (row.name, *row.aliases)
    ]
    for test in (
        lambda n: n == needle,
        lambda n: n.startswith(needle),
        lambda n: needle in n,
        lambda n: re.sub(r"[^a-z0-9]", "", n) == re.sub(r"[^a-z0-9]", "", needle),
    ):
        hit = next((actor_id for actor_id, name in names if test(name)), None)
        if hit:
            return hit
    return None


def year_range(ds: Dataset) -> tuple[int, int]:
    """The first and last year the events and ties mention."""
    years = [int(str(d)[:4]) for d in ds.events["date"]]
    years += [int(y) for y in ds.relationships["since"].dropna()]
    return min(years), max(years)


def events_of_tie(ds: Dataset, rel_id: str) -> pd.DataFrame:
    """The dated events linked to a tie (its start, deepenings, escalations), oldest first."""
    ev = ds.events
    mine = ev[ev["rel_ids"].map(lambda ids: rel_id in ids)]
    return mine.sort_values(["date", "event_id"]).reset_index(drop=True)


@dataclass(frozen=True)
class Evidence:
    """Lookups for the side panel, built once per dataset: excerpts by id and by actor, notes
    by subject, and the events linked to each tie.

    `disagreements` holds only contradictions (rows of kind `contradiction`), so that whatever
    shows them as "sources disagree" stays true; `tensions` holds the compatible but notable
    pairs (kind `tension`), to be shown apart. Both map (subject_type, subject_id) to rows of
    disagreements.csv. `tie_events` maps a rel_id to the rows of events.csv linked to it, oldest
    first; each row's `tie_change` says what the event did to the tie ("deepened", ...).
    `agreement` maps a rel_id to how many sources support the tie and where they conflict
    (allies.agreement); `source_titles` maps a source_id to its title.
    """

    excerpts: dict[str, tuple]
    by_actor: dict[str, list[str]]
    disagreements: dict[tuple[str, str], list[tuple]]
    context: dict[tuple[str, str], list[tuple]]
    tensions: dict[tuple[str, str], list[tuple]] = field(default_factory=dict)
    tie_events: dict[str, list[tuple]] = field(default_factory=dict)
    agreement: dict[str, TieAgreement] = field(default_factory=dict)
    source_titles: dict[str, str] = field(default_factory=dict)


def evidence(ds: Dataset) -> Evidence:
    """Index the excerpts (with their source titles), the notes and the tie events of a dataset."""
    titled = ds.excerpts.merge(ds.sources[["source_id", "title"]], on="source_id", how="left")
    rows = {row.excerpt_id: row for row in titled.itertuples(index=False)}
    by_actor: dict[str, list[str]] = {}
    for row in rows.values():
        for actor_id in row.actor_ids:
            by_actor.setdefault(actor_id, []).append(row.excerpt_id)

    def grouped(frame: pd.DataFrame) -> dict[tuple[str, str], list[tuple]]:
        out: dict[tuple[str, str], list[tuple]] = {}
        for row in frame.itertuples(index=False):
            out.setdefault((row.subject_type, row.subject_id), []).append(row)
        return out

    tie_events: dict[str, list[tuple]] = {}
    for row in ds.events.sort_values(["date", "event_id"]).itertuples(index=False):
        for rel_id in row.rel_ids:
            tie_events.setdefault(rel_id, []).append(row)
    kinds = ds.disagreements["kind"]
    return Evidence(
        rows,
        by_actor,
        grouped(ds.disagreements[kinds == "contradiction"]),
        grouped(cited_notes(ds)),
        tensions=grouped(ds.disagreements[kinds == "tension"]),
        tie_events=tie_events,
        agreement=agreement(ds),
        source_titles=dict(zip(ds.sources["source_id"], ds.sources["title"], strict=True)),
    )


@dataclass(frozen=True)
class PlaceLinks:
    """What the sources connect to a place, through the excerpts the place cites.

    `actors` pairs each actor named in those excerpts with the ids of the ones that name it;
    `ties` pairs each tie that cites one of those excerpts with the shared ids. Both come from
    the data (the excerpts' `actor_ids`, the ties' `excerpt_ids`), never typed in; the most
    cited first, the hub after the others it ties with.
    """

    actors: tuple[tuple[str, tuple[str, ...]], ...]
    ties: tuple[tuple[str, tuple[str, ...]], ...]


def place_links(ds: Dataset, place_id: str) -> PlaceLinks:
    """The actors named in a place's excerpts and the ties that cite them."""
    rows = ds.places[ds.places["place_id"] == place_id]
    cited = tuple(dict.fromkeys(rows.iloc[0]["excerpt_ids"])) if len(rows) else ()
    excerpts = ds.excerpts.set_index("excerpt_id")
    naming: dict[str, list[str]] = {}
    for excerpt_id in cited:
        if excerpt_id in excerpts.index:
            for actor_id in excerpts.at[excerpt_id, "actor_ids"]:
                naming.setdefault(actor_id, []).append(excerpt_id)
    actors = ds.actors.set_index("actor_id")
    known = [a for a in naming if a in actors.index]
    known.sort(
        key=lambda a: (-len(naming[a]), actors.at[a, "category"] == HUB, actors.at[a, "name"])
    )
    # Ties between the actors most named here come first.
    rank = {a: i for i, a in enumerate(known)}
    far = len(known)
    ties = []
    for tie in ds.relationships.itertuples():
        shared = tuple(e for e in cited if e in set(tie.excerpt_ids))
        if shared:
            order = rank.get(tie.from_actor, far) + rank.get(tie.to_actor, far)
            ties.append((tie.rel_id, shared, order))
    ties.sort(key=lambda t: (-len(t[1]), t[2], t[0]))
    return PlaceLinks(
        actors=tuple((a, tuple(naming[a])) for a in known),
        ties=tuple((rel_id, shared) for rel_id, shared, _ in ties),
    )
