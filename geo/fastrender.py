"""Folium elements that render fast: with geo.scratch, the only modules using folium's internals.

Folium compiles every element's rendered script as a Jinja template (about 1 ms each), so one
folium object per marker, line and tooltip costs ~0.4 s per rerun for 40 actors and 60 ties.
Here each feature group holds one `Items` element that draws all its markers and lines from a
JSON list in a short loop, and our elements add their rendered output without recompiling it.
The Leaflet layers are the ones folium would make (L.marker with L.divIcon, L.polyline,
L.polygon, L.circleMarker, each with bindTooltip), so streamlit-folium's click handling and
`last_object_clicked_tooltip` work unchanged.

This leans on private parts of folium and branca (`MacroElement._template`, `_children`,
`_parent`, `ElementAddToElement`, `FeatureGroup.render`'s steps), as geo.scratch does for the
map that groups are rendered against. tests/test_fastrender.py pins the versions they were
written against: upgrading either means re-reading both modules first.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from folium.elements import ElementAddToElement, JSCSSMixin
from jinja2 import Template

from geo.jsonsafe import js_json

# The versions whose internals this module was written against (see the module docstring).
FOLIUM_VERSION = "0.20.0"
BRANCA_VERSION = "0.8.2"


class _Raw(Element):
    """Already rendered text: added to the page as is, never compiled as a template."""

    # Added under its parent's name, so its own id is never used: a counter instead of branca's
    # random one (os.urandom for every element of every rerun).
    _ids = itertools.count()

    @classmethod
    def _generate_id(cls) -> str:
        return f"raw{next(cls._ids)}"

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


class FastElement(MacroElement):
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


class Css(FastElement):
    """A <style> block in the page header (kept by streamlit-folium, unlike <link> tags)."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>{% endmacro %}"
    )

    def __init__(self, css: str):
        super().__init__()
        self._name = "Css"
        self.css = css


class StaticGeoJson(FastElement):
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


KIT_PATH = Path(__file__).resolve().parent / "static" / "map-kit.js"
ACCESS_PATH = KIT_PATH.with_name("map-access.js")


@cache
def kit_js() -> str:
    """The map's own drawing code (geo/static/map-kit.js, then map-access.js), read once."""
    return "\n".join(p.read_text(encoding="utf-8") for p in (KIT_PATH, ACCESS_PATH))


class MapKit(JSCSSMixin, FastElement):
    """What the constant base map sets up once for every layer drawn later, with the code of
    geo/static/map-kit.js: `window.allyShapes`, a promise of the country shapes (a GeoJSON
    FeatureCollection whose features carry `properties.iso3`); the grey land drawn from them
    in its own pane, and a pane for the shading above it; and `allyDraw`, `allyShade` and
    `allyLegend`, which the layers call.

    Served (the app): the code comes from `kit_url` and the map's CSS from `css_url`, loaded
    once by the map's page; the shapes are fetched once from `url`, a static file the browser
    caches. Inline (a page that must stand alone): the code is in the script and the shapes
    are `data_json`.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
{% if this.inline %}{{ this.kit }}{% endif %}
allySetup({{ this._parent.get_name() }}, {{ this.options }});
{% endmacro %}"""
    )

    def __init__(
        self,
        land_style: dict[str, Any],
        *,
        url: str = "",
        data_json: str = "",
        kit_url: str = "",
        css_url: str = "",
    ):
        super().__init__()
        if bool(url) == bool(data_json):
            raise ValueError("MapKit needs either the shapes' url or the shapes themselves")
        if bool(kit_url) != bool(url) or bool(css_url) != bool(url):
            raise ValueError("a served MapKit needs the url of its code and of its CSS")
        self._name = "MapKit"
        self.inline = not kit_url
        self.kit = kit_js() if self.inline else ""
        self.default_js = [("ally_map_kit", kit_url)] if kit_url else []
        self.default_css = [("ally_map_css", css_url)] if css_url else []
        land = js_json(land_style)
        where = f'"data":{data_json}' if data_json else f'"url":{js_json(url)}'
        self.options = "{" + where + ',"land":' + land + "}"

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if isinstance(figure, Figure):  # a whole page: link the served code and CSS
            for name, url in self.default_js:
                figure.header.add_child(JavascriptLink(url), name=name)
            for name, url in self.default_css:
                figure.header.add_child(CssLink(url), name=name)
        _render_fast(self, kwargs)


