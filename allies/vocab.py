"""Closed vocabularies of the dataset, each value with a one-line meaning.

These registries drive validation, the data dictionary, the legend, the filters and the map
styles: add a value here and every one of those picks it up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """A colour layer of the map."""

    label: str
    colour: str
    meaning: str


HUB = "hub"  # the category of Iran and its state organs


def tie_camp(a: str, b: str) -> str:
    """The camp a tie between actors of camps `a` and `b` is drawn in: Iran's counterpart's
    when one end is Iran (or its organs), else the first end's."""
    return b if a == HUB and b != HUB else a


# Okabe–Ito palette: distinguishable with the common forms of colour blindness.
CATEGORIES: dict[str, Category] = {
    "hub": Category(
        "Iran (hub)", "#1a1a1a", "Iran itself and its state organs: the centre of the network."
    ),
    "proxy": Category(
        "Proxy / Axis of Resistance",
        "#D55E00",
        "Armed groups and factions that Iran arms, funds or trains (the 'Axis of Resistance').",
    ),
    "state partner": Category(
        "State partner", "#009E73", "States the sources describe as Iran's regional partners."
    ),
    "global power": Category(
        "Global power (CRINK)",
        "#CC79A7",
        "The great powers of the informal CRINK grouping: China, Russia and North Korea.",
    ),
    "pragmatic partner": Category(
        "Pragmatic partner",
        "#E69F00",
        "States whose ties the sources call transactional, cautious or competitive.",
    ),
    "opponent": Category(
        "Opponent / condemned Iran",
        "#0072B2",
        "States and bodies set against Iran, including those that condemned its attack.",
    ),
    "other": Category(
        "Other", "#8c8c8c", "Actors named in the sources that sit outside these camps."
    ),
}

ACTOR_KINDS: dict[str, str] = {
    "state": "A sovereign state, represented by its government.",
    "non-state armed group": "An armed movement or militia outside a state's formal command.",
    "political faction": "A political bloc or party that also fields armed wings.",
    "state organ": "A body or office of a state (Iran's IRGC, its Quds Force, its Supreme Leader).",
    "international organisation": "A body whose members are states (UN, EU).",
    "informal grouping": "A loose label for several actors (Axis of Resistance, CRINK); no seat.",
    "research institute": "An academic or policy institute quoted by a source.",
}

REL_TYPES: dict[str, str] = {
    "proxy support": "Iran (or its organs) arms, funds, trains or directs the other party.",
    "strategic partnership": "A broad, lasting alignment between states.",
    "economic partnership": "Ties built mainly on trade, energy or investment.",
    "military cooperation": "Arms, technology, joint exercises or forces deployed with consent.",
    "diplomatic backing": "Votes, vetoes or statements that shield the other party.",
    "influence": "Political leverage inside another state's institutions.",
    "membership": "The first party belongs to the grouping named second.",
    "part of": "The first party is a body of the second.",
    "rivalry": "Competition or diverging interests short of open conflict.",
    "conflict": "Armed hostility, attacks or war between the parties.",
    "condemnation": "The first party publicly condemned an act of the second.",
    "warning": "The first party warned the second against an act.",
}

SUPPORT_TYPES: dict[str, str] = {
    "funding": "Money: budgets, salaries, grants.",
    "arms": "Weapons and munitions.",
    "training": "Training of fighters or officers.",
    "drones and missiles": "Drones, missiles and their technology.",
    "diplomatic cover": "Protection in diplomacy, above all at the UN Security Council.",
    "oil and energy trade": "Oil, gas and energy deals, often around sanctions.",
    "trade": "Trade in goods other than energy.",
    "investment": "Investment in infrastructure, railways, ports.",
    "technology": "Defence or civil technology transfer.",
    "military presence": "Advisers, guards or allied forces on the ground.",
    "transit and logistics": "Routes for moving people and weapons (the land bridge).",
    "political influence": "Posts, votes or leverage in another state's politics.",
    "ideological alignment": "Shared doctrine or shared enemies.",
}

STATUSES: dict[str, str] = {
    "active": "The sources describe the tie as current.",
    "weakened": "The sources say the tie or the ally has been weakened.",
    "contested": (
        "The sources pull in different directions on it (a contradiction or a tension), or "
        "describe it as strained or competitive."
    ),
}

STRENGTHS: dict[int, str] = {
    1: "Limited: occasional, cautious or narrow.",
    2: "Substantial: regular cooperation in several fields.",
    3: "Core: the sources call it central, closest or most powerful.",
}

PRECISIONS: dict[str, str] = {
    "month": "The month is exact.",
    "year": "The year is exact.",
    "decade": "Only the decade is known ('the early 1980s').",
    "approximate": "An approximate date.",
}

