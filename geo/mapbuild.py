"""Build the folium map: a constant base map, and the layers that draw a view's model.

`base_map` never changes (streamlit-folium remounts its iframe whenever the base map's script
changes), so everything that a filter or a selection can change lives in the layers, passed to
st_folium as `feature_group_to_add`. `render` draws the model of what a view shows
(`geo.drawn.DrawnView`, crowded seats and bundles included) and reads nothing else: no rows, no
scene. Every string from the data goes through `safe` before it reaches HTML or JavaScript.
Never cache folium objects: `MapLayers` is plain data and builds fresh groups on each call.
Looks come from geo.styles, items from geo.items, the fast folium elements from geo.fastrender.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, NamedTuple

import folium
import geopandas as gpd
import shapely

from allies.queries import Visible
from allies.selection import Selection
from allies.vocab import CATEGORIES, HUB
from geo import drawn as model
from geo import items as drawn
from geo import styles
from geo.fastrender import (
    Css,
    Layer,
    Legend,
    MapKit,
    items_of,
    js_json,
    kit_js,
    seal,
)
from geo.offline import ASSET_BASE, content_name, localize, shapes_url
from geo.scene import Scene, scene
from geo.tooltips import Tooltips, safe

# Points per drawn tie (geo.arcs.arc's n).
ARC_POINTS = model.ARC_POINTS

LatLon = tuple[float, float]
Item = dict[str, Any]


@dataclass
class MapLayers:
    """The layers of a view as plain data, and the key to map a clicked tooltip back to data.

    `layers` can be cached (plain data); `groups` builds fresh folium feature groups from them
    for st_folium on every call. `tooltip_index` maps the text of each tooltip (what st_folium
    returns as last_object_clicked_tooltip) to the Selection it stands for. `positions` gives
    each drawn actor's marker position (after decluttering); `focus` where to centre the map
    to show each drawn actor, tie and place.
    """

    layers: list[Layer] = field(default_factory=list)
    tooltip_index: dict[str, Selection] = field(default_factory=dict)
    positions: dict[str, LatLon] = field(default_factory=dict)
    focus: dict[Selection, LatLon] = field(default_factory=dict)

    @property
    def groups(self) -> list[folium.FeatureGroup]:
        """New folium feature groups for st_folium's `feature_group_to_add`."""
        return [layer.group() for layer in self.layers]

    @property
    def drawn_ties(self) -> int:
        """How many ties are drawn (both ends have a seat)."""
        return sum(s.kind == "tie" for s in self.focus)

    def focus_point(self, selection: Selection | None) -> LatLon | None:
        """Where to centre the map to show a drawn actor, tie or place (None if not drawn)."""
        return None if selection is None else self.focus.get(selection)

    def sent(self) -> MapLayers:
        """These layers holding only what they send, not their items (see Layer.sent): what the
        app's cache keeps; `items()` of the result is an error."""
        return replace(self, layers=[layer.sent() for layer in self.layers])

    def json_bytes(self) -> int:
        """The characters of the JSON the layers send (made with them: see fastrender.seal)."""
        return sum(len(layer.data_json()) for layer in self.layers)

    def names(self) -> list[str]:
        """The layer-control names of the groups, in drawing order."""
        return [html.unescape(layer.name) for layer in self.layers]

    def items(self) -> list[Item]:
        """Every drawn item (marker, line, polygon, circle) of every group, in order."""
        return list(items_of(self.layers))


# --------------------------------------------------------------------------- base map


def _country_features(countries: gpd.GeoDataFrame) -> list[str]:
    """Compact GeoJSON features of country outlines, each with its iso3 as property."""
    geoms = shapely.to_geojson(countries.geometry.values)
    feats = []
    for code, g in zip(countries["iso3"], geoms, strict=True):
        if g is None:
            continue
        props = js_json({"iso3": code})
        feats.append(f'{{"type":"Feature","properties":{props},"geometry":{g}}}')
    return feats


def _collection(features: list[str]) -> str:
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


class ServedFiles(NamedTuple):
    """The map's code (with the legend's HTML) and CSS as files, named by their content."""

    kit_name: str
    kit: str
    css_name: str
    css: str

    def files(self) -> dict[str, str]:
        """Name -> text, for geo.offline.write_static_files."""
        return {self.kit_name: self.kit, self.css_name: self.css}


@cache
def served_files() -> ServedFiles:
    """What the app serves for the base map besides Leaflet and the shapes: the drawing code of
    geo/static/map-kit.js with the legend's HTML, and the map's CSS. Content-hashed names let
    the browser keep them; they are made once per process from the same sources the inline
    map uses."""
    kit = kit_js() + f"\nwindow.allyLegendHtml = {js_json(styles.legend_html())};\n"
    css = styles.map_css()
    kit_name, css_name = content_name("map-kit", kit, "js"), content_name("map", css, "css")
    return ServedFiles(kit_name, kit, css_name, css)


