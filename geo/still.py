"""A view of the map as a still image (SVG, PNG, PDF), drawn with matplotlib: no browser.

It draws from geo.drawn's DrawnView, the one model of what the live map draws, with the live
map's looks: camps and colours (allies.vocab), marker shapes and sizes, tie widths by strength
and dashes by status (geo.styles), place styles and tie emphasis (geo.items). Positions are in
Web Mercator as on the live map; a label is shown when the live map would show it at this
scale (its label zoom) and only where it overlaps no other label, marker or place name; a big
map shows what the live map shows at the still's zoom (geo.drawn.at_zoom). Every drawn actor,
tie and place carries its id in the SVG (`actor:…`, `tie:…`, `place:…`), and `Still.ids`
lists them, so a test can check that the still draws what the live map draws. Text stays
text in SVG and is embedded in PDF. The marks: geo.stillmarks; legend and words:
geo.stillparts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import matplotlib
from matplotlib.figure import Figure
from matplotlib.textpath import TextPath

from geo import stillmarks as marks
from geo import styles
from geo.drawn import at_zoom
from geo.labels import FIRST_ZOOM, GAP_PX, LABEL_HEIGHT_PX
from geo.labels import overlaps as boxes_overlap
from geo.stillframe import Frame, frame_at, frame_fitting, xy
from geo.stillparts import FONT, PX, RC, Words, draw_legend, draw_words, legend_width

LatLon = tuple[float, float]
Box = tuple[float, float, float, float]
FORMATS = ("svg", "png", "pdf")
SLIDE_PX = (1280, 720)  # 16:9 at 1×; PNGs are saved at `scale` × this (2× by default)
DEFAULT_SCALE = 2
LABEL_PX = 14.0  # the live map's label font (600 14px); chokepoint names: italic 13px
PLACE_LABEL_PX = 13.0


@dataclass
class Still:
    """A drawn still: its figure, the ids it drew by kind, the label boxes it placed (map
    pixels, by actor id or `place:<id>`), and the model as its scale shows it (`shown`: on a
    big map, geo.drawn.at_zoom of the model drawn)."""

    figure: Figure
    ids: dict[str, set[str]] = field(
        default_factory=lambda: {"actor": set(), "tie": set(), "place": set()}
    )
    labels: dict[str, Box] = field(default_factory=dict)
    frame: Frame | None = None
    shown: Any = None

    def save(self, fmt: str, scale: float = DEFAULT_SCALE) -> bytes:
        """The image as bytes: svg (text kept as text), png (at `scale` × its size) or pdf."""
        return save(self.figure, fmt, scale)


def save(fig: Figure, fmt: str, scale: float = DEFAULT_SCALE) -> bytes:
    """A figure as SVG, PNG or PDF bytes, without dates in the file (same view, same bytes)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}; got {fmt!r}")
    out = io.BytesIO()
    meta = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {}}[fmt]
    with matplotlib.rc_context(RC):
        fig.savefig(out, format=fmt, dpi=96 * scale if fmt == "png" else 72, metadata=meta)
    return out.getvalue()


# --------------------------------------------------------------------------- drawing


def text_px(text: str, size_px: float, *, weight: str = "bold", style: str = "normal") -> float:
    """The width in px of a line of text in the still's font."""
    prop = matplotlib.font_manager.FontProperties(family=FONT, weight=weight, style=style)
    return TextPath((0, 0), text, size=size_px, prop=prop).get_extents().width


def place_labels(
    drawn: Any, frame: Frame, chokepoints: list[tuple[Any, tuple[float, float]]]
) -> dict[str, Box]:
    """Where labels go, in map pixels: chokepoint names (from zoom 4, as on the live map),
    then actor labels in the order the live map gives them room (label zoom, then the
    selection), each shown when the live map would show it at this scale and only where its
    box overlaps no marker but its own, no label placed before and stays inside the map."""
    # A still cannot be zoomed in: below the live map's first labelling zoom it offers the
    # labels of that zoom, where they fit.
    zoom = max(round(frame.zoom), FIRST_ZOOM)
    markers: list[tuple[str, Box]] = []
    for actor in drawn.actors:
        x, y = frame.px(*xy(actor.pos))
        half = (
            styles.marker_box(styles.marker_px(actor.kind, actor.camp), selected=actor.selected) / 2
        )
        markers.append((actor.actor_id, (x - half, y - half, x + half, y + half)))
    for seat in drawn.seats:  # a big map's folded seats: named as the live map names them
        x, y = frame.px(*xy(seat.pos))
        half = seat.size_px / 2
        markers.append((f"seat:{seat.key}", (x - half, y - half, x + half, y + half)))
    placed: dict[str, Box] = {}

    def free(owner: str, box: Box, *, over_markers: bool = False) -> bool:
        inside = box[0] >= 0 and box[1] >= 0 and box[2] <= frame.w and box[3] <= frame.h
        clear = over_markers or not any(
            boxes_overlap(box, other) for who, other in markers if who != owner
        )
        return inside and clear and not any(boxes_overlap(box, b) for b in placed.values())

    if round(frame.zoom) >= FIRST_ZOOM:  # the live map hides place names below that
        for place, (x, y) in chokepoints:
            px, py = frame.px(x, y)
            box = (
                px + 14,
                py - 8,
                px + 14 + text_px(place.name, PLACE_LABEL_PX, style="italic"),
                py - 8 + PLACE_LABEL_PX * 1.15,
            )
            if free(f"place:{place.place_id}", box):
                placed[f"place:{place.place_id}"] = box
    order = sorted(drawn.actors, key=lambda a: (a.label_zoom > 0, not a.selected, a.label_zoom))
    where = dict(markers)
    wanted = [(a.actor_id, a.label, a.label_zoom) for a in order if a.labelled]
    wanted += [(f"seat:{s.key}", s.name, s.label_zoom) for s in drawn.seats]
    for owner, text, label_zoom in wanted:
        if label_zoom > zoom:
            continue
        _, y0, x1, y1 = where[owner]
        mid = (y0 + y1) / 2
        left = x1 + GAP_PX
        half = LABEL_HEIGHT_PX / 2
        box = (left, mid - half, left + text_px(text, LABEL_PX), mid + half)
        # Labels the live map always shows (the selection, Iran) may cover other markers.
        if free(owner, box, over_markers=label_zoom <= 0):
            placed[owner] = box
    return placed


