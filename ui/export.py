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
from geo import mapbuild
from geo.mapbuild import MapLayers
from ui import panel

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
    folium_page = m.get_root().render()
    extra = _TEMPLATES.get_template("export_view.html").render(
        map_name=m.get_name(),
        first_panel=panel.panel(ds, selection, ev).replace(panel.STYLE, ""),
        panel_style=panel.STYLE,
        panels_json=_script_json(panels(ds, ev, built)),
        link=link,
        caption=caption,
        today=date.today().isoformat(),
        titles=list(ds.sources["title"]),
    )
    head, body = extra.split("<!-- body -->", 1)
    page = folium_page.replace("</head>", head + "</head>", 1)
    page = page.replace("</body>", body + "</body>", 1)
    return _inline(page)
