"""The side panel and the timeline list: what is selected, in our words, and what the sources
say about it.

Pure functions (no Streamlit). Python gathers plain values; the templates in ui/templates turn
them into HTML, with autoescaping on, so no value from the data reaches the page unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from allies import queries
from allies.agreement import sources_text
from allies.load import Dataset
from allies.mentions import name_regex
from allies.naming import (
    actor_names,
    count_text,
    date_text,
    names_and_aliases,
    since_text,
    tie_ends,
    tie_title,
)
from allies.queries import Evidence
from allies.roles import ROLE_HEADINGS, other_roles, supporting
from allies.selection import Selection
from allies.vocab import (
    ACTOR_KINDS,
    CATEGORIES,
    CONTEXT_LABEL,
    REL_TYPES,
    STATUSES,
    STRENGTHS,
)
from ui.render import render
from ui.render import style as style_block

MAX_QUOTES = 8  # more excerpts than this fold away under "N more excerpts"
SHORT_QUOTES = 3  # the fold comes sooner inside each tie or event of a list
UNKNOWN_COLOUR = "#8c8c8c"

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:])")


def md(value: object) -> str:
    """Escape a data value for the places where Streamlit reads Markdown (widget labels)."""
    return _MARKDOWN.sub(r"\\\1", "" if value is None else str(value))


@dataclass(frozen=True)
class Quote:
    """One excerpt as the panel quotes it: its text cut into (piece, highlighted) pairs."""

    excerpt_id: str
    pieces: tuple[tuple[str, bool], ...]
    title: str
    paragraph: int
    headline: bool


def marks(quote: str, names: list[str]) -> list[tuple[str, bool]]:
    """Cut a quote into pieces, each flagged when it is one of the names (whole words only)."""
    # The rule of allies.mentions: short aliases ("US", "EU") match case-sensitively.
    pattern = name_regex(names)
    if pattern is None:
        return [(quote, False)]
    pieces = pattern.split(quote)
    return [(piece, bool(i % 2)) for i, piece in enumerate(pieces) if piece]


def _quotes(ev: Evidence, ids, names: list[str]) -> list[Quote]:
    rows = [ev.excerpts[i] for i in dict.fromkeys(ids) if i in ev.excerpts]
    return [
        Quote(
            row.excerpt_id,
            tuple(marks(row.quote, names)),
            row.title,
            int(row.paragraph),
            "related-headline" in row.tags,
        )
        for row in rows
    ]


def _apart(ev: Evidence, tie, names: list[str]) -> list[dict]:
    """The tie's excerpts that qualify or weaken it, by role, each group under its heading:
    quoted, but apart from (and not counted with) the excerpts that support the tie."""
    return [
        {"role": role, "heading": ROLE_HEADINGS[role], "quotes": _quotes(ev, ids, names)}
        for role, ids in other_roles(tie).items()
    ]


def _notes(ev: Evidence, subject_type: str, subject_id: str) -> dict:
    """The disagreements and tensions (each with both sides quoted) and the context notes about
    one subject. A tension is shown apart: it is not a contradiction between the sources."""
    subject = (subject_type, subject_id)
    return {
        "disagreements": [
            {"summary": row.summary, "quotes": _quotes(ev, row.excerpt_ids, [])}
            for row in ev.disagreements.get(subject, [])
        ],
        "tensions": [
            {"summary": row.summary, "quotes": _quotes(ev, row.excerpt_ids, [])}
            for row in ev.tensions.get(subject, [])
        ],
        "context": [
            {"note": row.note, "as_of": row.as_of}
            for row in ev.context.get((subject_type, subject_id), [])
        ],
    }


CONFLICT_LABELS = {
    "recorded": "Contradiction recorded between the sources",
    "dated": "The sources date a change of the tie differently",
}


def _agreement(ev: Evidence, rel_id: str) -> dict:
    """How many sources support a tie, and where they conflict on it (allies.agreement)."""
    a = ev.agreement.get(rel_id)
    if a is None:
        return {"text": "", "short": "", "count": 0, "of": 0, "conflicts": [], "within": []}

    def titled(sources) -> list[str]:
        return [ev.source_titles.get(s, s) for s in sources]

    def conflict(c) -> dict:
        return {
            "kind": c.kind,
            "label": CONFLICT_LABELS[c.kind],
            "detail": c.detail,
            "sources": titled(c.sources),
            "quotes": _quotes(ev, c.excerpt_ids, []),
        }

    return {
        "text": sources_text(a, ev.source_titles),
        "short": f"{a.count} of {a.of} sources",
        "count": a.count,
        "of": a.of,
        "conflicts": [conflict(c) for c in (*a.contradictions, *a.differences)],
        "within": [titled(c.sources) for c in a.self_contradictions],
    }


def style() -> str:
    """The panels' style sheet, as each panel carries it (for pages that hold many panels and
    write the style once)."""
    return style_block("panel.css")


def _render(template: str, **context: object) -> str:
    return render(
        template,
        context_label=CONTEXT_LABEL,
        max_quotes=MAX_QUOTES,
        short_quotes=SHORT_QUOTES,
        **context,
    )


def selection_labels(ds: Dataset) -> dict[str, str]:
    """What the Select box shows for every selectable thing: actors, then places, then ties."""
    names = actor_names(ds)
    labels = {
        str(Selection("actor", r.actor_id)): r.name
        for r in ds.actors.sort_values("name").itertuples()
    }
    labels |= {
        str(Selection("place", r.place_id)): f"Place · {r.name}"
        for r in ds.places.sort_values("name").itertuples()
    }
    labels |= {
        str(Selection("tie", r.rel_id)): f"Tie · {tie_title(r, names)}"
        for r in ds.relationships.itertuples()
    }
    return labels


def _events(ev: Evidence, rows: Iterable[tuple], names: list[str]) -> list[dict]:
    """One item per event: its date as a reader says it, our label, whether the sources give
    the date, its notes and the excerpts that mention it."""
    return [
        {
            "event_id": row.event_id,
            "when": date_text(row.date, row.precision),
            "change": getattr(row, "tie_change", "") or "",
            "label": row.label,
            "in_sources": bool(row.date_in_sources),
            "notes": _notes(ev, "event", row.event_id),
            "quotes": _quotes(ev, row.excerpt_ids, names),
        }
        for row in rows
    ]


def timeline(ds: Dataset, ev: Evidence | None = None) -> str:
    """Every dated event, oldest first, each with the excerpts that mention it."""
    ev = ev or queries.evidence(ds)
    rows = ds.events.sort_values(["date", "event_id"])
    names = [n for row in ds.actors.itertuples() for n in (row.name, *row.aliases) if len(n) > 3]
    return _render(
        "timeline.html",
        kind="timeline",
        ident="events",
        events=_events(ev, rows.itertuples(), names),
        context_dates=int((~rows["date_in_sources"]).sum()),
    )


def _tie_item(ev: Evidence, tie, names: list[str], everyone: dict[str, str]) -> dict:
    """One tie in an actor's list: a line that names it, its notes and its first quotes."""
    notes = _notes(ev, "relationship", tie.rel_id)
    return {
        "rel_id": tie.rel_id,
        "title": tie_title(tie, everyone),
        "support": list(tie.support),
        "since": since_text(tie.since, tie.since_precision),
        "status": tie.status,
        "note": tie.note,
        "notes": notes,
        "disagree": bool(notes["disagreements"]),
        "tension": bool(notes["tensions"]),
        "quotes": _quotes(ev, supporting(tie), names),
        "apart": _apart(ev, tie, names),
        "sources": _agreement(ev, tie.rel_id)["short"],
    }


