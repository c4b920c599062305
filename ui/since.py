"""The Map's toggle "Mark what changed since the sources": off by default, kept in the address
(since=true), and the layer of marks it adds (geo.since), with a caption that says what the
marks are."""

from __future__ import annotations

import folium
import streamlit as st

from allies.context import map_changes
from allies.load import Dataset
from allies.selection import Selection
from geo import since
from geo.mapbuild import MapLayers
from ui import keys
from ui.panel import selection_labels

LABEL = "Mark what changed since the sources"
HELP = (
    "Draws a dashed ring (a cross where a tie ended or a route was cut) around what a dated "
    "context note says changed after the sources were written. Context, not from the sources."
)


def toggle() -> None:
    """The toggle, in the sidebar; its value outlives pages that do not show it (keys.KEEP)."""
    st.toggle(LABEL, key=keys.SINCE, help=HELP, persist_state=keys.KEEP)


def _names(ds: Dataset) -> dict[tuple[str, str], str]:
    labels = selection_labels(ds)
    return {
        (sel.kind, sel.id): label
        for text, label in labels.items()
        if (sel := Selection.parse(text)) is not None
    }


def groups(ds: Dataset, built: MapLayers, on: bool) -> list[folium.FeatureGroup]:
    """The marks' layer when the toggle is on; nothing otherwise."""
    return [since.group(built, map_changes(ds), _names(ds))] if on else []


def caption(ds: Dataset, built: MapLayers, on: bool) -> str | None:
    """What the marks are, under the map, when they are drawn."""
    if not on:
        return None
    marks = map_changes(ds)
    drawn = sum(since.where(built, kind, ident) is not None for kind, ident in marks)
    return (
        f"Dashed brown rings mark {drawn} of {len(marks)} actors, ties and places that a dated "
        "context note says changed since the sources (a cross: a tie ended or a route was cut). "
        "They are context, not from the sources; hover over one, or open "
        "'What changed since the sources', for the notes and the reports they cite."
    )
