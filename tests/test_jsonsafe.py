"""geo.jsonsafe writes the text the standard library's compact JSON would, made safe for a
page's <script>, for everything the pages send (the map's layers included)."""

from __future__ import annotations

import json
import math
from typing import NamedTuple

import pytest

from allies import queries
from allies.queries import Filters
from allies.selection import Selection
from allies.vocab import CATEGORIES
from geo import mapbuild
from geo.fastrender import wire_shared
from geo.jsonsafe import js_json
from geo.shapes import load_countries
from ui.bounded import ReadOnlyDict


def stdlib(value: object) -> str:
    """The reference: the standard library's compact JSON, with the same escapes."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char in "<>&`\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


class Point(NamedTuple):
    lat: float
    lon: float


@pytest.mark.parametrize(
    "value",
    [
        {"name": "Ansar Allah (al-Ḥūthīyūn)", "quote": "«the axis»", "n": 3, "x": None},
        {"tip": "</script><b>&amp;</b>`${x}`\u2028\u2029", "ok": True, "no": False},
        {1: "an int key", 2: [1.5, -0.0, 1e16, 1 / 3, 12345678.123456789]},
        {"point": Point(33.9, 35.5), "pair": (1, 2), "nested": [(Point(1.0, 2.0),)]},
        ReadOnlyDict({"shared": ReadOnlyDict({"table": ("a", "b")})}),
        [],
        "",
    ],
)
def test_the_text_is_the_standard_librarys(value):
    assert js_json(value) == stdlib(value)


def test_the_maps_layers_are_written_as_the_standard_library_would(sample):
    built = mapbuild.layers(
        queries.visible(sample, Filters(layers=CATEGORIES)),
        load_countries(),
        selection=Selection("actor", "iran"),
    )
    drawn = [layer.items for layer in built.layers if layer.shade is None]
    assert sum(map(len, drawn)) > 10
    for data in wire_shared(drawn):
        assert js_json(data) == stdlib(data)


def test_what_is_not_a_number_is_null_and_other_objects_are_refused():
    assert js_json({"x": math.nan}) == '{"x":null}'
    with pytest.raises(TypeError, match="set"):
        js_json({1, 2})
    with pytest.raises(TypeError):
        js_json(object())
