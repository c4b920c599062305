"""The view on screen as one self-contained HTML file: no server, no network (no Streamlit here).

The file holds Leaflet (script, style and its images as data: URIs), the country shapes, the
view's layers and, for every drawn actor, tie and place, the side panel that the dashboard would
show for it, so that a click on the map shows its quotes and sources in the page. It is what a
teacher puts on a course page or a USB stick, or a newsroom on any static web server.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import date
from pathlib import Path

import geopandas as gpd
import jinja2
import xstatic.pkg.leaflet

from allies.load import Dataset
from allies.queries import Evidence
from allies.tours import Tour
from geo import mapbuild
from geo.mapbuild import MapLayers
from ui import panel
from ui.scenes import scene_html, scene_layers, scene_view
from ui.urlstate import Choices

# A placeholder base for Leaflet's files while rendering; every reference to it is inlined.
_BASE = "inline-vendor/"
_LEAFLET = Path(xstatic.pkg.leaflet.BASE_DIR)
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _leaflet_css() -> str:
    """Leaflet's style with its images inlined, so it asks for no file."""
    css = (_LEAFLET / "leaflet.css").read_text(encoding="utf-8")
    return re.sub(
        r"url\((['\"]?)images/([\w.-]+\.png)\1\)",
        lambda m: f"url({_data_uri(_LEAFLET / 'images' / m.group(2))})",
        css,
    )


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _inline(page: str) -> str:
    """Replace the placeholder references to Leaflet's files by their contents."""
    js = (_LEAFLET / "leaflet.js").read_text(encoding="utf-8")
    script = re.compile(rf'<script src="{re.escape(_BASE)}[^"]*"></script>')
    style = re.compile(rf'<link rel="stylesheet" href="{re.escape(_BASE)}[^"]*"\s*/?>')
    page = script.sub(lambda _: f"<script>{js}</script>", page)
    page = style.sub(lambda _: f"<style>{_leaflet_css()}</style>", page)
    if _BASE in page:
        raise ValueError("a resource of the map was not inlined")
    return page


def panels(ds: Dataset, ev: Evidence, built: MapLayers) -> dict[str, str]:
    """The side panel of every drawn item, keyed by the text of its tooltip."""
    return {
        text: panel.panel(ds, f"{kind}:{ident}", ev).replace(panel.STYLE, "")
        for text, (kind, ident) in built.tooltip_index.items()
    }


def _page(m, template: str, **context) -> str:
    """Folium's page for the map, with our head and body parts added and Leaflet inlined."""
    folium_page = m.get_root().render()
    extra = _TEMPLATES.get_template(template).render(
        map_name=m.get_name(), today=date.today().isoformat(), **context
    )
    head, body = extra.split("<!-- body -->", 1)
    page = folium_page.replace("</head>", head + "</head>", 1)
    page = page.replace("</body>", body + "</body>", 1)
    return _inline(page)


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
    m = mapbuild.base_map(countries, asset_base=_BASE)
    m.location = [float(first.center[0]), float(first.center[1])]
    m.options["zoom"] = first.zoom
    scenes = []
    for index, scene in enumerate(tour.scenes):
        built = scene_layers(ds, countries, scene_view(scene, choices))
        for group in built.groups:
            group.show = False  # the page's script puts the current scene's groups on the map
            m.add_child(group)
        scenes.append(
            {
                "groups": [g.get_name() for g in built.groups],
                "center": [float(scene.center[0]), float(scene.center[1])],
                "zoom": scene.zoom,
                "html": scene_html(ds, ev, tour, index),
            }
        )
    return _page(
        m,
        "export_tour.html",
        scenes_json=_script_json(scenes),
        tour_title=tour.title,
        tour_summary=tour.summary,
        link=link,
        titles=list(ds.sources["title"]),
    )


def view_html(
    ds: Dataset,
    ev: Evidence,
    countries: gpd.GeoDataFrame,
    built: MapLayers,
    *,
    center: tuple[float, float],
    zoom: float,
    selection: str | None,
    link: str,
    caption: str,
) -> str:
    """The whole page: the map of the view on the left, the panel on the right."""
    m = mapbuild.base_map(countries, asset_base=_BASE)
    m.location = [float(center[0]), float(center[1])]
    m.options["zoom"] = zoom
    for group in built.groups:
        m.add_child(group)
    m.add_child(mapbuild.layer_control())
    return _page(
        m,
        "export_view.html",
        first_panel=panel.panel(ds, selection, ev).replace(panel.STYLE, ""),
        panel_style=panel.STYLE,
        panels_json=_script_json(panels(ds, ev, built)),
        link=link,
        caption=caption,
        titles=list(ds.sources["title"]),
    )
