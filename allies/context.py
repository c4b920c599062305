"""Context notes with their citations, and how current the dashboard is (no Streamlit here).

A context note is a claim the sources do not make, so it cites public reports of its own
(`references.csv`). `cited_notes` joins each note to the reports it cites, so that everything
that shows a note (the panel, a tour scene, the exports) can show its citation with it.

`currency` says when the picture was drawn: what the sources give about their own dates, and
the date up to which every context note has been checked against public reporting. Both are
read from the data, never typed into a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from allies.load import Dataset, per_dataset
from allies.selection import SUBJECT_KINDS

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def day_text(iso: str) -> str:
    """'2026-12-05' as '5 December 2026'; a month '2026-03' as 'March 2026'; else as given."""
    try:
        if len(iso) == 10:
            d = date.fromisoformat(iso)
            return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
        if len(iso) == 7:
            return f"{_MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"
    except (ValueError, IndexError):
        pass
    return iso


@dataclass(frozen=True)
class Report:
    """One public report a note cites."""

    ref_id: str
    publisher: str
    title: str
    published: str
    url: str

    @property
    def when(self) -> str:
        return day_text(self.published)


def reports(ds: Dataset, ref_ids) -> tuple[Report, ...]:
    """The reports with these ids, in the order given (unknown ids are skipped)."""
    refs = ds.references.set_index("ref_id")
    return tuple(
        Report(
            r,
            refs.at[r, "publisher"],
            refs.at[r, "title"],
            refs.at[r, "published"],
            refs.at[r, "url"],
        )
        for r in dict.fromkeys(ref_ids)
        if r in refs.index
    )


def cited_notes(ds: Dataset) -> pd.DataFrame:
    """The context notes, each with `reports`: the Report rows it cites."""
    notes = ds.context_notes.copy()
    notes["reports"] = [reports(ds, ids) for ids in notes["ref_ids"]]
    return notes


# Changes that alter what the map draws from the sources (the others date or qualify a claim).
ON_THE_MAP = (
    "leader_killed",
    "leader_replaced",
    "government_fell",
    "tie_ended",
    "tie_weakened",
    "tie_escalated",
    "route_cut",
    "status_changed",
)
# A subject_type as a selection names it; events are not drawn on the map (the registry's).
SELECTION_KINDS = SUBJECT_KINDS


def map_changes(ds: Dataset) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """What changed since the sources, by drawn subject: (selection kind, id) -> the notes'
    (as_of, change), oldest first, for the changes that alter what the map draws."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    notes = ds.context_notes.sort_values(["as_of", "note_id"])
    for row in notes.itertuples():
        kind = SELECTION_KINDS.get(row.subject_type)
        if kind is not None and row.change in ON_THE_MAP:
            out.setdefault((kind, row.subject_id), []).append((row.as_of, row.change))
    return out


@dataclass(frozen=True)
class Currency:
    """How current the picture is.

    `sources` says when the sources were written, from sources.csv (their `published` dates, or
    that they give none) and, for undated sources, the latest event date the data holds.
    `checked` is the earliest `checked` date of the context notes: every note was checked
    against public reporting on that day or later (None when there are no notes).
    `newest_report` is the publication date of the newest report the notes cite: a check on a
    late day says nothing of events after the reports it found.
    """

    sources: str
    checked: str | None
    latest_check: str | None
    newest_report: str | None = None

    @property
    def line(self) -> str:
        """One sentence for captions, exports and the method page."""
        text = f"Sources written: {self.sources}."
        if self.checked:
            text += f" Context checked on {day_text(self.checked)} against public reporting"
            if self.newest_report:
                text += f"; the newest report it cites is of {day_text(self.newest_report)}"
            text += "."
        else:
            text += " No context notes."
        return text


@per_dataset
def currency(ds: Dataset) -> Currency:
    """When the sources were written and up to when the context was checked, from the data
    (worked out once per dataset: every page's caption asks for it on every run)."""
    published = sorted(p for p in ds.sources["published"] if p and p.lower() != "not given")
    undated = len(ds.sources) - len(published)
    parts = []
    if published:
        parts.append("published " + ", ".join(day_text(p) for p in published))
    if undated:
        parts.append(
            "the sources give no date"
            if not published
            else f"{undated} {'source gives' if undated == 1 else 'sources give'} no date"
        )
    if undated and len(ds.events):
        last = ds.events.sort_values(["date", "event_id"]).iloc[-1]
        ours = "" if last["date_in_sources"] else " (our dating)"
        parts.append(f"the latest event they report is of {day_text(last['date'])}{ours}")
    checked = sorted(c for c in ds.context_notes["checked"] if c)
    cited = {r for ids in ds.context_notes["ref_ids"] for r in ids}
    refs = ds.references
    dates = sorted(d for d in refs.loc[refs["ref_id"].isin(cited), "published"] if d)
    return Currency(
        "; ".join(parts) or "none",
        checked[0] if checked else None,
        checked[-1] if checked else None,
        dates[-1] if dates else None,
    )
