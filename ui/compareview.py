"""Compare two years (allies.compare): on the Timeline page, two years and the ties new, changed
or weakened between them, each with the quotes that date it, and a link that draws the same
comparison on the Map (`?compare=2015-2024`, which the Map reads here)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from allies.compare import compare
from allies.load import Dataset
from allies.queries import Evidence
from ui import data, keys, state
from ui.render import render
from ui.sitemap import href
from ui.urlstate import P_COMPARE, parse_years, query_string, years_param


def _span() -> tuple[int, int]:
    """The years a comparison may name: from the year before the first date to the last."""
    span = data.timeline()  # made once per dataset
    return int(span["first"]) - 1, int(span["last"])


def section(ds: Dataset, ev: Evidence, query: Mapping[str, str]) -> None:
    """Two year inputs, the differences between them, and the link that draws them on the Map
    with the view's parameters in `query`."""
    low, high = _span()
    st.markdown("### Compare two years")
    left, right = st.columns(2)
    first = left.number_input(
        "From the end of", low, high, value=min(max(2015, low), high), key=keys.COMPARE_FROM
    )
    second = right.number_input(
        "To the end of", low, high, value=min(max(2024, low), high), key=keys.COMPARE_TO
    )
    quotes = {
        e: {"quote": row.quote, "title": row.title, "paragraph": int(row.paragraph)}
        for e, row in ev.excerpts.items()
    }
    differences = compare(ds, int(first), int(second))
    on_map = {**query, P_COMPARE: years_param(int(first), int(second))}
    st.html(
        render(
            "compare.html",
            differences=differences,
            first=min(first, second),
            second=max(first, second),
            quotes=quotes,
            map_link=href("map", query_string(on_map)) if first != second else None,
        )
    )


def on_map() -> dict | None:
    """The comparison the Map's address asks for (geo.playback.comparison), or None. A malformed
    or out-of-range value leaves the address with one quiet notice."""
    raw = st.query_params.get(P_COMPARE)
    if raw is None:
        return None
    years = parse_years(raw, *_span())
    if years is None:
        state.write_params({}, (P_COMPARE,))
        state.notify_ignored((f"{P_COMPARE}=",))
        return None
    return data.comparison(*years)


def map_note(compared: Mapping, query: Mapping[str, str]) -> None:
    """Under the map: what it compares, and a link that stops comparing (the view kept)."""
    kept = {k: v for k, v in query.items() if k != P_COMPARE}
    st.html(
        render(
            "compare_note.html",
            first=compared["first"],
            second=compared["second"],
            stop=href("map", query_string(kept)),
        )
    )