class Shade(FastElement):
    """Countries filled by style: `by_iso3` names a style of `styles` for each country.

    Drawn from the shapes MapKit holds (never resent), in the shading pane, so a rerun sends
    only this small table.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
allyShade({{ this._parent.get_name() }}, {{ this.by }}, {{ this.styles }}, {{ this.base }});
{% endmacro %}"""
    )

    def __init__(
        self, by_iso3: dict[str, str], styles: dict[str, dict[str, Any]], base: dict[str, Any]
    ):
        super().__init__()
        self._name = "Shade"
        self.by_iso3 = dict(by_iso3)
        self.style_table = dict(styles)
        self.by = js_json(self.by_iso3)
        self.styles = js_json(self.style_table)
        self.base = js_json(base)


class Items(FastElement):
    """Markers, lines, polygons and circle markers drawn from one JSON list, with tooltips.

    Each item: {"t": "marker" | "line" | "polygon" | "circle", "ll": lat/lon nesting,
    "o": Leaflet options, "icon": L.divIcon options (markers), "tip": tooltip HTML,
    "to": tooltip options, "arc": a curve the browser redraws}. The list is drawn by
    `window.allyDraw`, which MapKit defines once; it is sent in the shorter form of `wire`.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
allyDraw({{ this._parent.get_name() }}, {{ this.data }});
{% endmacro %}"""
    )

    def __init__(self, items: list[dict[str, Any]] | None, *, data_json: str | None = None):
        super().__init__()
        self._name = "Items"
        self.items = items
        self._data = data_json

    @property
    def data(self) -> str:
        return self._data if self._data is not None else js_json(wire(self.items))


