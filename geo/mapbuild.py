"""Build the folium map: a constant base map, and the layers that depend on data and filters.

`base_map` never changes (streamlit-folium remounts its iframe whenever the base map's script
changes), so everything that a filter or a selection can change lives in `layers`, passed to
st_folium as `feature_group_to_add`. `layers` draws the rows `allies.queries.visible` chose,
typed and validated by `allies.load`: it trusts them and checks nothing again. Every string from
the data goes through `safe` before it reaches HTML or JavaScript. Build both afresh on every
run: never cache folium objects. Looks come from geo.styles; the fast folium elements from
geo.fastrender.
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, NamedTuple

import folium
import geopandas as gpd
import pandas as pd
import shapely

from allies.queries import Visible
from allies.selection import Selection, id_of
from allies.vocab import CATEGORIES, HUB
from geo import aggregate, styles
from geo import drawn as model
from geo import items as drawn
from geo.fastrender import Css, Layer, Legend, MapKit, group, items_of, js_json, kit_js, seal
from geo.labels import LAST_ZOOM
from geo.offline import ASSET_BASE, content_name, localize, shapes_url
from geo.scene import MIN_SEP_DEG, Scene, scene
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

    def seal(self) -> None:
        """Make the JSON the layers send, once, with one table for all of them."""
        seal(self.layers)

    @property
    def drawn_ties(self) -> int:
        """How many ties are drawn (both ends have a seat)."""
        return sum(s.kind == "tie" for s in self.focus)

    def focus_point(self, selection: Selection | None) -> LatLon | None:
        """Where to centre the map to show a drawn actor, tie or place (None if not drawn)."""
        return None if selection is None else self.focus.get(selection)

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


class _Run(NamedTuple):
    """One build of the layers: the scene, and the tooltips and focus points made so far."""

    actors: dict[str, Any]
    seats: dict[str, LatLon]
    positions: dict[str, LatLon]
    tips: Tooltips
    focus: dict[Selection, LatLon]


def layers(
    view: Visible,
    countries: gpd.GeoDataFrame | None = None,
    *,
    selection: Selection | None = None,
    prepared: Scene | None = None,
    labelled: frozenset[str] = frozenset(),
    made: model.DrawnView | None = None,
) -> MapLayers:
    """Feature groups for the rows of a filtered view, in drawing order bottom to top.

    Groups: "Countries shaded" (each state's country in its camp's colour), one group per
    place ("Place · <name>", context places marked "(context)"), "Ties · <camp>" and
    "Actors · <camp>" per camp. Actors without a seat (informal groupings) and the ties that
    touch them are left out. A selected actor gets a ring and a label, its ties are drawn
    stronger and the others faded; a selected tie is drawn stronger with the others faded; a
    selected place gets a heavier outline. A selection that is not drawn highlights nothing.
    `prepared` is `scene(view, countries)` made earlier for the same view (it is made here
    otherwise). Actors in `labelled` (what a tour scene is about) are labelled at every zoom.
    `made` is `geo.drawn.drawn_view` of the same view, selection and labels, made earlier.
    """
    base = prepared if prepared is not None else scene(view, countries)
    run = _Run(base.actors, base.seats, base.positions, Tooltips(), {})
    run.focus.update({Selection("actor", a): pos for a, pos in base.positions.items()})

    result = MapLayers(positions=base.positions, focus=run.focus)
    result.layers += _country_shading(base.shade)
    places = made.places if made else model.drawn_places(view.places, id_of(selection, "place"))
    under, over, labels = _place_layers(places, run)
    result.layers += under
    if base.crowded:
        return _aggregated(result, view, base, run, selection, over, labels)
    model_view = made or model.drawn_view(view, base, selection, labelled)
    result.layers += _camp_layers("Ties", _tie_entries(view.ties, model_view, run))
    result.layers += over
    result.layers += _camp_layers("Actors", _actor_entries(model_view, run))
    result.tooltip_index = run.tips.index
    return result


def _aggregated(
    result: MapLayers,
    view: Visible,
    base: Scene,
    run: _Run,
    selection: Selection | None,
    over: list[Layer],
    labels: list,
) -> MapLayers:
    """The ties and actors of a big map, crowded seats drawn as one marker each (geo.aggregate),
    with the places that go above the ties between them."""

    def draw(positions: dict[str, LatLon], focus: dict[Selection, LatLon], unlabelled):
        part = run._replace(positions=positions, focus=focus)
        model_view = model.drawn_view(view, replace(base, positions=positions), selection)
        ties = _tie_entries(view.ties, model_view, part)
        return ties, _actor_entries(model_view, part, unlabelled)

    made, positions, focus = aggregate.layers(
        view.ties, base.actors, base.seats, base.anchors, selection, labels, draw, MIN_SEP_DEG
    )
    ties = [layer for layer in made if layer.name.startswith("Ties")]
    result.layers += ties + over + [layer for layer in made if not layer.name.startswith("Ties")]
    result.positions = dict(positions)
    run.focus.update(focus)
    result.tooltip_index = run.tips.index
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
    places: tuple[model.DrawnPlace, ...], run: _Run
) -> tuple[list[Layer], list[Layer], list[tuple[float, float, str]]]:
    """One group per place of the model, in its drawing order: those drawn under the ties,
    those drawn over them, and the chokepoint labels that marker labels must keep clear of."""
    under: list[Layer] = []
    over: list[Layer] = []
    labels: list[tuple[float, float, str]] = []
    for place in places:
        geom = place.geometry
        rest = [place.kind] + ([] if place.in_sources else [styles.CONTEXT_SUFFIX])
        tooltip = run.tips.make("place", place.place_id, place.name, rest)
        point = geom.representative_point()
        run.focus[Selection("place", place.place_id)] = (point.y, point.x)
        if place.kind == "chokepoint" and geom.geom_type == "Point":
            labels.append((geom.y, geom.x, place.name))
        items = drawn.place_items(place, tooltip)
        if not items:
            continue
        name = f"Place · {place.name}" + ("" if place.in_sources else " (context)")
        (over if place.over_ties else under).append(group(safe(name), items))
    return under, over, labels


# What a camp's group draws: each item with the selection it stands for (None for the parts
# that only go with the next item: a tie's visible line, a marker's leader line).
Entries = dict[str, list[tuple[Selection | None, Item]]]


def _camp_layers(kind: str, by_camp: Entries) -> list[Layer]:
    """One group per camp ("Ties · <camp>", "Actors · <camp>"), in the camps' order."""
    return [
        group(safe(f"{kind} · {cat.label}"), [item for _, item in by_camp[camp]])
        for camp, cat in CATEGORIES.items()
        if by_camp.get(camp)
    ]


