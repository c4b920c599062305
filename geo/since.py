"""The map's marks of what changed since the sources (no Streamlit here).

Where a dated context note says that a drawn actor, tie or place changed after the sources were
written (a leader killed, a tie ended, a route cut...), the map can draw a mark around it: a
dashed brown ring, and a cross where a tie ended or a route was cut. The marks are context, not
evidence: they are drawn in their own layer, in a style the sources' layers never use, and they
are off unless the reader asks for them. Their tooltips name the changes and their dates; a
click on one selects nothing (its tooltip is not a selection's).
"""

from __future__ import annotations

import html

import folium

from allies.context import day_text
from allies.selection import Selection
from geo.mapbuild import MapLayers

GROUP_NAME = "Changed since the sources (context)"
COLOUR = "#7a2e00"
CROSSED = frozenset({"tie_ended", "route_cut"})
RING_RADIUS = 17
_CROSS = (
    '<div style="font:700 18px/18px sans-serif;color:{c};text-shadow:0 0 2px #fff,0 0 2px #fff;'
    'text-align:center">✕</div>'
)


def where(built: MapLayers, kind: str, ident: str) -> tuple[float, float] | None:
    """Where a drawn subject stands on the map: an actor's marker, a tie's or a place's focus."""
    if kind == "actor":
        return built.positions.get(ident)
    return built.focus.get(Selection(kind, ident))


def tooltip(name: str, changes: list[tuple[str, str]]) -> str:
    """The mark's tooltip as escaped HTML: what changed, when, and that it is context."""
    said = "; ".join(f"{c.replace('_', ' ')} ({day_text(a)})" for a, c in changes)
    return (
        f"<b>Changed since the sources</b> (context, not from the sources)<br>"
        f"{html.escape(name)}: {html.escape(said)}"
    )


def group(
    built: MapLayers,
    marks: dict[tuple[str, str], list[tuple[str, str]]],
    names: dict[tuple[str, str], str],
) -> folium.FeatureGroup:
    """The layer of marks for the drawn subjects that `marks` (allies.context.map_changes) lists;
    `names` gives each subject's name for the tooltip."""
    layer = folium.FeatureGroup(name=GROUP_NAME, show=True)
    for (kind, ident), changes in marks.items():
        at = where(built, kind, ident)
        if at is None:
            continue  # not drawn in this view
        text = tooltip(names.get((kind, ident), ident), changes)
        folium.CircleMarker(
            location=list(at),
            radius=RING_RADIUS,
            color=COLOUR,
            weight=3,
            dash_array="5 4",
            fill=False,
            tooltip=folium.Tooltip(text),
        ).add_to(layer)
        if CROSSED.intersection(c for _, c in changes):
            folium.Marker(
                location=list(at),
                icon=folium.DivIcon(
                    html=_CROSS.format(c=COLOUR), icon_size=(18, 18), icon_anchor=(9, 9)
                ),
                tooltip=folium.Tooltip(text),
            ).add_to(layer)
    return layer
