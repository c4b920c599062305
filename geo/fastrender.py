"""Folium elements that render fast: the only module that uses folium's and branca's internals.

Folium compiles every element's rendered script as a Jinja template (about 1 ms each), so one
folium object per marker, line and tooltip costs ~0.4 s per rerun for 40 actors and 60 ties.
Here each feature group holds one `Items` element that draws all its markers and lines from a
JSON list in a short loop, and our elements add their rendered output without recompiling it.
The Leaflet layers are the ones folium would make (L.marker with L.divIcon, L.polyline,
L.polygon, L.circleMarker, each with bindTooltip), so streamlit-folium's click handling and
`last_object_clicked_tooltip` work unchanged.

This leans on private parts of folium and branca (`MacroElement._template`, `_children`,
`_parent`, `ElementAddToElement`, `FeatureGroup.render`'s steps). tests/test_fastrender.py pins
the versions it was written against: upgrading either means re-reading this module first.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement
from jinja2 import Template

# The versions whose internals this module was written against (see the module docstring).
FOLIUM_VERSION = "0.20.0"
BRANCA_VERSION = "0.8.2"


def js_json(value: Any) -> str:
    """JSON that is also safe inside an HTML <script> element and a template literal."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("`", "\\u0060"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text


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


class Css(_Fast):
    """A <style> block in the page header (kept by streamlit-folium, unlike <link> tags)."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
    )

    def __init__(self, css: str):
        super().__init__()
        self._name = "Css"
        self.css = css


class StaticGeoJson(_Fast):
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
        self.style = js_json(style)


class Items(_Fast):
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
        return js_json(self.items)


class LodItems(Items):
    """Items as in `Items`, where an item with "z": [min, max] is on the map only while the
    zoom is in [min, max) (either end may be null), and a marker with "zoomTo" zooms the map
    in to that level when clicked. With `canvas`, paths are drawn on one canvas instead of as
    SVG elements (thousands of lines stay fast). Items are added to and removed from their
    feature group, so streamlit-folium's click handler on the group still sees their clicks.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function (group, items, canvas) {
  var renderer = canvas ? L.canvas({padding: 0.5, tolerance: 5}) : null, ranged = [], bound = null;
  function zoomer(d) {
    return function () {
      if (bound) { bound.setView(d.ll, Math.max(bound.getZoom(), d.zoomTo)); }
    };
  }
  for (var i = 0; i < items.length; i++) {
    var d = items[i], o = d.o || {}, layer;
    if (renderer && d.t !== "marker") { o.renderer = renderer; }
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
    if (d.zoomTo) { layer.on("click", zoomer(d)); }
    if (d.z && (d.z[0] !== null || d.z[1] !== null)) {
      ranged.push([layer, d.z[0], d.z[1]]);
    } else {
      layer.addTo(group);
    }
  }
  function update() {
    if (!bound) { return; }
    var z = bound.getZoom();
    for (var k = 0; k < ranged.length; k++) {
      var r = ranged[k], show = (r[1] === null || z >= r[1]) && (r[2] === null || z < r[2]);
      if (show && !group.hasLayer(r[0])) { group.addLayer(r[0]); }
      else if (!show && group.hasLayer(r[0])) { group.removeLayer(r[0]); }
    }
  }
  group.on("add", function () { bound = group._map; bound.on("zoomend", update); update(); });
  group.on("remove", function () { if (bound) { bound.off("zoomend", update); } bound = null; });
})({{ this._parent.get_name() }}, {{ this.data }}, {{ "true" if this.canvas else "false" }});
{% endmacro %}"""
    )

    def __init__(self, items: list[dict[str, Any]], *, canvas: bool = False):
        super().__init__(items)
        self._name = "LodItems"
        self.canvas = canvas


class Legend(_Fast):
    """The legend (a collapsible control, bottom left), the attribution and a zoom class.

    The legend starts folded on maps smaller than `open_min` (width, height in px). The map
    container gets the class `ally-zoom-low` below zoom 4, which hides place labels, and
    `ally-z<zoom>`, which shows the marker labels placed for that zoom.
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

    def __init__(self, legend_html: str, attribution: str, open_min: tuple[int, int]):
        super().__init__()
        self._name = "Legend"
        self.html = js_json(legend_html)
        self.attribution = js_json(attribution)
        self.open_min = open_min


def walk(element: Element) -> Iterator[Element]:
    """Every element of the tree, depth first, as streamlit-folium visits them."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def group(name: str, items: list[dict[str, Any]]) -> Group:
    """A feature group named `name` (already escaped) that draws `items`."""
    out = Group(name=name)
    out.add_child(Items(items))
    return out


def lod_group(name: str, items: list[dict[str, Any]], *, canvas: bool = False) -> Group:
    """A feature group named `name` (already escaped) that draws `items` by zoom (LodItems)."""
    out = Group(name=name)
    out.add_child(LodItems(items, canvas=canvas))
    return out


def items_of(groups: list[folium.FeatureGroup]) -> Iterator[dict[str, Any]]:
    """Every item drawn by the `Items` elements of the groups, in order."""
    for g in groups:
        for child in g._children.values():
            if isinstance(child, Items):
                yield from child.items
