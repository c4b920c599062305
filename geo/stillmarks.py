"""The marks of a still map, drawn with matplotlib with the live map's looks: the land and the
shaded countries, places, ties, a big map's bundles and folded seats, and the actors' markers
with their leader lines (geo.styles and geo.items give the looks; geo.still composes them).
Every mark drawn for a thing of the model carries its id as the SVG element's id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import matplotlib
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, PathPatch, Wedge
from matplotlib.path import Path as MplPath

from allies.vocab import CATEGORIES, HUB
from geo import items, styles
from geo.stillframe import Frame, project, xy
from geo.stillparts import PX

LatLon = tuple[float, float]


def rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    return matplotlib.colors.to_rgba(colour, alpha)


def dashes(spec: str | None) -> Any:
    """A Leaflet dashArray in px as a matplotlib line style in points (unscaled: see RC)."""
    if not spec:
        return "solid"
    return (0, tuple(float(v) * PX for v in spec.split()))


def line(ax, xs, ys, **style: Any) -> Line2D:
    """A line or markers in data coordinates, added without autoscaling (the frame is fixed):
    much cheaper than Axes.plot for the thousands of ties and markers of a big map."""
    line = ax.add_artist(Line2D(xs, ys, **style))
    line.set_clip_path(ax.patch)  # add_artist does not clip: a marker past the edge stays out
    return line


def _path(geom: Any) -> MplPath | None:
    """A matplotlib path of a (projected) polygon or multipolygon, holes included."""
    polys = getattr(geom, "geoms", [geom])
    rings = [r for p in polys if p.geom_type == "Polygon" for r in (p.exterior, *p.interiors)]
    if not rings:
        return None
    return MplPath.make_compound_path(
        *[MplPath(np.asarray(r.coords)[:, :2], closed=True) for r in rings]
    )


def polygons(ax, geoms: Iterable[Any], **style: Any) -> None:
    for geom in geoms:
        path = _path(geom)
        if path is not None:
            ax.add_patch(PathPatch(path, **style))


def draw_base(ax, countries: gpd.GeoDataFrame, shading: dict[str, str], frame: Frame) -> None:
    """The land (grey countries) and the countries shaded in their camp's colour."""
    x0, lat0, x1, lat1 = frame.lonlat_bounds()
    clipped = countries.geometry.clip_by_rect(x0 - 1, lat0 - 1, x1 + 1, lat1 + 1)
    shapes = {
        code: project(g)
        for code, g in zip(countries["iso3"], clipped, strict=True)
        if g is not None and not g.is_empty
    }
    land = styles.LAND_STYLE
    polygons(
        ax,
        shapes.values(),
        facecolor=styles.LAND,
        edgecolor=land["color"],
        linewidth=land["weight"] * PX,
        zorder=1,
    )
    for code, camp in shading.items():
        if code not in shapes:
            continue
        colour = CATEGORIES[camp].colour
        alpha = styles.HUB_SHADE_OPACITY if camp == HUB else styles.SHADE_OPACITY
        edge = rgba(colour, styles.SHADE_STYLE["opacity"])
        polygons(
            ax,
            [shapes[code]],
            facecolor=rgba(colour, alpha),
            edgecolor=edge,
            linewidth=styles.SHADE_STYLE["weight"] * PX,
            zorder=2,
        )


def draw_place(ax, place: Any, z: float) -> list[Any]:
    """One place, styled as the live map styles it (geo.items.place_style)."""
    style = items.place_style(place.kind, place.in_sources, place.selected)
    colour = rgba(style["color"], style.get("opacity", 1.0))
    face = rgba(style["fill_color"], style["fill_opacity"]) if style.get("fill") else "none"
    width = style.get("weight", 2) * PX
    dash = dashes(style.get("dash_array"))
    geom = project(place.geometry)
    gid = f"place:{place.place_id}"
    kind = geom.geom_type
    if kind in ("Polygon", "MultiPolygon"):
        path = _path(geom)
        patch = PathPatch(
            path,
            facecolor=face,
            edgecolor=colour,
            linewidth=width,
            linestyle=dash,
            zorder=z,
            gid=gid,
        )
        ax.add_patch(patch)
        return []
    if kind in ("LineString", "MultiLineString"):
        lines = getattr(geom, "geoms", [geom])
        segs = [np.asarray(line.coords)[:, :2] for line in lines]
        coll = matplotlib.collections.LineCollection(
            segs,
            colors=[colour],
            linewidths=width,
            linestyles=[dash],
            capstyle="round",
            joinstyle="round",
            zorder=z,
            gid=gid,
        )
        ax.add_collection(coll)
        return []
    points = [(p.x, p.y) for p in getattr(geom, "geoms", [geom])]
    radius = styles.PLACE_RADIUS_PX.get(place.kind, styles.PLACE_RADIUS_DEFAULT_PX)
    line(
        ax,
        *zip(*points, strict=True),
        linestyle="none",
        marker="o",
        markersize=2 * radius * PX,
        markerfacecolor=face,
        markeredgecolor=colour,
        markeredgewidth=width,
        zorder=z,
        gid=gid,
    )
    return points if place.kind == "chokepoint" else []


