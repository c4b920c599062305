"""The support matrix page's parts: the heat table (Altair), the opened cell (a Jinja template,
autoescaped) and the click that selects it."""

from __future__ import annotations

import altair as alt
import pandas as pd

from allies import matrix
from allies.load import Dataset
from allies.naming import actor_names, since_text, tie_title
from allies.roles import supporting
from allies.vocab import CATEGORIES, STRENGTHS
from ui.render import render, style

SELECTION = "cell"
SINGLE_COLOUR = "#b36b00"
DIRECTION_LABELS = {
    matrix.RECEIVES: "What each actor receives, and from whom",
    matrix.GIVES: "What each actor gives, and to whom",
}


def _grid(frame: pd.DataFrame, chosen: tuple[str, str] | None) -> pd.DataFrame:
    """Every (actor, support) of the table, empty cells included, with what the marks need."""
    columns = matrix.support_columns(frame)
    actors = frame[["actor_id", "name", "camp", "camp_order"]].drop_duplicates("actor_id")
    full = actors.merge(pd.DataFrame({"support": columns}), how="cross")
    data = full.merge(
        frame.drop(columns=["name", "camp", "camp_order", "category", "support_order"]),
        on=["actor_id", "support"],
        how="left",
    )
    data["ties"] = data["ties"].fillna(0).astype(int)
    data["sources"] = data["sources"].fillna(0).astype(int)
    data["single_source"] = data["single_source"].astype("boolean").fillna(False).astype(bool)
    data["chosen"] = [
        (a, s) == chosen for a, s in zip(data["actor_id"], data["support"], strict=True)
    ]
    data["partners_text"] = data["partners"].map(
        lambda p: ", ".join(p) if isinstance(p, tuple) else "—"
    )
    data["sources_text"] = data["sources"].map(lambda n: f"{n} source" + ("" if n == 1 else "s"))
    data["description"] = [
        f"{name}, {support}: {ties} tie{'' if ties == 1 else 's'}"
        + (f", with {partners}, excerpts from {src}" if ties else "")
        for name, support, ties, partners, src in zip(
            data["name"],
            data["support"],
            data["ties"],
            data["partners_text"],
            data["sources_text"],
            strict=True,
        )
    ]
    # The opened cell is framed in black; a single-source cell has an amber outline.
    data["outline"] = [
        "#000000" if c else SINGLE_COLOUR if one else "#ffffff"
        for c, one in zip(data["chosen"], data["single_source"], strict=True)
    ]
    return data.drop(columns=["rel_ids", "partners", "source_ids"])


_AXIS = {"title": None, "labelColor": "#1f2328", "domain": False, "ticks": False}
_TOOLTIP = [
    alt.Tooltip("name:N", title="Actor"),
    alt.Tooltip("support:N", title="Support"),
    alt.Tooltip("ties:Q", title="Ties"),
    alt.Tooltip("partners_text:N", title="With"),
    alt.Tooltip("sources_text:N", title="Excerpts from"),
]


def _axes(columns: list[str]) -> tuple[alt.X, alt.Y]:
    """Kinds of support across the top, actors down the side, in type a room can read."""
    x = alt.X(
        "support:N",
        sort=columns,
        scale=alt.Scale(domain=columns),
        axis=alt.Axis(
            orient="top",
            labelAngle=-40,
            labelAlign="left",
            labelFontSize=15,
            labelLimit=200,
            labelOverlap=False,
            **_AXIS,
        ),
    )
    y = alt.Y(
        "name:N",
        sort=alt.EncodingSortField("name"),
        axis=alt.Axis(labelFontSize=16, labelLimit=210, **_AXIS),
    )
    return x, y


def _cells(base: alt.Chart, most: int) -> alt.Chart:
    """The coloured cells: blue by the number of ties, grey where none; framed when opened or
    resting on one source."""
    pick = alt.selection_point(
        name=SELECTION, fields=["actor_id", "support"], on="click", empty=False
    )
    legend = alt.Legend(title="Ties", orient="bottom", labelFontSize=13, titleFontSize=13)
    return (
        base.mark_rect(cornerRadius=3)
        .encode(
            color=alt.condition(
                "datum.ties > 0",
                alt.Color(
                    "ties:Q",
                    scale=alt.Scale(scheme="blues", domain=[0, max(most, 3)]),
                    legend=legend,
                ),
                alt.value("#f3f4f6"),
            ),
            stroke=alt.Stroke("outline:N", scale=None),
            strokeWidth=alt.condition(
                "datum.chosen || datum.single_source", alt.value(3), alt.value(1)
            ),
            description="description:N",
            tooltip=_TOOLTIP,
        )
        .add_params(pick)
    )


