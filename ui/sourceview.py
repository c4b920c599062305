"""A source document line by line, as HTML: its roles, its cited sentences, its excerpts."""

from __future__ import annotations

from allies.coverage import SourceCoverage
from allies.text import SourceText
from ui.panel import esc

ROLE_LABELS = {
    "title": "title",
    "heading": "heading",
    "toc": "table of contents (not evidence)",
    "boilerplate": "boilerplate (excluded, never evidence)",
    "headline": "related headline (evidence, marked as such)",
    "article": "article",
}

STYLE = """
<style>
.src { font-size: 1rem; line-height: 1.55; }
.src .ln { display: flex; gap: .8rem; padding: .15rem .3rem; border-radius: .2rem; }
.src .no { color: #57606a; min-width: 2.2rem; text-align: right; }
.src .role { font-size: .78rem; color: #57606a; min-width: 8rem; }
.src .boilerplate, .src .toc { color: #8c959f; text-decoration: line-through; }
.src .heading, .src .title { font-weight: 700; }
.src .headline { font-style: italic; }
.src .cited { background: #e6f4ea; border-bottom: 1px solid #9fd3ad; }
.src .uncited { background: #fdecea; }
.src .cont { color: #57606a; font-style: italic; }
</style>
"""


def source_html(source, text: SourceText, report: SourceCoverage) -> str:
    """A source's facts, then every line with its role; cited sentences green, uncited red.

    A line that only continues the previous line's sentence shows no text of its own: that
    sentence is drawn whole on the line where it starts."""
    cited = {s.start: bool(c) for s, c in zip(report.sentences, report.citing, strict=True)}
    by_line: dict[int, list] = {}
    for sentence in report.sentences:
        by_line.setdefault(sentence.line, []).append(sentence)
    rows = []
    for line in text.lines:
        sentences = by_line.get(line.number)
        if sentences and line.role in ("article", "headline"):
            body = " ".join(
                f'<span class="{"cited" if cited[s.start] else "uncited"}">{esc(s.text)}</span>'
                for s in sentences
            )
        elif line.role in ("article", "headline"):
            body = '<span class="cont">(continues the sentence above)</span>'
        else:
            body = esc(line.text)
        rows.append(
            f'<div class="ln {line.role}" data-line="{line.number}" data-role="{line.role}">'
            f'<span class="no">{line.number}</span>'
            f'<span class="role">{esc(ROLE_LABELS[line.role])}</span><span>{body}</span></div>'
        )
    facts = (
        f"<p><b>Published:</b> {esc(source.published)} · <b>Kind:</b> {esc(source.kind)}</p>"
        f"<p><b>Period described</b> (our words): {esc(source.period)}</p>"
        f"<p><b>Notes</b> (our words): {esc(source.notes)}</p>"
    )
    return f'{STYLE}<div class="src">{facts}{"".join(rows)}</div>'
