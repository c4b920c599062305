"""A source document line by line, as HTML: its roles, its cited sentences, its excerpts.

Pure (no Streamlit); the markup is ui/templates/source.html, escaped by default.
"""

from __future__ import annotations

from allies.coverage import SourceCoverage
from allies.text import SourceText
from ui.render import render

ROLE_LABELS = {
    "title": "title",
    "heading": "heading",
    "toc": "table of contents (not evidence)",
    "boilerplate": "boilerplate (excluded, never evidence)",
    "headline": "related headline (evidence, marked as such)",
    "article": "article",
}
PROSE = ("article", "headline")


def source_html(source, text: SourceText, report: SourceCoverage) -> str:
    """A source's facts, then every line with its role; cited sentences green, uncited red.

    A line that only continues the previous line's sentence shows no text of its own: that
    sentence is drawn whole on the line where it starts."""
    cited = {s.start: bool(c) for s, c in zip(report.sentences, report.citing, strict=True)}
    by_line: dict[int, list] = {}
    for sentence in report.sentences:
        by_line.setdefault(sentence.line, []).append(sentence)
    lines = []
    for line in text.lines:
        sentences = by_line.get(line.number) if line.role in PROSE else None
        lines.append(
            {
                "number": line.number,
                "role": line.role,
                "label": ROLE_LABELS[line.role],
                "text": line.text,
                "sentences": [(s.text, cited[s.start]) for s in sentences or ()],
                "continues": line.role in PROSE and not sentences,
            }
        )
    return render("source.html", source=source, lines=lines)
