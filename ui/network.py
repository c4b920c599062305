"""The network view (Altair, no Streamlit): camps as sectors around Iran, closeness as strength.

Geography is the map's job. Here each camp owns a sector of the circle (a pale wedge in its
colour), and an actor sits nearer the centre the stronger its strongest tie with Iran or one of
its state organs, whatever the tie's kind. Ties are drawn wider and darker the stronger they
are, dashed by status as on the map. Where everything goes is ui.netlayout's job (its names are
also importable from here); this module draws the chart and its captions.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from allies.load import Dataset
from allies.selection import Selection, id_of
from allies.vocab import CATEGORIES, HUB
from geo.styles import STATUS_DASHES

# ui.netlayout's names: those the chart uses, and those (X as X) callers know from here.
from ui.netlayout import BANDS as BANDS
from ui.netlayout import (
    FONT,
    HEIGHT,
    LINE_HEIGHT,
    SECTOR_INNER,
    SECTOR_OUTER,
    WIDTH,
    place_labels,
    sectors,
)
from ui.netlayout import NODE_RADIUS as NODE_RADIUS
from ui.netlayout import ORGAN_RING as ORGAN_RING
from ui.netlayout import SHAPES as SHAPES
from ui.netlayout import Box as Box
from ui.netlayout import _variants as _variants
from ui.netlayout import edges as edges
from ui.netlayout import node_positions as node_positions
from ui.render import render, style

WIDTHS = {1: 1.2, 2: 2.6, 3: 4.6}
OPACITY = {1: 0.35, 2: 0.55, 3: 0.85}
SELECTION = "node"


def _dash(status: str) -> list[float]:
    pattern = STATUS_DASHES.get(status)
    return [float(p) for p in pattern.split()] if pattern else [1, 0]


_AXIS = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
_XS = alt.Scale(domain=[-WIDTH / 2, WIDTH / 2], nice=False, zero=False)
_YS = alt.Scale(domain=[-HEIGHT / 2, HEIGHT / 2], nice=False, zero=False)
_CAMP_COLOUR = alt.Scale(
    domain=[c.label for c in CATEGORIES.values()], range=[c.colour for c in CATEGORIES.values()]
)


def _xy(x: str = "x", y: str = "y") -> tuple[alt.X, alt.Y]:
    """The chart's plain coordinates (no axes), one unit a pixel."""
    return alt.X(f"{x}:Q", axis=_AXIS, scale=_XS), alt.Y(f"{y}:Q", axis=_AXIS, scale=_YS)


def _wedges(nodes: pd.DataFrame) -> alt.Chart:
    """A faint wedge in its colour behind each camp."""
    return (
        alt.Chart(sectors(nodes[nodes["category"] != HUB]))
        .mark_arc(innerRadius=SECTOR_INNER, outerRadius=SECTOR_OUTER, opacity=0.09)
        .encode(
            theta=alt.Theta("start:Q", scale=None),
            theta2="end:Q",
            color=alt.Color("camp:N", scale=_CAMP_COLOUR, legend=None),
            tooltip=alt.Tooltip("camp:N", title="Camp"),
        )
    )


def _ties(lines: pd.DataFrame, selected: str | None) -> alt.Chart:
    """Ties wider and darker by strength, dashed by status; a selected actor's brought
    forward and the others faded."""
    lines = lines.assign(
        width=lines["strength"].map(WIDTHS),
        opacity=lines["strength"].map(OPACITY),
        dash=lines["status"].map(_dash),
    )
    if selected is not None and len(lines):
        mine = set(lines.loc[lines["actor_id"] == selected, "rel_id"])
        lines = lines.assign(
            opacity=[
                0.95 if rel in mine else o * 0.45
                for rel, o in zip(lines["rel_id"], lines["opacity"], strict=True)
            ]
        )
    x, y = _xy()
    return (
        alt.Chart(lines)
        .mark_line()
        .encode(
            x=x,
            y=y,
            order="order:Q",
            detail="rel_id:N",
            color=alt.Color("camp:N", scale=_CAMP_COLOUR, legend=None),
            strokeWidth=alt.StrokeWidth("width:Q", scale=None),
            opacity=alt.Opacity("opacity:Q", scale=None),
            strokeDash=alt.StrokeDash("dash:N", scale=None),
            tooltip=[
                alt.Tooltip("tie:N", title="Tie"),
                alt.Tooltip("strength:Q", title="Strength (of 3)"),
                alt.Tooltip("status:N", title="Status"),
            ],
        )
    )