def wire(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The items as sent: {"s": table, "i": items}, made shorter without changing what is drawn.

    - points (or a curve, `"arc"`, see geo.items.tie_items) equal to the previous item's (a
      tie's hit line) become `"p": 1`;
    - Leaflet, tooltip and icon options (`"o"`, `"to"`, `"icon"`) and markers' SVG symbols used
      by more than one item are sent once, in the table, and referred to by their index; a
      marker's icon HTML travels as `"h"`: [text before the symbol, symbol, text after];
      options shared but for their class name refer to the table and carry the class as `"c"`.
    """
    return wire_shared([items])[0]


def wire_shared(lists: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Several item lists (the groups of one map) in the form of `wire`, with one table for
    all of them: the first list carries it ("s"), and allyDraw keeps it for the lists after
    it, which are drawn in order."""
    pieces = [[_pieces(item) for item in items] for items in lists]
    # Each piece's JSON, made once: it names the piece in the counts and in the table.
    texts = {id(v): js_json(v) for group in pieces for piece in group for v in piece.values()}
    counts: dict[str, int] = {}
    for group_pieces in pieces:
        for piece in group_pieces:
            for value in piece.values():
                text = texts[id(value)]
                counts[text] = counts.get(text, 0) + 1
    table: list[Any] = []
    index: dict[str, int] = {}

    def ref(value: Any) -> Any:
        text = texts[id(value)]
        if counts.get(text, 0) < 2:
            return value
        if text not in index:
            index[text] = len(table)
            table.append(value)
        return index[text]

    outs = [
        _short_items(items, group_pieces, lambda v: counts[texts[id(v)]], ref)
        for items, group_pieces in zip(lists, pieces, strict=True)
    ]
    return [{"s": table, "i": out} if i == 0 else {"i": out} for i, out in enumerate(outs)]


def geometry_of(item: dict[str, Any]) -> Any:
    """What an item's geometry is sent as: its curve (`"arc"`), or its points."""
    return item.get("arc", item.get("ll"))


def _short_items(items, pieces, uses, ref) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    prev = None
    for item, piece in zip(items, pieces, strict=True):
        short = dict(item)
        geometry = geometry_of(item)
        if prev is not None and geometry is not None and geometry == geometry_of(prev):
            short.pop("ll", None)
            short.pop("arc", None)
            short["p"] = 1
        if item.get("to") == {"sticky": True}:  # allyDraw's default
            short.pop("to")
            piece = {k: v for k, v in piece.items() if k != "to"}
        for key in ("o", "to"):
            if key in piece:
                short[key] = ref(piece[key])
        rest = piece.get("o_rest")
        if isinstance(short.get("o"), dict) and rest and uses(rest) > 1:
            # Options that differ only by their class name (a hit line names its tie).
            short["o"] = ref(rest)
            short["c"] = item["o"]["className"]
        if "svg" in piece and uses(piece["svg"]) > 1:
            # A marker's symbol repeats from marker to marker; its name and label do not.
            before, _, after = _split_svg(item["icon"]["html"])
            short["icon"] = ref(piece["icon"])
            short["h"] = [before, ref(piece["svg"]), after]
        out.append(short)
        prev = item
    return out


def _pieces(item: dict[str, Any]) -> dict[str, Any]:
    """The parts of an item that often repeat: options, tooltip options, icon options and the
    icon's SVG symbol."""
    out = {key: item[key] for key in ("o", "to") if key in item}
    if isinstance(item.get("o"), dict) and "className" in item["o"]:
        out["o_rest"] = {k: v for k, v in item["o"].items() if k != "className"}
    if isinstance(item.get("icon"), dict) and "html" in item["icon"]:
        out["icon"] = {k: v for k, v in item["icon"].items() if k != "html"}
        _, svg, _ = _split_svg(item["icon"]["html"])
        if svg:
            out["svg"] = svg
    return out


def _split_svg(html: str) -> tuple[str, str, str]:
    """(before, the first <svg>…</svg>, after); the middle is empty when there is none."""
    start = html.find("<svg")
    end = html.find("</svg>", start)
    if start < 0 or end < 0:
        return html, "", ""
    end += len("</svg>")
    return html[:start], html[start:end], html[end:]


class LodItems(FastElement):
    """Items of a big map's aggregated layers, drawn one by one, where an item with "z":
    [min, max] is on the map only while the zoom is in [min, max) (either end may be null),
    and a marker with "zoomTo" zooms the map
    in to that level when clicked. With `canvas`, paths are drawn on one canvas instead of as
    SVG elements (thousands of lines stay fast). Items are added to and removed from their
    feature group, so streamlit-folium's click handler on the group still sees their clicks.
    The drawing is the map kit's `allyLod` (geo/static/map-kit.js).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
allyLod({{ this._parent.get_name() }}, {{ this.data }}, {{ "true" if this.canvas else "false" }});
{% endmacro %}"""
    )

    def __init__(
        self,
        items: list[dict[str, Any]] | None,
        *,
        canvas: bool = False,
        data_json: str | None = None,
    ):
        super().__init__()
        self._name = "LodItems"
        self.items = items
        self.canvas = canvas
        self._data = data_json

    @property
    def data(self) -> str:
        """The items in the form of `wire` (as `Items` sends them)."""
        return self._data if self._data is not None else js_json(wire(self.items))