def draw_map(ax, drawn: Any, countries: gpd.GeoDataFrame, frame: Frame) -> Still:
    """Draw a DrawnView into an axes whose size is frame.w × frame.h px; returns what it drew
    (the Still's figure is the axes' figure)."""
    still = Still(ax.figure, frame=frame)
    ax.set_facecolor(styles.SEA)
    ax.set_xlim(frame.x0, frame.x1)
    ax.set_ylim(frame.y0, frame.y1)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(styles.BORDER)
    marks.draw_base(ax, countries, dict(drawn.shading), frame)
    opened = [seat for seat in drawn.seats if frame.zoom >= seat.expand_zoom]
    drawn = still.shown = at_zoom(drawn, frame.zoom)  # a big map: what this scale shows
    chokepoints: list[tuple[Any, tuple[float, float]]] = []
    for place in sorted(drawn.places, key=lambda p: p.over_ties):
        pts = marks.draw_place(ax, place, 5 if place.over_ties else 3)
        chokepoints += [(place, p) for p in pts]
        still.ids["place"].add(place.place_id)
    for bundle in drawn.bundles:
        marks.draw_bundle(ax, bundle)
    for tie in drawn.ties:
        marks.draw_tie(ax, tie)
        still.ids["tie"].add(tie.rel_id)
    for seat in opened:  # a dot on the seat, at the centre of its actors' disc
        marks.draw_seat_dot(ax, seat.seat)
    for actor in drawn.actors:
        marks.draw_marker(ax, actor)
        still.ids["actor"].add(actor.actor_id)
    for seat in drawn.seats:
        marks.draw_seat(ax, seat, frame)
    still.labels = place_labels(drawn, frame, chokepoints)
    names = (
        {a.actor_id: a.label for a in drawn.actors}
        | {f"place:{p.place_id}": p.name for p in drawn.places}
        | {f"seat:{seat.key}": seat.name for seat in drawn.seats}
    )
    for owner, (x0, y0, _x1, y1) in still.labels.items():
        is_place = owner.startswith("place:")
        x, y = frame.data(x0, (y0 + y1) / 2)
        ax.text(
            x,
            y,
            names[owner],
            fontsize=(PLACE_LABEL_PX if is_place else LABEL_PX) * PX,
            fontweight="bold",
            fontstyle="italic" if is_place else "normal",
            color="#333" if is_place else styles.INK,
            va="center_baseline",
            ha="left",
            zorder=10,
            gid=f"label:{owner}",
            bbox={"boxstyle": "square,pad=0.1", "facecolor": (1, 1, 1, 0.72), "edgecolor": "none"},
        )
    return still


def render(
    drawn: Any,
    countries: gpd.GeoDataFrame,
    words: Words,
    *,
    center: LatLon,
    zoom: float,
    fit: bool = False,
    size: tuple[int, int] = SLIDE_PX,
) -> Still:
    """A still of a view, `size` px at 1× (16:9 by default): the title and its as-of line on
    top, the map, the legend on the right and the credit line under them. The map shows the
    live map's frame at `center` and `zoom`; with `fit`, the frame that shows every drawn
    marker instead (a still cannot be panned)."""
    w, h = size
    top, bottom, side = 64.0, 30.0, legend_width(w)
    map_w, map_h = w - side - 16, h - top - bottom
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(w / 96, h / 96), dpi=96, facecolor="white")
        ax = fig.add_axes((8 / w, bottom / h, map_w / w, map_h / h))
        frame = frame_at(center, zoom, map_w, map_h)
        if fit:
            frame = frame_fitting([a.pos for a in drawn.actors], map_w, map_h, frame)
        still = draw_map(ax, drawn, countries, frame)
        legend_ax = fig.add_axes(((w - side - 4) / w, bottom / h, side / w, map_h / h))
        draw_legend(legend_ax, still.shown, side, map_h)
        draw_words(fig, words, w, h, top, bottom)
    return still
