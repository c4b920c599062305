"""What a view draws, as plain typed data: the one model that every renderer reads.

`drawn_view` turns a filtered view (`allies.queries.Visible`) and its prepared scene
(`geo.scene.scene`: seats, marker positions after decluttering, the shading) into the
actors, ties and places the map draws, each with where it is, how it looks in words (camp,
emphasis, label zoom) and the excerpts behind it. The Leaflet layers, the text view and the
still images are renderings of this model, so none of them can show what the others do not.
No HTML here, and nothing is escaped: escaping belongs to each renderer.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pandas as pd

from allies.naming import short_name
from allies.selection import Selection, id_of
from allies.vocab import CATEGORIES, HUB, tie_camp
from geo import styles
from geo.aggregate import DrawnBundle, DrawnSeat, crowd
from geo.arcs import arcs
from geo.labels import LAST_ZOOM, label_zooms

if TYPE_CHECKING:
    from allies.queries import Visible
    from geo.scene import Scene

LatLon = tuple[float, float]

# Points per drawn tie (geo.arcs.arc's n).
ARC_POINTS = 24
# How a tie is drawn against the selection.
EMPHASES = ("plain", "strong", "touching", "faded")


@dataclass(frozen=True)
class DrawnActor:
    """A marker: an actor with a seat, where the map puts it and how it is labelled."""

    actor_id: str
    name: str
    label: str  # the short text the map shows beside the marker
    camp: str  # a key of allies.vocab.CATEGORIES
    kind: str  # the actor's kind, which gives the marker's shape
    pos: LatLon  # the marker's position after decluttering
    seat: LatLon  # the true seat (a leader line joins the two where they differ)
    label_zoom: int  # the map shows the label from this zoom on (0: always)
    selected: bool
    shown_from: int = 0  # on a crowded map, the zoom its seat opens at (0: always drawn)

    @property
    def leader(self) -> bool:
        """Whether a leader line joins the marker to its true seat: the marker moved, and no
        seat's dot marks the seat (as it does for a crowded seat's actors)."""
        return not self.shown_from and math.dist(self.seat, self.pos) > 1e-6

    @property
    def labelled(self) -> bool:
        """Whether the marker has a label at all: a crowded seat's actor whose label fits at
        no zoom has none."""
        return not (self.shown_from and self.label_zoom >= LAST_ZOOM)


@dataclass(frozen=True)
class DrawnTie:
    """A drawn tie: both ends have a seat."""

    rel_id: str
    from_actor: str
    to_actor: str
    title: str  # "Iran → Hezbollah"
    camp: str
    type: str
    status: str
    strength: int
    support: tuple[str, ...]
    since: int | None
    since_precision: str | None
    points: tuple[LatLon, ...]  # the drawn arc
    emphasis: str  # one of EMPHASES
    excerpt_ids: tuple[str, ...]
    shown_from: int = 0  # on a crowded map, the zoom from which both ends are drawn
    bend: float = 0.2  # the arc's bend (geo.arcs.arc), fanned out between ties of one pair


@dataclass(frozen=True)
class DrawnPlace:
    """A strategic place the view draws."""

    place_id: str
    name: str
    kind: str
    in_sources: bool
    geometry: Any  # a shapely geometry in lon/lat
    selected: bool
    over_ties: bool  # drawn above the ties (cities, chokepoints) or below them
    excerpt_ids: tuple[str, ...]


@dataclass(frozen=True)
class DrawnView:
    """Everything a view draws, in the order the map draws it."""

    actors: tuple[DrawnActor, ...]  # camp order of CATEGORIES, then name
    ties: tuple[DrawnTie, ...]  # camp order, then the view's order
    places: tuple[DrawnPlace, ...]  # drawing order: under the ties by kind, then over them
    shading: Mapping[str, str]  # iso3 code -> camp of the countries shaded
    selection: Selection | None
    unseated: tuple[str, ...]  # actors of the view that have no seat and are not drawn
    # Each drawn actor's marker, in the scene's order (the order the map draws them in).
    positions: Mapping[str, LatLon] = field(default_factory=lambda: MappingProxyType({}))
    # A crowded map (geo.aggregate): drawn by zoom, with the seats folded into one marker,
    # the ties bundled between markers, and each folded actor's seat marker (where to find
    # it at first).
    crowded: bool = False
    seats: tuple[DrawnSeat, ...] = ()
    bundles: tuple[DrawnBundle, ...] = ()
    seat_of: Mapping[str, LatLon] = field(default_factory=lambda: MappingProxyType({}))

    def ids(self) -> dict[str, set[str]]:
        """The ids drawn, by selection kind."""
        return {
            "actor": {a.actor_id for a in self.actors},
            "tie": {t.rel_id for t in self.ties},
            "place": {p.place_id for p in self.places},
        }

    def actor(self, actor_id: str) -> DrawnActor | None:
        """The drawn actor of that id, if it is drawn."""
        return next((a for a in self.actors if a.actor_id == actor_id), None)


def at_zoom(made: DrawnView, zoom: float) -> DrawnView:
    """What the live map shows of a model at `zoom` (the browser's rule, geo/static/map-kit.js:
    a thing drawn from a zoom shows from it on; a folded seat and its bundles show below the
    zoom its seat opens at). A plain map shows everything at every zoom."""
    if not made.crowded:
        return made
    return replace(
        made,
        actors=tuple(a for a in made.actors if zoom >= a.shown_from),
        ties=tuple(t for t in made.ties if zoom >= t.shown_from),
        seats=tuple(s for s in made.seats if zoom < s.expand_zoom),
        bundles=tuple(b for b in made.bundles if zoom < b.until_zoom),
    )


def bends(ties: list[tuple[str, str, str]]) -> dict[str, float]:
    """A bend per tie, so that several ties between one pair fan out instead of overlapping."""
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for rel_id, a, b in ties:
        lo, hi = sorted((a, b))
        pairs[(lo, hi)].append((rel_id, a))
    out: dict[str, float] = {}
    for (lo, _hi), members in pairs.items():
        for i, (rel_id, a) in enumerate(members):
            bend = 0.2 if len(members) == 1 else 0.1 + 0.13 * i
            # Same geometry whichever way a tie points: bend relative to the sorted pair.
            out[rel_id] = bend if a == lo else -bend
    return out


def label_priority(row: Any, selected: str | None) -> tuple[int, str]:
    """Who gets a label first: the selection and Iran, then states, then the rest."""
    if row.actor_id == selected or (row.category == HUB and row.kind == "state"):
        return (0, row.name)
    return (1 if row.kind == "state" else 2, row.name)


def label_text(row: Any) -> str:
    """An actor's label: its name, or its acronym when the name is long."""
    return short_name(row.name, row.aliases)


