"""The fast folium elements: pinned to the folium and branca they were written against, and
drawing exactly what folium's own rendering would."""

from __future__ import annotations

import ast
import re
from importlib.metadata import version
from pathlib import Path

import folium
import pytest
from branca.element import MacroElement

from geo import fastrender, offline
from geo.fastrender import Group, Items, StaticGeoJson, group, items_of, js_json
from ui import render

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = {"_children", "_template", "_parent", "_name", "_id"}


@pytest.mark.parametrize(
    ("package", "pinned"),
    [
        ("folium", fastrender.FOLIUM_VERSION),
        ("branca", fastrender.BRANCA_VERSION),
        ("streamlit", render.STREAMLIT_VERSION),
        ("streamlit-folium", offline.STREAMLIT_FOLIUM_VERSION),
    ],
)
def test_the_installed_and_required_versions_are_the_ones_fastrender_was_written_for(
    package, pinned
):
    why = (
        f"The app uses {package}'s private API as of {package} {pinned}. After an upgrade, "
        "check that it still holds (this file's tests), then update the pinned version "
        "(geo/fastrender.py, geo/offline.py or ui/render.py)."
    )
    assert version(package) == pinned, why
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(rf"^{package}=={re.escape(pinned)}$", requirements, re.M | re.I), why


def test_the_private_pieces_of_streamlit_and_streamlit_folium_we_rely_on_are_there():
    import inspect

    import streamlit
    import streamlit_folium

    component = Path(streamlit_folium.__file__).parent / "frontend" / "build" / "index.html"
    assert component.exists()  # geo/offline.py's relative asset URLs start from its folder
    source = inspect.getsource(streamlit_folium)
    for piece in ("feature_group_to_add", "last_object_clicked_tooltip", "default_js"):
        assert piece in source, piece
    # ui/mapcall.py calls the component with pieces made by these (tests/test_mapcall.py
    # checks that it sends what st_folium sends).
    for name in (
        "_component_func",
        "_get_feature_group_string",
        "_get_layer_control_string",
        "_get_map_string",
        "_get_html",
        "_get_header",
        "get_full_id",
        "generate_js_hash",
    ):
        assert callable(getattr(streamlit_folium, name, None)), name
    bundles = (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("*.js")
    assert any("st-key-" in b.read_text(encoding="utf-8", errors="ignore") for b in bundles)


def test_no_other_product_module_touches_folium_internals():
    """Private attributes of folium and branca objects are read in geo/fastrender.py and
    geo/scratch.py only."""
    offenders = []
    for folder in ("allies", "geo", "ui", "pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.relative_to(ROOT).as_posix() in ("geo/fastrender.py", "geo/scratch.py"):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                name = node.attr if isinstance(node, ast.Attribute) else None
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    name = node.value
                if name in PRIVATE:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert offenders == []


class _Slow(Items):
    """Items rendered the way folium renders any MacroElement."""

    def render(self, **kwargs) -> None:
        MacroElement.render(self, **kwargs)


class _SlowGroup(folium.FeatureGroup):
    pass


def _script(element_class, group_class) -> str:
    m = folium.Map(location=[0, 0], zoom_start=2, tiles=None)
    m._id = "same"
    g = group_class(name="Ties &amp; more")
    g._id = "same"
    items = [
        {"t": "marker", "ll": [1, 2], "icon": {"html": "<b>x</b>"}, "tip": "<b>x</b> · y"},
        {"t": "line", "ll": [[1, 2], [3, 4]], "o": {"color": "#000"}},
    ]
    element = element_class(items)
    element._id = "same"
    g.add_child(element)
    g.add_to(m)
    rendered = m.get_root().render()
    # Folium's own pass adds blank lines between scripts: compare what is left.
    return "\n".join(line.strip() for line in rendered.splitlines() if line.strip())


def test_fast_elements_render_what_folium_itself_renders():
    assert _script(Items, Group) == _script(_Slow, _SlowGroup)


def test_a_group_lists_its_items_in_order():
    first = group("A", [{"t": "line", "ll": [[0, 0], [1, 1]]}])
    second = group("B", [{"t": "circle", "ll": [2, 2]}, {"t": "line", "ll": [[0, 0], [2, 2]]}])
    assert [i["t"] for i in items_of([first, second])] == ["line", "circle", "line"]


def test_static_geojson_is_drawn_without_events():
    m = folium.Map(tiles=None)
    m.add_child(StaticGeoJson('{"type":"FeatureCollection","features":[]}', {"weight": 1}))
    rendered = m.get_root().render()
    assert "interactive: false" in rendered and '{"weight":1}' in rendered


def test_js_json_is_safe_in_a_script_element_and_a_template_literal():
    out = js_json({"a": "</script><b>&`${x}`"})
    for bad in ("<", ">", "&", "`"):
        assert bad not in out
    assert out.startswith('{"a":"\\u003c/script')