def layer_control() -> folium.LayerControl:
    """The map's own layer switcher, folded in the top right corner."""
    return folium.LayerControl(collapsed=True, position="topright")


def base_map(
    countries: gpd.GeoDataFrame | None = None,
    *,
    asset_base: str = ASSET_BASE,
    click_to_zoom: bool = False,
) -> folium.Map:
    """The constant map: sea background, grey countries, legend, local Leaflet; no tiles.

    `asset_base` is where leaflet.js, leaflet.css and the country shapes are served (see
    geo.offline). Without `countries` the map fetches the shapes from there once (the app);
    with them, it carries them inline (a page that must work on its own). Either way the
    shapes reach the browser once per page, never per rerun: the layers only name countries.
    With `click_to_zoom` the scroll wheel scrolls the page until the map is clicked
    (geo/static/map-access.js).
    """
    (s, w), (n, e) = styles.MAX_BOUNDS
    m = folium.Map(
        location=list(styles.MAP_CENTER),
        zoom_start=styles.MAP_ZOOM,
        tiles=None,
        minZoom=styles.MIN_ZOOM,
        maxZoom=styles.MAX_ZOOM,
        max_bounds=True,
        min_lat=s,
        max_lat=n,
        min_lon=w,
        max_lon=e,
        maxBoundsViscosity=0.8,
        worldCopyJump=False,
        zoomSnap=0.5,
        **({"scrollWheelZoom": False} if click_to_zoom else {}),
    )
    if countries is None:
        files = served_files()
        kit = MapKit(
            styles.LAND_STYLE,
            url=shapes_url(asset_base),
            kit_url=asset_base + files.kit_name,
            css_url=asset_base + files.css_name,
        )
        m.add_child(kit)
        m.add_child(Legend(None, styles.ATTRIBUTION, styles.LEGEND_OPEN_MIN_PX))
    else:
        m.add_child(Css(styles.map_css()))
        inline = _collection(_country_features(countries))
        m.add_child(MapKit(styles.LAND_STYLE, data_json=inline))
        m.add_child(Legend(styles.legend_html(), styles.ATTRIBUTION, styles.LEGEND_OPEN_MIN_PX))
    localize(m, base=asset_base)
    return m


# --------------------------------------------------------------------------- layers


# A tie's arc keeps every ARC_STEP-th point on a crowded map (24 segments become 8).
ARC_STEP = 3
# A crowded map's layer with more lines and circles than this draws them on a canvas.
CANVAS_ABOVE = 300


def layers(
    view: Visible,
    countries: gpd.GeoDataFrame | None = None,
    *,
    selection: Selection | None = None,
    prepared: Scene | None = None,
    labelled: frozenset[str] = frozenset(),
) -> MapLayers:
    """The layers of a filtered view with a selection: its model (`geo.drawn.drawn_view`,
    on `prepared`, its `scene(view, countries)` if made earlier) rendered by `render`. Actors
    in `labelled` (what a tour scene is about) are labelled at every zoom."""
    base = prepared if prepared is not None else scene(view, countries)
    return render(model.drawn_view(view, base, selection, labelled))


def render(made: model.DrawnView) -> MapLayers:
    """Feature groups drawing a view's model, in drawing order bottom to top, sealed (their
    JSON made once, with one table for all).

    Groups: "Countries shaded" (each state's country in its camp's colour), one group per
    place ("Place · <name>", context places marked "(context)"), "Ties · <camp>" and
    "Actors · <camp>" per camp. A selected actor gets a ring and a label, its ties are drawn
    stronger and the others faded; a selected tie is drawn stronger with the others faded; a
    selected place gets a heavier outline. A crowded map also draws its folded seats and
    bundled ties, each item in its zoom range.
    """
    tips = Tooltips()
    focus = {Selection("actor", a): pos for a, pos in made.positions.items()}
    focus.update({Selection("actor", a): pos for a, pos in made.seat_of.items()})
    result = MapLayers(positions=dict(made.positions), focus=focus)
    result.layers += _country_shading(dict(made.shading))
    under, over = _place_layers(made.places, tips, focus)
    result.layers += under
    ties = _tie_entries(made, tips, focus)
    actors = _actor_entries(made, tips)
    for bundle in made.bundles:
        ties[bundle.camp].append(drawn.bundle_item(bundle))
    for seat in made.seats:
        actors[seat.camp] += drawn.seat_items(seat)
    result.layers += _camp_layers("Ties", ties, made.crowded)
    result.layers += over
    result.layers += _camp_layers("Actors", actors, made.crowded)
    result.tooltip_index = tips.index
    seal(result.layers)
    return result


