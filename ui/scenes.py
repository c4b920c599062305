"""A tour's scenes as the dashboard shows them: the view, the map layers and the text of each
scene (no Streamlit here), shared by presentation mode and the tour exported as one HTML file.
"""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd

from allies import mentions, queries
from allies.load import Dataset
from allies.queries import Evidence
from allies.selection import Selection, subject_of
from allies.tours import Scene, Tour
from allies.vocab import CONTEXT_LABEL
from geo import mapbuild
from geo.mapbuild import MapLayers
from ui.render import render
from ui.scenecontext import scene_notes
from ui.urlstate import Choices, View, default_view, filters


def scene_view(scene: Scene, choices: Choices) -> View:
    """The shareable view a scene shows: its selection, its layers (all when it names none) and
    its places (none when it names none); the other filters are left open."""
    base = default_view(choices)
    layers = base.layers if scene.layers is None else scene.layers
    places = scene.places
    return replace(
        base,
        selection=Selection.parse(scene.selection),
        layers=tuple(c for c in choices.layers if c in layers),
        places=tuple(p for p in choices.places if p in places),
    )


def scene_subjects(ds: Dataset, scene: Scene) -> tuple[str, ...]:
    """The actors a scene is about, to be labelled whatever the zoom: the selected actor, the
    two ends of a selected tie, and every actor its title or caption names."""
    selected = Selection.parse(scene.selection)
    out: dict[str, None] = {}
    if selected is not None and selected.kind == "actor":
        out[selected.id] = None
    elif selected is not None and selected.kind == "tie":
        ties = ds.relationships[ds.relationships["rel_id"] == selected.id]
        for row in ties.itertuples():
            out.update(dict.fromkeys((row.from_actor, row.to_actor)))
    names = mentions.Matcher({"actor": mentions.actor_names(ds.actors)})
    out.update(dict.fromkeys(names.ids(f"{scene.title}. {scene.caption}", "actor")))
    return tuple(out)


def scene_html(ds: Dataset, ev: Evidence, tour: Tour, index: int) -> str:
    """The scene's title, caption, quotes (from the excerpts, with their source and paragraph)
    and the context notes on what it selects, draws or names (ui.scenecontext), all escaped by
    the template."""
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
    selected = Selection.parse(scene.selection)
    subject = subject_of(selected) if selected else None
    notes = ev.context.get(subject, []) if subject else []
    context = scene_notes(ds, ev, scene)  # what it draws or names beyond the selection
    return render(
        "present_scene.html",
        related_notes=context.related,
        more_notes=context.more,
        tour_title=tour.title,
        scene=scene,
        number=index + 1,
        total=len(tour.scenes),
        quotes=quotes,
        notes=[n._asdict() for n in notes],
        context_label=CONTEXT_LABEL,
    )


def scene_layers(
    ds: Dataset, countries: gpd.GeoDataFrame, view: View, labelled: tuple[str, ...] = ()
) -> MapLayers:
    """The map layers of a scene's view (the actors in `labelled` labelled at every zoom). The
    one place where tours call the map builder."""
    return mapbuild.layers(
        queries.visible(ds, filters(view)),
        countries,
        selection=view.selection,
        labelled=frozenset(labelled),
    )
