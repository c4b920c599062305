"""The side panel as HTML: what is selected, in our words, and what the sources say about it.

Pure functions (no Streamlit): every value from the data is escaped here, once, by `esc`.
"""

from __future__ import annotations

import calendar
import html
import re

import pandas as pd

from allies import queries
from allies.load import Dataset
from allies.queries import Evidence
from allies.selection import Selection
from allies.vocab import (
    ACTOR_KINDS,
    CATEGORIES,
    CONTEXT_LABEL,
    REL_TYPES,
    STATUSES,
    STRENGTHS,
)

MAX_QUOTES = 8

STYLE = """
<style>
.ap { font-size: 1.02rem; line-height: 1.5; color: #1f2328; }
.ap h2 { font-size: 1.55rem; margin: .1rem 0 .2rem; line-height: 1.2; }
.ap h3 { font-size: 1.05rem; margin: 1.1rem 0 .4rem; text-transform: uppercase;
         letter-spacing: .04em; color: #57606a; }
.ap .kicker { font-size: .95rem; color: #3d444d; }
.ap .dot { display: inline-block; width: .8em; height: .8em; border-radius: 50%;
           margin-right: .35em; vertical-align: -.05em; border: 1px solid #fff;
           box-shadow: 0 0 0 1px #555; }
.ap .aka, .ap .byline { font-size: .9rem; color: #57606a; }
.ap .badge { display: inline-block; font-size: .82rem; font-weight: 600; padding: .1rem .5rem;
             border-radius: .8rem; margin: .15rem .3rem .15rem 0; }
.ap .b-disagree { background: #fff1d6; color: #7a4a00; border: 1px solid #e0a030; }
.ap .b-context { background: #eef0f3; color: #3d444d; border: 1px dashed #8c959f; }
.ap .b-status { background: #f3f4f6; color: #3d444d; border: 1px solid #d0d7de; }
.ap blockquote { margin: .45rem 0 .7rem; padding: .35rem .75rem; border-left: 4px solid #8c959f;
                 background: #f6f8fa; }
.ap blockquote p { margin: 0 0 .2rem; }
.ap blockquote footer { font-size: .85rem; color: #57606a; }
.ap mark { background: #ffe58f; padding: 0 .1em; }
.ap .note { border: 1px dashed #8c959f; padding: .4rem .7rem; margin: .4rem 0;
            background: #fafbfc; }
.ap .disagree { border: 1px solid #e0a030; background: #fffaf0; padding: .4rem .7rem;
                margin: .4rem 0; }
.ap details { margin: .3rem 0; }
.ap summary { cursor: pointer; }
.ap ul.legend { list-style: none; padding-left: 0; }
.ap ul.legend li { margin: .2rem 0; }
</style>
"""


def esc(value: object) -> str:
    """Escape a data value for HTML."""
    return html.escape("" if value is None else str(value), quote=True)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:])")


def md(value: object) -> str:
    """Escape a data value for the places where Streamlit reads Markdown (widget labels)."""
    return _MARKDOWN.sub(r"\\\1", "" if value is None else str(value))


def _dot(category: str) -> str:
    colour = CATEGORIES[category].colour if category in CATEGORIES else "#8c8c8c"
    return f'<span class="dot" style="background:{colour}"></span>'


def highlight(quote: str, names: list[str]) -> str:
    """Escape a quote and wrap each occurrence of the given names in <mark>."""
    terms = sorted({n for n in names if len(n) >= 2}, key=len, reverse=True)
    if not terms:
        return esc(quote)
    # Short aliases ("US", "EU") match case-sensitively so that "us" stays plain.
    parts = [re.escape(t) if len(t) <= 3 else f"(?i:{re.escape(t)})" for t in terms]
    pattern = re.compile(r"(?<![\w])(" + "|".join(parts) + r")(?![\w])")
    # Match on the raw text and escape each piece, so that markup never splits an entity.
    pieces = pattern.split(quote)
    return "".join(
        f"<mark>{esc(piece)}</mark>" if i % 2 else esc(piece) for i, piece in enumerate(pieces)
    )


def _names(ds: Dataset, actor_ids: list[str]) -> list[str]:
    rows = ds.actors[ds.actors["actor_id"].isin(actor_ids)]
    return [n for row in rows.itertuples() for n in (row.name, *row.aliases)]


def _quote_block(row, names: list[str]) -> str:
    where = f"{esc(row.title)}, paragraph {int(row.paragraph)}"
    kind = " · related headline" if "related-headline" in row.tags else ""
    return (
        f'<blockquote data-excerpt="{esc(row.excerpt_id)}"><p>“{highlight(row.quote, names)}”</p>'
        f"<footer>— {where}{kind}</footer></blockquote>"
    )


