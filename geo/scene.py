"""The part of what a view draws that no selection changes: the first step of the model.

`scene` takes a filtered view (`allies.queries.Visible`) and works out where its actors sit
(their seats, and the marker positions after decluttering), which states anchor the spreading,
whether the view is crowded enough to aggregate, and which countries are shaded in which camp.
`geo.drawn.drawn_view` builds the rest of the model on it for one selection; the renderers
(`geo.mapbuild`, `geo.aggregate`, the text view, the stills) read the two and nothing else.
Plain data only: no folium, no HTML.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from allies.queries import Visible
from allies.vocab import HUB
from geo.declutter import spread

LatLon = tuple[float, float]

# Seats closer than this (in equator degrees, ≈ 23 px each at zoom 5) are spread on a ring.
MIN_SEP_DEG = 0.9
# Above this many drawn actors, crowded seats are aggregated (geo.aggregate).
AGGREGATE_ABOVE = 120


@dataclass(frozen=True)
class Scene:
    """What a view's layers share whatever is selected: the drawn actors, their seats, their
    marker positions after decluttering, and the country shading.

    It depends only on the filtered view, so the UI keeps one per view (read-only) and a click
    that only changes the selection does not spread the seats or shade the countries again.
    """

    actors: dict[str, Any]  # actor_id -> the actor's row (a named tuple of allies' columns)
    seats: dict[str, LatLon]
    positions: dict[str, LatLon]
    anchors: list[str]
    crowded: bool
    shade: dict[str, str] = field(default_factory=dict)  # iso3 -> camp of the shaded countries
    ties: tuple[Any, ...] = ()  # the view's ties as rows (named tuples), in the view's order


def needed(seats: Mapping[str, LatLon]) -> bool:
    """Whether the drawn actors are many enough to aggregate."""
    return len(seats) > AGGREGATE_ABOVE


def has_seat(row: Any) -> bool:
    """Whether an actor's row places it on the map (informal groupings have no seat)."""
    return not (pd.isna(row.lat) or pd.isna(row.lon))


def shade_table(actors: Mapping[str, Any], with_shape: set[str]) -> dict[str, str]:
    """The countries of the drawn states that have a shape, each in its state's camp (the
    hub's first, so Iran's country stays Iran's)."""
    shade: dict[str, str] = {}
    for row in sorted(actors.values(), key=lambda r: r.category != HUB):
        if row.kind == "state" and row.country in with_shape and row.country not in shade:
            shade[row.country] = row.category
    return shade


def rows(frame: pd.DataFrame) -> list[Any]:
    """The rows of a frame as named tuples, as `itertuples(index=False)` gives them, read a
    column at a time: walking pandas' Arrow-backed text columns cell by cell took five times as
    long (a tenth of a big map's filter change)."""
    row = namedtuple("Row", frame.columns, rename=True)
    return list(map(row._make, zip(*(frame[c].tolist() for c in frame.columns), strict=True)))


def scene(view: Visible, countries: gpd.GeoDataFrame | None = None) -> Scene:
    """The selection-independent part of a view's model (see `Scene`)."""
    actors = {row.actor_id: row for row in rows(view.actors)}
    seats = {a: (float(r.lat), float(r.lon)) for a, r in actors.items() if has_seat(r)}
    # Iran stays on its seat, then every other state; the rest are spread around them.
    order = {a: i for i, a in enumerate(seats)}
    anchors = sorted(
        (a for a in seats if actors[a].kind == "state"),
        key=lambda a: (actors[a].category != HUB, order[a]),
    )
    # Many actors: crowded seats are aggregated (geo.aggregate spreads them seat by seat).
    crowded = needed(seats)
    positions = dict(seats) if crowded else dict(spread(seats, MIN_SEP_DEG, anchors))
    with_shape = set() if countries is None or not len(countries) else set(countries["iso3"])
    shade = shade_table(actors, with_shape)
    # Read the ties' rows once per view: every selection's model walks them.
    ties = tuple(rows(view.ties))
    return Scene(actors, seats, positions, anchors, crowded, shade, ties)
