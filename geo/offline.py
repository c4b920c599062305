"""Serve Leaflet from the app itself, so that the map works without any CDN.

Folium lists the scripts and styles a map needs in each element's `default_js` and
`default_css`, all on CDNs. streamlit-folium collects those lists from every element of the map
(feature groups included) and its iframe loads them one after another, stopping at the first
that fails: offline, a single CDN URL leaves a blank map. `localize` rewrites the lists to files
that `ensure_static_assets` copies from the installed XStatic packages into `static/vendor/`,
which Streamlit serves under `app/static/` when `server.enableStaticServing` is on.

The country shapes (geo/countries.geojson) are served the same way, under a name that carries a
hash of their content (`countries-<hash>.geojson`): the map's iframe fetches them once and the
browser may keep them for good, since a changed file gets a new name. Sent as part of the map's
script instead, they would cross the websocket again on every rerun.

The URLs are relative (`../../app/static/vendor/...`). streamlit-folium's iframe is served at
`<base>/component/streamlit_folium.st_folium/index.html`, so they resolve to
`<base>/app/static/vendor/...` whatever the server's `baseUrlPath` is; an absolute
`/app/static/...` would break as soon as the app is served under a path prefix.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

import branca
import folium
import folium.elements
import xstatic.pkg.jquery
import xstatic.pkg.leaflet

from geo.fastrender import walk
from geo.shapes import COUNTRIES_PATH

# streamlit-folium's iframe path and the way it gathers `default_js`/`default_css` (above) are
# its internals, as of this version (pinned in tests/test_fastrender.py).
STREAMLIT_FOLIUM_VERSION = "0.27.4"

ASSET_BASE = "../../app/static/vendor/"
# Where an exported page's own part switches from the head to the body.
BODY_MARK = "<!-- body -->"
# A placeholder base for Leaflet's files while rendering a page that `inline_assets` completes.
INLINE_BASE = "inline-vendor/"
LEAFLET_DIR = Path(xstatic.pkg.leaflet.BASE_DIR)
VENDOR_DIR = "vendor"

LEAFLET_JS = "leaflet.js"
LEAFLET_CSS = "leaflet.css"
JQUERY_JS = "jquery.min.js"

# Folium's names for the resources we replace or drop.
_LEAFLET_NAMES = {"leaflet"}
_LEAFLET_CSS_NAMES = {"leaflet_css"}
_JQUERY_NAMES = {"jquery"}
# Bootstrap, Awesome Markers and Font Awesome style popups and icons we do not use.
_DROPPED_NAMES = {
    "bootstrap",
    "awesome_markers",
    "bootstrap_css",
    "glyphicons_css",
    "awesome_markers_font_css",
    "awesome_markers_css",
    "awesome_rotate_css",
}


def content_name(stem: str, content: str | bytes, suffix: str) -> str:
    """`<stem>-<first 12 hex of the content's sha256>.<suffix>`: a new name for new content,
    so the browser may keep a served file for good."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}.{suffix}"


@cache
def shapes_name(path: Path = COUNTRIES_PATH) -> str:
    """The served name of the country shapes: `countries-<hash>.geojson`."""
    return content_name("countries", Path(path).read_bytes(), "geojson")


def shapes_url(base: str = ASSET_BASE) -> str:
    """Where the map's iframe fetches the country shapes (relative, like Leaflet's URLs)."""
    return base + shapes_name()


def _sources() -> list[tuple[Path, str]]:
    """(file in an installed package, name under vendor/) for every asset we serve."""
    leaflet = Path(xstatic.pkg.leaflet.BASE_DIR)
    jquery = Path(xstatic.pkg.jquery.BASE_DIR)
    files = [(leaflet / LEAFLET_JS, LEAFLET_JS), (leaflet / LEAFLET_CSS, LEAFLET_CSS)]
    files += [(p, f"images/{p.name}") for p in sorted((leaflet / "images").glob("*.png"))]
    # Folium's popups use jQuery; our map does not, but localize(jquery=True) can point at it.
    files.append((jquery / JQUERY_JS, JQUERY_JS))
    files.append((COUNTRIES_PATH, shapes_name()))
    return files


