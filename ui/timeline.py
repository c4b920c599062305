"""The timeline chart (Altair, no Streamlit): dated events, sources' dates apart from context."""

from __future__ import annotations

import altair as alt
import pandas as pd

from allies.load import Dataset
from allies.naming import date_text
from allies.vocab import CONTEXT_LABEL

IN_SOURCES = "Date given by the sources"
CONTEXT = f"Date: {CONTEXT_LABEL.lower()}"


def events_frame(ds: Dataset) -> pd.DataFrame:
    """One row per event with its year, how the date reads, its label and where the date comes
    from; events in the same year are stacked in lanes so that none hides another."""
    ev = ds.events.sort_values(["date", "event_id"]).reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "year": ev["date"].str[:4].astype(int),
            "when": [date_text(d, p) for d, p in zip(ev["date"], ev["precision"], strict=True)],
            "label": ev["label"],
            "date from": ev["date_in_sources"].map({True: IN_SOURCES, False: CONTEXT}),
        }
    )
    frame["lane"] = frame.groupby("year").cumcount()
    return frame


def chart(frame: pd.DataFrame) -> alt.Chart:
    """Points on a time axis: navy circles where the sources give the date, grey diamonds where
    the date is context; the label shows on hover."""
    scale = alt.Scale(domain=[IN_SOURCES, CONTEXT])
    return (
        alt.Chart(frame)
        .mark_point(size=240, strokeWidth=2, filled=True, opacity=0.9)
        .encode(
            x=alt.X(
                "year:Q",
                title=None,
                axis=alt.Axis(format="d", labelFontSize=14, tickMinStep=1),
                scale=alt.Scale(
                    domain=[int(frame["year"].min()) - 2, int(frame["year"].max()) + 2], nice=False
                ),
            ),
            y=alt.Y("lane:O", title=None, axis=None),
            color=alt.Color(
                "date from:N",
                scale=alt.Scale(domain=scale.domain, range=["#1b3a5c", "#8c8c8c"]),
                legend=alt.Legend(
                    title=None, orient="top", labelFontSize=14, symbolSize=200, labelLimit=400
                ),
            ),
            shape=alt.Shape(
                "date from:N",
                scale=alt.Scale(domain=scale.domain, range=["circle", "diamond"]),
                legend=alt.Legend(
                    title=None, orient="top", labelFontSize=14, symbolSize=200, labelLimit=400
                ),
            ),
            tooltip=[
                alt.Tooltip("when:N", title="When"),
                alt.Tooltip("label:N", title="Event"),
                alt.Tooltip("date from:N", title="Date"),
            ],
        )
        .properties(height=150)
    )
