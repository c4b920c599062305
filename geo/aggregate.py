"""The model of a crowded map: crowded seats folded into one counted marker, and their ties bundled.

Above AGGREGATE_ABOVE drawn actors (geo.scene), every seat shared by at least SEAT_MIN actors (Iran
itself always stands alone) is drawn, below its expansion zoom, as one marker with the number of
its actors (a `DrawnSeat`). From that zoom on, the seat's actors are drawn themselves, spread on
a disc around it, with every tie. Below it, the ties that touch a folded seat are bundled: one
`DrawnBundle` per pair of markers and camp, standing for the number of ties it folds. A selected
actor (or both ends of a selected tie) leaves its seat and is drawn on its own at every zoom,
with its ties. `crowd` works all of this out as plain data, before anything is rendered:
`geo.drawn.drawn_view` puts it into the model, and each renderer draws it (geo.mapbuild: the
browser shows each item in its zoom range, with no server rerun).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import shapely

from allies.selection import Selection
from allies.vocab import CATEGORIES, HUB, tie_camp
from geo import styles
from geo.arcs import arc
from geo.declutter import spread
from geo.labels import label_zooms
from geo.projection import from_plane, to_plane
from geo.projection import px_per_unit as _px_per_unit
from geo.scene import MIN_SEP_DEG, Scene

# A seat with at least this many actors (Iran apart) becomes one marker below its expansion zoom.
SEAT_MIN = 3
# Crowded seats show their actors from the first zoom (at least this one) where their discs fit.
FIRST_EXPAND = 5
DISC_GAP_PX = 8
# Spacing of a seat's disc: the k-th actor sits SUNFLOWER_PX * sqrt(k) px from the seat.
SUNFLOWER_PX = 13.0
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# The disc's first places are left empty, for the seat's dot or a marker standing on the seat.
DISC_HOLE = 3
# Points of a bundle's arc (a tie's arc has geo.drawn.ARC_POINTS; a bundle needs fewer).
BUNDLE_ARC_POINTS = 8
# Size of a seat's marker: grows with the log of its count, within these bounds (px).
AGG_MIN_PX, AGG_MAX_PX = 24, 40

LatLon = tuple[float, float]


@dataclass(frozen=True)
class DrawnSeat:
    """A crowded seat, drawn as one counted marker until its actors are shown."""

    key: str  # "seat:<lat>,<lon>"
    name: str  # the seat's city (or country) as the actors' rows give it
    pos: LatLon  # the marker, among the markers drawn at every zoom
    seat: LatLon  # the shared seat, marked by a dot once the seat opens
    members: tuple[str, ...]  # the actors folded into it
    camps: tuple[tuple[str, int], ...]  # each camp and its number of actors, largest first
    expand_zoom: int  # from this zoom on, its actors are drawn instead
    label_zoom: int  # the marker's label shows from this zoom on (0: always)
    size_px: int

    @property
    def camp(self) -> str:
        """The layer the marker goes in: its largest camp's."""
        return self.camps[0][0]


@dataclass(frozen=True)
class DrawnBundle:
    """The ties between two markers in one camp, drawn as one line until both ends open."""

    ends: tuple[str, str]  # a seat's key or an actor's id, sorted
    names: tuple[str, str]  # what each end is called
    camp: str
    count: int  # the ties it stands for
    points: tuple[LatLon, ...]
    emphasis: str  # "plain", or against a selected actor "touching" or "faded"
    until_zoom: int  # drawn below this zoom (both ends open there)


@dataclass(frozen=True)
class Crowd:
    """Where a crowded map draws everything: the markers' positions once every seat is open,
    the zoom from which each folded actor shows, the seats' markers and the bundles."""

    positions: dict[str, LatLon]  # the drawn actors: those alone first, then each seat's disc
    shown_from: dict[str, int]  # a folded actor -> the zoom its seat opens at
    seat_of: dict[str, LatLon]  # a folded actor -> its seat's marker (where to find it first)
    seats: tuple[DrawnSeat, ...]
    bundles: tuple[DrawnBundle, ...]


@dataclass
class Seat:
    """An aggregated seat: its actors and what to call it."""

    key: str
    seat: LatLon
    members: list[str]
    name: str

    def camps(self, actors: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
        """Each camp with its number of actors, the largest first (ties: the camps' order)."""
        order = list(CATEGORIES)
        counts = Counter(actors[m].category for m in self.members)
        return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0]))))