def actor_panel(ds: Dataset, actor_id: str, ev: Evidence | None = None) -> str:
    """The panel for one actor: who it is, its ties, and every excerpt about it."""
    ev = ev or queries.evidence(ds)
    a = ds.actors[ds.actors["actor_id"] == actor_id].iloc[0]
    names = [a["name"], *a["aliases"]]
    everyone = actor_names(ds)
    ties = [_tie_item(ev, t, names, everyone) for t in queries.ties_of(ds, actor_id).itertuples()]
    notes = _notes(ev, "actor", actor_id)
    category = CATEGORIES.get(a["category"])
    return _render(
        "actor.html",
        kind="actor",
        ident=actor_id,
        actor={
            "name": a["name"],
            "aliases": list(a["aliases"]),
            "kind": a["kind"],
            "seat": a["seat"],
            "summary": a["summary"],
            "category": category.label if category else a["category"],
            "colour": category.colour if category else UNKNOWN_COLOUR,
        },
        notes=notes,
        disagree=bool(notes["disagreements"]) or any(t["disagree"] for t in ties),
        ties=ties,
        events=_events(ev, queries.events_of(ds, actor_id).itertuples(), names),
        quotes=_quotes(ev, ev.by_actor.get(actor_id, []), names),
    )


def tie_panel(ds: Dataset, rel_id: str, ev: Evidence | None = None) -> str:
    """The panel for one tie: its type, strength, status, support and evidence."""
    ev = ev or queries.evidence(ds)
    tie = next(ds.relationships[ds.relationships["rel_id"] == rel_id].itertuples())
    strength = int(tie.strength)
    names = names_and_aliases(ds, [tie.from_actor, tie.to_actor])
    return _render(
        "tie.html",
        kind="tie",
        ident=rel_id,
        tie={
            "ends": tie_ends(tie, actor_names(ds)),
            "note": tie.note,
            "type": tie.type,
            "type_meaning": REL_TYPES.get(tie.type, ""),
            "strength": strength,
            "strength_meaning": STRENGTHS[strength],
            "status": tie.status,
            "status_meaning": STATUSES.get(tie.status, ""),
            "support": list(tie.support),
            "since": since_text(tie.since, tie.since_precision),
        },
        notes=_notes(ev, "relationship", rel_id),
        agreement=_agreement(ev, rel_id),
        changes=_events(ev, ev.tie_events.get(rel_id, []), names),
        quotes=_quotes(ev, supporting(tie), names),
        apart=_apart(ev, tie, names),
    )


