"""A map that stays readable when the data grows: crowded seats drawn as one marker with a count.

Above AGGREGATE_ABOVE drawn actors (geo.scene), every seat shared by at least SEAT_MIN actors (Iran
itself always stands alone) is drawn, below EXPAND_ZOOM, as one marker: a ring in the camps' colours
with the number of actors. From EXPAND_ZOOM on, the browser swaps it for the actors themselves,
spread for that zoom, with every tie; no server rerun is needed (geo.fastrender.LodItems shows
each item in its zoom range). Below EXPAND_ZOOM, ties that touch an aggregated seat are bundled:
one line per pair of markers and camp, as wide as the number of ties it stands for. A selected
actor (or both ends of a selected tie) leaves its seat's marker and is drawn on its own at every
zoom, with its ties. Tie layers with many lines are drawn on a canvas. At or below the
threshold none of this applies and the map is drawn exactly as before.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import shapely

from allies.selection import Selection
from allies.vocab import CATEGORIES, HUB
from geo import styles
from geo.arcs import arc
from geo.declutter import spread
from geo.drawn import tie_camp
from geo.fastrender import Layer, lod_group
from geo.items import leader_items, ll
from geo.labels import label_zooms
from geo.projection import from_plane, to_plane
from geo.projection import px_per_unit as _px_per_unit
from geo.tooltips import safe

# A seat with at least this many actors (Iran apart) becomes one marker below EXPAND_ZOOM.
SEAT_MIN = 3
# Crowded seats show their actors from the first zoom (at least this one) where their discs fit.
FIRST_EXPAND = 5
DISC_GAP_PX = 8
# Spacing of a seat's disc: the k-th actor sits SUNFLOWER_PX * sqrt(k) px from the seat.
SUNFLOWER_PX = 13.0
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# The disc's first places are left empty, for the seat's dot or a marker standing on the seat.
DISC_HOLE = 3
# A layer with more lines and circles than this draws them on a canvas, not as SVG paths.
CANVAS_ABOVE = 300
# A tie's arc keeps every ARC_STEP-th point on a big map (24 segments become 8).
ARC_STEP = 3
# Size of a seat's marker: grows with the log of its count, within these bounds (px).
AGG_MIN_PX, AGG_MAX_PX = 24, 40

LatLon = tuple[float, float]
Item = dict[str, Any]
# Each camp's items, with the selection each stands for (see geo.mapbuild).
Entries = dict[str, list[tuple[Selection | None, Item]]]


@dataclass
class Seat:
    """An aggregated seat: its actors, their camps and what to call it."""

    key: str
    seat: LatLon
    members: list[str]
    name: str

    def camps(self, actors: dict[str, Any]) -> Counter:
        return Counter(actors[m].category for m in self.members)


def crowded_seats(
    actors: dict[str, Any], seats: dict[str, LatLon], alone: set[str]
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


def layers(
    ties: pd.DataFrame,
    actors: dict[str, Any],
    seats: dict[str, LatLon],
    anchors: list[str],
    selection: Selection | None,
    fixed_labels: list[tuple[float, float, str]],
    draw: Callable[[dict[str, LatLon], dict, frozenset[str]], tuple[Entries, Entries]],
    min_sep: float,
) -> tuple[list[Layer], dict[str, LatLon], dict[Selection, LatLon]]:
    """Tie and actor groups for a crowded map, every actor's position once expanded, and the
    focus points. `draw(positions, focus, unlabelled)` draws the ties and actors among
    `positions` the way the plain map does, from the model of what is drawn (the actors in
    `unlabelled` without a label that fits at no zoom), returning each camp's tie items and
    actor items with the selection each stands for."""
    alone = _pulled_out(ties, selection, seats)
    crowded = crowded_seats(actors, seats, alone)
    member_of = {m: s.key for s in crowded.values() for m in s.members}

    # Below its seat's expansion zoom, a crowded seat is one marker; actors standing alone
    # are spread among these markers as on the plain map, and stay put at every zoom.
    singles = {a: p for a, p in seats.items() if a not in member_of}
    overview_points = {**singles, **{k: s.seat for k, s in crowded.items()}}
    overview_anchors = [a for a in anchors if a in singles] + list(crowded)
    overview = spread(overview_points, min_sep, overview_anchors)
    expand = _expand_zooms(crowded, {a: overview[a] for a in singles})
    positions = {a: overview[a] for a in singles}
    for key, s in crowded.items():
        positions.update(_disc(s, expand[key]))
    focus: dict[Selection, LatLon] = {}
    tie_entries, actor_entries = draw(positions, focus, frozenset(member_of))
    for s in crowded.values():  # a crowded actor is found at its seat's marker at first
        for m in s.members:
            focus[Selection("actor", m)] = overview[s.key]

    zoom_of = {m: expand[s.key] for s in crowded.values() for m in s.members}
    tie_zoom = {
        t.rel_id: max(zoom_of.get(t.from_actor, 0), zoom_of.get(t.to_actor, 0))
        for t in ties.itertuples(index=False)
    }
    groups: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for camp, entries in tie_entries.items():
        thinned = [(chosen, _thin(item)) for chosen, item in entries]
        groups[("Ties", camp)] += _ranged(thinned, tie_zoom)
    bundles = _bundles(ties, actors, crowded, member_of, overview, expand, selection)
    for camp, items in bundles.items():
        groups[("Ties", camp)] += items
    for camp, entries in actor_entries.items():
        groups[("Actors", camp)] += _ranged(entries, zoom_of, leaders=True)
    alone_at = {a: positions[a] for a in singles}
    seat_items = _seat_items(crowded, actors, overview, alone_at, fixed_labels, expand)
    for camp, items in seat_items.items():
        groups[("Actors", camp)] += items
    out = []
    for kind, camp in _ordered(list(groups)):
        items = groups[(kind, camp)]
        canvas = sum(item["t"] != "marker" for item in items) > CANVAS_ABOVE
        if canvas and kind == "Ties":
            items = _one_line_per_tie(items)
        out.append(lod_group(safe(f"{kind} · {CATEGORIES[camp].label}"), items, canvas=canvas))
    return out, positions, focus


def _thin(item: Item, step: int = ARC_STEP) -> Item:
    """A tie's arc with every `step`-th point (ends kept): thousands of gently curved lines
    need fewer points to look smooth, and every point is payload."""
    points = item["ll"]
    if item["t"] != "line" or len(points) <= 2 * step:
        return item
    kept = points[::step]
    if kept[-1] != points[-1]:
        kept.append(points[-1])
    return {**item, "ll": kept}


def _ranged(
    entries: list[tuple[Selection | None, Item]], zoom_of: dict[str, int], *, leaders: bool = False
) -> list[Item]:
    """Items shown from the zoom of what they draw (none: at every zoom). An item that stands
    for no selection (a tie's visible line, a marker's leader line) goes with the next one that
    does (the tie's hit line, the marker), as geo.items and geo.mapbuild lay them out. With
    `leaders`, the leader lines of actors shown from a zoom are left out."""
    out: list[Item] = []
    waiting: list[Item] = []
    for chosen, item in entries:
        waiting.append(item)
        if chosen is None:
            continue
        zoom = zoom_of.get(chosen.id, 0)
        if zoom and leaders:  # a seat's disc needs no leader lines: one dot marks the seat
            waiting = [item]
        for it in waiting:
            out.append({**it, "z": [zoom, None]} if zoom else it)
        waiting = []
    return out + waiting


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


def _pulled_out(ties: pd.DataFrame, selection: Selection | None, seats) -> set[str]:
    """Actors drawn alone whatever the zoom: the selected actor, or the ends of a selected tie."""
    if selection is None:
        return set()
    if selection.kind == "actor" and selection.id in seats:
        return {selection.id}
    if selection.kind == "tie":
        row = ties[ties["rel_id"] == selection.id]
        if len(row):
            return {a for a in (row.iloc[0].from_actor, row.iloc[0].to_actor) if a in seats}
    return set()


def _ordered(keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Ties first, then actors, each in the camps' order."""
    camps = list(CATEGORIES)
    return sorted(keys, key=lambda k: (("Ties", "Actors").index(k[0]), camps.index(k[1])))


def _one_line_per_tie(items: list[Item]) -> list[Item]:
    """On a canvas, a tie needs no transparent twin to be clickable: the canvas renderer's
    tolerance widens its hit area. The visible line takes the tooltip instead."""
    out: list[Item] = []
    for item in items:
        cls = item.get("o", {}).get("className", "")
        if "ally-tie-hit" in cls and out and out[-1].get("ll") == item["ll"]:
            line = out[-1]
            line["o"] = {**line["o"], "interactive": True}
            line["tip"], line["to"] = item["tip"], item.get("to", {"sticky": True})
            continue
        out.append(item)
    return out


def _node(actor_id: str, member_of: dict[str, str]) -> str:
    return member_of.get(actor_id, actor_id)


def _bundles(
    ties, actors, crowded, member_of, overview, expand, selection
) -> dict[str, list[Item]]:
    """One line per pair of markers and camp for the ties touching a crowded seat, as wide as
    the number of ties it stands for, shown until both ends are expanded."""
    counts: dict[tuple[str, str, str], int] = Counter()
    touching: set[tuple[str, str, str]] = set()
    selected_actor = selection.id if selection and selection.kind == "actor" else None
    for t in ties.itertuples(index=False):
        a, b = t.from_actor, t.to_actor
        if a not in actors or b not in actors:
            continue
        na, nb = _node(a, member_of), _node(b, member_of)
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
    out: dict[str, list[Item]] = defaultdict(list)
    for (lo, hi, camp), n in sorted(counts.items()):
        i = fan[(lo, hi)]
        fan[(lo, hi)] += 1
        weight = min(14.0, 1.5 + 2.0 * math.log2(1 + n))
        opacity = styles.TIE_OPACITY * 0.75
        if selected_actor is not None:
            opacity = 1.0 if (lo, hi, camp) in touching else styles.FADED_OPACITY
        points = arc(overview[lo], overview[hi], 0.12 + 0.1 * i, n=24 // ARC_STEP)
        latlons = [[round(lat, 3), round(lon, 3)] for lat, lon in points]
        colour = CATEGORIES[camp].colour
        names = [_node_name(x, actors, crowded) for x in (lo, hi)]
        tip = (
            f"<b>{n} tie{'s' if n != 1 else ''}</b> · {safe(CATEGORIES[camp].label)}"
            f" · {safe(names[0])} ↔ {safe(names[1])} · zoom in to see each"
        )
        style = styles.path_style(
            color=colour, weight=weight, opacity=opacity, class_name="ally-bundle"
        )
        until = max(expand.get(lo, 0), expand.get(hi, 0))  # both ends open: each tie shows
        line = {"t": "line", "ll": latlons, "o": style, "tip": tip, "to": {"sticky": True}}
        out[camp].append({**line, "z": [None, until]})
    return out


def _node_name(node: str, actors, crowded) -> str:
    if node in crowded:
        return f"{crowded[node].name} ({len(crowded[node].members)} actors)"
    return actors[node].name


def _seat_items(
    crowded, actors, overview, single_pos, fixed_labels, expand
) -> dict[str, list[Item]]:
    """One marker per crowded seat, in the layer of its largest camp, labelled by priority."""
    sizes = {k: _seat_px(len(s.members)) for k, s in crowded.items()}
    # Labels: the biggest seats first; they keep clear of the single actors' markers.
    priority = sorted(crowded, key=lambda k: (-len(crowded[k].members), crowded[k].name))
    positions = {**{k: overview[k] for k in crowded}}
    zooms = label_zooms(
        positions,
        {k: s.name for k, s in crowded.items()},
        sizes,
        priority,
        fixed=[*fixed_labels, *[(lat, lon, "") for lat, lon in single_pos.values()]],
    )
    out: dict[str, list[Item]] = defaultdict(list)
    for key, s in crowded.items():
        camps = s.camps(actors)
        # Once expanded, a dot marks the seat at the centre of its actors' disc.
        dot = leader_items(s.seat, s.seat)[1]
        out[_camp_order(camps)[0][0]].append({**dot, "z": [expand[key], None]})
        size = sizes[key]
        svg = _seat_svg(camps, size)
        n = len(s.members)
        level = "" if zooms[key] <= 0 else f" ally-lz{zooms[key]}"
        spelled = ", ".join(f"{CATEGORIES[c].label} {k}" for c, k in _camp_order(camps))
        label = f"{s.name}: {n} actors"
        tip = f"<b>{safe(s.name)}</b> · {n} actors · {safe(spelled)} · click or zoom in to see each"
        main = _camp_order(camps)[0][0]
        out[main].append(
            {
                "t": "marker",
                "ll": ll(*overview[key]),
                "o": {"zIndexOffset": 500},
                "icon": {
                    "html": f'<div role="img" aria-label="{safe(label)}">{svg}'
                    f'<span class="ally-label{level}">{safe(s.name)}</span></div>',
                    "iconSize": [size, size],
                    "iconAnchor": [size / 2, size / 2],
                    "className": "ally-marker ally-agg",
                },
                "tip": tip,
                "to": {"sticky": False, "direction": "top", "offset": [0, -size // 2]},
                "zoomTo": expand[key],
                "z": [None, expand[key]],
            }
        )
    return out


def _camp_order(camps: Counter) -> list[tuple[str, int]]:
    order = list(CATEGORIES)
    return sorted(camps.items(), key=lambda kv: (-kv[1], order.index(kv[0])))


def _seat_px(n: int) -> int:
    return int(min(AGG_MAX_PX, AGG_MIN_PX + 3 * math.log2(max(1, n))))


def _seat_svg(camps: Counter, size: int) -> str:
    """A ring split by camp (share of the seat's actors) around the count."""
    total = sum(camps.values())
    c = size / 2
    r = size / 2 - 3
    width = 5
    circ = 2 * math.pi * r
    parts = [f'<circle cx="{c}" cy="{c}" r="{r + 2.5:.1f}" fill="#fff"/>']
    offset = 0.0
    for camp, k in _camp_order(camps):
        length = circ * k / total
        parts.append(
            f'<circle cx="{c}" cy="{c}" r="{r:.2f}" fill="none" stroke="{CATEGORIES[camp].colour}"'
            f' stroke-width="{width}" stroke-dasharray="{length:.2f} {circ - length:.2f}"'
            f' stroke-dashoffset="{-offset:.2f}" transform="rotate(-90 {c} {c})"/>'
        )
        offset += length
    font = max(10, int(size * 0.36))
    parts.append(
        f'<text x="{c}" y="{c}" text-anchor="middle" dominant-baseline="central"'
        f' font-size="{font}" font-weight="700" fill="{styles.INK}">{total}</text>'
    )
    return f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}">{"".join(parts)}</svg>'