class Legend(FastElement):
    """The legend (a collapsible control, bottom left), the attribution and a zoom class.

    The legend starts folded on maps smaller than `open_min` (width, height in px). The map
    container gets the class `ally-zoom-low` below zoom 4, which hides place labels, and
    `ally-z<zoom>`, which shows the marker labels placed for that zoom. Without
    `legend_html`, the legend's HTML is the one the served map code carries
    (`window.allyLegendHtml`).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
allyLegend({{ this._parent.get_name() }}, {{ this.options }});
{% endmacro %}"""
    )

    def __init__(self, legend_html: str | None, attribution: str, open_min: tuple[int, int]):
        super().__init__()
        self._name = "Legend"
        options: dict[str, Any] = {"attribution": attribution, "openMin": list(open_min)}
        if legend_html is not None:
            options["html"] = legend_html
        self.options = js_json(options)


def walk(element: Element) -> Iterator[Element]:
    """Every element of the tree, depth first, as streamlit-folium visits them."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


@dataclass
class Layer:
    """One feature group as plain data: its (already escaped) name, and what it draws — items
    for `Items`, or a country -> style table for `Shade`.

    Plain data can be cached across reruns and sessions (folium objects must not be: st_folium
    mutates them), and the JSON sent for it is made once per Layer, not once per rerun.
    `group()` builds a fresh folium FeatureGroup from it every time it is called. A layer made
    by `sent()` keeps its JSON and not its items (None).
    """

    name: str
    items: list[dict[str, Any]] | None = field(default_factory=list)
    shade: tuple[dict[str, str], dict[str, dict[str, Any]], dict[str, Any]] | None = None
    # Items shown by zoom (see LodItems), for the aggregated seats of big maps.
    lod: bool = False
    canvas: bool = False
    _json: str | None = field(default=None, repr=False, compare=False)

    def data_json(self) -> str:
        """The items as sent (see `wire`), serialised once (or as `seal` made them)."""
        if self._json is None:
            self._json = js_json(wire(self.items))
        return self._json

    def sent(self) -> Layer:
        """The layer holding what it sends and not its items, which are gone (None): what a
        cache keeps. A big map's items are tens of thousands of objects, which the garbage
        collector walks on every full collection for as long as they live; the JSON is one
        string."""
        if self.shade is not None:
            return self
        return Layer(self.name, None, lod=self.lod, canvas=self.canvas, _json=self.data_json())

    def group(self, stand_in: str | None = None) -> Group:
        """A new folium group drawing the layer; with `stand_in`, that text takes the place of
        the items' JSON in its script (see ui.mapcall.layers_script)."""
        out = Group(name=self.name)
        data = self.data_json() if stand_in is None else stand_in
        if self.shade is not None:
            out.add_child(Shade(*self.shade))
        elif self.lod:
            out.add_child(LodItems(self.items, canvas=self.canvas, data_json=data))
        else:
            out.add_child(Items(self.items, data_json=data))
        return out


def seal(layers: list[Layer]) -> None:
    """Serialise the items of several layers drawn in order with one shared table
    (`wire_shared`): each layer keeps its JSON, the first one with items carries the table."""
    drawn = [layer for layer in layers if layer.shade is None]
    for layer, data in zip(drawn, wire_shared([layer.items for layer in drawn]), strict=True):
        layer._json = js_json(data)


def group(name: str, items: list[dict[str, Any]]) -> Layer:
    """A layer named `name` (already escaped) that draws `items`."""
    return Layer(name, items)


def items_of(groups: list[folium.FeatureGroup | Layer]) -> Iterator[dict[str, Any]]:
    """Every item drawn by the `Items` elements of the groups (or layers), in order. The items
    of a layer made by `Layer.sent` are gone: asking for them is an error, not an empty map."""
    for g in groups:
        lists = (
            [g.items]
            if isinstance(g, Layer)
            else [
                child.items
                for child in g._children.values()
                if isinstance(child, (Items, LodItems))
            ]
        )
        for items in lists:
            if items is None:
                raise ValueError(f"the items of {g!r} were not kept, only the JSON they send")
            yield from items
