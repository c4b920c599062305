"""The parts of a still around its map: the legend (built from the same registries as the live
map's legend, for what the view draws), the title, the as-of line and the credit line, and a
plain-text description of the view for alt text. No data strings reach markup here: matplotlib
writes them as text, escaped.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from matplotlib.lines import Line2D

from allies.vocab import CATEGORIES, CONTEXT_LABEL, HUB, STATUSES
from geo import styles

FONT = "DejaVu Sans"
PX = 0.75  # points per CSS pixel (96 px to the inch)
RC = {
    "svg.fonttype": "none",  # SVG text stays text
    "pdf.fonttype": 42,  # TrueType fonts embedded in PDFs
    "font.family": FONT,
    "lines.scale_dashes": False,  # dashes in points, as Leaflet's are in px
    "svg.hashsalt": "allies-still",  # the same view gives the same SVG
}
LEGEND_MIN_PX, LEGEND_SHARE = 230, 0.2


@dataclass(frozen=True)
class Words:
    """The words around a still: its title, the as-of line and the credit naming the sources."""

    title: str
    as_of: str
    credit: str


def credit_line(source_titles: list[str]) -> str:
    """The credit: the sources by title, what we placed, and the shapes' origin."""
    titles = "; ".join(f"“{t}”" for t in source_titles)
    return (
        f"Sources: {titles}. Seats and routes placed by us; every tie cites the sources. "
        f"{styles.ATTRIBUTION}."
    )


def legend_width(figure_px: float) -> float:
    """How wide the legend column is on a still of this width."""
    return max(LEGEND_MIN_PX, LEGEND_SHARE * figure_px)


def _rows(drawn: Any) -> list[tuple[str, Any, str]]:
    """The legend's rows, (kind, symbol, text), for what the view draws, in the live legend's
    order: camps, marker shapes, tie statuses and widths, places."""
    camps = {a.camp for a in drawn.actors} | {t.camp for t in (*drawn.ties, *drawn.bundles)}
    camps |= {camp for seat in drawn.seats for camp, _ in seat.camps}
    rows: list[tuple[str, Any, str]] = [("head", None, "Camp: marker and tie colour")]
    rows += [("camp", c.colour, c.label) for k, c in CATEGORIES.items() if k in camps]
    shapes = {styles.KIND_SHAPES.get(a.kind, "circle") for a in drawn.actors}
    rows.append(("head", None, "Marker shape"))
    rows += [("shape", shape, text) for shape, text in styles.LEGEND_SHAPES if shape in shapes]
    if any(a.camp == HUB and a.kind == "state" for a in drawn.actors):
        rows.append(("hub", None, "Iran, the hub"))
    if drawn.ties or drawn.bundles:
        statuses = {t.status for t in drawn.ties}
        rows.append(("head", None, "Ties"))
        rows += [("status", s, s.capitalize()) for s in STATUSES if s in statuses]
        if drawn.ties:
            rows.append(("width", None, "Thicker: more central"))
        if drawn.bundles:
            rows.append(("width", None, "Wider: more ties bundled"))
    kinds = {p.kind for p in drawn.places}
    if kinds:
        rows.append(("head", None, "Places"))
        if "chokepoint" in kinds:
            rows.append(("chokepoint", None, "Chokepoint"))
        if kinds & {"corridor", "coast"}:
            rows.append(("corridor", None, "Corridor or coast"))
        if any(not p.in_sources for p in drawn.places):
            rows.append(("context", None, CONTEXT_LABEL))
    if any(a.leader for a in drawn.actors):
        rows.append(("note", None, "A thin line leads from a moved marker to its seat."))
    if drawn.seats:
        rows.append(("note", None, "A ringed number: that many actors share one seat."))
    return rows


