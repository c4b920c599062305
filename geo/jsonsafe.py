"""JSON made safe to write into a page's <script> element: the one way every page does it.

Compact JSON (no spaces), non-ASCII kept as is, and every character that could end the script,
open markup, start a template-literal substitution or end a JavaScript line written as a
\\u escape, so data (names, quotes, tooltips) can never leave its string.

orjson writes it: the same text as the standard library's compact form for the values drawn
here (tests/test_jsonsafe.py compares them), in about half the time, which a big map's rerun
spends on its layers' JSON. A value that is not a number (NaN) becomes null, as JSON wants.
"""

from __future__ import annotations

from typing import Any

import orjson

_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("`", "\\u0060"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def _tuple_as_list(value: Any) -> list[Any]:
    """A named tuple (a point, a pair) as the list the standard library writes for it."""
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def js_json(value: Any) -> str:
    """JSON that is also safe inside an HTML <script> element and a template literal."""
    text = orjson.dumps(value, default=_tuple_as_list, option=orjson.OPT_NON_STR_KEYS).decode()
    for char, code in _ESCAPES:
        text = text.replace(char, code)
    return text