def _nodes(chosen: pd.DataFrame) -> tuple[alt.Chart, alt.Chart]:
    """The actors (clickable, in their camp's colour and shape) and a ring round the selected."""
    x, y = _xy()
    pick = alt.selection_point(name=SELECTION, fields=["actor_id"], on="click", empty=False)
    legend = alt.Legend(title=None, orient="bottom", columns=4, labelFontSize=14, labelLimit=260)
    marks = (
        alt.Chart(chosen)
        .mark_point(filled=True, stroke="white", strokeWidth=1.5, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color("camp:N", scale=_CAMP_COLOUR, legend=legend),
            shape=alt.Shape("shape:N", scale=None),
            size=alt.condition("datum.chosen", alt.value(620), alt.value(300)),
            tooltip=[alt.Tooltip("name:N", title="Actor"), alt.Tooltip("camp:N", title="Camp")],
        )
        .add_params(pick)
    )
    ring = (
        alt.Chart(chosen[chosen["chosen"]])
        # A decoration of the selected node, which its own mark names: no ARIA role of its own
        # (an unnamed graphic is an accessibility violation).
        .mark_point(filled=False, size=1100, stroke="#1f2328", strokeWidth=2.5, aria=False)
        .encode(x=x, y=y)
    )
    return marks, ring


def _texts(placed: pd.DataFrame) -> list[alt.Chart]:
    """The labels where the server placed them, one layer per alignment and weight."""
    x, y = _xy("lx", "ty")
    return [
        alt.Chart(placed[(placed["align"] == align) & (placed["bold"] == bold)])
        .mark_text(
            align=align,
            baseline="middle",
            fontWeight="bold" if bold else "normal",
            color="#1f2328",
            lineBreak="\n",
            lineHeight=FONT * LINE_HEIGHT,  # the hub's label is on one line
        )
        .encode(
            x=x,
            y=y,
            text="label:N",
            size=alt.Size("size:Q", scale=None, legend=None),
            tooltip=alt.Tooltip("name:N", title="Actor"),
        )
        for align in ("left", "right", "center")
        for bold in (False, True)
    ]


def chart(
    nodes: pd.DataFrame,
    lines: pd.DataFrame,
    selection: Selection | None,
    labels: pd.DataFrame | None = None,
) -> alt.LayerChart:
    """Camp wedges, then ties (stronger: wider and darker), then nodes and their labels; a
    selected actor ringed, its name in bold and its ties brought forward."""
    selected = id_of(selection, "actor")
    labels = labels if labels is not None else place_labels(nodes, selected)
    nodes = nodes.drop(columns=["aliases"], errors="ignore")
    marks, ring = _nodes(nodes.assign(chosen=nodes["actor_id"] == selected))
    placed = labels.merge(nodes[["actor_id", "name"]], on="actor_id").assign(
        bold=lambda f: (f["actor_id"] == selected) | (f["size"] > FONT)
    )
    under = alt.layer(_wedges(nodes), _ties(lines, selected)).resolve_legend(color="independent")
    return (
        alt.layer(under, ring, marks, *_texts(placed))
        .resolve_legend(color="independent")
        .properties(width=WIDTH, height=HEIGHT, autosize=alt.AutoSizeParams(type="pad"))
        .configure_view(stroke=None)
    )


def picked(event) -> str | None:
    """The actor id a click on the chart selected, if any (from Streamlit's selection event)."""
    if isinstance(event, Mapping):  # the chart's state as the session holds it
        selection = event.get("selection") or {}
    else:
        selection = getattr(event, "selection", None) or {}
    points = selection.get(SELECTION) or []
    return points[0].get("actor_id") if points else None


def selected_actor(selection: Selection | None) -> str | None:
    """The selected actor's id, if an actor is selected."""
    return id_of(selection, "actor")


def caption(nodes: pd.DataFrame, labels: pd.DataFrame, ties: pd.DataFrame, total: int) -> str:
    """The line under the chart (plain text): what is drawn, and names left off, if any."""
    drawn = set(nodes["actor_id"])
    shown = int((ties["from_actor"].isin(drawn) & ties["to_actor"].isin(drawn)).sum())
    missing = sorted(set(nodes["name"]) - set(labels.merge(nodes, on="actor_id")["name"]))
    left_off = (
        f" Names left off to keep labels apart (point at the node to read them): "
        f"{', '.join(missing)}."
        if missing
        else ""
    )
    return (
        f"Drawn: {len(nodes)} of {total} actors and {shown} ties.{left_off} Nearer the centre: "
        "a stronger tie with Iran. Wider, darker lines: stronger ties; dashed: weakened; "
        "dotted: contested. Positions are ours, not geography."
    )


def guide(ds: Dataset, nodes: pd.DataFrame) -> str:
    """The reading guide shown beside the network while nothing is selected."""
    counts = nodes["category"].value_counts()
    camps = [
        {
            "label": c.label,
            "colour": c.colour,
            "meaning": c.meaning,
            "count": int(counts.get(key, 0)),
        }
        for key, c in CATEGORIES.items()
    ]
    return style("panel.css") + "\n" + render("network_guide.html", kind="guide", camps=camps)


def chart_style() -> str:
    """The style sheet that lets the chart shrink as a whole on a narrow screen."""
    return style("network.css")
