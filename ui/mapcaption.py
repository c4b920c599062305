"""Plain-text words about the map: its title, the line under it and the Select box's labels
(no Streamlit, no HTML: Streamlit escapes them where they are shown).
"""

from __future__ import annotations

from allies.context import currency
from allies.load import Dataset, per_dataset
from allies.naming import actor_names, count_text, tie_title
from allies.selection import Selection


def selection_labels(ds: Dataset) -> dict[str, str]:
    """What the Select box shows for every selectable thing: actors, then places, then ties."""
    names = actor_names(ds)
    labels = {
        str(Selection("actor", r.actor_id)): r.name
        for r in ds.actors.sort_values("name").itertuples()
    }
    labels |= {
        str(Selection("place", r.place_id)): f"Place · {r.name}"
        for r in ds.places.sort_values("name").itertuples()
    }
    labels |= {
        str(Selection("tie", r.rel_id)): f"Tie · {tie_title(r, names)}"
        for r in ds.relationships.itertuples()
    }
    return labels


def map_title(ds: Dataset) -> str:
    """The map's heading (plain text), true to the number of sources."""
    n = len(ds.sources)
    verb = "describes" if n == 1 else "describe"
    return f"Iran's network of allies, as {count_text(n, 'source')} {verb} it"


# The caption names at most this many actors without a seat.
SEATLESS_NAMED = 6


@per_dataset
def _seatless(ds: Dataset) -> tuple[str, ...]:
    """The names of the actors without a seat, sorted (asked on every run of the map)."""
    return tuple(sorted(ds.actors.loc[ds.actors["lat"].isna(), "name"]))


def map_caption(ds: Dataset, actors: int, ties: int, places: int, selection_drawn: bool) -> str:
    """The line under the map (plain text): what is drawn, what is ours, and a word if the
    selection is not on the map."""
    hidden = (
        ""
        if selection_drawn
        else "The selection is not on the map with these filters (or has no seat). "
    )
    seatless = _seatless(ds)
    named = ", ".join(seatless[:SEATLESS_NAMED])
    if len(seatless) > SEATLESS_NAMED:  # a big dataset: name a few, count the rest
        named += f" and {len(seatless) - SEATLESS_NAMED} more"
    elsewhere = (
        f"Actors without a seat ({named}) and their ties are in the side panel, not on the map. "
        if seatless
        else ""
    )
    return (
        f"{hidden}Drawn: {actors} of {len(ds.actors)} actors, {ties} of "
        f"{len(ds.relationships)} ties, {places} places. {elsewhere}Seats and drawn routes are "
        f"placed by us; every tie cites the sources. {currency(ds).line}"
    )
