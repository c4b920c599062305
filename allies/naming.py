"""How things are named in plain text: actors, ties, dates, short labels.

Shared by the side panel, the timeline, the network view and the map; no HTML here, so callers
escape (or let their templates escape) what these return.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping

import pandas as pd

from allies.load import Dataset

# A name longer than this gives way to its acronym on crowded drawings (labels, nodes).
LONG_NAME = 16
ACRONYM = re.compile(r"[A-Z]{2,5}")


def short_name(name: str, aliases) -> str:
    """A long name gives way to its acronym where it has one (IRGC, PMF, PIJ)."""
    if len(name) > LONG_NAME:
        short = [a for a in aliases if ACRONYM.fullmatch(a)]
        if short:
            return short[0]
    return name


def actor_names(ds: Dataset) -> dict[str, str]:
    """Every actor's display name by id."""
    return dict(zip(ds.actors["actor_id"], ds.actors["name"], strict=True))


def names_and_aliases(ds: Dataset, actor_ids) -> list[str]:
    """Every name and alias of the given actors (what a quote may call them)."""
    rows = ds.actors[ds.actors["actor_id"].isin(list(actor_ids))]
    return [n for row in rows.itertuples() for n in (row.name, *row.aliases)]


def tie_ends(tie, names: Mapping[str, str]) -> str:
    """The two ends of a tie: 'Iran → Hezbollah' (an unknown actor by its id)."""
    return f"{names.get(tie.from_actor, tie.from_actor)} → {names.get(tie.to_actor, tie.to_actor)}"


def tie_title(tie, names: Mapping[str, str]) -> str:
    """Plain text naming a tie: 'Iran → Hezbollah · proxy support'."""
    return f"{tie_ends(tie, names)} · {tie.type}"


def since_text(since, precision: str | None) -> str:
    """When a tie started, as the sources give it ('2021', 'the 1980s', 'about 2003'); empty if
    they don't."""
    if pd.isna(since):
        return ""
    year = int(since)
    if precision == "decade":
        return f"the {year}s"
    return f"about {year}" if precision == "approximate" else str(year)


_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_text(n: int, noun: str) -> str:
    """'two sources', 'one source', '12 sources': a count as a sentence says it."""
    number = _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)
    return f"{number} {noun}{'' if n == 1 else 's'}"


def date_text(date: str, precision: str) -> str:
    """A date as a reader says it: '2021', 'June 2025', 'the 1980s', 'about 2014'."""
    year = int(date[:4])
    if precision == "decade":
        return f"the {year}s"
    if precision == "approximate":
        return f"about {year}"
    if precision == "month" and len(date) >= 7:
        return f"{calendar.month_name[int(date[5:7])]} {year}"
    return str(year)