# What a dated event did to the ties it names (events.csv, tie_change). A tie's `since` is only
# ever a start; a later deepening or escalation is an event linked to the tie, never a new start.
TIE_CHANGES: dict[str, str] = {
    "began": "The tie started with this event; the tie's since gives the same year.",
    "deepened": "An existing tie grew closer or wider.",
    "formalised": "An existing tie was written into an agreement.",
    "escalated": "An existing conflict or rivalry grew sharper (a war, a wave of attacks).",
    "weakened": "An existing tie, or the ally at its end, lost strength.",
}

# What a row of disagreements.csv records. Only contradictions are shown as "sources disagree".
DISAGREEMENT_KINDS: dict[str, str] = {
    "contradiction": (
        "Two claims that cannot both be true, from two sources or from one source with itself."
    ),
    "tension": (
        "Statements that can all be true but pull in different directions (a weakened "
        "'cornerstone', two dates for one deepening); shown apart from contradictions."
    ),
}

PLACE_KINDS: dict[str, str] = {
    "chokepoint": "A narrow sea passage that shipping cannot easily avoid.",
    "corridor": "A route for trade, people or weapons.",
    "coast": "A stretch of coastline.",
    "territory": "A territory or country-sized area.",
    "city": "A city.",
}

# The map's place toggles, one row per group: (the group's key, its title, the kinds in it).
PLACE_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("chokepoints", "Chokepoints", ("chokepoint",)),
    ("corridors", "Corridors and coasts", ("corridor", "coast")),
    ("territories", "Territories and cities", ("territory", "city")),
)

SOURCE_KINDS: dict[str, str] = {
    "web article": "An article published on a website, with its page furniture.",
}

EXCERPT_TAGS: dict[str, str] = {
    "heading": "A section heading of the article.",
    "related-headline": "From a news headline printed after the article, not the article itself.",
    "quoted-commentary": "The article quotes a named third party.",
    "figure": "Gives a number: money, people, years.",
    "date": "Gives a date or period.",
    "geography": "Names a strategic place.",
    "background": "General framing rather than a specific tie.",
}

# What a context note (context_notes.csv, change) changes in the picture the map draws from the
# sources: the "What changed since the sources" view and the map's toggle read it.
NOTE_CHANGES: dict[str, str] = {
    "leader_killed": "A leader of the actor, or the person it names, was killed.",
    "leader_replaced": "Someone else now holds the office or leads the actor.",
    "government_fell": "The government the sources describe is gone.",
    "tie_ended": "The tie the sources describe no longer holds.",
    "tie_weakened": "The tie, or the ally at its end, lost strength since the sources.",
    "tie_escalated": "A rivalry or conflict turned into open war or direct strikes.",
    "route_cut": "A route, passage or supply line the sources describe was cut or closed.",
    "status_changed": "The subject's situation changed in another way the note describes.",
    "date_given": "The note dates what the sources leave undated; nothing drawn changes.",
    "none": "The note qualifies a claim of the sources; nothing drawn changes.",
}

CONTEXT_LABEL = "Context — not from the sources"


VOCABULARIES: dict[str, tuple[str, dict]] = {
    "category (actors.csv): the map's colour layers": (
        "category",
        {k: f"{c.label}, `{c.colour}`. {c.meaning}" for k, c in CATEGORIES.items()},
    ),
    "kind (actors.csv)": ("kind", ACTOR_KINDS),
    "type (relationships.csv)": ("type", REL_TYPES),
    "support (relationships.csv)": ("support", SUPPORT_TYPES),
    "status (relationships.csv)": ("status", STATUSES),
    "strength (relationships.csv)": ("strength", STRENGTHS),
    "precision (events.csv) and since_precision (relationships.csv)": ("precision", PRECISIONS),
    "tie_change (events.csv)": ("tie_change", TIE_CHANGES),
    "kind (disagreements.csv)": ("kind", DISAGREEMENT_KINDS),
    "change (context_notes.csv)": ("change", NOTE_CHANGES),
    "kind (places.geojson)": ("kind", PLACE_KINDS),
    "kind (sources.csv)": ("kind", SOURCE_KINDS),
    "tags (excerpts.csv)": ("tag", EXCERPT_TAGS),
}
START, END = "<!-- vocab:start -->", "<!-- vocab:end -->"


def markdown() -> str:
    """Every vocabulary as a Markdown table, for the data dictionary."""
    parts = []
    for title, (column, values) in VOCABULARIES.items():
        rows = "\n".join(f"| `{value}` | {meaning} |" for value, meaning in values.items())
        parts.append(f"### {title}\n\n| {column} | meaning |\n|---|---|\n{rows}\n")
    return "\n".join(parts)


def with_tables(readme: str) -> str:
    """The README text with its generated section replaced by the current tables."""
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{markdown()}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    """Print the tables, or with --write refresh them in data/README.md."""
    import sys
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    if "--write" in args:
        readme = Path(__file__).resolve().parent.parent / "data" / "README.md"
        readme.write_text(with_tables(readme.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        print(markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
