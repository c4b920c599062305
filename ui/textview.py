"""The text view: whatever the map draws, in words, built from geo.drawn's DrawnView, so it
cannot say anything the map does not. The drawn actors by camp, the ties with their type,
status, strength and dates, and the places, each with its quotes, in the map's order; each name
is a link that selects it on the map (and the map's selection is marked here).

Pure functions (no Streamlit); the template escapes every value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from allies.load import Dataset
from allies.naming import count_text, since_text
from allies.queries import Evidence
from allies.selection import Selection
from allies.vocab import CATEGORIES, CONTEXT_LABEL, STRENGTHS
from geo.drawn import DrawnView
from ui.panel import Quote, _quotes, select_href
from ui.render import render

# The language of the quotes when a source does not name its own (sources.csv `language`).
DEFAULT_LANG = "en"
# Quotes written out per item: the rest are counted, and the panel quotes them all once the item
# is selected (Iran alone is named in over a hundred excerpts; a big dataset in thousands).
QUOTES_SHOWN = 3


@dataclass(frozen=True)
class Item:
    """One line of the text view: something the map draws, and the quotes behind it."""

    select: str  # the selection's text form, "actor:hezbollah"
    name: str
    facts: tuple[str, ...]
    quotes: tuple[Quote, ...]  # at most QUOTES_SHOWN
    selected: bool
    context: bool = False  # drawn from our context, not from the sources
    href: str = ""
    more: int = 0  # quotes not written out here


def strength_word(strength: int) -> str:
    """'Limited', 'Substantial' or 'Core'."""
    return STRENGTHS.get(int(strength), str(strength)).split(":")[0]


def languages(ds: Dataset) -> dict[str, str]:
    """Each source's title -> the language of its text (BCP 47), English unless it says."""
    column = ds.sources.get("language")
    out = {}
    for i, title in enumerate(ds.sources["title"]):
        lang = column.iloc[i] if column is not None else None
        out[title] = lang if isinstance(lang, str) and lang.strip() else DEFAULT_LANG
    return out


def items(ds: Dataset, drawn: DrawnView, ev: Evidence, query: Mapping[str, str] | None = None):
    """The view's actors (by camp), ties and places as Items, in the map's order."""
    names = dict(zip(ds.actors["actor_id"], ds.actors["name"], strict=True))

    def link(kind: str, ident: str) -> tuple[str, str]:
        selection = Selection(kind, ident)
        return str(selection), select_href(selection, query)

    def cut(ids, names_) -> dict:
        ids = list(dict.fromkeys(ids))
        return {
            "quotes": tuple(_quotes(ev, ids[:QUOTES_SHOWN], names_)),
            "more": max(0, len([i for i in ids if i in ev.excerpts]) - QUOTES_SHOWN),
        }

    camps: dict[str, list[Item]] = {}
    for a in drawn.actors:
        select, href = link("actor", a.actor_id)
        facts = (a.kind,)
        quoted = cut(ev.by_actor.get(a.actor_id, []), [a.name])
        camps.setdefault(a.camp, []).append(
            Item(select, a.name, facts, selected=a.selected, href=href, **quoted)
        )
    selected_tie = drawn.selection.id if drawn.selection and drawn.selection.kind == "tie" else None
    ties = []
    for t in drawn.ties:
        select, href = link("tie", t.rel_id)
        since = since_text(t.since, t.since_precision)
        facts = (
            t.type,
            t.status,
            f"strength: {strength_word(t.strength)}",
            f"since {since}" if since else "start not given by the sources",
            *(["support: " + ", ".join(t.support)] if t.support else []),
        )
        ends = [names.get(t.from_actor, t.from_actor), names.get(t.to_actor, t.to_actor)]
        quoted = cut(t.excerpt_ids, ends)
        ties.append(
            Item(select, t.title, facts, selected=t.rel_id == selected_tie, href=href, **quoted)
        )
    places = []
    for p in drawn.places:
        select, href = link("place", p.place_id)
        quoted = cut(p.excerpt_ids, [p.name])
        places.append(
            Item(
                select,
                p.name,
                (p.kind,),
                selected=p.selected,
                context=not p.in_sources,
                href=href,
                **quoted,
            )
        )
    return camps, ties, places


def summary(drawn: DrawnView) -> str:
    """What the map draws, in one sentence (the map's text alternative)."""
    name = selected_name(drawn)
    counts = ", ".join(
        (
            count_text(len(drawn.actors), "actor"),
            count_text(len(drawn.ties), "tie"),
            count_text(len(drawn.places), "place"),
        )
    )
    chosen = f" Selected: {name}." if name else " Nothing is selected."
    return f"The map draws {counts}.{chosen}"


def selected_name(drawn: DrawnView) -> str | None:
    """The name of the selection, if the map draws it (as the text view names it)."""
    if drawn.selection is None:
        return None
    kind, ident = drawn.selection.kind, drawn.selection.id
    found = {
        "actor": ((a.actor_id, a.name) for a in drawn.actors),
        "tie": ((t.rel_id, t.title) for t in drawn.ties),
        "place": ((p.place_id, p.name) for p in drawn.places),
    }.get(kind, ())
    return next((name for key, name in found if key == ident), None)


class TextView(NamedTuple):
    """The text view's HTML, and the sentence that says what the map draws (plain text)."""

    html: str
    summary: str


def text_view(
    ds: Dataset, drawn: DrawnView, ev: Evidence, query: Mapping[str, str] | None = None
) -> TextView:
    """The text view of what a view draws."""
    camps, ties, places = items(ds, drawn, ev, query)
    said = summary(drawn)
    groups = [
        {"label": CATEGORIES[c].label, "colour": CATEGORIES[c].colour, "items": camps[c]}
        for c in CATEGORIES
        if c in camps
    ]
    html = render(
        "text_view.html",
        summary=said,
        camps=groups,
        ties=ties,
        places=places,
        langs=languages(ds),
        context_label=CONTEXT_LABEL,
        unseated=len(drawn.unseated),
    )
    return TextView(html, said)
