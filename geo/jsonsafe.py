"""JSON made safe to write into a page's <script> element: the one way every page does it.

Compact JSON (no spaces), non-ASCII kept as is, and every character that could end the script,
open markup, start a template-literal substitution or end a JavaScript line written as a
\\u escape, so data (names, quotes, tooltips) can never leave its string.
"""

from __future__ import annotations

import json
from typing import Any

_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("`", "\\u0060"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def js_json(value: Any) -> str:
    """JSON that is also safe inside an HTML <script> element and a template literal."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, code in _ESCAPES:
        text = text.replace(char, code)
    return text