def crowded_seats(
    actors: Mapping[str, Any], seats: Mapping[str, LatLon], alone: set[str]
) -> dict[str, Seat]:
    """Seats shared by SEAT_MIN actors or more, keyed; the hub state and `alone` stay apart."""
    by_seat: dict[tuple[float, float], list[str]] = defaultdict(list)
    for a, (lat, lon) in seats.items():
        row = actors[a]
        if a in alone or (row.category == HUB and row.kind == "state"):
            continue
        by_seat[(round(lat, 2), round(lon, 2))].append(a)
    out: dict[str, Seat] = {}
    for (lat, lon), members in by_seat.items():
        if len(members) < SEAT_MIN:
            continue
        names = Counter(actors[m].seat for m in members if actors[m].seat)
        countries = Counter(actors[m].country for m in members if actors[m].country)
        name = (names or countries or Counter({"this seat": 1})).most_common(1)[0][0]
        key = f"seat:{lat:.2f},{lon:.2f}"
        out[key] = Seat(key, seats[members[0]], members, str(name))
    return out


def crowd(
    scene: Scene, selection: Selection | None, fixed_labels: list[tuple[float, float, str]]
) -> Crowd:
    """Where a crowded map draws its actors, seats and bundles (see the module's text), on a
    view's `scene`. `fixed_labels` are the labels (lat, lon, text) that the seats' labels keep
    clear of."""
    actors, seats, anchors, ties = scene.actors, scene.seats, scene.anchors, scene.ties
    alone = _pulled_out(ties, selection, seats)
    crowded = crowded_seats(actors, seats, alone)
    member_of = {m: s.key for s in crowded.values() for m in s.members}

    # Below its seat's expansion zoom, a crowded seat is one marker; actors standing alone
    # are spread among these markers as on the plain map, and stay put at every zoom.
    singles = {a: p for a, p in seats.items() if a not in member_of}
    overview_points = {**singles, **{k: s.seat for k, s in crowded.items()}}
    overview_anchors = [a for a in anchors if a in singles] + list(crowded)
    overview = spread(overview_points, MIN_SEP_DEG, overview_anchors)
    alone_at = {a: overview[a] for a in singles}
    expand = _expand_zooms(crowded, alone_at)
    positions = dict(alone_at)
    for key, s in crowded.items():
        positions.update(_disc(s, expand[key]))
    selected_actor = selection.id if selection and selection.kind == "actor" else None
    return Crowd(
        positions=positions,
        shown_from={m: expand[member_of[m]] for m in member_of},
        seat_of={m: overview[member_of[m]] for m in member_of},
        seats=_seats(crowded, actors, overview, alone_at, fixed_labels, expand),
        bundles=_bundles(ties, actors, crowded, member_of, overview, expand, selected_actor),
    )


def _expand_zooms(crowded: dict[str, Seat], singles: dict[str, LatLon]) -> dict[str, int]:
    """The zoom from which each crowded seat shows its actors: the first at which its disc
    keeps clear of every other seat's disc and of the markers standing alone."""
    keys = list(crowded)
    if not keys:
        return {}
    radius = {k: _disc_px(len(crowded[k].members)) for k in keys}
    others = [(k, crowded[k].seat, radius[k]) for k in keys]
    others += [(a, p, styles.MARKER_PX) for a, p in singles.items()]
    plane = [to_plane(*p) for _, p, _ in others]
    tree = shapely.STRtree(shapely.points(plane))
    widest = max(r for *_, r in others)
    out: dict[str, int] = {}
    for i, k in enumerate(keys):
        reach = (radius[k] + widest + DISC_GAP_PX) / _px_per_unit(FIRST_EXPAND)
        zoom = FIRST_EXPAND
        for j in tree.query(shapely.points(plane[i]), predicate="dwithin", distance=reach).tolist():
            if j == i:
                continue
            d = math.dist(plane[i], plane[j])
            if d < 1e-9:
                continue  # a marker on the seat itself (Iran at Tehran) sits in the disc's hole
            need = radius[k] + others[j][2] + DISC_GAP_PX
            zoom = max(zoom, math.ceil(math.log2(need / d / _px_per_unit(0))))
        out[k] = min(max(zoom, FIRST_EXPAND), styles.MAX_ZOOM)
    return out


def _disc_px(members: int) -> float:
    """Radius of a seat's expanded disc of `members` markers (px)."""
    return SUNFLOWER_PX * math.sqrt(members + DISC_HOLE) + styles.MARKER_PX / 2


