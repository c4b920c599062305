"""Build the folium map: a constant base map, and the layers that depend on data and filters.

`base_map` never changes (streamlit-folium remounts its iframe whenever the base map's script
changes), so everything that a filter or a selection can change lives in `layers`, passed to
st_folium as `feature_group_to_add`. Every string from the data goes through `safe` before it
reaches HTML or JavaScript. Build both afresh on every run: never cache folium objects.

Speed: folium compiles every element's rendered script as a Jinja template (about 1 ms each),
so one folium object per marker, line and tooltip costs ~0.4 s per rerun for 40 actors and 60
ties. Here each feature group holds one `_Items` element that draws all its markers and lines
from a JSON list in a short loop, and our elements add their rendered output without
recompiling it. The Leaflet layers are the same ones folium would make (L.marker with
L.divIcon, L.polyline, L.polygon, L.circleMarker, each with bindTooltip), so streamlit-folium's
click handling and `last_object_clicked_tooltip` work unchanged.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement
from jinja2 import Template

from allies.naming import short_name
from allies.vocab import CATEGORIES, CONTEXT_LABEL, HUB, PLACE_KINDS
from geo.arcs import arc
from geo.declutter import spread
from geo.labels import label_zooms, zoom_css
from geo.offline import ASSET_BASE, localize

TooltipKind = Literal["actor", "tie", "place"]

SEA = "#cfe1ec"
LAND = "#f3f2ee"
BORDER = "#a9a9a9"
INK = "#222222"
CONTEXT_GREY = "#8c8c8c"
SHADE_OPACITY = 0.35
# Iran's own shading is lighter: its near-black would hide the ties that start there.
HUB_SHADE_OPACITY = 0.2

FALLBACK_CATEGORY = "other"

# Marker size in px by shape; Iran (the hub state) is drawn larger, with a ring.
MARKER_PX = 18
ORGAN_PX = 15
HUB_PX = 26
# Seats closer than this (in equator degrees, ≈ 23 px each at zoom 5) are spread on a ring.
MIN_SEP_DEG = 0.9

KIND_SHAPES: dict[str, str] = {
    "state": "circle",
    "state organ": "circle",
    "non-state armed group": "diamond",
    "political faction": "diamond",
    "international organisation": "square",
    "research institute": "square",
}

TIE_WEIGHTS = {1: 1.5, 2: 3.0, 3: 4.5}
# Weakened: long dashes; contested: dots. Active ties are solid.
STATUS_DASHES = {"active": None, "weakened": "10 7", "contested": "1 7"}
TIE_OPACITY = 0.8
FADED_OPACITY = 0.18
TIE_HIT_PX = 12

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
CONTEXT_SUFFIX = "context, not in the sources"

MAP_CENTER = (30.0, 35.0)
MAP_ZOOM = 3
MIN_ZOOM = 2
MAX_ZOOM = 8
MAX_BOUNDS = ((-62.0, -200.0), (85.0, 200.0))
# The legend starts open only on maps at least this wide and tall (px); it folds on smaller ones.
LEGEND_OPEN_MIN_PX = (900, 560)
ATTRIBUTION = "Shapes: Natural Earth"


# --------------------------------------------------------------------------- text


def safe(text: object) -> str:
    """Escape a data string for HTML that ends up in JavaScript (and in folium's templates).

    HTML-escapes (quotes included), then turns into character references what a JavaScript
    template literal or a Jinja template would interpret: backslashes, backticks and braces
    (so `${`, `{{` and `{%` are gone). The browser shows the text unchanged.
    """
    out = html.escape(str(text), quote=True)
    for char, ref in (("\\", "&#92;"), ("`", "&#96;"), ("{", "&#123;"), ("}", "&#125;")):
        out = out.replace(char, ref)
    return out


def _clean(text: object) -> str:
    """A data value as one line of text (runs of whitespace collapsed); '' for missing."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return " ".join(str(text).split())


_TAG = re.compile(r"<[^>]*>")


def tooltip_text(tooltip_html: str) -> str:
    """What the browser's textContent gives for the tooltip HTML, trimmed (as st_folium does)."""
    return html.unescape(_TAG.sub("", tooltip_html)).strip()


def _split_list(value: object) -> list[str]:
    if isinstance(value, (list, tuple, set)):
        return [_clean(v) for v in value if _clean(v)]
    return [part.strip() for part in _clean(value).split(";") if part.strip()]


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


def _category(value: object) -> str:
    value = _clean(value)
    return value if value in CATEGORIES else FALLBACK_CATEGORY


def _is_num(v: object) -> bool:
    try:
        return math.isfinite(float(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _js_json(value: Any) -> str:
    """JSON that is also safe inside an HTML <script> element and a template literal."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("`", "\\u0060"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text


# --------------------------------------------------------------------------- elements


class _Raw(Element):
    """Already rendered text: added to the page as is, never compiled as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _render_fast(element: MacroElement, kwargs: dict[str, Any]) -> None:
    """MacroElement.render without compiling each rendered macro into a new template."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise TypeError("You cannot render this Element if it is not in a Figure.")
    module = element._template.module
    for part in ("header", "html", "script"):
        macro = module.__dict__.get(part)
        if macro is not None:
            getattr(figure, part).add_child(
                _Raw(str(macro(element, kwargs))), name=element.get_name()
            )
    for child in element._children.values():
        child.render(**kwargs)


class _Fast(MacroElement):
    """A MacroElement that renders without recompiling its output."""

    def render(self, **kwargs: Any) -> None:
        _render_fast(self, kwargs)


class _AddTo(ElementAddToElement):
    def render(self, **kwargs: Any) -> None:
        _render_fast(self, kwargs)


class Group(folium.FeatureGroup):
    """A folium FeatureGroup that renders without recompiling its output."""

    def render(self, **kwargs: Any) -> None:
        if self.includes:
            super().render(**kwargs)
            return
        if self.show:
            self.add_child(
                _AddTo(element_name=self.get_name(), element_parent_name=self._parent.get_name()),
                name=self.get_name() + "_add",
            )
        _render_fast(self, kwargs)


class _Css(_Fast):
    """A <style> block in the page header (kept by streamlit-folium, unlike <link> tags)."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
    )

    def __init__(self, css: str):
        super().__init__()
        self._name = "Css"
        self.css = css


class _StaticGeoJson(_Fast):
    """GeoJSON drawn without events; each feature may carry its own style in properties.style."""

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {
  interactive: false,
  style: function (f) { return Object.assign({}, {{ this.style }}, f.properties.style || {}); }
}).addTo({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, data_json: str, style: dict[str, Any]):
        super().__init__()
        self._name = "StaticGeoJson"
        self.data = data_json
        self.style = _js_json(style)


class _Items(_Fast):
    """Markers, lines, polygons and circle markers drawn from one JSON list, with tooltips.

    Each item: {"t": "marker" | "line" | "polygon" | "circle", "ll": lat/lon nesting,
    "o": Leaflet options, "icon": L.divIcon options (markers), "tip": tooltip HTML,
    "to": tooltip options}.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function (group, items) {
  for (var i = 0; i < items.length; i++) {
    var d = items[i], o = d.o || {}, layer;
    if (d.t === "marker") {
      o.icon = L.divIcon(d.icon);
      layer = L.marker(d.ll, o);
    } else if (d.t === "line") {
      layer = L.polyline(d.ll, o);
    } else if (d.t === "polygon") {
      layer = L.polygon(d.ll, o);
    } else {
      layer = L.circleMarker(d.ll, o);
    }
    if (d.tip) { layer.bindTooltip(d.tip, d.to || {sticky: true}); }
    layer.addTo(group);
  }
})({{ this._parent.get_name() }}, {{ this.data }});
{% endmacro %}"""
    )

    def __init__(self, items: list[dict[str, Any]]):
        super().__init__()
        self._name = "Items"
        self.items = items

    @property
    def data(self) -> str:
        return _js_json(self.items)


class _Legend(_Fast):
    """The legend (a collapsible control, bottom left), the attribution and a zoom class.

    The legend starts folded on maps smaller than LEGEND_OPEN_MIN_PX. The map container gets
    the class `ally-zoom-low` below zoom 4, which hides place labels.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.control({position: "bottomleft"});
{{ this.get_name() }}.onAdd = function () {
  var div = L.DomUtil.create("div", "ally-legend");
  div.innerHTML = {{ this.html }};
  var size = {{ this._parent.get_name() }}.getSize();
  if (size.x < {{ this.open_min[0] }} || size.y < {{ this.open_min[1] }}) {
    div.querySelector("details").open = false;
  }
  L.DomEvent.disableClickPropagation(div);
  L.DomEvent.disableScrollPropagation(div);
  return div;
};
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{{ this._parent.get_name() }}.attributionControl.setPrefix("Leaflet");
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.attribution }});
(function (map) {
  function mark() {
    var c = map.getContainer(), z = Math.round(map.getZoom());
    c.classList.toggle("ally-zoom-low", z < 4);
    c.className = c.className.replace(/\\bally-z\\d+\\b/g, "").trim() + " ally-z" + z;
  }
  map.on("zoomend", mark);
  mark();
})({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, legend_html: str, attribution: str):
        super().__init__()
        self._name = "Legend"
        self.html = _js_json(legend_html)
        self.attribution = _js_json(attribution)
        self.open_min = LEGEND_OPEN_MIN_PX


# --------------------------------------------------------------------------- base map

_CSS = f"""
.leaflet-container {{ background: {SEA}; font-family: system-ui, -apple-system, "Segoe UI",
  Roboto, sans-serif; }}
.leaflet-tooltip {{ font-size: 14px; line-height: 1.3; max-width: 340px; white-space: normal;
  width: max-content; }}
.ally-marker {{ background: none; border: none; }}
.ally-marker svg {{ display: block; overflow: visible;
  filter: drop-shadow(0 0 1.2px rgba(0, 0, 0, 0.75)); }}
.ally-label {{ position: absolute; left: 100%; top: 50%; transform: translateY(-50%);
  margin-left: 4px; white-space: nowrap; font: 600 14px/1.1 system-ui, sans-serif; color: {INK};
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; pointer-events: none; }}
.ally-place-label {{ background: none; border: none; }}
.ally-place-label span {{ position: absolute; left: 14px; top: -8px; white-space: nowrap;
  font: italic 600 13px/1.1 system-ui, sans-serif; color: #333;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; }}
path.ally-tie-hit:hover {{ stroke-opacity: 0.25; }}
.ally-legend {{ background: rgba(255, 255, 255, 0.94); color: {INK}; padding: 6px 10px;
  border-radius: 6px; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.35); font-size: 13px;
  line-height: 1.25; max-height: 70vh; overflow-y: auto; }}
.ally-legend summary {{ cursor: pointer; font-weight: 700; font-size: 14px; }}
.ally-legend h4 {{ margin: 8px 0 2px; font-size: 12px; text-transform: uppercase;
  letter-spacing: 0.04em; color: #555; }}
.ally-legend .row {{ display: flex; align-items: center; gap: 8px; margin: 2px 0; }}
.ally-legend svg {{ flex: none; }}
.ally-legend .cols {{ display: grid; grid-template-columns: auto auto; gap: 0 16px; }}
.ally-legend p {{ margin: 4px 0 0; max-width: 230px; color: #444; font-size: 12px; }}
.ally-legend > details > p {{ max-width: none; }}
@media (max-width: 560px) {{ .ally-legend .cols {{ grid-template-columns: auto; }} }}
.ally-zoom-low .ally-place-label {{ display: none; }}
{zoom_css()}
"""


def _shape_svg(shape: str, size: int, fill: str, *, ring: bool = False, selected: bool = False):
    """Inline SVG for a marker: circle, diamond or square, with a white outline."""
    pad = 6 if selected else 0
    box = size + 2 * pad
    c = box / 2
    r = size / 2
    parts = []

    def circle(radius: float, fill_: str, stroke: str, width: float) -> str:
        return (
            f'<circle cx="{c}" cy="{c}" r="{radius}" fill="{fill_}" stroke="{stroke}" '
            f'stroke-width="{width}"/>'
        )

    if selected:
        parts.append(circle(r + 4.5, "#fff", INK, 2.5))
    if ring:
        parts.append(circle(r - 1, "#fff", fill, 2.5))
        parts.append(circle(r - 5.5, fill, "#fff", 1.5))
    elif shape == "diamond":
        pts = f"{c},{c - r + 0.5} {c + r - 0.5},{c} {c},{c + r - 0.5} {c - r + 0.5},{c}"
        parts.append(f'<polygon points="{pts}" fill="{fill}" stroke="#fff" stroke-width="2"/>')
    elif shape == "square":
        s = size - 4
        parts.append(
            f'<rect x="{c - s / 2}" y="{c - s / 2}" width="{s}" height="{s}" fill="{fill}" '
            f'stroke="#fff" stroke-width="2"/>'
        )
    else:
        parts.append(circle(r - 1, fill, "#fff", 2))
    return box, (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{box}" height="{box}" '
        f'viewBox="0 0 {box} {box}" aria-hidden="true">{"".join(parts)}</svg>'
    )


def _line_svg(colour: str, weight: float, dash: str | None, width: int = 34) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="{width}" height="12" aria-hidden="true">'
        f'<line x1="2" y1="6" x2="{width - 2}" y2="6" stroke="{colour}" stroke-width="{weight}" '
        f'stroke-linecap="round"{dash_attr}/></svg>'
    )


def legend_html() -> str:
    """The legend's HTML, built from the vocabularies (no data strings): two columns."""
    grey = CATEGORIES[FALLBACK_CATEGORY].colour

    def row(symbol: str, label: str) -> str:
        return f'<div class="row">{symbol}<span>{safe(label)}</span></div>'

    camps = ["<h4>Camp: marker and tie colour</h4>"]
    for cat in CATEGORIES.values():
        camps.append(row(_shape_svg("circle", 14, cat.colour)[1], cat.label))
    camps.append("<h4>Marker shape</h4>")
    for shape, label in (
        ("circle", "State (small: a state organ)"),
        ("diamond", "Armed group or faction"),
        ("square", "Organisation or institute"),
    ):
        camps.append(row(_shape_svg(shape, 14, grey)[1], label))
    camps.append(
        row(_shape_svg("circle", 20, CATEGORIES[HUB].colour, ring=True)[1], "Iran, the hub")
    )

    ties = ["<h4>Ties</h4>"]
    for status, label in (
        ("active", "Active"),
        ("weakened", "Weakened"),
        ("contested", "Contested"),
    ):
        ties.append(row(_line_svg(INK, 3, STATUS_DASHES[status]), label))
    thin_thick = _line_svg(INK, TIE_WEIGHTS[1], None, 16) + _line_svg(INK, TIE_WEIGHTS[3], None, 16)
    ties.append(row(thin_thick, "Thicker: more central"))
    ties.append("<p>Colour: Iran's counterpart; between two others, the first-named.</p>")
    ties.append("<h4>Places</h4>")
    ring = (
        f'<svg width="34" height="16" aria-hidden="true"><circle cx="17" cy="8" r="6" fill="#fff" '
        f'stroke="{INK}" stroke-width="2.5"/></svg>'
    )
    ties.append(row(ring, "Chokepoint"))
    ties.append(row(_line_svg(PLACE_STYLE["corridor"]["color"], 8, None), "Corridor or coast"))
    ties.append(row(_line_svg(CONTEXT_GREY, 3, "4 5"), CONTEXT_LABEL))
    return (
        '<details open><summary>Legend</summary><div class="cols">'
        f"<div>{''.join(camps)}</div><div>{''.join(ties)}</div></div>"
        "<p>Markers sharing a city are spread around it; a thin line leads to the seat.</p>"
        "</details>"
    )


def _countries_json(countries: gpd.GeoDataFrame) -> str:
    """Compact GeoJSON of the country outlines (iso3 only as property)."""
    geoms = shapely.to_geojson(countries.geometry.values)
    feats = [
        f'{{"type":"Feature","properties":{{"iso3":{_js_json(_clean(code))}}},"geometry":{g}}}'
        for code, g in zip(countries["iso3"], geoms, strict=True)
        if g is not None
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(feats) + "]}"


def layer_control() -> folium.LayerControl:
    """The map's own layer switcher, folded in the top right corner."""
    return folium.LayerControl(collapsed=True, position="topright")


def base_map(countries: gpd.GeoDataFrame, *, asset_base: str = ASSET_BASE) -> folium.Map:
    """The constant map: sea background, grey countries, legend, local Leaflet; no tiles.

    `asset_base` is where leaflet.js and leaflet.css are served (see geo.offline).
    """
    (s, w), (n, e) = MAX_BOUNDS
    m = folium.Map(
        location=list(MAP_CENTER),
        zoom_start=MAP_ZOOM,
        tiles=None,
        minZoom=MIN_ZOOM,
        maxZoom=MAX_ZOOM,
        max_bounds=True,
        min_lat=s,
        max_lat=n,
        min_lon=w,
        max_lon=e,
        maxBoundsViscosity=0.8,
        worldCopyJump=False,
        zoomSnap=0.5,
    )
    m.add_child(_Css(_CSS))
    land = {"color": BORDER, "weight": 0.6, "fillColor": LAND, "fillOpacity": 1, "opacity": 1}
    m.add_child(_StaticGeoJson(_countries_json(countries), land))
    m.add_child(_Legend(legend_html(), ATTRIBUTION))
    localize(m, base=asset_base)
    return m


# --------------------------------------------------------------------------- layers


@dataclass
class MapLayers:
    """Feature groups to pass to st_folium, and the key to map a clicked tooltip back to data.

    `tooltip_index` maps the text of each tooltip (what st_folium returns as
    last_object_clicked_tooltip) to ("actor" | "tie" | "place", id). `positions` gives each
    drawn actor's marker position (after decluttering), e.g. to centre the map on a selection.
    """

    groups: list[folium.FeatureGroup] = field(default_factory=list)
    tooltip_index: dict[str, tuple[TooltipKind, str]] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    focus: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def drawn_ties(self) -> int:
        """How many ties are drawn (both ends have a seat)."""
        return sum(key.startswith("tie:") for key in self.focus)

    def focus_point(self, kind: str, item_id: str) -> tuple[float, float] | None:
        """Where to centre the map to show a drawn actor, tie or place (None if not drawn)."""
        return self.focus.get(f"{kind}:{item_id}")

    def names(self) -> list[str]:
        """The layer-control names of the groups, in drawing order."""
        return [html.unescape(g.layer_name) for g in self.groups]

    def items(self) -> list[dict[str, Any]]:
        """Every drawn item (marker, line, polygon, circle) of every group, in order."""
        return [
            item
            for g in self.groups
            for child in g._children.values()
            if isinstance(child, _Items)
            for item in child.items
        ]


class _Tooltips:
    """Unique tooltip texts, and the index from text to (kind, id)."""

    def __init__(self) -> None:
        self.index: dict[str, tuple[TooltipKind, str]] = {}

    def make(self, kind: TooltipKind, item_id: str, head: str, rest: Iterable[str] = ()) -> str:
        """Tooltip HTML '<b>head</b> · rest…'; its text is made unique and indexed."""
        rest = [r for r in rest if r]
        text = " · ".join([head, *rest])
        extra: list[str] = []
        n = 1
        while text in self.index:
            extra = [item_id] if n == 1 else [item_id, str(n)]
            text = " · ".join([head, *rest, *extra])
            n += 1
        self.index[text] = (kind, item_id)
        tail = "".join(f" · {safe(r)}" for r in [*rest, *extra])
        return f"<b>{safe(head)}</b>{tail}"


def _group(name: str, items: list[dict[str, Any]]) -> Group:
    group = Group(name=safe(name))
    group.add_child(_Items(items))
    return group


def _path_style(**style: Any) -> dict[str, Any]:
    """Leaflet path options from snake_case keys (None values dropped)."""
    out = {}
    for key, value in style.items():
        if value is None:
            continue
        head, *tail = key.split("_")
        out[head + "".join(t.title() for t in tail)] = value
    return out


def _ll(lat: float, lon: float) -> list[float]:
    return [round(float(lat), 4), round(float(lon), 4)]


def _marker_px(row: dict[str, Any]) -> int:
    """A marker's size: Iran largest, state organs smallest."""
    if row["category"] == HUB and row["kind"] == "state":
        return HUB_PX
    return ORGAN_PX if row["kind"] == "state organ" else MARKER_PX


def _label_text(row: dict[str, Any]) -> str:
    return short_name(row["name"], row["aliases"])


def _label_priority(row: dict[str, Any], selected: str | None) -> tuple[int, str]:
    """Who gets a label first: the selection and Iran, then states, then the rest."""
    if row["actor_id"] == selected or (row["category"] == HUB and row["kind"] == "state"):
        return (0, row["name"])
    return (1 if row["kind"] == "state" else 2, row["name"])


def _actor_marker(
    row: dict[str, Any], pos: tuple[float, float], tooltip: str, *, label_zoom: int, selected: bool
) -> dict[str, Any]:
    category = row["category"]
    colour = CATEGORIES[category].colour
    is_hub = category == HUB and row["kind"] == "state"
    shape = KIND_SHAPES.get(row["kind"], "circle")
    size = _marker_px(row)
    box, svg = _shape_svg(shape, size, colour, ring=is_hub, selected=selected)
    level = "" if label_zoom <= 0 else f" ally-lz{label_zoom}"
    text = f'<span class="ally-label{level}">{safe(_label_text(row))}</span>'
    return {
        "t": "marker",
        "ll": _ll(*pos),
        "o": {"zIndexOffset": 2000 if selected else 1000 if is_hub else 0},
        "icon": {
            "html": f'<div role="img" aria-label="{safe(row["name"])}">{svg}{text}</div>',
            "iconSize": [box, box],
            "iconAnchor": [box / 2, box / 2],
            "className": "ally-marker",
        },
        "tip": tooltip,
        "to": {"sticky": False, "direction": "top", "offset": [0, -box // 2]},
    }


def _tie_camp(a: dict[str, Any], b: dict[str, Any]) -> str:
    """Iran's counterpart's camp when one end is Iran (or its organs), else the first end's."""
    if a["category"] == HUB and b["category"] != HUB:
        return b["category"]
    return a["category"]


def _bends(ties: list[tuple[str, str, str]]) -> dict[str, float]:
    """A bend per tie, so that several ties between one pair fan out instead of overlapping."""
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for rel_id, a, b in ties:
        lo, hi = sorted((a, b))
        pairs[(lo, hi)].append((rel_id, a))
    bends: dict[str, float] = {}
    for (lo, _hi), members in pairs.items():
        for i, (rel_id, a) in enumerate(members):
            bend = 0.2 if len(members) == 1 else 0.1 + 0.13 * i
            # Same geometry whichever way a tie points: bend relative to the sorted pair.
            bends[rel_id] = bend if a == lo else -bend
    return bends


def _latlon(coords: Any) -> Any:
    """GeoJSON [lon, lat] nesting → Leaflet [lat, lon] nesting."""
    if coords and isinstance(coords[0], (int, float)):
        return _ll(coords[1], coords[0])
    return [_latlon(c) for c in coords]


def _place_items(
    row: dict[str, Any], geom: Any, tooltip: str, *, selected: bool = False
) -> list[dict[str, Any]]:
    """Items drawing one place, styled by kind, by whether the sources mention it, and heavier
    when selected."""
    kind = row["kind"]
    style = dict(PLACE_STYLE[kind])
    if selected:
        style.update(weight=style.get("weight", 2) + 3, opacity=1.0)
    if not row["in_sources"]:
        style.update(color=CONTEXT_GREY, dash_array="4 6")
        if "fill_color" in style and kind != "city":
            style.update(fill_color=CONTEXT_GREY, fill_opacity=min(style["fill_opacity"], 0.08))
        if kind in ("corridor", "coast"):
            style.update(opacity=0.7, weight=min(style["weight"], 5))
    if "fill_color" in style:
        style["fill"] = True
    # Class hooks name the place, for styling and for the browser tests.
    style["class_name"] = f"ally-place ally-place-{safe(row['place_id'])}"
    gj = shapely.geometry.mapping(geom)
    gtype, coords = gj["type"], gj["coordinates"]
    items: list[dict[str, Any]] = []
    tip = {"tip": tooltip, "to": {"sticky": True}}
    if gtype in ("Point", "MultiPoint"):
        radius = {"chokepoint": 9, "city": 4.5}.get(kind, 7)
        for lon, lat, *_ in [coords] if gtype == "Point" else coords:
            items.append(
                {
                    "t": "circle",
                    "ll": _ll(lat, lon),
                    "o": _path_style(radius=radius, **style),
                    **tip,
                }
            )
            if kind == "chokepoint":
                items.append(
                    {
                        "t": "marker",
                        "ll": _ll(lat, lon),
                        "o": {"interactive": False, "keyboard": False},
                        "icon": {
                            "html": f"<span>{safe(row['name'])}</span>",
                            "iconSize": [0, 0],
                            "className": "ally-place-label",
                        },
                    }
                )
    elif gtype in ("LineString", "MultiLineString"):
        lines = [coords] if gtype == "LineString" else coords
        items.append({"t": "line", "ll": _latlon(lines), "o": _path_style(**style), **tip})
    elif gtype in ("Polygon", "MultiPolygon"):
        polys = [coords] if gtype == "Polygon" else coords
        items.append({"t": "polygon", "ll": _latlon(polys), "o": _path_style(**style), **tip})
    return items


def _records(frame: pd.DataFrame | None, columns: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows as dicts with exactly `columns` (defaults fill missing columns)."""
    if frame is None or len(frame) == 0:
        return []
    cols = [frame[c].tolist() if c in frame.columns else None for c in columns]
    return [
        {
            c: (col[i] if col is not None else default)
            for (c, default), col in zip(columns.items(), cols, strict=True)
        }
        for i in range(len(frame))
    ]


def layers(
    actors: pd.DataFrame,
    relationships: pd.DataFrame,
    places: gpd.GeoDataFrame | None,
    countries: gpd.GeoDataFrame | None,
    *,
    selected: str | None = None,
    selected_tie: str | None = None,
    selected_place: str | None = None,
) -> MapLayers:
    """Feature groups for the given (already filtered) rows, in drawing order bottom to top.

    Groups: "Countries shaded" (each state's country in its camp's colour), one group per
    place ("Place · <name>", context places marked "(context)"), "Ties · <camp>" and
    "Actors · <camp>" per camp. Actors without coordinates (informal groupings) and the ties
    that touch them are left out. `selected` is an actor id: it gets a ring and a label, its
    ties are drawn stronger and the others faded. `selected_tie` (a rel_id) is drawn stronger
    with the other ties faded; `selected_place` (a place_id) gets a heavier outline.
    """
    result = MapLayers()
    tips = _Tooltips()

    rows = _records(
        actors,
        {
            "actor_id": "",
            "name": "",
            "kind": "",
            "country": "",
            "category": FALLBACK_CATEGORY,
            "lat": None,
            "lon": None,
            "aliases": (),
        },
    )
    for r in rows:
        r["aliases"] = [_clean(a) for a in _split_list(r["aliases"])]
        r["actor_id"] = _clean(r["actor_id"])
        r["name"] = _clean(r["name"]) or r["actor_id"]
        r["kind"] = _clean(r["kind"])
        r["country"] = _clean(r["country"]).upper()
        r["category"] = _category(r["category"])
    by_id = {r["actor_id"]: r for r in rows}
    seated = {
        r["actor_id"]: (float(r["lat"]), float(r["lon"]))
        for r in rows
        if _is_num(r["lat"]) and _is_num(r["lon"])
    }
    # Iran stays on its seat, then every other state; the rest are spread around them.
    order = {a: i for i, a in enumerate(seated)}
    anchors = sorted(
        (a for a in seated if by_id[a]["kind"] == "state"),
        key=lambda a: (by_id[a]["category"] != HUB, order[a]),
    )
    positions = spread(seated, MIN_SEP_DEG, anchors)
    result.positions = dict(positions)
    # A selection that is not drawn (filtered out, or without a seat) highlights nothing.
    if selected not in positions:
        selected = None
    result.focus.update({f"actor:{a}": pos for a, pos in positions.items()})

    # Countries shaded by the camp of the state that sits there (the hub first).
    if countries is not None and len(countries):
        shade: dict[str, str] = {}
        for r in sorted(rows, key=lambda r: r["category"] != HUB):
            if r["kind"] == "state" and r["country"] and r["country"] not in shade:
                shade[r["country"]] = r["category"]
        subset = countries[countries["iso3"].isin(list(shade))]
        feats = []
        for code, g in zip(subset["iso3"], shapely.to_geojson(subset.geometry.values), strict=True):
            if g is None:
                continue
            colour = CATEGORIES[shade[code]].colour
            fill = HUB_SHADE_OPACITY if shade[code] == HUB else SHADE_OPACITY
            style = _js_json({"fillColor": colour, "color": colour, "fillOpacity": fill})
            feats.append(f'{{"type":"Feature","properties":{{"style":{style}}},"geometry":{g}}}')
        if feats:
            group = Group(name="Countries shaded")
            data = '{"type":"FeatureCollection","features":[' + ",".join(feats) + "]}"
            group.add_child(_StaticGeoJson(data, {"weight": 0.8, "opacity": 0.6}))
            result.groups.append(group)

    # Places: territories and lines under the ties, cities and chokepoints above them.
    under: list[tuple[int, Group]] = []
    over: list[tuple[int, Group]] = []
    place_labels: list[tuple[float, float, str]] = []
    if places is not None and len(places):
        prow = _records(places, {"place_id": "", "name": "", "kind": "", "in_sources": True})
        for r, geom in zip(prow, places.geometry, strict=True):
            if geom is None or geom.is_empty:
                continue
            place_id = _clean(r["place_id"])
            kind = _clean(r["kind"])
            kind = kind if kind in PLACE_KINDS else "territory"
            r.update(
                place_id=place_id,
                kind=kind,
                name=_clean(r["name"]) or place_id,
                in_sources=_truthy(r["in_sources"]),
            )
            rest = [kind] + ([] if r["in_sources"] else [CONTEXT_SUFFIX])
            tooltip = tips.make("place", place_id, r["name"], rest)
            items = _place_items(r, geom, tooltip, selected=place_id == selected_place)
            point = geom.representative_point()
            result.focus[f"place:{place_id}"] = (point.y, point.x)
            if kind == "chokepoint" and geom.geom_type == "Point":
                place_labels.append((geom.y, geom.x, r["name"]))
            if not items:
                continue
            group = _group(
                f"Place · {r['name']}" + ("" if r["in_sources"] else " (context)"), items
            )
            if kind in PLACE_OVER_TIES:
                over.append((PLACE_OVER_TIES.index(kind), group))
            else:
                under.append((PLACE_UNDER_TIES.index(kind), group))
    result.groups.extend(g for _, g in sorted(under, key=lambda t: t[0]))

    # Ties, grouped by camp.
    rels = _records(
        relationships,
        {
            "rel_id": "",
            "from_actor": "",
            "to_actor": "",
            "type": "",
            "strength": 2,
            "status": "active",
            "support": "",
        },
    )
    for r in rels:
        for key in ("rel_id", "from_actor", "to_actor", "type", "status"):
            r[key] = _clean(r[key])
    drawable = [r for r in rels if r["from_actor"] in positions and r["to_actor"] in positions]
    if selected_tie not in {r["rel_id"] for r in drawable}:
        selected_tie = None
    bends = _bends([(r["rel_id"], r["from_actor"], r["to_actor"]) for r in drawable])
    tie_items: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in drawable:
        a, b = by_id[r["from_actor"]], by_id[r["to_actor"]]
        camp = _tie_camp(a, b)
        colour = CATEGORIES[camp].colour
        strength = int(float(r["strength"])) if _is_num(r["strength"]) else 2
        weight = TIE_WEIGHTS.get(strength, TIE_WEIGHTS[2])
        opacity = TIE_OPACITY
        if selected_tie is not None:
            if r["rel_id"] == selected_tie:
                weight, opacity = weight + 2.5, 1.0
            else:
                opacity = FADED_OPACITY
        elif selected is not None:
            if selected in (a["actor_id"], b["actor_id"]):
                weight, opacity = weight + 1.5, 1.0
            else:
                opacity = FADED_OPACITY
        status = r["status"] if r["status"] in STATUS_DASHES else "active"
        rest = [r["type"], ", ".join(_split_list(r["support"]))]
        if status != "active":
            rest.append(status)
        tooltip = tips.make("tie", r["rel_id"], f"{a['name']} → {b['name']}", rest)
        points = arc(positions[a["actor_id"]], positions[b["actor_id"]], bends[r["rel_id"]])
        result.focus[f"tie:{r['rel_id']}"] = points[len(points) // 2]
        latlons = [[round(lat, 3), round(lon, 3)] for lat, lon in points]
        line = _path_style(
            color=colour,
            weight=weight,
            opacity=opacity,
            dash_array=STATUS_DASHES[status],
            class_name="ally-tie",
            interactive=False,
        )
        # A transparent, wider twin takes the hover and the click: thin lines are hard to hit.
        hit = _path_style(
            color=colour,
            weight=max(weight + 8, TIE_HIT_PX),
            opacity=0,
            class_name=f"ally-tie-hit ally-tie-{safe(r['rel_id'])}",
        )
        tie_items[camp].append({"t": "line", "ll": latlons, "o": line})
        tie_items[camp].append(
            {"t": "line", "ll": latlons, "o": hit, "tip": tooltip, "to": {"sticky": True}}
        )
    for camp, cat in CATEGORIES.items():
        if tie_items.get(camp):
            result.groups.append(_group(f"Ties · {cat.label}", tie_items[camp]))
    result.groups.extend(g for _, g in sorted(over, key=lambda t: t[0]))

    # Actors, grouped by camp, with a leader line to the true seat where the marker moved.
    actor_items: dict[str, list[dict[str, Any]]] = defaultdict(list)
    priority = sorted(positions, key=lambda a: _label_priority(by_id[a], selected))
    label_zoom = label_zooms(
        positions,
        {a: _label_text(by_id[a]) for a in positions},
        {a: _marker_px(by_id[a]) for a in positions},
        priority,
        fixed=place_labels,
        always=frozenset(a for a in positions if _label_priority(by_id[a], selected)[0] == 0),
    )
    for actor_id, pos in positions.items():
        r = by_id[actor_id]
        camp = r["category"]
        seat = seated[actor_id]
        if math.dist(seat, pos) > 1e-6:
            leader = _path_style(
                color="#444", weight=1, opacity=0.8, dash_array="2 3", interactive=False
            )
            actor_items[camp].append({"t": "line", "ll": [_ll(*pos), _ll(*seat)], "o": leader})
            dot = _path_style(
                radius=2,
                color="#444",
                weight=1,
                fill=True,
                fill_color="#444",
                fill_opacity=1,
                interactive=False,
            )
            actor_items[camp].append({"t": "circle", "ll": _ll(*seat), "o": dot})
        is_selected = actor_id == selected
        tooltip = tips.make("actor", actor_id, r["name"], [CATEGORIES[camp].label])
        actor_items[camp].append(
            _actor_marker(
                r,
                pos,
                tooltip,
                label_zoom=label_zoom[actor_id],
                selected=is_selected,
            )
        )
    for camp, cat in CATEGORIES.items():
        if actor_items.get(camp):
            result.groups.append(_group(f"Actors · {cat.label}", actor_items[camp]))
    result.tooltip_index = tips.index
    return result