def emphasis(a: str, b: str, rel_id: str, selected_tie: str | None, selected_actor: str | None):
    """How a tie is drawn against the selection (one of EMPHASES)."""
    if selected_tie is not None:
        return "strong" if rel_id == selected_tie else "faded"
    if selected_actor is not None:
        return "touching" if selected_actor in (a, b) else "faded"
    return "plain"


def fixed_labels(places: pd.DataFrame) -> list[tuple[float, float, str]]:
    """The chokepoints' own labels (lat, lon, text), which marker labels keep clear of."""
    return [
        (geom.y, geom.x, row.name)
        for row, geom in zip(places.itertuples(index=False), places.geometry, strict=True)
        if row.kind == "chokepoint" and geom.geom_type == "Point"
    ]


def actor_label_zooms(
    actors: Mapping[str, Any],
    positions: Mapping[str, LatLon],
    selected: str | None,
    fixed: list[tuple[float, float, str]],
    labelled: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """The zoom from which each drawn actor's label shows, as the live map places them; the
    actors in `labelled` (what a tour scene is about) at every zoom."""
    priority = sorted(positions, key=lambda a: label_priority(actors[a], selected))
    return label_zooms(
        dict(positions),
        {a: label_text(actors[a]) for a in positions},
        {a: styles.marker_px(actors[a].kind, actors[a].category) for a in positions},
        priority,
        fixed=fixed,
        always=frozenset(a for a in positions if label_priority(actors[a], selected)[0] == 0)
        | (labelled & set(positions)),
    )


def drawn_view(
    view: Visible,
    scene: Scene,
    selection: Selection | None = None,
    labelled: frozenset[str] = frozenset(),
) -> DrawnView:
    """The model of what `view` draws with `selection`, on the prepared `scene` of that view;
    the actors in `labelled` are labelled at every zoom. On a crowded scene the model also
    holds the folded seats and the bundled ties (geo.aggregate), and each actor and tie the
    zoom it is drawn from."""
    actors = scene.actors
    fixed = fixed_labels(view.places)
    folded = crowd(scene, selection, fixed) if scene.crowded else None
    positions = folded.positions if folded else scene.positions
    shown_from = folded.shown_from if folded else {}
    selected_actor = id_of(selection, "actor")
    if selected_actor not in positions:
        selected_actor = None
    zooms = actor_label_zooms(actors, positions, selected_actor, fixed, labelled)
    order = {camp: i for i, camp in enumerate(CATEGORIES)}
    drawn_actors = sorted(
        (
            DrawnActor(
                actor_id=a,
                name=actors[a].name,
                label=label_text(actors[a]),
                camp=actors[a].category,
                kind=actors[a].kind,
                pos=positions[a],
                seat=scene.seats[a],
                label_zoom=zooms[a],
                selected=a == selected_actor,
                shown_from=shown_from.get(a, 0),
            )
            for a in positions
        ),
        key=lambda d: (order.get(d.camp, len(order)), d.name),
    )
    ties = _ties(scene.ties, actors, positions, shown_from, selection, selected_actor)
    return DrawnView(
        actors=tuple(drawn_actors),
        ties=tuple(sorted(ties, key=lambda t: order.get(t.camp, len(order)))),
        places=drawn_places(view.places, id_of(selection, "place")),
        shading=MappingProxyType(dict(scene.shade)),
        selection=selection,
        unseated=tuple(a for a in view.actors["actor_id"] if a not in positions),
        positions=MappingProxyType(dict(positions)),
        crowded=folded is not None,
        seats=folded.seats if folded else (),
        bundles=folded.bundles if folded else (),
        seat_of=MappingProxyType(folded.seat_of if folded else {}),
    )


def _ties(
    ties: tuple[Any, ...],
    actors: Mapping[str, Any],
    positions: Mapping[str, LatLon],
    shown_from: Mapping[str, int],
    selection: Selection | None,
    selected_actor: str | None,
) -> list[DrawnTie]:
    """The view's drawable ties (both ends drawn), in the view's order."""
    drawable = [t for t in ties if t.from_actor in positions and t.to_actor in positions]
    selected_tie = id_of(selection, "tie")
    if selected_tie not in {t.rel_id for t in drawable}:
        selected_tie = None
    bend = bends([(t.rel_id, t.from_actor, t.to_actor) for t in drawable])
    curves = arcs(
        [positions[t.from_actor] for t in drawable],
        [positions[t.to_actor] for t in drawable],
        [bend[t.rel_id] for t in drawable],
        ARC_POINTS,
    )
    out = []
    for t, points in zip(drawable, curves, strict=True):
        a, b = actors[t.from_actor], actors[t.to_actor]
        out.append(
            DrawnTie(
                rel_id=t.rel_id,
                from_actor=a.actor_id,
                to_actor=b.actor_id,
                title=f"{a.name} → {b.name}",
                camp=tie_camp(a.category, b.category),
                type=t.type,
                status=t.status,
                strength=int(t.strength),
                support=tuple(t.support),
                since=None if pd.isna(t.since) else int(t.since),
                since_precision=None if pd.isna(t.since_precision) else str(t.since_precision),
                points=points,
                emphasis=emphasis(a.actor_id, b.actor_id, t.rel_id, selected_tie, selected_actor),
                excerpt_ids=tuple(t.excerpt_ids),
                shown_from=max(shown_from.get(a.actor_id, 0), shown_from.get(b.actor_id, 0)),
                bend=bend[t.rel_id],
            )
        )
    return out


def drawn_places(places: pd.DataFrame, selected: str | None) -> tuple[DrawnPlace, ...]:
    """The places of a view as the map draws them: those under the ties in kind order, then
    those over them."""
    rows = [
        DrawnPlace(
            place_id=row.place_id,
            name=row.name,
            kind=row.kind,
            in_sources=bool(row.in_sources),
            geometry=geom,
            selected=row.place_id == selected,
            over_ties=row.kind in styles.PLACE_OVER_TIES,
            excerpt_ids=tuple(row.excerpt_ids),
        )
        for row, geom in zip(places.itertuples(index=False), places.geometry, strict=True)
    ]
    kinds = (*styles.PLACE_UNDER_TIES, *styles.PLACE_OVER_TIES)
    rank = {k: i for i, k in enumerate(kinds)}
    return tuple(sorted(rows, key=lambda p: rank.get(p.kind, len(rank))))
