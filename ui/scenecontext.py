"""The context notes a tour scene needs beyond those of its selection (no Streamlit here).

A scene draws and names more than it selects: the two ends of a selected tie, the actors and
places its caption names, and the actors, ties and places its layers draw. A context note about
any of them may change how the scene reads (a leader who has died, a route that is cut), so
every such note is reachable from the scene:

- the selection's own notes stay where they were (ui.scenes);
- `related`: the notes on what the scene is about, shown in full and labelled with their
  subject: the selected tie's ends first, then the actors and places the caption names (at most
  MAX_FULL notes, so that a projected scene stays readable);
- `more`: every other note on what the scene names or draws (places, then actors, then ties),
  behind a fold-out listing.

A note appears once, at the first of these places it qualifies for.
"""

from __future__ import annotations

from dataclasses import dataclass

from allies.load import Dataset
from allies.mentions import matcher
from allies.naming import actor_names, tie_title
from allies.queries import Evidence, Filters, visible
from allies.selection import Selection
from allies.tours import Scene
from allies.vocab import CATEGORIES

MAX_FULL = 3  # notes shown in full besides the selection's own
SUBJECT_TYPES = {"actor": "actor", "tie": "relationship", "place": "place"}

Subject = tuple[str, str]  # (subject_type, subject_id) as context_notes.csv names it


@dataclass(frozen=True)
class SceneNotes:
    """The notes of a scene beyond its selection's: in full, and behind the fold-out."""

    related: tuple[dict, ...]
    more: tuple[dict, ...]


def _named(ds: Dataset, scene: Scene, selected: Selection | None) -> list[Subject]:
    """What the scene is about beyond its selection: a selected tie's ends, then the actors and
    places its caption names."""
    subjects: list[Subject] = []
    if selected is not None and selected.kind == "tie":
        ties = ds.relationships[ds.relationships["rel_id"] == selected.id]
        for tie in ties.itertuples(index=False):
            subjects += [("actor", tie.from_actor), ("actor", tie.to_actor)]
    match = matcher(ds)
    subjects += [("actor", a) for a in match.ids(scene.caption, "actor")]
    subjects += [("place", p) for p in match.ids(scene.caption, "place")]
    return subjects


def _drawn(ds: Dataset, scene: Scene, selected: Selection | None) -> list[Subject]:
    """What the scene's map draws: its places, then the actors and ties of its layers (the
    scene's view leaves every other filter open)."""
    layers = tuple(CATEGORIES) if scene.layers is None else tuple(scene.layers)
    places = tuple(scene.places)
    if selected is not None and selected.kind == "place" and selected.id not in places:
        places = (*places, selected.id)
    shown = visible(ds, Filters(layers=layers, places=places))
    return (
        [("place", p) for p in shown.places["place_id"]]
        + [("actor", a) for a in shown.actors["actor_id"]]
        + [("relationship", r) for r in shown.ties["rel_id"]]
    )


def _labels(ds: Dataset) -> dict[Subject, str]:
    """Every subject a note can be about, by the name a reader knows it by."""
    names = actor_names(ds)
    labels: dict[Subject, str] = {("actor", a): n for a, n in names.items()}
    labels |= {("place", p.place_id): p.name for p in ds.places.itertuples()}
    labels |= {
        ("relationship", t.rel_id): tie_title(t, names) for t in ds.relationships.itertuples()
    }
    labels |= {("event", e.event_id): e.label for e in ds.events.itertuples()}
    return labels


def scene_notes(ds: Dataset, ev: Evidence, scene: Scene) -> SceneNotes:
    """The notes the scene needs beyond those of its selection (see the module's text)."""
    selected = Selection.parse(scene.selection)
    own = (SUBJECT_TYPES[selected.kind], selected.id) if selected else None
    seen = {n.note_id for n in ev.context.get(own, [])} if own else set()
    labels = _labels(ds)
    related: list[dict] = []
    more: list[dict] = []

    def gather(subjects: list[Subject], full: bool) -> None:
        for subject in dict.fromkeys(subjects):
            if subject == own:
                continue
            for note in ev.context.get(subject, []):
                if note.note_id in seen:
                    continue
                seen.add(note.note_id)
                item = {**note._asdict(), "about": labels.get(subject, subject[1])}
                (related if full and len(related) < MAX_FULL else more).append(item)

    gather(_named(ds, scene, selected), full=True)
    gather(_drawn(ds, scene, selected), full=False)
    return SceneNotes(tuple(related), tuple(more))
