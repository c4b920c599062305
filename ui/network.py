"""The network view (Altair, no Streamlit): Iran in the middle, each camp on its own ring.

Geography is the map's job; here distance means camp. Ties are straight lines, dashed when
weakened or contested; clicking a node selects that actor.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from allies.load import Dataset
from allies.naming import actor_names, short_name, tie_title
from allies.selection import Selection, id_of
from allies.vocab import CATEGORIES, HUB

# How far from the centre each camp sits.
RINGS = {
    HUB: 0.0,
    "proxy": 1.6,
    "state partner": 1.6,
    "pragmatic partner": 1.6,
    "global power": 2.45,
    "opponent": 3.3,
    "other": 3.3,
}
ORGAN_RING = 0.6
SHAPES = {
    "state": "circle",
    "non-state armed group": "diamond",
    "political faction": "diamond",
    "state organ": "circle",
    "international organisation": "square",
    "research institute": "square",
    "informal grouping": "triangle-up",
}
SELECTION = "node"


def node_positions(actors: pd.DataFrame) -> pd.DataFrame:
    """One row per actor with x, y: Iran at the centre, the other hub organs close around it,
    every other camp spread over its ring in a sector of its own."""
    rows = []
    hub = actors[actors["category"] == HUB]
    centre = set(hub.loc[hub["kind"] == "state", "actor_id"])
    organs = [a for a in hub["actor_id"] if a not in centre]
    for i, actor_id in enumerate(organs):
        angle = 2 * math.pi * i / max(len(organs), 1) + math.pi / 2
        rows.append((actor_id, ORGAN_RING * math.cos(angle), ORGAN_RING * math.sin(angle)))
    rows.extend((actor_id, 0.0, 0.0) for actor_id in centre)
    for ring in sorted({r for c, r in RINGS.items() if c != HUB}):
        camps = [c for c in CATEGORIES if RINGS.get(c) == ring]
        members = actors[actors["category"].isin(camps)].copy()
        members["order"] = members["category"].map({c: i for i, c in enumerate(camps)})
        members = members.sort_values(["order", "name"])
        count = len(members)
        for i, actor_id in enumerate(members["actor_id"]):
            angle = 2 * math.pi * (i + 0.5) / max(count, 1) + ring * 0.4
            rows.append((actor_id, ring * math.cos(angle), ring * math.sin(angle)))
    placed = pd.DataFrame(rows, columns=["actor_id", "x", "y"])
    return (
        actors.merge(placed, on="actor_id")[
            ["actor_id", "name", "aliases", "kind", "category", "x", "y"]
        ]
        .assign(
            camp=lambda f: f["category"].map(lambda c: CATEGORIES[c].label),
            shape=lambda f: f["kind"].map(lambda k: SHAPES.get(k, "circle")),
            label=lambda f: [
                short_name(n, a) for n, a in zip(f["name"], f["aliases"], strict=True)
            ],
        )
        .drop(columns="aliases")
    )


def edges(ds: Dataset, nodes: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """Two rows per tie (its two ends), for a line per tie."""
    at = nodes.set_index("actor_id")[["x", "y"]]
    names = actor_names(ds)
    rows = []
    for tie in ties.itertuples():
        if tie.from_actor not in at.index or tie.to_actor not in at.index:
            continue
        label = tie_title(tie, names)
        dashed = tie.status != "active"
        for end in (tie.from_actor, tie.to_actor):
            x, y = at.loc[end]
            rows.append((tie.rel_id, x, y, label, int(tie.strength), dashed))
    return pd.DataFrame(rows, columns=["rel_id", "x", "y", "tie", "strength", "dashed"])


def chart(nodes: pd.DataFrame, lines: pd.DataFrame, selection: Selection | None) -> alt.LayerChart:
    """Ties under nodes; a selected actor ringed and its name in bold."""
    selected = id_of(selection, "actor")
    domain = [c.label for c in CATEGORIES.values()]
    colours = [c.colour for c in CATEGORIES.values()]
    axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    x = alt.X("x:Q", axis=axis, scale=alt.Scale(domain=[-5.4, 5.4]))
    y = alt.Y("y:Q", axis=axis, scale=alt.Scale(domain=[-3.6, 3.6]))
    pick = alt.selection_point(name=SELECTION, fields=["actor_id"], on="click", empty=False)
    ties = (
        alt.Chart(lines)
        .mark_line(color="#8c959f", opacity=0.55)
        .encode(
            x=x,
            y=y,
            detail="rel_id:N",
            strokeWidth=alt.StrokeWidth("strength:Q", scale=alt.Scale(range=[1, 3.5]), legend=None),
            strokeDash=alt.condition("datum.dashed", alt.value([5, 4]), alt.value([1, 0])),
            tooltip=alt.Tooltip("tie:N", title="Tie"),
        )
    )
    marks = (
        alt.Chart(nodes.assign(chosen=nodes["actor_id"] == selected))
        .mark_point(filled=True, size=260, stroke="white", strokeWidth=1.5, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "camp:N",
                scale=alt.Scale(domain=domain, range=colours),
                legend=alt.Legend(title=None, orient="bottom", columns=4, labelFontSize=13),
            ),
            shape=alt.Shape("shape:N", scale=None),
            size=alt.condition("datum.chosen", alt.value(700), alt.value(260)),
            tooltip=[alt.Tooltip("name:N", title="Actor"), alt.Tooltip("camp:N", title="Camp")],
        )
        .add_params(pick)
    )
    flagged = nodes.assign(chosen=nodes["actor_id"] == selected, left=nodes["x"] < -0.01)
    # Labels point away from the centre: to the left of nodes on the left half, else right.
    labels = [
        alt.Chart(flagged[(flagged["chosen"] == chosen) & (flagged["left"] == left)])
        .mark_text(
            align="right" if left else "left",
            limit=170,  # long names end in an ellipsis; the tooltip and panel have them whole
            dx=-12 if left else 12,
            fontSize=14 if chosen else 13,
            color="#1f2328",
            fontWeight="bold" if chosen else "normal",
        )
        .encode(x=x, y=y, text="label:N")
        for chosen in (False, True)
        for left in (False, True)
    ]
    return alt.layer(ties, marks, *labels).properties(height=740)


def picked(event) -> str | None:
    """The actor id a click on the chart selected, if any (from Streamlit's selection event)."""
    selection = getattr(event, "selection", None) or {}
    points = selection.get(SELECTION) or []
    return points[0].get("actor_id") if points else None
