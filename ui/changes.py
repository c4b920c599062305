"""The view "What changed since the sources": the dated context notes on a timeline, each with
what it changes on the map and the public reports it cites (no Streamlit here).

Everything is read from context_notes.csv and references.csv; the templates escape every value.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from allies.context import ON_THE_MAP, SELECTION_KINDS, cited_notes, currency, day_text
from allies.load import Dataset
from allies.vocab import CONTEXT_LABEL, NOTE_CHANGES
from ui.panel import selection_labels
from ui.render import render
from ui.sitemap import href
from ui.urlstate import query_string

_LABELS = {"none": "qualifies a claim", "date_given": "gives a date"}
# Colours of the changes on the map (Okabe–Ito and neighbours); notes that change nothing drawn
# are grey.
_COLOURS = {
    "leader_killed": "#000000",
    "leader_replaced": "#56B4E9",
    "government_fell": "#D55E00",
    "tie_ended": "#CC79A7",
    "tie_weakened": "#E69F00",
    "tie_escalated": "#c0392b",
    "route_cut": "#0072B2",
    "status_changed": "#009E73",
    "date_given": "#b0b0b0",
    "none": "#d9d9d9",
}


def change_label(change: str) -> str:
    """'tie_ended' as 'tie ended'; the two that change nothing drawn say what they do."""
    return _LABELS.get(change, change.replace("_", " "))


def _subject(ds: Dataset, labels: dict[str, str], subject_type: str, subject_id: str):
    """The subject's name as the Select box gives it, and the link that opens it."""
    kind = SELECTION_KINDS.get(subject_type)
    if kind is not None:
        sel = f"{kind}:{subject_id}"
        return labels.get(sel, subject_id), href("map", query_string({"sel": sel}))
    rows = ds.events[ds.events["event_id"] == subject_id]
    label = f"Event · {rows.iloc[0]['label']}" if len(rows) else subject_id
    return label, href("timeline")


def items(ds: Dataset) -> list[dict]:
    """One item per context note, oldest first: when, about what (with a link), what it changes
    on the map, the note, its reports and the day it was checked."""
    labels = selection_labels(ds)
    notes = cited_notes(ds).sort_values(["as_of", "note_id"])
    out = []
    for row in notes.itertuples():
        label, link = _subject(ds, labels, row.subject_type, row.subject_id)
        out.append(
            {
                "note_id": row.note_id,
                "as_of": row.as_of,
                "when": day_text(row.as_of),
                "subject": label,
                "link": link,
                "change": row.change,
                "change_label": change_label(row.change),
                "change_meaning": NOTE_CHANGES.get(row.change, ""),
                "on_map": row.change in ON_THE_MAP,
                "note": row.note,
                "reports": row.reports,
                "checked": day_text(row.checked),
            }
        )
    return out


def frame(ds: Dataset) -> pd.DataFrame:
    """The notes for the chart: month, subject, change; notes of one month stacked in lanes."""
    rows = items(ds)
    out = pd.DataFrame(
        {
            "month": pd.to_datetime([r["as_of"] + "-01" for r in rows]),
            "when": [r["when"] for r in rows],
            "subject": [r["subject"] for r in rows],
            "change": [r["change_label"] for r in rows],
            "note": [r["note"] for r in rows],
        },
        columns=["month", "when", "subject", "change", "note"],
    )
    out["lane"] = out.groupby("month").cumcount() if len(out) else []
    return out


def sources_end(ds: Dataset) -> str | None:
    """The month of the latest event the sources report (YYYY-MM), where the notes begin to
    matter; None without events."""
    if ds.events.empty:
        return None
    latest = ds.events["date"].max()
    return latest if len(latest) == 7 else f"{latest}-12"


def chart(ds: Dataset) -> alt.LayerChart | alt.Chart:
    """The notes on a time axis, coloured by what they change; a rule marks the latest event
    the sources report. The note shows on hover."""
    data = frame(ds)
    changes = [change_label(c) for c in NOTE_CHANGES]
    colours = [_COLOURS.get(c, "#8c8c8c") for c in NOTE_CHANGES]
    lanes = max(int(data["lane"].max()) + 1, 4) if len(data) else 4
    points = (
        alt.Chart(data)
        .mark_point(size=200, filled=True, opacity=0.95, stroke="#57606a", strokeWidth=0.6)
        .encode(
            x=alt.X(
                "month:T",
                title=None,
                axis=alt.Axis(format="%Y", tickCount="year", labelFontSize=13),
            ),
            y=alt.Y(
                "lane:Q",
                title=None,
                axis=None,
                scale=alt.Scale(domain=[-0.6, lanes - 0.4], reverse=True, nice=False),
            ),
            color=alt.Color(
                "change:N",
                scale=alt.Scale(domain=changes, range=colours),
                legend=alt.Legend(
                    title="What it changes on the map",
                    orient="bottom",
                    columns=3,
                    labelFontSize=11,
                    symbolStrokeColor="#57606a",
                ),
            ),
            tooltip=[
                alt.Tooltip("when:N", title="As of"),
                alt.Tooltip("subject:N", title="About"),
                alt.Tooltip("change:N", title="Changes"),
                alt.Tooltip("note:N", title="Note (our words)"),
            ],
        )
        .properties(height=26 * lanes)
    )
    height = 26 * lanes
    end = sources_end(ds)
    if end is None:
        return points
    rule = pd.DataFrame({"month": pd.to_datetime([end + "-01"])})
    line = alt.Chart(rule).mark_rule(strokeDash=[4, 3], color="#57606a").encode(x="month:T")
    return alt.layer(line, points).properties(height=height)


def chart_height(ds: Dataset) -> int:
    """The chart's height in pixels: its lanes, the axis and the legend."""
    data = frame(ds)
    lanes = max(int(data["lane"].max()) + 1, 4) if len(data) else 4
    return 26 * lanes + 170


def rule_caption(ds: Dataset) -> str:
    """What the dashed line marks."""
    end = sources_end(ds)
    if end is None:
        return ""
    return (
        f"The dashed line marks {day_text(end)}, the latest event the sources report. "
        "Hover over a point to read its note."
    )


def html(ds: Dataset) -> str:
    """The list of notes, escaped by the template."""
    listed = items(ds)
    return render(
        "changes.html",
        kind="changes",
        items=listed,
        on_map=sum(i["on_map"] for i in listed),
        current=currency(ds).line,
        context_label=CONTEXT_LABEL,
    )
