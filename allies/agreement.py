"""How far the sources agree on each tie, computed from the excerpts (nothing here is typed in).

What can be computed honestly from the dataset:

- **Support.** The sources that support a tie are the sources of the excerpts it cites that
  support it: an excerpt recorded as qualifying or weakening the tie (allies.roles) is quoted
  apart and counts for no source. "2 of 3" counts them against every registered source.
- **Contradictions recorded between sources.** A row of disagreements.csv of kind
  `contradiction` about the tie is a judgement a person made; which sources it sets against each
  other is computed from its excerpts. If they all come from one source, that source contradicts
  itself, which is said apart.
- **Changes dated differently.** The same kind of change of a tie (deepened, escalated, ...)
  dated by different sources in different years, where the sources give the date
  (`date_in_sources`). A tie can deepen twice, so this is a difference, not a contradiction.
  Two different starts cannot both be true, but they cannot both be in the data either: the
  validator holds a `began` event to the tie's one `since`, so a second start a source gives is
  recorded as a contradiction row.

Status and strength are our single coding of a tie, not a reading per source: the data holds no
"status according to source X", so no contradiction on them is computed. Where the sources pull
the status apart, a person records it in disagreements.csv (kind contradiction or tension).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allies.coverage import coverage
from allies.load import Dataset
from allies.mentions import matcher
from allies.roles import supporting


@dataclass(frozen=True)
class Conflict:
    """Two or more sources that say incompatible (or, for `dated`, different) things on a tie."""

    kind: str  # "recorded" (a contradiction row) or "dated" (a change dated differently)
    sources: tuple[str, ...]
    excerpt_ids: tuple[str, ...]
    detail: str  # our words: what differs


@dataclass(frozen=True)
class TieAgreement:
    """One tie: the sources that support it (in the order of sources.csv) and their conflicts."""

    rel_id: str
    sources: tuple[str, ...]
    of: int
    contradictions: tuple[Conflict, ...] = ()
    self_contradictions: tuple[Conflict, ...] = ()
    differences: tuple[Conflict, ...] = ()

    @property
    def count(self) -> int:
        return len(self.sources)

    @property
    def corroborated(self) -> bool:
        """More than one source supports the tie."""
        return self.count > 1

    @property
    def contradicted(self) -> bool:
        """One source contradicts another on the tie."""
        return bool(self.contradictions)


@dataclass(frozen=True)
class SourceStats:
    """One source document: what an ingest would find in it and what the dataset took from it."""

    source_id: str
    sentences: int
    actor_mentions: int
    actors_named: int
    place_mentions: int
    excerpts: int
    ties_supported: int
    cited_share: float
    ids: tuple[str, ...] = field(default=(), compare=False)


def _ordered(sources: set[str], order: list[str]) -> tuple[str, ...]:
    return tuple(s for s in order if s in sources) + tuple(sorted(sources - set(order)))


def _source_map(ds: Dataset) -> dict[str, str]:
    return dict(zip(ds.excerpts["excerpt_id"], ds.excerpts["source_id"], strict=True))


def tie_sources(ds: Dataset) -> dict[str, tuple[str, ...]]:
    """{rel_id: the sources its supporting excerpts come from}, in the order of sources.csv.
    An excerpt that only qualifies or weakens the tie (allies.roles) supports nothing."""
    source_of = _source_map(ds)
    order = list(ds.sources["source_id"])
    return {
        tie.rel_id: _ordered({source_of[e] for e in supporting(tie) if e in source_of}, order)
        for tie in ds.relationships.itertuples(index=False)
    }


def _recorded(ds: Dataset, source_of: dict[str, str], order: list[str]):
    """Contradiction rows about ties, split into between-source and within-one-source."""
    between: dict[str, list[Conflict]] = {}
    within: dict[str, list[Conflict]] = {}
    rows = ds.disagreements[
        (ds.disagreements["subject_type"] == "relationship")
        & (ds.disagreements["kind"] == "contradiction")
    ]
    for row in rows.itertuples(index=False):
        sources = _ordered({source_of[e] for e in row.excerpt_ids if e in source_of}, order)
        conflict = Conflict("recorded", sources, tuple(row.excerpt_ids), row.summary)
        target = between if len(sources) > 1 else within
        target.setdefault(row.subject_id, []).append(conflict)
    return between, within


def _dated(ds: Dataset, source_of: dict[str, str], order: list[str]) -> dict[str, list]:
    """Per tie, the kinds of change that different sources date in different years."""
    found: dict[str, list[Conflict]] = {}
    events = ds.events[(ds.events["tie_change"] != "") & ds.events["date_in_sources"].fillna(False)]
    by_key: dict[tuple[str, str], list[tuple[str, tuple[str, ...], set[str]]]] = {}
    for row in events.itertuples(index=False):
        sources = {source_of[e] for e in row.excerpt_ids if e in source_of}
        for rel_id in row.rel_ids:
            by_key.setdefault((rel_id, row.tie_change), []).append(
                (row.date[:4], tuple(row.excerpt_ids), sources)
            )
    for (rel_id, change), dated in sorted(by_key.items()):
        by_year: dict[str, set[str]] = {}
        for year, _, sources in dated:
            by_year.setdefault(year, set()).update(sources)
        # Only where the sources differ: the same sources behind every year is their own chronology.
        if len(by_year) < 2 or len({frozenset(s) for s in by_year.values()}) < 2:
            continue
        sources = set().union(*by_year.values())
        detail = f"{change} in " + "; ".join(
            f"{year} ({', '.join(_ordered(by_year[year], order))})" for year in sorted(by_year)
        )
        excerpts = tuple(dict.fromkeys(e for _, ids, _ in dated for e in ids))
        found.setdefault(rel_id, []).append(
            Conflict("dated", _ordered(sources, order), excerpts, detail)
        )
    return found


def agreement(ds: Dataset) -> dict[str, TieAgreement]:
    """{rel_id: TieAgreement} for every tie of the dataset."""
    source_of = _source_map(ds)
    order = list(ds.sources["source_id"])
    supported = tie_sources(ds)
    between, within = _recorded(ds, source_of, order)
    dated = _dated(ds, source_of, order)
    return {
        rel_id: TieAgreement(
            rel_id,
            supported[rel_id],
            len(order),
            tuple(between.get(rel_id, [])),
            tuple(within.get(rel_id, [])),
            tuple(dated.get(rel_id, [])),
        )
        for rel_id in ds.relationships["rel_id"]
    }


def corroborated_ties(ds: Dataset) -> set[str]:
    """The ids of the ties that more than one source supports."""
    return {rel_id for rel_id, sources in tie_sources(ds).items() if len(sources) > 1}


def source_stats(ds: Dataset) -> list[SourceStats]:
    """Per source, in the order of sources.csv: sentences, mentions of known actors and places
    in them (what an ingest finds), excerpts accepted, ties they support, and the share of
    sentences an excerpt cites."""
    match = matcher(ds)
    shares = {c.source_id: c.share for c in coverage(ds)}
    supported = tie_sources(ds)
    out = []
    for source_id in ds.sources["source_id"]:
        sentences = ds.texts[source_id].sentences
        mentions = [m for s in sentences for m in match.find(s.text)]
        actors = [m for m in mentions if m.kind == "actor"]
        excerpts = ds.excerpts[ds.excerpts["source_id"] == source_id]
        out.append(
            SourceStats(
                source_id,
                len(sentences),
                len(actors),
                len({i for m in actors for i in m.ids}),
                sum(m.kind == "place" for m in mentions),
                len(excerpts),
                sum(source_id in s for s in supported.values()),
                shares.get(source_id, 1.0),
                tuple(excerpts["excerpt_id"]),
            )
        )
    return out


def sources_text(tie: TieAgreement, titles: dict[str, str]) -> str:
    """'supported by 2 of 2 sources', or 'supported by 1 of 2 sources: <title>' (plain text)."""
    if tie.count == 1:
        (only,) = tie.sources
        return f"supported by 1 of {tie.of} sources: {titles.get(only, only)}"
    noun = "source" if tie.of == 1 else "sources"
    return f"supported by {tie.count} of {tie.of} {noun}"
