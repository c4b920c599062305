"""How the map looks: colours, sizes and line styles, marker symbols, the legend and the CSS.

One registry per thing drawn (camps from allies.vocab, marker shapes by actor kind, line styles
by tie status, place styles by kind) drives both the layers and the legend. Markup lives in
Jinja2 templates (geo/templates/, autoescaped); the CSS in geo/static/map.css.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from allies.vocab import CATEGORIES, CONTEXT_LABEL, HUB, STATUSES
from geo import templating
from geo.labels import zoom_css

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
CSS_PATH = HERE / "static" / "map.css"

SEA = "#cfe1ec"
LAND = "#f3f2ee"
BORDER = "#a9a9a9"
INK = "#222222"
CONTEXT_GREY = "#8c8c8c"
SHADE_OPACITY = 0.35
# Iran's own shading is lighter: its near-black would hide the ties that start there.
HUB_SHADE_OPACITY = 0.2
# The outline style of the constant base map's countries and of the shaded ones.
LAND_STYLE = {"color": BORDER, "weight": 0.6, "fillColor": LAND, "fillOpacity": 1, "opacity": 1}
SHADE_STYLE = {"weight": 0.8, "opacity": 0.6}

# Marker size in px by shape; Iran (the hub state) is drawn larger, with a ring.
MARKER_PX = 18
# A crowded seat's counted marker: a ring this wide, this far inside the marker's edge (px).
SEAT_RING_PX, SEAT_RING_INSET_PX = 5, 3
ORGAN_PX = 15
HUB_PX = 26
# The ring drawn around a selected marker widens its box by this much on each side.
SELECTED_PAD_PX = 6

# The marker shape of each actor kind, on the map and in the network (Vega-Lite's shape names).
# Informal groupings have no seat, so only the network draws them.
KIND_SHAPES: dict[str, str] = {
    "state": "circle",
    "state organ": "circle",
    "non-state armed group": "diamond",
    "political faction": "diamond",
    "international organisation": "square",
    "research institute": "square",
    "informal grouping": "triangle-up",
}
LEGEND_SHAPES = (
    ("circle", "State (small: a state organ)"),
    ("diamond", "Armed group or faction"),
    ("square", "Organisation or institute"),
)

TIE_WEIGHTS = {1: 1.5, 2: 3.0, 3: 4.5}
# Weakened: long dashes; contested: dots. Active ties are solid.
STATUS_DASHES: dict[str, str | None] = {"active": None, "weakened": "10 7", "contested": "1 7"}
TIE_OPACITY = 0.8
FADED_OPACITY = 0.18
TIE_HIT_PX = 12
LEADER_COLOUR = "#444"

# Territories first (under the ties), then lines; cities and chokepoints go above the ties.
PLACE_UNDER_TIES = ("territory", "coast", "corridor")
PLACE_OVER_TIES = ("city", "chokepoint")
PLACE_STYLE: dict[str, dict[str, Any]] = {
    "territory": {"color": "#4d4d4d", "weight": 2, "fill_color": "#4d4d4d", "fill_opacity": 0.1},
    "coast": {"color": "#1f4e6b", "weight": 7, "opacity": 0.55},
    "corridor": {"color": "#7a5a2b", "weight": 10, "opacity": 0.4},
    "city": {"color": "#ffffff", "weight": 1.5, "fill_color": INK, "fill_opacity": 1.0},
    "chokepoint": {"color": INK, "weight": 3, "fill_color": "#ffffff", "fill_opacity": 0.55},
}
PLACE_RADIUS_PX = {"chokepoint": 9, "city": 4.5}
PLACE_RADIUS_DEFAULT_PX = 7
CONTEXT_SUFFIX = "context, not in the sources"

MAP_CENTER = (30.0, 35.0)
MAP_ZOOM = 3
MIN_ZOOM = 2
MAX_ZOOM = 8
MAX_BOUNDS = ((-62.0, -200.0), (85.0, 200.0))
# The legend starts open only on maps at least this wide and tall (px); it folds on smaller ones.
LEGEND_OPEN_MIN_PX = (900, 560)
ATTRIBUTION = "Shapes: Natural Earth"

_ENV = templating.environment(TEMPLATES)


def path_style(**style: Any) -> dict[str, Any]:
    """Leaflet path options from snake_case keys (None values dropped)."""
    return {_camel(key): value for key, value in style.items() if value is not None}


@cache
def _camel(key: str) -> str:
    """dash_array -> dashArray (a handful of keys, converted thousands of times on big maps)."""
    head, *tail = key.split("_")
    return head + "".join(t.title() for t in tail)


def marker_px(kind: str, category: str) -> int:
    """A marker's size: Iran largest, state organs smallest."""
    if category == HUB and kind == "state":
        return HUB_PX
    return ORGAN_PX if kind == "state organ" else MARKER_PX


def marker_box(size: int, *, selected: bool = False) -> int:
    """The width and height of a marker's SVG: larger when the selection ring is drawn."""
    return size + 2 * SELECTED_PAD_PX if selected else size


@cache
def shape_svg(shape: str, size: int, fill: str, *, ring: bool = False, selected: bool = False):
    """Inline SVG for a marker (circle, diamond or square, white outline) and its box size
    (cached: a big map draws thousands of markers from a handful of shapes and colours)."""
    symbols = _ENV.get_template("symbols.html").module
    svg = symbols.shape(shape, size, fill, INK, ring=ring, selected=selected)  # type: ignore[attr-defined]
    return marker_box(size, selected=selected), str(svg)


@cache
def legend_html() -> str:
    """The legend's HTML, built from the vocabularies and the styles (no data strings)."""
    return _ENV.get_template("legend.html").render(
        camps=list(CATEGORIES.values()),
        shapes=LEGEND_SHAPES,
        grey=CATEGORIES["other"].colour,
        hub_colour=CATEGORIES[HUB].colour,
        ink=INK,
        statuses=[(STATUS_DASHES[s], s.capitalize()) for s in STATUSES],
        thin=TIE_WEIGHTS[1],
        thick=TIE_WEIGHTS[3],
        corridor=PLACE_STYLE["corridor"]["color"],
        context_grey=CONTEXT_GREY,
        context_label=CONTEXT_LABEL,
    )


@cache
def map_css() -> str:
    """The map's CSS: geo/static/map.css and the rules that show labels by zoom (read once)."""
    return CSS_PATH.read_text(encoding="utf-8") + zoom_css() + "\n"