def _counts(base: alt.Chart, most: int) -> alt.Chart:
    """The number of ties in each cell, white on the darker blues."""
    return (
        base.mark_text(fontSize=18, fontWeight="bold")
        .encode(
            text="ties:Q",
            color=alt.condition(
                f"datum.ties >= {max(2, most * 0.6)}", alt.value("white"), alt.value("#1f2328")
            ),
            description="description:N",
            tooltip=_TOOLTIP,
        )
        .transform_filter("datum.ties > 0")
    )


def _corners(base: alt.Chart) -> alt.Chart:
    """A filled amber corner on the cells that rest on one source, legible from afar."""
    return (
        base.mark_point(
            shape="triangle-down",
            filled=True,
            size=140,
            color=SINGLE_COLOUR,
            opacity=1,
            xOffset=17,
            yOffset=-12,
            aria=False,  # decoration: each cell's own description names its sources
        )
        .encode(description="description:N", tooltip=_TOOLTIP)
        .transform_filter("datum.single_source")
    )


def chart(frame: pd.DataFrame, chosen: tuple[str, str] | None) -> alt.FacetChart:
    """Rows of actors grouped by camp (one band per camp, in the vocabulary's order) by the
    kinds of support that occur; colour and number count the ties, an amber outline and
    corner mark a cell whose excerpts all come from one source, a black frame the opened cell."""
    camps = [c.label for c in CATEGORIES.values() if c.label in set(frame["camp"])]
    most = int(frame["ties"].max()) if len(frame) else 1
    x, y = _axes(matrix.support_columns(frame))
    base = alt.Chart().encode(x=x, y=y)
    band = alt.Header(
        title=None,
        labelAngle=0,
        labelOrient="top",
        labelAnchor="start",
        labelFontSize=15,
        labelFontWeight="bold",
        labelColor="#1f2328",
        labelPadding=4,
    )
    return (
        alt.layer(
            _cells(base, most), _counts(base, most), _corners(base), data=_grid(frame, chosen)
        )
        .properties(width=alt.Step(54), height=alt.Step(42))
        .facet(row=alt.Row("camp:N", sort=camps, header=band), spacing=12)
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
    names = actor_names(ds)
    name = names.get(opened.actor_id, opened.actor_id)
    verb = "receives" if opened.direction == matrix.RECEIVES else "gives"
    titles = dict(zip(ds.sources["source_id"], ds.sources["title"], strict=True))
    rows = ties.set_index("rel_id")
    shown = []
    for rel_id in opened.rel_ids:
        tie = rows.loc[rel_id]
        since = since_text(tie["since"], tie["since_precision"])
        since = f" · since {since}" if since else ""
        strength = STRENGTHS[int(tie["strength"])].split(":")[0]
        shown.append(
            {
                "rel_id": rel_id,
                "title": tie_title(tie, names),
                "meta": f"{tie['status']} · {strength.lower()}{since} · carries "
                + ", ".join(tie["support"]),
                "quotes": _quotes(ds, supporting(tie)),
            }
        )
    count = len(opened.rel_ids)
    sources = len(opened.source_ids)
    return {
        "key": matrix.format_cell(opened.actor_id, opened.support),
        "kicker": f"What {name} {verb}",
        "title": f"{name} · {opened.support}",
        "counts": f"{count} tie{'' if count == 1 else 's'}, supported by excerpts from {sources} "
        f"source{'' if sources == 1 else 's'}",
        "single": sources == 1,
        "source_titles": [titles.get(s, s) for s in opened.source_ids],
        "ties": shown,
    }


def cell_html(ds: Dataset, ties: pd.DataFrame, opened: matrix.Cell | None) -> str:
    """The opened cell as HTML (everything from the data escaped by the template)."""
    context = None if opened is None or not opened.rel_ids else cell_context(ds, ties, opened)
    return render("matrix_cell.html", cell=context)


def table_style() -> str:
    """The style that lets the heat table scroll sideways on a narrow screen."""
    return style("matrix_table.css")
