"""A tour's scenes as the dashboard shows them: the view, the map layers and the text of each
scene (no Streamlit here), shared by presentation mode and the tour exported as one HTML file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import jinja2

from allies import queries
from allies.load import Dataset
from allies.queries import Evidence, Filters
from allies.tours import Scene, Tour
from allies.vocab import CONTEXT_LABEL
from geo import mapbuild
from geo.mapbuild import MapLayers
from ui.urlstate import Choices, View, default_view

SUBJECT_TYPES = {"actor": "actor", "tie": "relationship", "place": "place"}
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def scene_view(scene: Scene, choices: Choices) -> View:
    """The shareable view a scene shows: its selection, its layers (all when it names none) and
    its places (none when it names none); the other filters are left open."""
    base = default_view(choices)
    layers = base.layers if scene.layers is None else scene.layers
    places = scene.places
    return replace(
        base,
        selection=scene.selection,
        layers=tuple(c for c in choices.layers if c in layers),
        places=tuple(p for p in choices.places if p in places),
    )


def scene_html(ds: Dataset, ev: Evidence, tour: Tour, index: int) -> str:
    """The scene's title, caption, quotes (from the excerpts, with their source and paragraph)
    and any context note on what it selects, all escaped by the template."""
    scene = tour.scenes[index]
    quotes = []
    for excerpt_id in scene.excerpts:
        row = ev.excerpts[excerpt_id]
        quotes.append(
            {
                "excerpt_id": excerpt_id,
                "quote": row.quote,
                "title": row.title,
                "paragraph": int(row.paragraph),
                "headline": "related-headline" in row.tags,
            }
        )
    kind, _, ident = (scene.selection or "").partition(":")
    notes = ev.context.get((SUBJECT_TYPES.get(kind, ""), ident), [])
    return _TEMPLATES.get_template("present_scene.html").render(
        tour_title=tour.title,
        scene=scene,
        number=index + 1,
        total=len(tour.scenes),
        quotes=quotes,
        notes=[n._asdict() for n in notes],
        context_label=CONTEXT_LABEL,
    )


def scene_layers(ds: Dataset, countries: gpd.GeoDataFrame, view: View) -> MapLayers:
    """The map layers of a scene's view. The one place where tours call the map builder."""
    kind, _, ident = (view.selection or "").partition(":")
    places = view.places
    if kind == "place" and ident not in places:  # a selected place is drawn, as on the map
        places = (*places, ident)
    shown = queries.visible(
        ds,
        Filters(
            layers=view.layers,
            support=view.support,
            status=view.status,
            places=places,
            source=view.source,
            as_of=view.as_of,
        ),
    )
    return mapbuild.layers(
        shown.actors,
        shown.ties,
        shown.places,
        countries,
        selected=ident if kind == "actor" else None,
        selected_tie=ident if kind == "tie" else None,
        selected_place=ident if kind == "place" else None,
    )
