"""Play the years: the data the map's own code (`allyPlay` in geo/static/map-kit.js) needs to
draw the ties year by year in the browser, and the folium element that hands it over.

Each tie: the year it starts (`since`; None when the sources give no date) and the year from
which a dated event ends or weakens it. The events: their year, their label (our words),
whether the date is ours rather than the sources', and the excerpts behind them, quoted with
their source and paragraph (the panel under the Play control shows them as the year passes).
The playback runs from the earliest dated tie or event to the last year given.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import Any

from jinja2 import Template

from allies.compare import compare
from allies.load import Dataset
from geo.fastrender import FastElement, Group, js_json

FADING = frozenset({"ended", "weakened"})
NAME = "Play the years"


def _year(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return int(text[:4]) if text[:4].isdigit() else None


def timeline(ds: Dataset, last: int | None = None) -> dict[str, Any]:
    """{"ties": {rel_id: {"from": year, "fade": year}}, "events": [{"year", "label", "rels",
    "ours", "quotes": [{"q", "by"}]}], "first": year, "last": year}. A tie an event of the year
    names is drawn heavier that year."""
    fade: dict[str, int] = {}
    events = []
    quotes = _quotes(ds)
    for row in ds.events.itertuples(index=False):
        year = _year(row.date)
        if year is None:
            continue
        rels = [str(r) for r in (row.rel_ids or ())]
        events.append(
            {
                "year": year,
                "label": str(row.label),
                "rels": rels,
                "ours": not bool(row.date_in_sources),
                "quotes": [quotes[e] for e in (row.excerpt_ids or ()) if e in quotes],
            }
        )
        if str(getattr(row, "tie_change", "") or "") in FADING:
            for rel in rels:
                fade[rel] = min(year, fade.get(rel, year))
    ties = {
        row.rel_id: {"from": _year(row.since), "fade": fade.get(row.rel_id)}
        for row in ds.relationships.itertuples(index=False)
    }
    years = [t["from"] for t in ties.values() if t["from"] is not None]
    years += [e["year"] for e in events]
    first = min(years) if years else date.today().year
    return {
        "ties": ties,
        "events": sorted(events, key=lambda e: e["year"]),
        "first": first,
        "last": max([last or date.today().year, *years]),
    }


def _quotes(ds: Dataset) -> dict[str, dict[str, str]]:
    """Each excerpt as the Play panel quotes it: its words and its source and paragraph."""
    titles = dict(zip(ds.sources["source_id"], ds.sources["title"], strict=True))
    return {
        row.excerpt_id: {
            "q": str(row.quote),
            "by": f"{titles.get(row.source_id, row.source_id)}, paragraph {row.paragraph}",
        }
        for row in ds.excerpts.itertuples(index=False)
    }


def comparison(ds: Dataset, first: int, second: int) -> dict[str, Any]:
    """What the map draws to compare two years: the ties that differ between them
    (allies.compare, oldest first), each with its kind, year, title, what dates it (our words)
    and at most two of its excerpts, quoted with source and paragraph."""
    quotes = _quotes(ds)
    return {
        "first": min(first, second),
        "second": max(first, second),
        "items": [
            {
                "rel": d.rel_id,
                "kind": d.kind,
                "year": d.year,
                "title": d.title,
                "why": d.why,
                "quotes": [quotes[e] for e in d.excerpt_ids if e in quotes][:2],
            }
            for d in compare(ds, first, second)
        ],
    }


class Play(FastElement):
    """Hands the timeline to `allyPlay` once its group is on the map."""

    _template = Template(
        """{% macro script(this, kwargs) %}
allyPlay({{ this._parent.get_name() }}, {{ this.data }});
{% endmacro %}"""
    )

    def __init__(self, data: dict[str, Any]):
        super().__init__()
        self.data = js_json(data)


def group(
    data: dict[str, Any],
    play: tuple[int, int] | None = None,
    ties: Iterable[str] | None = None,
    compared: dict[str, Any] | None = None,
) -> Group:
    """A fresh feature group (not listed in the layer control) that adds the Play control; with
    `play` (first, last year) it starts playing at once, as a tour's playback scene does. With
    `ties`, only those ties' years are sent (the drawn ones: a big map sends less). With
    `compared` (`comparison`), the map opens drawing the ties that differ between two years
    apart from the rest (only the drawn ones)."""
    if ties is not None:
        data = {**data, "ties": {t: data["ties"][t] for t in ties if t in data["ties"]}}
    if compared is not None:
        items = [i for i in compared["items"] if i["rel"] in data["ties"]]
        compared = {**compared, "items": items}
    out = Group(name=NAME, control=False)
    out.add_child(Play({**data, "play": list(play) if play else None, "compare": compared}))
    return out
