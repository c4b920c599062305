"""What each drawn thing is, as an item of a feature group's JSON list (see geo.fastrender):
a place's circles, lines or polygons, a tie's line and its hit line, an actor's marker with its
label, and the leader line from a moved marker to its seat. Rows are allies' typed rows; the
looks come from geo.styles. The few bits of markup here sit inside JSON strings, and every data
string in them goes through `safe`.
"""

from __future__ import annotations

import math
from typing import Any

import shapely

from allies.vocab import CATEGORIES, HUB
from geo import styles
from geo.aggregate import DrawnBundle, DrawnSeat
from geo.drawn import DrawnActor, DrawnPlace
from geo.fastrender import geometry_of
from geo.tooltips import safe

LatLon = tuple[float, float]
Item = dict[str, Any]


def place_style(kind: str, in_sources: bool, selected: bool) -> dict[str, Any]:
    """A place's path style: by kind, grey and dashed when it is context, heavier if selected."""
    style = dict(styles.PLACE_STYLE[kind])
    if selected:
        style.update(weight=style.get("weight", 2) + 3, opacity=1.0)
    if not in_sources:
        style.update(color=styles.CONTEXT_GREY, dash_array="4 6")
        if "fill_color" in style and kind != "city":
            style.update(
                fill_color=styles.CONTEXT_GREY, fill_opacity=min(style["fill_opacity"], 0.08)
            )
        if kind in ("corridor", "coast"):
            style.update(opacity=0.7, weight=min(style["weight"], 5))
    if "fill_color" in style:
        style["fill"] = True
    return style


def place_items(place: DrawnPlace, tooltip: str) -> list[Item]:
    """Items drawing one place: circles (with a label for chokepoints), lines or polygons."""
    style = place_style(place.kind, place.in_sources, place.selected)
    # Class hooks name the place, for styling and for the browser tests.
    style["class_name"] = f"ally-place ally-place-{safe(place.place_id)}"
    gj = shapely.geometry.mapping(place.geometry)
    gtype, coords = gj["type"], gj["coordinates"]
    tip = {"tip": tooltip, "to": {"sticky": True}}
    if gtype in ("LineString", "MultiLineString"):
        lines = [coords] if gtype == "LineString" else coords
        return [{"t": "line", "ll": latlon(lines), "o": styles.path_style(**style), **tip}]
    if gtype in ("Polygon", "MultiPolygon"):
        polys = [coords] if gtype == "Polygon" else coords
        return [{"t": "polygon", "ll": latlon(polys), "o": styles.path_style(**style), **tip}]
    if gtype not in ("Point", "MultiPoint"):
        return []
    radius = styles.PLACE_RADIUS_PX.get(place.kind, styles.PLACE_RADIUS_DEFAULT_PX)
    items: list[Item] = []
    for lon, lat, *_ in [coords] if gtype == "Point" else coords:
        circle = styles.path_style(radius=radius, **style)
        items.append({"t": "circle", "ll": ll(lat, lon), "o": circle, **tip})
        if place.kind == "chokepoint":
            items.append(
                {
                    "t": "marker",
                    "ll": ll(lat, lon),
                    "o": {"interactive": False, "keyboard": False},
                    "icon": {
                        # Markup in a JSON list; the one data string in it is escaped by `safe`.
                        "html": f"<span>{safe(place.name)}</span>",
                        "iconSize": [0, 0],
                        "className": "ally-place-label",
                    },
                }
            )
    return items


def tie_items(
    tie: Any,
    points: list[LatLon],
    camp: str,
    emphasis: str,
    tooltip: str,
    curve: tuple[LatLon, LatLon, float, int] | None = None,
) -> list:
    """A tie's visible line (styled by strength, status and emphasis) and its hit line.

    `curve` is (start, end, bend, n) when `points` is `geo.arcs.arc(start, end, bend, n)`: the
    items then carry the curve (`"arc"`) instead of the points, and the browser draws the
    points from it (the model, geo.drawn.DrawnTie.points, holds them for every other renderer).
    """
    colour = CATEGORIES[camp].colour
    weight = styles.TIE_WEIGHTS[int(tie.strength)]
    opacity = styles.TIE_OPACITY
    if emphasis == "strong":
        weight, opacity = weight + 2.5, 1.0
    elif emphasis == "touching":
        weight, opacity = weight + 1.5, 1.0
    elif emphasis == "faded":
        opacity = styles.FADED_OPACITY
    line = styles.path_style(
        color=colour,
        weight=weight,
        opacity=opacity,
        dash_array=styles.STATUS_DASHES[tie.status],
        class_name="ally-tie",
        interactive=False,
    )
    hit = styles.path_style(
        color=colour,
        weight=max(weight + 8, styles.TIE_HIT_PX),
        opacity=0,
        class_name=f"ally-tie-hit ally-tie-{safe(tie.rel_id)}",
    )
    if curve is not None:
        (lat0, lon0), (lat1, lon1), bend, n = curve
        shape: dict[str, Any] = {"arc": [*ll(lat0, lon0), *ll(lat1, lon1), bend, n]}
    else:
        shape = {"ll": [[round(lat, 3), round(lon, 3)] for lat, lon in points]}
    return [
        {"t": "line", **shape, "o": line},
        {"t": "line", **shape, "o": hit, "tip": tooltip, "to": {"sticky": True}},
    ]