def _quotes(ev: Evidence, ids, names: list[str], limit: int = MAX_QUOTES) -> str:
    rows = [ev.excerpts[i] for i in dict.fromkeys(ids) if i in ev.excerpts]
    blocks = [_quote_block(row, names) for row in rows]
    if len(blocks) <= limit:
        return "".join(blocks)
    rest = len(blocks) - limit
    return (
        "".join(blocks[:limit])
        + f"<details><summary>{rest} more excerpts</summary>{''.join(blocks[limit:])}</details>"
    )


def _notes(ev: Evidence, subject_type: str, subject_id: str) -> tuple[str, bool]:
    disagreements = ev.disagreements.get((subject_type, subject_id), [])
    context = ev.context.get((subject_type, subject_id), [])
    out = []
    for row in disagreements:
        quotes = _quotes(ev, row.excerpt_ids, [])
        out.append(
            f'<div class="disagree"><span class="badge b-disagree">Sources disagree</span> '
            f"{esc(row.summary)} <span class='byline'>(our words)</span>"
            f"<details><summary>Both sides, quoted</summary>{quotes}"
            "</details></div>"
        )
    for row in context:
        out.append(
            f'<div class="note"><span class="badge b-context">{esc(CONTEXT_LABEL)}</span> '
            f"{esc(row.note)} <span class='byline'>(as of {esc(row.as_of)})</span></div>"
        )
    return "".join(out), bool(disagreements)


def _frame(kind: str, ident: str, kicker: str, title: str, body: str) -> str:
    """The common frame of every panel; kicker, title and body are HTML already escaped."""
    return (
        f'{STYLE}<div class="ap" data-panel="{kind}" data-id="{esc(ident)}">'
        f'<div class="kicker">{kicker}</div><h2>{title}</h2>{body}</div>'
    )


def actor_name(ds: Dataset, actor_id: str) -> str:
    """The display name of an actor, or its id if unknown."""
    row = ds.actors[ds.actors["actor_id"] == actor_id]
    return str(row["name"].iloc[0]) if not row.empty else actor_id


def tie_title(ds: Dataset, tie) -> str:
    """Plain text naming a tie: 'Iran → Hezbollah · proxy support'."""
    return f"{actor_name(ds, tie.from_actor)} → {actor_name(ds, tie.to_actor)} · {tie.type}"


def selection_labels(ds: Dataset) -> dict[str, str]:
    """What the Select box shows for every selectable thing: actors, then places, then ties."""
    names = dict(zip(ds.actors["actor_id"], ds.actors["name"], strict=True))
    labels = {
        str(Selection("actor", r.actor_id)): r.name
        for r in ds.actors.sort_values("name").itertuples()
    }
    labels |= {
        str(Selection("place", r.place_id)): f"Place · {r.name}"
        for r in ds.places.sort_values("name").itertuples()
    }
    labels |= {
        str(
            Selection("tie", r.rel_id)
        ): f"Tie · {names[r.from_actor]} → {names[r.to_actor]} · {r.type}"
        for r in ds.relationships.itertuples()
    }
    return labels


def _since(tie) -> str:
    """When a tie started, as the sources give it ('2021', 'the 1980s'); empty if they don't."""
    if pd.isna(tie.since):
        return ""
    year = int(tie.since)
    return f"the {year}s" if tie.since_precision == "decade" else str(year)


def _tie_line(ds: Dataset, tie) -> str:
    support = f" · {esc(', '.join(tie.support))}" if len(tie.support) else ""
    since = f" · since {esc(_since(tie))}" if _since(tie) else ""
    return (
        f"{esc(tie_title(ds, tie))}{support}{since} "
        f'<span class="badge b-status">{esc(tie.status)}</span>'
    )


def date_text(date: str, precision: str) -> str:
    """A date as a reader says it: '2021', 'June 2025', 'the 1980s', 'about 2014'."""
    year = int(date[:4])
    if precision == "decade":
        return f"the {year}s"
    if precision == "approximate":
        return f"about {year}"
    if precision == "month" and len(date) >= 7:
        return f"{calendar.month_name[int(date[5:7])]} {year}"
    return str(year)