def _symbol(ax, kind: str, value: Any, x: float, y: float) -> None:
    ink = styles.INK
    if kind == "camp":
        ax.plot([x], [y], marker="o", markersize=11 * PX, color=value, markeredgecolor="white")
    elif kind == "shape":
        marker = {"circle": "o", "diamond": "D", "square": "s"}[value]
        ax.plot([x], [y], marker=marker, markersize=10 * PX, color=CATEGORIES["other"].colour)
    elif kind == "hub":
        hub = CATEGORIES[HUB].colour
        ax.plot([x], [y], marker="o", markersize=16 * PX, mfc="white", mec=hub, mew=2.5 * PX)
        ax.plot([x], [y], marker="o", markersize=6 * PX, color=hub)
    elif kind in ("status", "width", "corridor", "context"):
        dash = styles.STATUS_DASHES.get(value) if kind == "status" else None
        colour, width = ink, 3.0
        if kind == "corridor":
            colour, width = styles.PLACE_STYLE["corridor"]["color"], 8.0
        elif kind == "context":
            colour, dash = styles.CONTEXT_GREY, "4 5"
        style = (0, tuple(float(v) * PX for v in dash.split())) if dash else "solid"
        if kind == "width":
            for x0, w in ((x - 14, styles.TIE_WEIGHTS[1]), (x + 2, styles.TIE_WEIGHTS[3])):
                ax.add_line(Line2D([x0, x0 + 12], [y, y], color=ink, linewidth=w * PX))
            return
        ax.add_line(
            Line2D(
                [x - 14, x + 14],
                [y, y],
                color=colour,
                linewidth=width * PX,
                linestyle=style,
                dash_capstyle="round",
                solid_capstyle="round",
            )
        )
    elif kind == "chokepoint":
        ax.plot([x], [y], marker="o", markersize=12 * PX, mfc="white", mec=ink, mew=2.5 * PX)


def draw_legend(ax, drawn: Any, width: float, height: float) -> None:
    """The legend in its own axes of width × height px (px from the top left)."""
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    rows = _rows(drawn)
    step = min(21.0, (height - 28) / (len(rows) + 2))
    size = min(12.0, step * 0.62) * PX
    ax.text(4, 4, "Legend", fontsize=14 * PX * 1.05, fontweight="bold", va="top", color=styles.INK)
    y = 30.0
    for kind, value, text in rows:
        if kind == "head":
            y += 4
            ax.text(
                4,
                y,
                text.upper(),
                fontsize=size * 0.85,
                fontweight="bold",
                color="#555",
                va="center",
            )
        elif kind == "note":
            wrapped = textwrap.fill(text, max(16, int(width / (size / PX * 0.58))))
            ax.text(4, y, wrapped, fontsize=size * 0.9, color="#444", va="top")
        else:
            _symbol(ax, kind, value, 22, y)
            ax.text(44, y, text, fontsize=size, color=styles.INK, va="center")
        y += step


def draw_words(fig, words: Words, w: float, h: float, top: float, bottom: float) -> None:
    """The title and as-of line in the top band, the credit in the bottom band (figure px)."""
    fig.text(
        8 / w,
        1 - 8 / h,
        words.title,
        fontsize=22 * PX,
        fontweight="bold",
        va="top",
        color=styles.INK,
    )
    fig.text(8 / w, 1 - 40 / h, words.as_of, fontsize=14 * PX, va="top", color="#444")
    per_line = max(40, int((w - 16) / (11 * 0.56)))
    credit = textwrap.shorten(words.credit, per_line * 2, placeholder="…")
    fig.text(
        8 / w,
        (bottom - 3) / h,
        textwrap.fill(credit, per_line),
        fontsize=11 * PX,
        va="top",
        color="#555",
        linespacing=1.15,
    )


def describe(drawn: Any, title: str) -> str:
    """A plain-text description of a still, for alt text: what it shows and how it is coloured."""
    camps = [c.label for k, c in CATEGORIES.items() if k in {a.camp for a in drawn.actors}]
    chosen = next((a.name for a in drawn.actors if a.selected), None)
    parts = [
        f"Map: {title}.",
        f"{len(drawn.actors)} actors and {len(drawn.ties)} ties drawn, coloured by camp"
        + (f" ({', '.join(camps)})." if camps else "."),
    ]
    if drawn.places:
        parts.append(f"Places: {', '.join(p.name for p in drawn.places)}.")
    if chosen:
        parts.append(f"{chosen} is selected and its ties are drawn stronger.")
    return " ".join(parts)
