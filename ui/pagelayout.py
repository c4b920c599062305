"""Printed pages with matplotlib (no Streamlit here): paper sizes, text styles, word wrapping
measured in the page's own font, text that flows down a column and on to the next page, a
page's footer (its link, a QR code and the page number) and the QR code itself (segno).

Units are points (72 to the inch); a page is a matplotlib Figure at 72 dpi, so a point on the
page is a unit of the figure. Texts from the data are drawn as text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import segno
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D

from geo.stillparts import FONT

PAPERS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
MARGIN = 40.0
FOOTER = 78.0  # the band at the bottom: link, QR code, page number
QR_PT = 64.0
INK, GREY, CONTEXT_BG = "#222222", "#555555", "#eeeeee"


@dataclass(frozen=True)
class Style:
    """How a block of text looks: size (pt), weight, slant, colour, space before it (pt), left
    indent (pt) and line height (× size)."""

    size: float
    weight: str = "normal"
    slant: str = "normal"
    colour: str = INK
    before: float = 0.0
    indent: float = 0.0
    leading: float = 1.28


STYLES = {
    "kicker": Style(9, colour=GREY),
    "title": Style(24, "bold", before=4, leading=1.15),
    "h1": Style(17, "bold", before=2, leading=1.18),
    "h2": Style(10, "bold", colour=GREY, before=12),
    "lead": Style(12, before=6),
    "body": Style(10.5, before=6),
    "item": Style(10.5, before=3, indent=10),
    "quote": Style(10.5, slant="italic", before=9, indent=10),
    "cite": Style(8.5, colour=GREY, before=2, indent=10),
    "context": Style(9.5, colour="#333333", before=9, indent=10),
    "small": Style(8.5, colour=GREY, before=6),
}


@dataclass(frozen=True)
class Block:
    """A paragraph: its text and the name of its style."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Line:
    """One wrapped line of a block, with the space above it."""

    text: str
    style: str
    above: float
    first: bool  # the first line of its block (context notes get a shaded band)


_MEASURE = TextToPath()


@lru_cache(maxsize=20000)
def text_width(text: str, size: float, weight: str = "normal", slant: str = "normal") -> float:
    """The width of a text in points, in the page's font."""
    prop = FontProperties(family=FONT, weight=weight, style=slant, size=size)
    width, _, _ = _MEASURE.get_text_width_height_descent(text, prop, ismath=False)
    return width


def wrap(text: str, style: Style, width: float) -> list[str]:
    """Greedy word wrapping to a width in points; a word wider than the line is cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if text_width(trial, style.size, style.weight, style.slant) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        while text_width(word, style.size, style.weight, style.slant) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], style.size, style.weight, style.slant) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def flow(blocks: list[Block], width: float, height: float) -> tuple[list[Line], list[Block]]:
    """The lines of `blocks` that fit a column (width × height pt) and the blocks left over (a
    block cut between two lines continues, whole, on the next column: its tail)."""
    out: list[Line] = []
    used = 0.0
    for index, block in enumerate(blocks):
        style = STYLES[block.style]
        lines = wrap(block.text, style, width - style.indent)
        for n, text in enumerate(lines):
            above = style.size * style.leading + (style.before if n == 0 and out else 0.0)
            if used + above > height:
                rest = [Block(" ".join(lines[n:]), block.style)] if n else [block]
                return out, rest + blocks[index + 1 :]
            used += above
            out.append(Line(text, block.style, above, n == 0))
    return out, []


def column_height(lines: list[Line]) -> float:
    return sum(line.above for line in lines)


def draw_lines(fig: Figure, lines: list[Line], x: float, top: float, width: float) -> float:
    """Draw wrapped lines down from `top` (pt from the page's bottom); returns where they end."""
    y = top
    for line in lines:
        style = STYLES[line.style]
        y -= line.above
        if line.style == "context":
            fig.patches.append(_band(fig, x, y - style.size * 0.3, width, line.above))
        fig.text(
            x + style.indent,
            y,
            line.text,
            transform=points(fig),
            fontsize=style.size,
            fontweight=style.weight,
            fontstyle=style.slant,
            color=style.colour,
            va="baseline",
        )
    return y


def _band(fig: Figure, x: float, y: float, width: float, height: float):
    return Rectangle(
        (x, y),
        width,
        height,
        transform=points(fig),
        facecolor=CONTEXT_BG,
        edgecolor="none",
        zorder=-1,
    )


def points(fig: Figure) -> Affine2D:
    """The transform from points on the page (from its bottom left corner) to the display."""
    return Affine2D().scale(1 / 72) + fig.dpi_scale_trans


def page(paper: str, landscape: bool) -> Figure:
    """A blank page of a paper size, in points."""
    w, h = PAPERS[paper]
    if landscape:
        w, h = h, w
    return Figure(figsize=(w / 72, h / 72), dpi=72, facecolor="white")


def size_of(fig: Figure) -> tuple[float, float]:
    w, h = fig.get_size_inches()
    return float(w * 72), float(h * 72)


def qr_code(fig: Figure, url: str, x: float, y: float, size: float) -> None:
    """A QR code of a URL (segno), size × size pt with its bottom left corner at x, y."""
    code = segno.make(url, error="m")
    matrix = np.array([list(row) for row in code.matrix_iter(scale=1, border=2)], dtype=float)
    w, h = size_of(fig)
    ax = fig.add_axes((x / w, y / h, size / w, size / h))
    ax.imshow(1 - matrix, cmap="gray", interpolation="none", vmin=0, vmax=1)
    ax.set_axis_off()


def footer(fig: Figure, url: str, label: str, number: int, total: int) -> None:
    """A page's footer: its link (as text and a clickable link), a QR code to it, the page
    number."""
    w, _ = size_of(fig)
    qr_code(fig, url, w - MARGIN - QR_PT, MARGIN - 8, QR_PT)
    room = w - 2 * MARGIN - QR_PT - 12
    size = 8.0
    while size > 5 and text_width(url, size) > room:
        size -= 0.5
    fig.text(MARGIN, MARGIN + 30, label, transform=points(fig), fontsize=8.5, color=GREY)
    link = fig.text(MARGIN, MARGIN + 16, url, transform=points(fig), fontsize=size, color="#1f4e8c")
    link.set_url(url)
    fig.text(
        w / 2,
        MARGIN - 16,
        f"Page {number} of {total}",
        transform=points(fig),
        fontsize=8.5,
        color=GREY,
        ha="center",
    )