def _country_shading(shade: dict[str, str]) -> list[Layer]:
    """The shaded countries as a layer: a country -> camp table and each camp's style (the
    shapes are the ones the base map already holds)."""
    if not shade:  # none of the drawn states has a shape
        return []
    camp_styles = {
        camp: {
            "fillColor": CATEGORIES[camp].colour,
            "color": CATEGORIES[camp].colour,
            "fillOpacity": styles.HUB_SHADE_OPACITY if camp == HUB else styles.SHADE_OPACITY,
        }
        for camp in dict.fromkeys(shade.values())
    }
    return [Layer("Countries shaded", shade=(shade, camp_styles, styles.SHADE_STYLE))]


def _place_layers(
    places: tuple[model.DrawnPlace, ...], tips: Tooltips, focus: dict[Selection, LatLon]
) -> tuple[list[Layer], list[Layer]]:
    """One group per place of the model, in its drawing order: those drawn under the ties,
    and those drawn over them."""
    under: list[Layer] = []
    over: list[Layer] = []
    for place in places:
        rest = [place.kind] + ([] if place.in_sources else [styles.CONTEXT_SUFFIX])
        tooltip = tips.make("place", place.place_id, place.name, rest)
        point = place.geometry.representative_point()
        focus[Selection("place", place.place_id)] = (point.y, point.x)
        items = drawn.place_items(place, tooltip)
        if not items:
            continue
        name = f"Place · {place.name}" + ("" if place.in_sources else " (context)")
        (over if place.over_ties else under).append(Layer(safe(name), items))
    return under, over


def _camp_layers(kind: str, by_camp: dict[str, list[Item]], crowded: bool) -> list[Layer]:
    """One group per camp ("Ties · <camp>", "Actors · <camp>"), in the camps' order. On a
    crowded map the groups show each item in its zoom range, and a busy group draws on a
    canvas, where a tie needs no transparent twin."""
    out = []
    for camp, cat in CATEGORIES.items():
        items = by_camp.get(camp)
        if not items:
            continue
        canvas = crowded and sum(item["t"] != "marker" for item in items) > CANVAS_ABOVE
        if canvas and kind == "Ties":
            items = drawn.one_line_per_tie(items)
        out.append(Layer(safe(f"{kind} · {cat.label}"), items, lod=crowded, canvas=canvas))
    return out


def _tie_entries(
    made: model.DrawnView, tips: Tooltips, focus: dict[Selection, LatLon]
) -> dict[str, list[Item]]:
    """The drawn ties of the model by camp: each a visible line and a wider transparent twin
    that takes the hover and the click (thin lines are hard to hit); on a crowded map with
    fewer points, from the zoom both ends show."""
    by_camp: dict[str, list[Item]] = defaultdict(list)
    for tie in made.ties:
        rest = [tie.type, ", ".join(tie.support)]
        if tie.status != "active":
            rest.append(tie.status)
        tooltip = tips.make("tie", tie.rel_id, tie.title, rest)
        points = list(tie.points)
        focus[Selection("tie", tie.rel_id)] = points[len(points) // 2]
        curve = (points[0], points[-1], tie.bend, ARC_POINTS)
        pair = drawn.tie_items(tie, points, tie.camp, tie.emphasis, tooltip, curve)
        if made.crowded:
            pair = [drawn.thinned(item, ARC_STEP) for item in pair]
        if tie.shown_from:
            pair = [{**item, "z": [tie.shown_from, None]} for item in pair]
        by_camp[tie.camp] += pair
    return by_camp


def _actor_entries(made: model.DrawnView, tips: Tooltips) -> dict[str, list[Item]]:
    """The drawn actors of the model by camp: a marker each, with a leader line to the true
    seat where the marker moved, and its label from the zoom at which it fits. An actor of a
    crowded seat shows once the seat opens, with no leader line (a dot marks the seat) and no
    label if it fits at no zoom. Tooltips are made in the scene's order."""
    drawn_actors = {a.actor_id: a for a in made.actors}
    by_camp: dict[str, list[Item]] = defaultdict(list)
    for actor_id in made.positions:
        actor = drawn_actors[actor_id]
        if actor.leader:
            by_camp[actor.camp] += drawn.leader_items(actor.pos, actor.seat)
        tooltip = tips.make("actor", actor_id, actor.name, [CATEGORIES[actor.camp].label])
        marker = drawn.actor_marker(actor, tooltip, label=actor.labelled)
        if actor.shown_from:
            marker = {**marker, "z": [actor.shown_from, None]}
        by_camp[actor.camp].append(marker)
    return by_camp