def event_items(ev: Evidence, rows: pd.DataFrame, names: list[str]) -> list[str]:
    """One folding item per event: its date (flagged when the date is context), our label, and
    the excerpts that mention it."""
    items = []
    for row in rows.itertuples():
        context = (
            ""
            if row.date_in_sources
            else f' <span class="badge b-context">date: {esc(CONTEXT_LABEL.lower())}</span>'
        )
        notes, _ = _notes(ev, "event", row.event_id)
        items.append(
            f'<details data-event="{esc(row.event_id)}"><summary><b>'
            f"{esc(date_text(row.date, row.precision))}</b> · {esc(row.label)}{context}</summary>"
            f"{notes}{_quotes(ev, row.excerpt_ids, names, limit=3)}</details>"
        )
    return items


def _events(ds: Dataset, ev: Evidence, actor_id: str, names: list[str]) -> str:
    items = event_items(ev, queries.events_of(ds, actor_id), names)
    if not items:
        return ""
    return (
        f"<h3>Dated events ({len(items)})</h3><div class='byline'>Labels in our words; open one "
        f"for the sources.</div>{''.join(items)}"
    )


def timeline(ds: Dataset, ev: Evidence | None = None) -> str:
    """Every dated event, oldest first, each with the excerpts that mention it."""
    ev = ev or queries.evidence(ds)
    rows = ds.events.sort_values(["date", "event_id"])
    names = [n for row in ds.actors.itertuples() for n in (row.name, *row.aliases) if len(n) > 3]
    context = int((~rows["date_in_sources"]).sum())
    return _frame(
        "timeline",
        "events",
        f"{len(rows)} dated events",
        "Timeline",
        f"<p>Labels are ours. {context} of these dates are context: the sources name the "
        "event but not when it happened.</p>" + "".join(event_items(ev, rows, names)),
    )


def actor_panel(ds: Dataset, actor_id: str, ev: Evidence | None = None) -> str:
    """The panel for one actor: who it is, its ties, and every excerpt about it."""
    ev = ev or queries.evidence(ds)
    a = ds.actors[ds.actors["actor_id"] == actor_id].iloc[0]
    names = [a["name"], *a["aliases"]]
    notes, disagree = _notes(ev, "actor", actor_id)
    ties = queries.ties_of(ds, actor_id)
    tie_items = []
    for tie in ties.itertuples():
        tie_notes, tie_disagree = _notes(ev, "relationship", tie.rel_id)
        disagree = disagree or tie_disagree
        flag = ' <span class="badge b-disagree">Sources disagree</span>' if tie_disagree else ""
        quotes = _quotes(ev, tie.excerpt_ids, names, limit=3)
        tie_items.append(
            f'<details data-tie="{esc(tie.rel_id)}"><summary>{_tie_line(ds, tie)}{flag}</summary>'
            f'<p class="byline">{esc(tie.note)} (our reading)</p>{tie_notes}{quotes}</details>'
        )
    seat = (
        f" · seat: {esc(a['seat'])} <span class='byline'>(placed by us; context)</span>"
        if a["seat"]
        else " · not drawn on the map (no seat)"
    )
    badges = '<span class="badge b-disagree">Sources disagree</span>' if disagree else ""
    aka = f'<div class="aka">Also: {esc(", ".join(a["aliases"]))}</div>' if a["aliases"] else ""
    category = CATEGORIES[a["category"]].label if a["category"] in CATEGORIES else a["category"]
    quotes = _quotes(ev, ev.by_actor.get(actor_id, []), names)
    return _frame(
        "actor",
        actor_id,
        f"{_dot(a['category'])}{esc(category)} · {esc(a['kind'])}{seat}",
        esc(a["name"]),
        f"{aka}{badges}<p>{esc(a['summary'])}</p>"
        f"<div class='byline'>Summary in our words.</div>{notes}"
        f"<h3>Ties ({len(ties)})</h3>{''.join(tie_items) or '<p>No tie recorded.</p>'}"
        f"{_events(ds, ev, actor_id, names)}<h3>What the sources say</h3>{quotes}",
    )


