"""The view on screen as one self-contained HTML file: no server, no network (no Streamlit here).

The file holds Leaflet (script, style and its images as data: URIs), the country shapes, the
view's layers and, for every drawn actor, tie and place, the side panel that the dashboard would
show for it, so that a click on the map shows its quotes and sources in the page. It is what a
teacher puts on a course page or a USB stick, or a newsroom on any static web server.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import geopandas as gpd
from markupsafe import Markup

from allies.context import currency
from allies.load import Dataset
from allies.queries import Evidence
from allies.selection import Selection
from allies.tours import Tour
from geo import mapbuild, playback
from geo.jsonsafe import js_json as _script_json
from geo.mapbuild import MapLayers
from geo.offline import BODY_MARK, INLINE_BASE, inline_assets, standalone_page
from ui import panel
from ui.render import css, render
from ui.scenes import scene_html, scene_layers, scene_subjects, scene_view
from ui.urlstate import Choices


def panels(ds: Dataset, ev: Evidence, built: MapLayers) -> dict[str, str]:
    """The side panel of every drawn item, keyed by the text of its tooltip."""
    return {
        text: panel.panel(ds, selection, ev, styled=False)
        for text, selection in built.tooltip_index.items()
    }


def _page(m, extra: str) -> str:
    """Folium's page for the map, with our part (head, then body after its `<!-- body -->`
    mark) added and Leaflet inlined."""
    head, body = extra.split(BODY_MARK, 1)
    return inline_assets(standalone_page(m, head, body))


def _common(m) -> dict:
    """What every exported page's template is given besides its own values."""
    return {"map_name": m.get_name(), "today": date.today().isoformat()}


def tour_html(
    ds: Dataset,
    ev: Evidence,
    countries: gpd.GeoDataFrame,
    tour: Tour,
    choices: Choices,
    *,
    link: str,
) -> str:
    """A tour as one page that steps through its scenes (buttons, arrow keys, Page Up/Down):
    each scene's layers are in the file, and only the current scene's are on the map."""
    first = tour.scenes[0]
    m = mapbuild.base_map(countries, asset_base=INLINE_BASE)
    m.location = [float(first.center[0]), float(first.center[1])]
    m.options["zoom"] = first.zoom
    scenes = []
    for index, scene in enumerate(tour.scenes):
        built = scene_layers(ds, countries, scene_view(scene, choices), scene_subjects(ds, scene))
        groups = built.groups  # fresh folium groups on every access: take them once
        for group in groups:
            group.show = False  # the page's script puts the current scene's groups on the map
            m.add_child(group)
        scenes.append(
            {
                "groups": [g.get_name() for g in groups],
                "center": [float(scene.center[0]), float(scene.center[1])],
                "zoom": scene.zoom,
                "html": scene_html(ds, ev, tour, index),
                "play": list(scene.play) if scene.play else None,
            }
        )
    m.add_child(playback.group(playback.timeline(ds)))
    return _page(
        m,
        render(
            "export_tour.html",
            **_common(m),
            scenes_json=_script_json(scenes),
            tour_title=tour.title,
            tour_summary=tour.summary,
            current=currency(ds).line,
            link=link,
            titles=list(ds.sources["title"]),
        ),
    )


def view_html(
    ds: Dataset,
    ev: Evidence,
    countries: gpd.GeoDataFrame,
    built: MapLayers,
    *,
    center: tuple[float, float],
    zoom: float,
    selection: Selection | None,
    link: str,
    caption: str,
    marks: Callable[[], list] | None = None,
    text_view: str = "",
) -> str:
    """The whole page: the map of the view on the left, the panel on the right (with the text
    view of the map above it, when given: ui.textview's HTML). `marks` makes the extra layers
    the view draws (the marks of what changed since the sources), if any."""
    m = mapbuild.base_map(countries, asset_base=INLINE_BASE)
    m.location = [float(center[0]), float(center[1])]
    m.options["zoom"] = zoom
    for group in [*built.groups, *(marks() if marks else [])]:
        m.add_child(group)
    m.add_child(playback.group(playback.timeline(ds)))
    m.add_child(mapbuild.layer_control())
    return _page(
        m,
        render(
            "export_view.html",
            **_common(m),
            first_panel=panel.panel(ds, selection, ev, styled=False),
            panel_style=panel.style(),
            panels_json=_script_json(panels(ds, ev, built)),
            # Links inside a panel (a place's actors and ties) open the panel they name.
            selects_json=_script_json(
                {str(sel): text for text, sel in built.tooltip_index.items()}
            ),
            link=link,
            caption=caption,
            titles=list(ds.sources["title"]),
            heading=panel.map_title(ds),
            text_view=Markup(text_view),
            text_view_style=css("textview.css"),
        ),
    )
