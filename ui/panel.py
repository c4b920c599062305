"""The side panel and the timeline list: what is selected, in our words, and what the sources
say about it.

Pure functions (no Streamlit). Python gathers plain values; the templates in ui/templates turn
them into HTML, with autoescaping on, so no value from the data reaches the page unescaped.
The evidence blocks (quotes, notes, events, agreement) are gathered by ui.quoting, and the
words about the map (title, caption, Select labels) are ui.mapcaption's; their names still
import from here.
"""

from __future__ import annotations

from collections.abc import Mapping

from allies import queries
from allies.load import Dataset
from allies.naming import (
    actor_names,
    names_and_aliases,
    since_text,
    tie_ends,
    tie_title,
)
from allies.queries import Evidence
from allies.roles import supporting
from allies.selection import Selection, exists
from allies.vocab import (
    ACTOR_KINDS,
    CATEGORIES,
    CONTEXT_LABEL,
    REL_TYPES,
    STATUSES,
    STRENGTHS,
)
from ui.mapcaption import SEATLESS_NAMED as SEATLESS_NAMED
from ui.mapcaption import map_caption as map_caption
from ui.mapcaption import map_title as map_title
from ui.mapcaption import selection_labels as selection_labels
from ui.quoting import Quote as Quote
from ui.quoting import agreement as _agreement
from ui.quoting import apart as _apart
from ui.quoting import events as _events
from ui.quoting import marks as marks
from ui.quoting import md as md
from ui.quoting import notes as _notes
from ui.quoting import quotes as _quotes
from ui.render import render
from ui.render import style as style_block
from ui.urlstate import query_string

MAX_QUOTES = 8  # more excerpts than this fold away under "N more excerpts"
SHORT_QUOTES = 3  # the fold comes sooner inside each tie or event of a list
UNKNOWN_COLOUR = "#8c8c8c"


def style() -> str:
    """The panels' style sheet, as each panel carries it (for pages that hold many panels and
    write the style once)."""
    return style_block("panel.css")


def _render(template: str, *, styled: bool = True, **context: object) -> str:
    """A panel's HTML: its style sheet first unless `styled` is False (a page that holds many
    panels writes the sheet once)."""
    body = render(
        template,
        context_label=CONTEXT_LABEL,
        max_quotes=MAX_QUOTES,
        short_quotes=SHORT_QUOTES,
        **context,
    )
    return f"{style()}\n{body}" if styled else body


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


def actor_panel(
    ds: Dataset, actor_id: str, ev: Evidence | None = None, *, styled: bool = True
) -> str:
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
        styled=styled,
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


def tie_panel(ds: Dataset, rel_id: str, ev: Evidence | None = None, *, styled: bool = True) -> str:
    """The panel for one tie: its type, strength, status, support and evidence."""
    ev = ev or queries.evidence(ds)
    tie = next(ds.relationships[ds.relationships["rel_id"] == rel_id].itertuples())
    strength = int(tie.strength)
    names = names_and_aliases(ds, [tie.from_actor, tie.to_actor])
    return _render(
        "tie.html",
        styled=styled,
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
    return "?" + query_string(params)


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
    *,
    styled: bool = True,
) -> str:
    """The panel for one strategic place, flagged when it is context, with the actors and ties
    its excerpts connect to it (links keep the view's other parameters, `query`)."""
    ev = ev or queries.evidence(ds)
    p = ds.places[ds.places["place_id"] == place_id].iloc[0]
    return _render(
        "place.html",
        styled=styled,
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


def orientation(ds: Dataset, *, styled: bool = True) -> str:
    """What to look at when nothing is selected."""
    kinds = {k for k in ACTOR_KINDS if k in set(ds.actors["kind"])}
    return _render(
        "orientation.html",
        styled=styled,
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
    *,
    styled: bool = True,
) -> str:
    """The panel for a selection, or for its text form ('actor:hezbollah', 'tie:r001', …);
    links inside it keep the view's parameters in `query` (the address's, as the page has it).
    With `styled=False`, without its style sheet (see `style`)."""
    if isinstance(selection, str):
        selection = Selection.parse(selection)
    if selection is None or not exists(ds, selection):
        return orientation(ds, styled=styled)
    if depends_on_view(selection):
        return place_panel(ds, selection.id, ev, query, styled=styled)
    return PANELS[selection.kind](ds, selection.id, ev, styled=styled)


# The panel of each selection kind, and the kinds whose panel holds links that keep the view's
# parameters (a place's links to the actors and ties it connects).
PANELS = {"actor": actor_panel, "tie": tie_panel, "place": place_panel}
VIEW_DEPENDENT = frozenset({"place"})


def depends_on_view(selection: Selection | None) -> bool:
    """Whether the panel of this selection changes with the view's parameters."""
    return selection is not None and selection.kind in VIEW_DEPENDENT