def select_href(selection: Selection, query: Mapping[str, str] | None = None) -> str:
    """A link's address that selects something and keeps the view's other parameters."""
    params = {k: v for k, v in (query or {}).items() if k != "sel"}
    params = {"sel": str(selection), **params}
    return "?" + urlencode(params, quote_via=quote, safe=":,")


def _place_links(ds: Dataset, ev: Evidence, place_id: str, query: Mapping[str, str] | None) -> dict:
    """The actors and ties the place's excerpts connect to it, each with a link that selects it
    and the quotes that make the connection (the actor's names or the tie's ends marked)."""
    found = queries.place_links(ds, place_id)
    place_name = ds.places.loc[ds.places["place_id"] == place_id, "name"].iloc[0]
    actors = ds.actors.set_index("actor_id")
    ties = {t.rel_id: t for t in ds.relationships.itertuples()}
    everyone = actor_names(ds)
    listed_actors = []
    for actor_id, ids in found.actors:
        row = actors.loc[actor_id]
        camp = CATEGORIES.get(row["category"])
        listed_actors.append(
            {
                "id": actor_id,
                "name": row["name"],
                "camp": camp.label if camp else row["category"],
                "colour": camp.colour if camp else UNKNOWN_COLOUR,
                "href": select_href(Selection("actor", actor_id), query),
                "select": str(Selection("actor", actor_id)),
                "quotes": _quotes(ev, ids, [row["name"], *row["aliases"], place_name]),
            }
        )
    listed_ties = []
    for rel_id, ids in found.ties:
        tie = ties[rel_id]
        ends = names_and_aliases(ds, [tie.from_actor, tie.to_actor])
        listed_ties.append(
            {
                "id": rel_id,
                "title": tie_title(tie, everyone),
                "status": tie.status,
                "href": select_href(Selection("tie", rel_id), query),
                "select": str(Selection("tie", rel_id)),
                "quotes": _quotes(ev, ids, [*ends, place_name]),
            }
        )
    return {"actors": listed_actors, "ties": listed_ties}


