"""What the side panel shows of the evidence: quotes with the names in them marked, context
notes, dated events, the excerpts kept apart from a tie's support, and where the sources agree
or conflict, as plain values for the templates (no Streamlit, no HTML); and the escaping of data
for Streamlit's Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from allies.agreement import sources_text
from allies.context import day_text
from allies.mentions import name_regex
from allies.naming import date_text
from allies.queries import Evidence
from allies.roles import ROLE_HEADINGS, other_roles

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:])")


def md(value: object) -> str:
    """Escape a data value for the places where Streamlit reads Markdown (widget labels)."""
    return _MARKDOWN.sub(r"\\\1", "" if value is None else str(value))


@dataclass(frozen=True)
class Quote:
    """One excerpt as the panel quotes it: its text cut into (piece, highlighted) pairs."""

    excerpt_id: str
    pieces: tuple[tuple[str, bool], ...]
    title: str
    paragraph: int
    headline: bool


def marks(quote: str, names: list[str]) -> list[tuple[str, bool]]:
    """Cut a quote into pieces, each flagged when it is one of the names (whole words only)."""
    # The rule of allies.mentions: short aliases ("US", "EU") match case-sensitively.
    pattern = name_regex(names)
    if pattern is None:
        return [(quote, False)]
    pieces = pattern.split(quote)
    return [(piece, bool(i % 2)) for i, piece in enumerate(pieces) if piece]


def quotes(ev: Evidence, ids, names: list[str]) -> list[Quote]:
    rows = [ev.excerpts[i] for i in dict.fromkeys(ids) if i in ev.excerpts]
    return [
        Quote(
            row.excerpt_id,
            tuple(marks(row.quote, names)),
            row.title,
            int(row.paragraph),
            "related-headline" in row.tags,
        )
        for row in rows
    ]


def apart(ev: Evidence, tie, names: list[str]) -> list[dict]:
    """The tie's excerpts that qualify or weaken it, by role, each group under its heading:
    quoted, but apart from (and not counted with) the excerpts that support the tie."""
    return [
        {"role": role, "heading": ROLE_HEADINGS[role], "quotes": quotes(ev, ids, names)}
        for role, ids in other_roles(tie).items()
    ]


def notes(ev: Evidence, subject_type: str, subject_id: str) -> dict:
    """The disagreements and tensions (each with both sides quoted) and the context notes about
    one subject. A tension is shown apart: it is not a contradiction between the sources."""
    subject = (subject_type, subject_id)
    return {
        "disagreements": [
            {"summary": row.summary, "quotes": quotes(ev, row.excerpt_ids, [])}
            for row in ev.disagreements.get(subject, [])
        ],
        "tensions": [
            {"summary": row.summary, "quotes": quotes(ev, row.excerpt_ids, [])}
            for row in ev.tensions.get(subject, [])
        ],
        "context": [
            {
                "note": row.note,
                "as_of": row.as_of,
                "checked": day_text(row.checked),
                "reports": row.reports,
            }
            for row in ev.context.get((subject_type, subject_id), [])
        ],
    }


CONFLICT_LABELS = {
    "recorded": "Contradiction recorded between the sources",
    "dated": "The sources date a change of the tie differently",
}


def agreement(ev: Evidence, rel_id: str) -> dict:
    """How many sources support a tie, and where they conflict on it (allies.agreement)."""
    a = ev.agreement.get(rel_id)
    if a is None:
        return {"text": "", "short": "", "count": 0, "of": 0, "conflicts": [], "within": []}

    def titled(sources) -> list[str]:
        return [ev.source_titles.get(s, s) for s in sources]

    def conflict(c) -> dict:
        return {
            "kind": c.kind,
            "label": CONFLICT_LABELS[c.kind],
            "detail": c.detail,
            "sources": titled(c.sources),
            "quotes": quotes(ev, c.excerpt_ids, []),
        }

    return {
        "text": sources_text(a, ev.source_titles),
        "short": f"{a.count} of {a.of} sources",
        "count": a.count,
        "of": a.of,
        "conflicts": [conflict(c) for c in (*a.contradictions, *a.differences)],
        "within": [titled(c.sources) for c in a.self_contradictions],
    }


def events(ev: Evidence, rows: Iterable[tuple], names: list[str]) -> list[dict]:
    """One item per event: its date as a reader says it, our label, whether the sources give
    the date, its notes and the excerpts that mention it."""
    return [
        {
            "event_id": row.event_id,
            "when": date_text(row.date, row.precision),
            "change": getattr(row, "tie_change", "") or "",
            "label": row.label,
            "in_sources": bool(row.date_in_sources),
            "notes": notes(ev, "event", row.event_id),
            "quotes": quotes(ev, row.excerpt_ids, names),
        }
        for row in rows
    ]