def leader_items(pos: LatLon, seat: LatLon) -> list[Item]:
    """A thin dashed line from a moved marker to its true seat, and a dot on the seat."""
    colour = styles.LEADER_COLOUR
    line = styles.path_style(
        color=colour, weight=1, opacity=0.8, dash_array="2 3", interactive=False
    )
    dot = styles.path_style(
        radius=2,
        color=colour,
        weight=1,
        fill=True,
        fill_color=colour,
        fill_opacity=1,
        interactive=False,
    )
    return [
        {"t": "line", "ll": [ll(*pos), ll(*seat)], "o": line},
        {"t": "circle", "ll": ll(*seat), "o": dot},
    ]


def actor_marker(actor: DrawnActor, tooltip: str, *, label: bool = True) -> Item:
    """An actor's marker: its shape in its camp's colour, ringed if selected, with its label
    (shown from its label zoom on; left out with `label=False`)."""
    is_hub = actor.camp == HUB and actor.kind == "state"
    # Kinds without a shape of their own (an informal grouping given a seat) are circles.
    shape = styles.KIND_SHAPES.get(actor.kind, "circle")
    size = styles.marker_px(actor.kind, actor.camp)
    colour = CATEGORIES[actor.camp].colour
    box, svg = styles.shape_svg(shape, size, colour, ring=is_hub, selected=actor.selected)
    level = "" if actor.label_zoom <= 0 else f" ally-lz{actor.label_zoom}"
    # Markup in a JSON list: the data strings in it are escaped by `safe`.
    text = f'<span class="ally-label{level}">{safe(actor.label)}</span>' if label else ""
    return {
        "t": "marker",
        "ll": ll(*actor.pos),
        "o": {"zIndexOffset": 2000 if actor.selected else 1000 if is_hub else 0},
        "icon": {
            "html": f'<div role="img" aria-label="{safe(actor.name)}">{svg}{text}</div>',
            "iconSize": [box, box],
            "iconAnchor": [box / 2, box / 2],
            "className": "ally-marker",
        },
        "tip": tooltip,
        "to": {"sticky": False, "direction": "top", "offset": [0, -box // 2]},
    }


def bundle_item(bundle: DrawnBundle) -> Item:
    """A crowded map's bundle of ties: one line as wide as the number of ties it stands for,
    drawn until both its ends open."""
    n = bundle.count
    opacity = {"touching": 1.0, "faded": styles.FADED_OPACITY}.get(
        bundle.emphasis, styles.TIE_OPACITY * 0.75
    )
    style = styles.path_style(
        color=CATEGORIES[bundle.camp].colour,
        weight=min(14.0, 1.5 + 2.0 * math.log2(1 + n)),
        opacity=opacity,
        class_name="ally-bundle",
    )
    first, second = bundle.names
    tip = (
        f"<b>{n} tie{'s' if n != 1 else ''}</b> · {safe(CATEGORIES[bundle.camp].label)}"
        f" · {safe(first)} ↔ {safe(second)} · zoom in to see each"
    )
    return {
        "t": "line",
        "ll": [[round(lat, 3), round(lon, 3)] for lat, lon in bundle.points],
        "o": style,
        "tip": tip,
        "to": {"sticky": True},
        "z": [None, bundle.until_zoom],
    }


def seat_items(seat: DrawnSeat) -> list[Item]:
    """A crowded seat: its counted marker, drawn until the seat opens (a click zooms there),
    and from then on a dot on the seat at the centre of its actors' disc."""
    dot = leader_items(seat.seat, seat.seat)[1]
    size, n = seat.size_px, len(seat.members)
    level = "" if seat.label_zoom <= 0 else f" ally-lz{seat.label_zoom}"
    spelled = ", ".join(f"{CATEGORIES[c].label} {k}" for c, k in seat.camps)
    label = f"{seat.name}: {n} actors"
    tip = f"<b>{safe(seat.name)}</b> · {n} actors · {safe(spelled)} · click or zoom in to see each"
    marker = {
        "t": "marker",
        "ll": ll(*seat.pos),
        "o": {"zIndexOffset": 500},
        "icon": {
            # Markup in a JSON list: the data strings in it are escaped by `safe`.
            "html": f'<div role="img" aria-label="{safe(label)}">{_seat_svg(seat.camps, size)}'
            f'<span class="ally-label{level}">{safe(seat.name)}</span></div>',
            "iconSize": [size, size],
            "iconAnchor": [size / 2, size / 2],
            "className": "ally-marker ally-agg",
        },
        "tip": tip,
        "to": {"sticky": False, "direction": "top", "offset": [0, -size // 2]},
        "zoomTo": seat.expand_zoom,
        "z": [None, seat.expand_zoom],
    }
    return [{**dot, "z": [seat.expand_zoom, None]}, marker]


def seat_font_px(size: int) -> int:
    """The size of a seat marker's count (px)."""
    return max(10, int(size * 0.36))


def _seat_svg(camps: tuple[tuple[str, int], ...], size: int) -> str:
    """A ring split by camp (share of the seat's actors) around the count."""
    total = sum(k for _, k in camps)
    c = size / 2
    r = size / 2 - styles.SEAT_RING_INSET_PX
    width = styles.SEAT_RING_PX
    circ = 2 * math.pi * r
    parts = [f'<circle cx="{c}" cy="{c}" r="{r + 2.5:.1f}" fill="#fff"/>']
    offset = 0.0
    for camp, k in camps:
        length = circ * k / total
        parts.append(
            f'<circle cx="{c}" cy="{c}" r="{r:.2f}" fill="none" stroke="{CATEGORIES[camp].colour}"'
            f' stroke-width="{width}" stroke-dasharray="{length:.2f} {circ - length:.2f}"'
            f' stroke-dashoffset="{-offset:.2f}" transform="rotate(-90 {c} {c})"/>'
        )
        offset += length
    font = seat_font_px(size)
    parts.append(
        f'<text x="{c}" y="{c}" text-anchor="middle" dominant-baseline="central"'
        f' font-size="{font}" font-weight="700" fill="{styles.INK}">{total}</text>'
    )
    return f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}">{"".join(parts)}</svg>'


def thinned(item: Item, step: int) -> Item:
    """A tie drawn with every `step`-th point of its curve (ends kept): thousands of gently
    curved lines need fewer points to look smooth, and every point is drawing time."""
    curve = item.get("arc")
    if curve is not None:
        if curve[5] % step or curve[5] <= step:
            return item
        return {**item, "arc": [*curve[:5], curve[5] // step]}  # the same curve, fewer points
    points = item.get("ll")
    if item["t"] != "line" or len(points) <= 2 * step:
        return item
    kept = points[::step]
    if kept[-1] != points[-1]:
        kept.append(points[-1])
    return {**item, "ll": kept}


def one_line_per_tie(items: list[Item]) -> list[Item]:
    """On a canvas, a tie needs no transparent twin to be clickable: the canvas renderer's
    tolerance widens its hit area. The visible line takes the tooltip instead."""
    out: list[Item] = []
    for item in items:
        cls = item.get("o", {}).get("className", "")
        if "ally-tie-hit" in cls and out and geometry_of(out[-1]) == geometry_of(item):
            line = out[-1]
            line["o"] = {**line["o"], "interactive": True}
            line["tip"], line["to"] = item["tip"], item.get("to", {"sticky": True})
            continue
        out.append(item)
    return out


def latlon(coords: Any) -> Any:
    """GeoJSON [lon, lat] nesting → Leaflet [lat, lon] nesting."""
    if coords and isinstance(coords[0], (int, float)):
        return ll(coords[1], coords[0])
    return [latlon(c) for c in coords]


def ll(lat: float, lon: float) -> list[float]:
    """A Leaflet [lat, lon], rounded to about 10 m to keep the payload small."""
    return [round(float(lat), 4), round(float(lon), 4)]