def place_panel(
    ds: Dataset,
    place_id: str,
    ev: Evidence | None = None,
    query: Mapping[str, str] | None = None,
) -> str:
    """The panel for one strategic place, flagged when it is context, with the actors and ties
    its excerpts connect to it (links keep the view's other parameters, `query`)."""
    ev = ev or queries.evidence(ds)
    p = ds.places[ds.places["place_id"] == place_id].iloc[0]
    return _render(
        "place.html",
        kind="place",
        ident=place_id,
        place={
            "name": p["name"],
            "kind": p["kind"],
            "note": p["note"],
            "in_sources": bool(p["in_sources"]),
        },
        notes=_notes(ev, "place", place_id),
        links=_place_links(ds, ev, place_id, query),
        quotes=_quotes(ev, p["excerpt_ids"], [p["name"]]),
    )


def orientation(ds: Dataset) -> str:
    """What to look at when nothing is selected."""
    kinds = {k for k in ACTOR_KINDS if k in set(ds.actors["kind"])}
    return _render(
        "orientation.html",
        kind="orientation",
        categories=list(CATEGORIES.values()),
        counts={
            "actors": len(ds.actors),
            "kinds": len(kinds),
            "ties": len(ds.relationships),
            "excerpts": len(ds.excerpts),
            "sources": len(ds.sources),
        },
    )


def panel(
    ds: Dataset,
    selection: Selection | str | None,
    ev: Evidence | None = None,
    query: Mapping[str, str] | None = None,
) -> str:
    """The panel for a selection, or for its text form ('actor:hezbollah', 'tie:r001', …);
    links inside it keep the view's parameters in `query` (the address's, as the page has it)."""
    if isinstance(selection, str):
        selection = Selection.parse(selection)
    if selection is not None:
        kind, ident = selection
        if kind == "actor" and ident in set(ds.actors["actor_id"]):
            return actor_panel(ds, ident, ev)
        if kind == "tie" and ident in set(ds.relationships["rel_id"]):
            return tie_panel(ds, ident, ev)
        if kind == "place" and ident in set(ds.places["place_id"]):
            return place_panel(ds, ident, ev, query)
    return orientation(ds)


def map_title(ds: Dataset) -> str:
    """The map's heading (plain text), true to the number of sources."""
    n = len(ds.sources)
    verb = "describes" if n == 1 else "describe"
    return f"Iran's network of allies, as {count_text(n, 'source')} {verb} it"


# The caption names at most this many actors without a seat.
SEATLESS_NAMED = 6


def map_caption(ds: Dataset, actors: int, ties: int, places: int, selection_drawn: bool) -> str:
    """The line under the map (plain text): what is drawn, what is ours, and a word if the
    selection is not on the map."""
    hidden = (
        ""
        if selection_drawn
        else "The selection is not on the map with these filters (or has no seat). "
    )
    seatless = sorted(ds.actors.loc[ds.actors["lat"].isna(), "name"])
    named = ", ".join(seatless[:SEATLESS_NAMED])
    if len(seatless) > SEATLESS_NAMED:  # a big dataset: name a few, count the rest
        named += f" and {len(seatless) - SEATLESS_NAMED} more"
    elsewhere = (
        f"Actors without a seat ({named}) and their ties are in the side panel, not on the map. "
        if seatless
        else ""
    )
    return (
        f"{hidden}Drawn: {actors} of {len(ds.actors)} actors, {ties} of "
        f"{len(ds.relationships)} ties, {places} places. {elsewhere}Seats and drawn routes are "
        "placed by us; every tie cites the sources."
    )
