"""The method page's text: the prose of docs/method.md, with lists read from the dataset put in
at its `<!-- insert: NAME -->` markers (no Streamlit here; every data value escaped)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from allies.context import cited_notes, currency
from allies.load import Dataset
from allies.naming import actor_names, tie_title
from allies.text import ROLES
from allies.vocab import CATEGORIES, CONTEXT_LABEL, DISAGREEMENT_KINDS, STATUSES, STRENGTHS
from ui.panel import md

DOC = Path(__file__).resolve().parent.parent / "docs" / "method.md"
_INSERT = re.compile(r"^<!-- insert: ([a-z_]+) -->$", re.M)
NOT_GIVEN = "not given"
TITLE = "Iran's network of allies — an evidence map"


def pieces(text: str) -> list[tuple[str, str]]:
    """The document as ("markdown", text) and ("insert", name) pieces, in order."""
    out: list[tuple[str, str]] = []
    parts = _INSERT.split(text)
    for index, part in enumerate(parts):
        if index % 2:
            out.append(("insert", part))
        elif part.strip():
            out.append(("markdown", part))
    return out


def _subject(ds: Dataset, subject_type: str, subject_id: str) -> str:
    names = actor_names(ds)
    if subject_type == "actor":
        return names.get(subject_id, subject_id)
    if subject_type == "relationship":
        rows = ds.relationships[ds.relationships["rel_id"] == subject_id]
        return tie_title(rows.iloc[0], names) if len(rows) else subject_id
    if subject_type == "place":
        rows = ds.places[ds.places["place_id"] == subject_id]
        return str(rows["name"].iloc[0]) if len(rows) else subject_id
    rows = ds.events[ds.events["event_id"] == subject_id]
    return str(rows["label"].iloc[0]) if len(rows) else subject_id


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def sources(ds: Dataset) -> str:
    rows = ["| source | title | published | period it describes |", "|---|---|---|---|"]
    for s in ds.sources.itertuples():
        rows.append(f"| `{s.source_id}` | {md(s.title)} | {md(s.published)} | {md(s.period)} |")
    return "\n".join(rows)


def roles(ds: Dataset) -> str:
    ids = list(ds.texts)
    rows = ["| role | " + " | ".join(f"`{i}`" for i in ids) + " |", "|---" * (len(ids) + 1) + "|"]
    for role in ROLES:
        counts = [sum(line.role == role for line in ds.texts[i].lines) for i in ids]
        rows.append(f"| {role} | " + " | ".join(str(c) for c in counts) + " |")
    return "\n".join(rows)


def categories(ds: Dataset) -> str:
    counts = ds.actors["category"].value_counts()
    return "\n".join(
        f"- **{md(c.label)}** ({_count(int(counts.get(key, 0)), 'actor')}): {md(c.meaning)}"
        for key, c in CATEGORIES.items()
    )


def strengths(ds: Dataset) -> str:
    counts = ds.relationships["strength"].value_counts()
    return "\n".join(
        f"- **{value}** ({_count(int(counts.get(value, 0)), 'tie')}): {md(meaning)}"
        for value, meaning in STRENGTHS.items()
    )


def statuses(ds: Dataset) -> str:
    counts = ds.relationships["status"].value_counts()
    return "\n".join(
        f"- **{value}** ({_count(int(counts.get(value, 0)), 'tie')}): {md(meaning)}"
        for value, meaning in STATUSES.items()
    )


def context(ds: Dataset) -> str:
    places = ds.places[~ds.places["in_sources"].astype(bool)]
    undated = ds.events[~ds.events["date_in_sources"].astype(bool)]
    place_names = ", ".join(md(n) for n in places["name"]) or "none"
    event_names = "; ".join(f"{md(r.label)} ({md(r.date)})" for r in undated.itertuples())
    return "\n".join(
        [
            f"- {_count(len(ds.context_notes), 'context note')}, each labelled "
            f"“{md(CONTEXT_LABEL)}”.",
            f"- {_count(len(places), 'place')} that the sources never mention: {place_names}.",
            f"- {_count(len(undated), 'event')} whose date is ours, not the sources': "
            f"{event_names or 'none'}.",
        ]
    )


def undated(ds: Dataset) -> str:
    rows = ds.sources[ds.sources["published"].str.strip().str.casefold() == NOT_GIVEN]
    if rows.empty:
        return "Every source gives its date of publication."
    return "\n".join(f"- *{md(r.title)}*: {md(r.period)}" for r in rows.itertuples())


def disagreements(ds: Dataset) -> str:
    """The rows of disagreements.csv, grouped by kind (contradiction, tension) with what each
    kind means."""
    out = []
    for kind, meaning in DISAGREEMENT_KINDS.items():
        rows = ds.disagreements[ds.disagreements["kind"] == kind]
        label = f"**{md(kind.capitalize())}s** ({md(meaning)})"
        if rows.empty:
            out.append(f"- {label}: none recorded.")
            continue
        items = "\n".join(
            f"  - **{md(_subject(ds, r.subject_type, r.subject_id))}**: {md(r.summary)} "
            f"({_count(len(r.excerpt_ids), 'excerpt')}: {md(', '.join(r.excerpt_ids))})"
            for r in rows.itertuples()
        )
        out.append(f"- {label}:\n{items}")
    return "\n".join(out)


def _report(r) -> str:
    """One report a note cites, as Markdown: publisher, linked title, date."""
    url = quote(r.url, safe=":/?&=%#~+,;@!$'*-._")
    return f"{md(r.publisher)}, [{md(r.title)}]({url}), {md(r.when)}"


def changes(ds: Dataset) -> str:
    if ds.context_notes.empty:
        return "The dataset has no context note."
    notes = cited_notes(ds).sort_values(["as_of", "note_id"])
    return "\n".join(
        f"- **{md(r.as_of)}** · {md(_subject(ds, r.subject_type, r.subject_id))} — {md(r.note)} "
        f"*Reported by:* {'; '.join(_report(x) for x in r.reports)} (checked {md(r.checked)})"
        for r in notes.itertuples()
    )


def current(ds: Dataset) -> str:
    """When the sources were written and up to when the context was checked, from the data."""
    return md(currency(ds).line)


def citation(ds: Dataset, view_address: str, today: str) -> str:
    """A suggested citation of the dashboard and of one view of it."""
    titles = "; ".join(f"“{t}”" for t in ds.sources["title"])
    address = view_address.replace("`", "")
    return (
        f"{TITLE}. An interactive map of what {len(ds.sources)} source documents say "
        f"({titles}). {currency(ds).line} View consulted on {today}: {address}"
    )


BLOCKS: dict[str, Callable[[Dataset], str]] = {
    "sources": sources,
    "roles": roles,
    "categories": categories,
    "strengths": strengths,
    "statuses": statuses,
    "context": context,
    "undated": undated,
    "disagreements": disagreements,
    "changes": changes,
    "current": current,
}


def render(
    ds: Dataset, view_address: str, today: str, text: str | None = None
) -> list[tuple[str, str]]:
    """The page as ("markdown", text) blocks, in order, with every insert filled; the
    citation is a ("citation", plain text) block, to be shown for copying."""
    text = DOC.read_text(encoding="utf-8") if text is None else text
    out = []
    for kind, value in pieces(text):
        if kind == "markdown":
            out.append(("markdown", value))
        elif value == "citation":
            out.append(("citation", citation(ds, view_address, today)))
        else:
            out.append(("markdown", BLOCKS[value](ds)))
    return out
