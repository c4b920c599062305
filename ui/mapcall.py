"""The live map, handed to streamlit-folium's component with what never changes made once.

`st_folium` renders the whole folium map on every rerun: the constant base map (its script,
HTML and header, and the hash that names the component's state), then every feature group.
On the map page that was a quarter of the server's time, and almost all of it gives the same
text every time. `show` sends the component exactly the arguments `st_folium` would send (the
same frontend, the same returned values and key), but takes the base map's part from a table
made once per process and the layers' script from the cached layers (`layers_script`, made
once per cached entry); only the few groups that change with the view are rendered per run.

This is the one module that uses streamlit-folium's private functions; their names and
arguments are pinned with its version (geo/offline.py) and checked by tests/test_fastrender.py,
and tests/test_mapcall.py checks that `show` sends what `st_folium` sends.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import folium
import streamlit as st
import streamlit_folium as sf

from geo import mapbuild
from geo.fastrender import walk
from geo.scratch import numbered_group, scratch_map
from ui import keys

# The values the map page asks the component to return.
RETURNED = ("last_object_clicked_tooltip", "last_object_clicked_count")


@dataclass(frozen=True)
class Base:
    """What `st_folium` sends for a base map, which does not change between reruns."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    defaults: dict[str, Any]


def _links(folium_map: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The CSS and JS links the component loads, as `st_folium` gathers them."""
    css: list[str] = []
    js: list[str] = []
    for element in walk(folium_map):
        if isinstance(element, folium.elements.JSCSSMixin):
            css += [href for _, href in getattr(element, "default_css", [])]
            js += [src for _, src in getattr(element, "default_js", [])]
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def _base_parts(folium_map: folium.Map, returned: Iterable[str]) -> Base:
    folium_map.get_root().render()
    folium_map.render()
    html = sf._get_html(folium_map)
    header = sf._get_header(folium_map)
    script = sf._get_map_string(folium_map)
    bounds = folium_map.get_bounds()
    defaults = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {
            "_southWest": {"lat": bounds[0][0], "lng": bounds[0][1]},
            "_northEast": {"lat": bounds[1][0], "lng": bounds[1][1]},
        },
        "zoom": folium_map.options.get("zoom"),
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        "selected_tags": None,
        "last_geocoder_result": None,
    }
    wanted = set(returned)
    css, js = _links(folium_map)
    return Base(
        script,
        header,
        html,
        sf.get_full_id(folium_map),
        css,
        js,
        {k: v for k, v in defaults.items() if k in wanted},
    )


@cache
def base(click_to_zoom: bool) -> Base:
    """The base map's part of the component's arguments, made once per process."""
    return _base_parts(mapbuild.base_map(click_to_zoom=click_to_zoom), RETURNED)


def groups_script(groups: list[folium.FeatureGroup], first: int = 0) -> str:
    """The script `st_folium` makes of feature groups passed as `feature_group_to_add`, the
    first numbered `first`."""
    with scratch_map() as scratch:
        return "".join(
            sf._get_feature_group_string(g, map=scratch, idx=first + i)
            for i, g in enumerate(groups)
        )


# Stands for a layer's JSON while streamlit-folium renders its group: random per process, so no
# data can hold it.
_STAND_IN = f"allyData{secrets.token_hex(8)}_"
_STANDS = re.compile(re.escape(_STAND_IN) + r"(\d+)\b")


def layers_script(layers: mapbuild.MapLayers) -> str:
    """The script of a view's cached layers (they come first among the map's groups), as
    `groups_script(layers.groups)` makes it. streamlit-folium dedents each group's whole script
    (a regular expression over every line); the layers are rendered with a short stand-in for
    their JSON, which goes in afterwards: one line each, which dedenting leaves as it is."""
    stand_ins = [layer.group(f"{_STAND_IN}{n}") for n, layer in enumerate(layers.layers)]
    return _STANDS.sub(lambda m: layers.layers[int(m[1])].data_json(), groups_script(stand_ins))


@lru_cache(maxsize=256)
def control_script(names: tuple[tuple[str, bool], ...]) -> str:
    """The layer control's script for groups of these (name, listed) pairs, in order."""
    with scratch_map() as scratch:
        for i, (name, control) in enumerate(names):
            holder = numbered_group(name, control, i)
            scratch.add_child(holder, name=holder.get_name())
        return sf._get_layer_control_string(mapbuild.layer_control(), scratch)


def show(
    layers: mapbuild.MapLayers,
    layers_text: str,
    extra: list[folium.FeatureGroup],
    *,
    center: tuple[float, float] | None,
    zoom: float | None,
    click_to_zoom: bool,
    height: int,
    on_change: Callable[[], None],
) -> Any:
    """The live map: `st_folium(base_map(click_to_zoom), key=keys.MAP, feature_group_to_add=[
    *the layers' groups, *extra], layer_control=layer_control(), center=center, zoom=zoom,
    height=height, use_container_width=True, returned_objects=RETURNED,
    on_change=on_change)`, with `layers_text` the layers' script (`layers_script`)."""
    parts = base(click_to_zoom)
    names = tuple((layer.name, True) for layer in layers.layers)
    names += tuple((g.layer_name, g.control) for g in extra)

    def changed() -> None:
        st.session_state[keys.MAP] = st.session_state.get(keys.map_state(parts.script), {})
        on_change()

    return sf._component_func(
        script=parts.script,
        header=parts.header,
        html=parts.html,
        id=parts.map_id,
        key=keys.map_state(parts.script),
        height=height,
        width=None,
        returned_objects=list(RETURNED),
        default=parts.defaults,
        zoom=zoom,
        center=center,
        feature_group=layers_text + groups_script(extra, first=len(layers.layers)),
        return_on_hover=False,
        layer_control=control_script(names),
        pixelated=False,
        css_links=list(parts.css_links),
        js_links=list(parts.js_links),
        on_change=changed,
        wrap_longitude=False,
    )