def ensure_static_assets(static_dir: Path) -> None:
    """Copy Leaflet (with its images), jQuery and the country shapes into static_dir/vendor/
    unless already there.

    Idempotent and cheap: a file that exists with the right size is left alone. Each copy is
    written to a temporary file and renamed, so a concurrent reader never sees half a file.
    """
    vendor = Path(static_dir) / VENDOR_DIR
    for src, rel in _sources():
        dst = vendor / rel
        size = src.stat().st_size
        if dst.is_file() and dst.stat().st_size == size:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=f".{dst.name}.")
        os.close(fd)
        try:
            shutil.copyfile(src, tmp)
            os.replace(tmp, dst)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def write_static_files(static_dir: Path, files: dict[str, str]) -> None:
    """Write generated files (name -> text) into static_dir/vendor/ unless already there, each
    through a temporary file and a rename."""
    vendor = Path(static_dir) / VENDOR_DIR
    vendor.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        dst = vendor / name
        data = text.encode("utf-8")
        if dst.is_file() and dst.stat().st_size == len(data):
            continue  # the name carries the content's hash
        fd, tmp = tempfile.mkstemp(dir=vendor, prefix=f".{name}.")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, dst)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _is_local(url: str, base: str) -> bool:
    return url.startswith(base)


def _rewrite(
    node, pairs, base: str, local: dict[str, str], dropped: set[str]
) -> list[tuple[str, str]]:
    """One element's (name, url) list with known files made local and the rest dropped."""
    out: list[tuple[str, str]] = []
    for name, url in pairs:
        if name in local:
            out.append((name, base + local[name]))
        elif name in dropped:
            continue
        elif _is_local(url, base):
            out.append((name, url))
        else:
            raise ValueError(f"{type(node).__name__} needs {url!r}, which is not local")
    return out


def localize(
    element: branca.element.Element, *, base: str = ASSET_BASE, jquery: bool = False
) -> branca.element.Element:
    """Point every default_js/default_css in the tree at local files under `base`; drop the rest.

    Leaflet's script and style are replaced; Bootstrap, Awesome Markers and Font Awesome are
    dropped; jQuery is dropped unless `jquery` is true (only folium popups need it). Any other
    external resource raises ValueError, so that a newly added plugin cannot quietly bring a
    CDN back. Lists are set on the instances, never on folium's classes. Returns `element`.
    """
    local_js = dict.fromkeys(_LEAFLET_NAMES, LEAFLET_JS)
    dropped_js = set(_DROPPED_NAMES)
    if jquery:
        local_js |= dict.fromkeys(_JQUERY_NAMES, JQUERY_JS)
    else:
        dropped_js |= _JQUERY_NAMES
    local_css = dict.fromkeys(_LEAFLET_CSS_NAMES, LEAFLET_CSS)
    for node in walk(element):
        if not isinstance(node, folium.elements.JSCSSMixin):
            continue
        js = _rewrite(node, node.default_js, base, local_js, dropped_js)
        css = _rewrite(node, node.default_css, base, local_css, _DROPPED_NAMES)
        if isinstance(node, folium.Map) and not any(n in _LEAFLET_NAMES for n, _ in js):
            js.insert(0, ("leaflet", base + LEAFLET_JS))
        node.default_js = js
        node.default_css = css
    return element


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _leaflet_css() -> str:
    """Leaflet's style with its images inlined, so it asks for no file."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")
    return re.sub(
        r"url\((['\"]?)images/([\w.-]+\.png)\1\)",
        lambda m: f"url({_data_uri(LEAFLET_DIR / 'images' / m.group(2))})",
        css,
    )


def inline_assets(page: str) -> str:
    """A page rendered with `asset_base=INLINE_BASE`, with every reference to Leaflet's files
    replaced by their contents (its images as data: URIs): a file that asks for nothing."""
    js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    script = re.compile(rf'<script src="{re.escape(INLINE_BASE)}[^"]*"></script>')
    style = re.compile(rf'<link rel="stylesheet" href="{re.escape(INLINE_BASE)}[^"]*"\s*/?>')
    page = script.sub(lambda _: f"<script>{js}</script>", page)
    page = style.sub(lambda _: f"<style>{_leaflet_css()}</style>", page)
    if INLINE_BASE in page:
        raise ValueError("a resource of the map was not inlined")
    return page


def standalone_page(m: folium.Map, head: str, body: str) -> str:
    """Folium's whole page for a map, in English and zoomable, with our own head and body parts
    added at their ends."""
    page = m.get_root().render().replace("<html>", '<html lang="en">', 1)
    # Folium's page forbids zooming the page itself, which a reader with low vision needs.
    page = re.sub(r",\s*maximum-scale=1\.0,\s*user-scalable=no", "", page, count=1)
    page = page.replace("</head>", head + "</head>", 1)
    return page.replace("</body>", body + "</body>", 1)