def _disc(s: Seat, zoom: int) -> dict[str, LatLon]:
    """A seat's actors on a sunflower disc around it, about a marker apart at `zoom` (the
    centre is left free, see DISC_HOLE)."""
    cx, cy = to_plane(*s.seat)
    unit = _px_per_unit(zoom)
    out: dict[str, LatLon] = {}
    for k, m in enumerate(s.members, start=DISC_HOLE):
        r = SUNFLOWER_PX * math.sqrt(k) / unit
        angle = k * GOLDEN_ANGLE
        out[m] = from_plane(cx + r * math.cos(angle), cy + r * math.sin(angle))
    return out


def _pulled_out(ties: tuple[Any, ...], selection: Selection | None, seats) -> set[str]:
    """Actors drawn alone whatever the zoom: the selected actor, or the ends of a selected tie."""
    if selection is None:
        return set()
    if selection.kind == "actor" and selection.id in seats:
        return {selection.id}
    if selection.kind == "tie":
        for t in ties:
            if t.rel_id == selection.id:
                return {a for a in (t.from_actor, t.to_actor) if a in seats}
    return set()


def _bundles(
    ties, actors, crowded, member_of, overview, expand, selected_actor
) -> tuple[DrawnBundle, ...]:
    """One bundle per pair of markers and camp for the ties touching a crowded seat, shown
    until both ends are open."""
    counts: dict[tuple[str, str, str], int] = Counter()
    touching: set[tuple[str, str, str]] = set()
    for t in ties:
        a, b = t.from_actor, t.to_actor
        if a not in actors or b not in actors:
            continue
        na, nb = member_of.get(a, a), member_of.get(b, b)
        if na not in overview or nb not in overview or (na == a and nb == b):
            continue  # not drawn, or drawn as a tie of its own
        if na == nb:
            continue  # both ends inside one seat's marker
        camp = tie_camp(actors[a].category, actors[b].category)
        lo, hi = sorted((na, nb))
        counts[(lo, hi, camp)] += 1
        if selected_actor in (a, b):
            touching.add((lo, hi, camp))
    fan: dict[tuple[str, str], int] = Counter()
    out: list[DrawnBundle] = []
    for (lo, hi, camp), n in sorted(counts.items()):
        i = fan[(lo, hi)]
        fan[(lo, hi)] += 1
        emphasis = "plain"
        if selected_actor is not None:
            emphasis = "touching" if (lo, hi, camp) in touching else "faded"
        points = arc(overview[lo], overview[hi], 0.12 + 0.1 * i, n=BUNDLE_ARC_POINTS)
        out.append(
            DrawnBundle(
                ends=(lo, hi),
                names=(_node_name(lo, actors, crowded), _node_name(hi, actors, crowded)),
                camp=camp,
                count=n,
                points=tuple(points),
                emphasis=emphasis,
                until_zoom=max(expand.get(lo, 0), expand.get(hi, 0)),
            )
        )
    return tuple(out)


def _node_name(node: str, actors, crowded) -> str:
    if node in crowded:
        return f"{crowded[node].name} ({len(crowded[node].members)} actors)"
    return actors[node].name


def _seats(crowded, actors, overview, single_pos, fixed_labels, expand) -> tuple[DrawnSeat, ...]:
    """The crowded seats' markers, labelled by priority: the biggest seats first, clear of the
    labels in `fixed_labels` and of the markers standing alone."""
    sizes = {k: seat_px(len(s.members)) for k, s in crowded.items()}
    priority = sorted(crowded, key=lambda k: (-len(crowded[k].members), crowded[k].name))
    zooms = label_zooms(
        {k: overview[k] for k in crowded},
        {k: s.name for k, s in crowded.items()},
        sizes,
        priority,
        fixed=[*fixed_labels, *[(lat, lon, "") for lat, lon in single_pos.values()]],
    )
    return tuple(
        DrawnSeat(
            key=key,
            name=s.name,
            pos=overview[key],
            seat=s.seat,
            members=tuple(s.members),
            camps=s.camps(actors),
            expand_zoom=expand[key],
            label_zoom=zooms[key],
            size_px=sizes[key],
        )
        for key, s in crowded.items()
    )


def seat_px(n: int) -> int:
    """The size of a seat's marker for `n` actors (px): grows with the log of its count."""
    return int(min(AGG_MAX_PX, AGG_MIN_PX + 3 * math.log2(max(1, n))))
