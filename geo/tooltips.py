"""Text that goes on the map: escaping data strings, and tooltips that map a click back to data.

streamlit-folium reports a click as the clicked layer's tooltip text
(`last_object_clicked_tooltip`), so every tooltip's text is unique and indexed to the
`Selection` it stands for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

from allies.selection import Kind, Selection


def safe(text: object) -> str:
    """Escape a data string for HTML that ends up in JavaScript (see `_safe`); cached, as big
    maps escape the same names thousands of times."""
    return _safe(text) if type(text) is str else _safe(str(text))


@lru_cache(maxsize=1 << 16)
def _safe(text: str) -> str:
    """Escape a data string for HTML that ends up in JavaScript (and in folium's templates).

    HTML-escapes (quotes included), then turns into character references what a JavaScript
    template literal or a Jinja template would interpret: backslashes, backticks and braces
    (so `${`, `{{` and `{%` are gone). The browser shows the text unchanged.
    """
    out = html.escape(str(text), quote=True)
    for char, ref in (("\\", "&#92;"), ("`", "&#96;"), ("{", "&#123;"), ("}", "&#125;")):
        out = out.replace(char, ref)
    return out


_TAG = re.compile(r"<[^>]*>")


def tooltip_text(tooltip_html: str) -> str:
    """What the browser's textContent gives for the tooltip HTML, trimmed (as st_folium does)."""
    return html.unescape(_TAG.sub("", tooltip_html)).strip()


class Tooltips:
    """Unique tooltip texts, and the index from text to the selection it stands for."""

    def __init__(self) -> None:
        self.index: dict[str, Selection] = {}

    def make(self, kind: Kind, item_id: str, head: str, rest: Iterable[str] = ()) -> str:
        """Tooltip HTML '<b>head</b> · rest…'; its text is made unique and indexed."""
        rest = [r for r in rest if r]
        text = " · ".join([head, *rest])
        extra: list[str] = []
        n = 1
        while text in self.index:
            extra = [item_id] if n == 1 else [item_id, str(n)]
            text = " · ".join([head, *rest, *extra])
            n += 1
        self.index[text] = Selection(kind, item_id)
        tail = "".join(f" · {safe(r)}" for r in [*rest, *extra])
        # The one piece of markup written here: it goes into a JSON list, escaped by `safe`.
        return f"<b>{safe(head)}</b>{tail}"