def tie_panel(ds: Dataset, rel_id: str, ev: Evidence | None = None) -> str:
    """The panel for one tie: its type, strength, status, support and evidence."""
    ev = ev or queries.evidence(ds)
    tie = next(ds.relationships[ds.relationships["rel_id"] == rel_id].itertuples())
    names = _names(ds, [tie.from_actor, tie.to_actor])
    notes, _ = _notes(ev, "relationship", rel_id)
    support = ", ".join(tie.support) or "none recorded"
    facts = (
        f"<li><b>Type:</b> {esc(tie.type)} — {esc(REL_TYPES.get(tie.type, ''))}</li>"
        f"<li><b>Strength:</b> {int(tie.strength)} of 3 — {esc(STRENGTHS[int(tie.strength)])}</li>"
        f"<li><b>Status:</b> {esc(tie.status)} — {esc(STATUSES.get(tie.status, ''))}</li>"
        f"<li><b>Support:</b> {esc(support)}</li>"
        f"<li><b>Since:</b> {esc(_since(tie) or 'no start year in the sources')}</li>"
    )
    quotes = _quotes(ev, tie.excerpt_ids, names)
    return _frame(
        "tie",
        rel_id,
        "Tie",
        f"{esc(actor_name(ds, tie.from_actor))} → {esc(actor_name(ds, tie.to_actor))}",
        f"<p>{esc(tie.note)}</p><div class='byline'>Our reading, and our coding of the tie "
        f"below.</div><ul>{facts}</ul>{notes}"
        f"<h3>What the sources say</h3>{quotes}",
    )


def place_panel(ds: Dataset, place_id: str, ev: Evidence | None = None) -> str:
    """The panel for one strategic place, flagged when it is context."""
    ev = ev or queries.evidence(ds)
    p = ds.places[ds.places["place_id"] == place_id].iloc[0]
    notes, _ = _notes(ev, "place", place_id)
    badge = "" if p["in_sources"] else f'<span class="badge b-context">{esc(CONTEXT_LABEL)}</span>'
    quotes = _quotes(ev, p["excerpt_ids"], [p["name"]])
    evidence = (
        f"<h3>What the sources say</h3>{quotes}"
        if quotes
        else "<p>Neither source mentions this place; it is shown for orientation.</p>"
    )
    return _frame(
        "place",
        place_id,
        f"Strategic place · {esc(p['kind'])}",
        esc(p["name"]),
        f"{badge}<p>{esc(p['note'])}</p><div class='byline'>Our words.</div>{notes}{evidence}",
    )


def orientation(ds: Dataset) -> str:
    """What to look at when nothing is selected."""
    items = "".join(
        f"<li>{_dot(key)}<b>{esc(c.label)}</b> — {esc(c.meaning)}</li>"
        for key, c in CATEGORIES.items()
    )
    kinds = {k: v for k, v in ACTOR_KINDS.items() if k in set(ds.actors["kind"])}
    return (
        f'{STYLE}<div class="ap" data-panel="orientation">'
        "<h2>How to read this map</h2>"
        "<p><b>Click</b> a marker, a line or a shaded place — or pick one from "
        "<b>Select</b> in the sidebar — to see what the two sources say about it, quoted.</p>"
        f"<h3>Colours</h3><ul class='legend'>{items}</ul>"
        "<h3>Shapes and lines</h3><ul>"
        "<li>● circle: a state · ◆ diamond: an armed group or faction · ■ square: an "
        "organisation or institute · the large ringed marker is Iran.</li>"
        "<li>Line width shows how central a tie is; a dashed line is weakened or contested.</li>"
        "<li>Grey dashed shapes are context that the sources do not mention.</li></ul>"
        f"<p class='byline'>{len(ds.actors)} actors of {len(kinds)} kinds, "
        f"{len(ds.relationships)} ties and {len(ds.excerpts)} quoted excerpts from "
        f"{len(ds.sources)} source documents.</p></div>"
    )


def panel(ds: Dataset, selection: Selection | str | None, ev: Evidence | None = None) -> str:
    """The panel for a selection, or for its text form ('actor:hezbollah', 'tie:r001', …)."""
    if isinstance(selection, str):
        selection = Selection.parse(selection)
    if selection is not None:
        kind, ident = selection
        if kind == "actor" and ident in set(ds.actors["actor_id"]):
            return actor_panel(ds, ident, ev)
        if kind == "tie" and ident in set(ds.relationships["rel_id"]):
            return tie_panel(ds, ident, ev)
        if kind == "place" and ident in set(ds.places["place_id"]):
            return place_panel(ds, ident, ev)
    return orientation(ds)


def map_caption(ds: Dataset, actors: int, ties: int, places: int, selection_drawn: bool) -> str:
    """The line under the map: what is drawn, what is ours, and a word if the selection is not
    on the map."""
    hidden = (
        ""
        if selection_drawn
        else "The selection is not on the map with these filters (or has no seat). "
    )
    return (
        f"{hidden}Drawn: {actors} of {len(ds.actors)} actors, {ties} of "
        f"{len(ds.relationships)} ties, {places} places. Groupings without a seat (CRINK, the "
        "Axis of Resistance) and their ties are in the side panel, not on the map. Seats and "
        "drawn routes are placed by us; every tie cites the sources."
    )