def draw_tie(ax, tie: Any) -> None:
    """One tie, with the live map's line style (geo.items.tie_items: strength, status,
    emphasis)."""
    style = items.tie_items(tie, [], tie.camp, tie.emphasis, "")[0]["o"]
    z = 4 + (tie.emphasis in ("strong", "touching")) * 0.5
    _path_line(ax, tie.points, style, z, f"tie:{tie.rel_id}")


def draw_bundle(ax, bundle: Any) -> None:
    """A big map's bundle of ties, with the live map's line style (geo.items.bundle_item)."""
    style = items.bundle_item(bundle)["o"]
    _path_line(ax, bundle.points, style, 4, f"bundle:{'|'.join((*bundle.ends, bundle.camp))}")


def _path_line(ax, points: Iterable[LatLon], style: dict[str, Any], z: float, gid: str) -> None:
    """A line through (lat, lon) points in a Leaflet path style (colour, opacity, weight,
    dashes)."""
    pts = np.asarray([xy(p) for p in points])
    line(
        ax,
        pts[:, 0],
        pts[:, 1],
        color=rgba(style["color"], style["opacity"]),
        linewidth=style["weight"] * PX,
        linestyle=dashes(style.get("dashArray")),
        solid_capstyle="round",
        dash_capstyle="round",
        zorder=z,
        gid=gid,
    )


def draw_seat(ax, seat: Any, frame: Frame) -> None:
    """A big map's folded seat, as on the live map (geo.items.seat_items): a white disc, a
    ring split by camp (clockwise from the top) and the number of its actors."""
    x, y = xy(seat.pos)
    unit = (frame.x1 - frame.x0) / frame.w  # data units per px
    size = seat.size_px
    r = (size / 2 - styles.SEAT_RING_INSET_PX) * unit
    width = styles.SEAT_RING_PX * unit
    group = f"seat:{seat.key}"
    ax.add_patch(Circle((x, y), r + 2.5 * unit, facecolor="white", edgecolor="none", zorder=8))
    total = sum(k for _, k in seat.camps)
    start = 90.0
    for camp, k in seat.camps:
        sweep = 360.0 * k / total
        ax.add_patch(
            Wedge(
                (x, y),
                r + width / 2,
                start - sweep,
                start,
                width=width,
                facecolor=CATEGORIES[camp].colour,
                edgecolor="none",
                zorder=8,
                gid=group if start == 90.0 else None,
            )
        )
        start -= sweep
    ax.text(
        x,
        y,
        str(total),
        fontsize=items.seat_font_px(size) * PX,
        fontweight="bold",
        color=styles.INK,
        ha="center",
        va="center_baseline",
        zorder=9,
        clip_on=True,
    )


def draw_marker(ax, actor: Any) -> None:
    """An actor's marker: shape by kind, camp colour, white outline; Iran ringed; a selected
    marker on a white disc with a dark ring."""
    x, y = xy(actor.pos)
    if actor.leader:
        sx, sy = xy(actor.seat)
        line(
            ax,
            [x, sx],
            [y, sy],
            color=rgba(styles.LEADER_COLOUR, 0.8),
            linewidth=PX,
            linestyle=dashes("2 3"),
            zorder=6,
            gid=f"leader:{actor.actor_id}",
        )
        draw_seat_dot(ax, actor.seat)
    size = styles.marker_px(actor.kind, actor.camp)
    colour = CATEGORIES[actor.camp].colour
    shape = styles.KIND_SHAPES.get(actor.kind, "circle")
    z = 9 if actor.selected else 8 if actor.camp == HUB else 7
    if actor.selected:
        line(
            ax,
            [x],
            [y],
            marker="o",
            markersize=(size + 9) * PX,
            markerfacecolor="white",
            markeredgecolor=styles.INK,
            markeredgewidth=2.5 * PX,
            zorder=z,
        )
    if actor.camp == HUB and actor.kind == "state":
        line(
            ax,
            [x],
            [y],
            marker="o",
            markersize=(size - 2) * PX,
            markerfacecolor="white",
            markeredgecolor=colour,
            markeredgewidth=2.5 * PX,
            zorder=z,
            gid=f"actor:{actor.actor_id}",
        )
        line(
            ax,
            [x],
            [y],
            marker="o",
            markersize=(size - 11) * PX,
            markerfacecolor=colour,
            markeredgecolor="white",
            markeredgewidth=1.5 * PX,
            zorder=z,
        )
        return
    marker, scale = {"diamond": ("D", 0.72), "square": ("s", 0.78)}.get(shape, ("o", 1.0))
    line(
        ax,
        [x],
        [y],
        marker=marker,
        markersize=(size - 2) * PX * scale,
        markerfacecolor=colour,
        markeredgecolor="white",
        markeredgewidth=2 * PX,
        zorder=z,
        gid=f"actor:{actor.actor_id}",
    )


def draw_seat_dot(ax, seat: LatLon) -> None:
    """A small dot on a true seat, where a leader line ends or a crowded seat's disc centres."""
    x, y = xy(seat)
    line(ax, [x], [y], marker="o", markersize=4 * PX, color=styles.LEADER_COLOUR, zorder=6)
