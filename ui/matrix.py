"""The support matrix page's parts: the heat table (Altair), the opened cell (a Jinja template,
autoescaped) and the click that selects it."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from allies import matrix
from allies.load import Dataset
from allies.vocab import CATEGORIES, STRENGTHS
from ui.panel import actor_name, tie_title

SELECTION = "cell"
TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
SINGLE_COLOUR = "#b36b00"
DIRECTION_LABELS = {
    matrix.RECEIVES: "What each actor receives, and from whom",
    matrix.GIVES: "What each actor gives, and to whom",
}


def chart(frame: pd.DataFrame, chosen: tuple[str, str] | None) -> alt.FacetChart:
    """Rows of actors grouped by camp (one band per camp, in the vocabulary's order) by the
    kinds of support that occur; colour and number count the ties, a dashed amber outline
    marks a cell whose excerpts all come from one source, a black frame the opened cell."""
    columns = matrix.support_columns(frame)
    camps = [c.label for c in CATEGORIES.values() if c.label in set(frame["camp"])]
    data = frame.assign(
        chosen=[(a, s) == chosen for a, s in zip(frame["actor_id"], frame["support"], strict=True)],
        partners_text=frame["partners"].map(", ".join),
        sources_text=frame["sources"].map(lambda n: f"{n} source" + ("" if n == 1 else "s")),
    )
    # The opened cell is framed in black; a single-source cell has a dashed amber outline.
    data["outline"] = [
        "#000000" if c else SINGLE_COLOUR if one else "#ffffff"
        for c, one in zip(data["chosen"], data["single_source"], strict=True)
    ]
    data["outline_width"] = [
        3 if c or one else 1 for c, one in zip(data["chosen"], data["single_source"], strict=True)
    ]
    data["outline_dash"] = [
        [5, 3] if one and not c else [1, 0]
        for c, one in zip(data["chosen"], data["single_source"], strict=True)
    ]
    data = data.drop(columns=["rel_ids", "partners", "source_ids"])
    pick = alt.selection_point(
        name=SELECTION, fields=["actor_id", "support"], on="click", empty=False
    )
    x = alt.X(
        "support:N",
        sort=columns,
        scale=alt.Scale(domain=columns),
        axis=alt.Axis(orient="top", title=None, labelAngle=-35, labelFontSize=14, labelLimit=190),
    )
    y = alt.Y(
        "name:N",
        sort=alt.EncodingSortField("name"),
        axis=alt.Axis(title=None, labelFontSize=15, labelLimit=230),
    )
    most = int(frame["ties"].max()) if len(frame) else 1
    base = alt.Chart().encode(x=x, y=y)
    cells = base.mark_rect(cornerRadius=3).encode(
        color=alt.Color(
            "ties:Q",
            scale=alt.Scale(scheme="blues", domain=[0, max(most, 3)]),
            legend=alt.Legend(title="Ties", orient="bottom", labelFontSize=13, titleFontSize=13),
        ),
        stroke=alt.Stroke("outline:N", scale=None),
        strokeWidth=alt.StrokeWidth("outline_width:Q", scale=None),
        strokeDash=alt.StrokeDash("outline_dash:N", scale=None),
        tooltip=[
            alt.Tooltip("name:N", title="Actor"),
            alt.Tooltip("support:N", title="Support"),
            alt.Tooltip("ties:Q", title="Ties"),
            alt.Tooltip("partners_text:N", title="With"),
            alt.Tooltip("sources_text:N", title="Excerpts from"),
        ],
    )
    cells = cells.add_params(pick)
    counts = base.mark_text(fontSize=17, fontWeight="bold").encode(
        text="ties:Q",
        color=alt.condition(
            f"datum.ties >= {max(2, most * 0.6)}", alt.value("white"), alt.value("#1f2328")
        ),
    )
    return (
        alt.layer(cells, counts, data=data)
        .properties(width=alt.Step(58), height=alt.Step(40))
        .facet(
            row=alt.Row(
                "camp:N",
                sort=camps,
                header=alt.Header(
                    title=None,
                    labelAngle=0,
                    labelOrient="top",
                    labelAnchor="start",
                    labelFontSize=15,
                    labelFontWeight="bold",
                    labelPadding=4,
                ),
            ),
            spacing=10,
        )
        .resolve_scale(y="independent")
        .configure_view(stroke=None)
    )


def picked(event) -> tuple[str, str] | None:
    """The (actor_id, support) of the clicked cell, if any (Streamlit's selection event)."""
    selection = getattr(event, "selection", None) or {}
    points = selection.get(SELECTION) or []
    if not points:
        return None
    point = points[0]
    actor_id, support = point.get("actor_id"), point.get("support")
    return (actor_id, support) if actor_id and support else None


def _quotes(ds: Dataset, excerpt_ids) -> list[dict]:
    titles = dict(zip(ds.sources["source_id"], ds.sources["title"], strict=True))
    rows = ds.excerpts.set_index("excerpt_id")
    out = []
    for excerpt_id in excerpt_ids:
        if excerpt_id not in rows.index:
            continue
        row = rows.loc[excerpt_id]
        out.append(
            {
                "excerpt_id": excerpt_id,
                "text": row["quote"],
                "source": titles.get(row["source_id"], row["source_id"]),
                "paragraph": int(row["paragraph"]),
                "headline": "related-headline" in row["tags"],
            }
        )
    return out


def cell_context(ds: Dataset, ties: pd.DataFrame, opened: matrix.Cell) -> dict:
    """What the opened cell's template shows: its ties, each with its quotes."""
    name = actor_name(ds, opened.actor_id)
    verb = "receives" if opened.direction == matrix.RECEIVES else "gives"
    titles = dict(zip(ds.sources["source_id"], ds.sources["title"], strict=True))
    rows = ties.set_index("rel_id")
    shown = []
    for rel_id in opened.rel_ids:
        tie = rows.loc[rel_id]
        since = "" if pd.isna(tie["since"]) else f" · since {int(tie['since'])}"
        strength = STRENGTHS[int(tie["strength"])].split(":")[0]
        shown.append(
            {
                "rel_id": rel_id,
                "title": tie_title(ds, tie),
                "meta": f"{tie['status']} · {strength.lower()}{since} · carries "
                + ", ".join(tie["support"]),
                "quotes": _quotes(ds, tie["excerpt_ids"]),
            }
        )
    count = len(opened.rel_ids)
    sources = len(opened.source_ids)
    return {
        "key": matrix.format_cell(opened.actor_id, opened.support),
        "kicker": f"What {name} {verb}",
        "title": f"{name} · {opened.support}",
        "counts": f"{count} tie{'' if count == 1 else 's'}, citing excerpts from {sources} "
        f"source{'' if sources == 1 else 's'}",
        "single": sources == 1,
        "source_titles": [titles.get(s, s) for s in opened.source_ids],
        "ties": shown,
    }


def cell_html(ds: Dataset, ties: pd.DataFrame, opened: matrix.Cell | None) -> str:
    """The opened cell as HTML (everything from the data escaped by the template)."""
    context = None if opened is None or not opened.rel_ids else cell_context(ds, ties, opened)
    return _ENV.get_template("matrix_cell.html").render(cell=context)
