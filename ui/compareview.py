"""Compare two years (allies.compare) on the Timeline page: two years, and the ties new, changed
or weakened between them, each with the quotes that date it."""

from __future__ import annotations

import streamlit as st

from allies.compare import compare
from allies.load import Dataset
from allies.queries import Evidence
from ui import data, keys
from ui.render import render


def section(ds: Dataset, ev: Evidence) -> None:
    """Two year inputs and the differences between them."""
    span = data.timeline()  # made once per dataset
    low, high = int(span["first"]) - 1, int(span["last"])  # from before the first date
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
    st.html(
        render(
            "compare.html",
            differences=differences,
            first=min(first, second),
            second=max(first, second),
            quotes=quotes,
        )
    )