def _tie_entries(ties: pd.DataFrame, model_view: model.DrawnView, run: _Run) -> Entries:
    """The drawn ties of the model by camp: each a visible line and a wider transparent twin
    that takes the hover and the click (thin lines are hard to hit). Tooltips are made in the
    view's order."""
    drawn_ties = {t.rel_id: t for t in model_view.ties}
    in_order = [drawn_ties[r] for r in ties["rel_id"] if r in drawn_ties]
    bends = model.bends([(t.rel_id, t.from_actor, t.to_actor) for t in in_order])
    by_camp: Entries = defaultdict(list)
    for tie in in_order:
        rest = [tie.type, ", ".join(tie.support)]
        if tie.status != "active":
            rest.append(tie.status)
        tooltip = run.tips.make("tie", tie.rel_id, tie.title, rest)
        points = list(tie.points)
        run.focus[Selection("tie", tie.rel_id)] = points[len(points) // 2]
        curve = (points[0], points[-1], bends[tie.rel_id], ARC_POINTS)
        line, hit = drawn.tie_items(tie, points, tie.camp, tie.emphasis, tooltip, curve)
        by_camp[tie.camp] += [(None, line), (Selection("tie", tie.rel_id), hit)]
    return by_camp


def _actor_entries(
    model_view: model.DrawnView, run: _Run, unlabelled: frozenset[str] = frozenset()
) -> Entries:
    """The drawn actors of the model by camp: a marker each, with a leader line to the true
    seat where the marker moved, and its label from the zoom at which it fits (none for the
    actors in `unlabelled` whose label fits at no zoom). Tooltips are made in the scene's
    order."""
    drawn_actors = {a.actor_id: a for a in model_view.actors}
    by_camp: Entries = defaultdict(list)
    for actor_id in run.positions:
        actor = drawn_actors[actor_id]
        if math.dist(actor.seat, actor.pos) > 1e-6:
            by_camp[actor.camp] += [(None, i) for i in drawn.leader_items(actor.pos, actor.seat)]
        tooltip = run.tips.make("actor", actor_id, actor.name, [CATEGORIES[actor.camp].label])
        label = not (actor_id in unlabelled and actor.label_zoom >= LAST_ZOOM)
        marker = drawn.actor_marker(actor, tooltip, label=label)
        by_camp[actor.camp].append((Selection("actor", actor_id), marker))
    return by_camp
