"""Printed handouts as PDF (no Streamlit here): a tour, and one page of a view.

A tour's handout opens with a title page (title, summary, the scenes, the sources, the date, a
legend, and a link and QR code to the live tour), then gives each scene a page: its map (drawn
by geo.still from the same DrawnView as the live map), title, caption, the quoted excerpts with
their source and paragraph, the context notes marked as context, and the link and QR code to
that scene live. Text that does not fit runs on to a page of its own. A4 or US Letter, portrait
or landscape, page numbers, fonts embedded. Command line:
`python -m ui.handout crink --paper a4 --out crink.pdf` (or `--view "?sel=…"` for one view).
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from allies import queries
from allies.load import Dataset, DatasetError, load_dataset
from allies.selection import Selection, subject_of
from allies.tours import Tour, load_tours
from allies.vocab import CONTEXT_LABEL
from geo.drawn import DrawnView, at_zoom
from geo.shapes import load_countries
from geo.still import draw_map
from geo.stillframe import frame_at
from geo.stillparts import PX, RC, draw_legend
from ui import pagelayout as pl
from ui.pagelayout import FOOTER, MARGIN, Block
from ui.scenecontext import scene_notes
from ui.scenes import scene_view
from ui.stills import AddressError, drawn_of, focus, read_address, view_words
from ui.urlstate import P_SCENE, P_TOUR, VIEWS, View, dataset_choices, query_string, view_params

DEFAULT_BASE = "http://localhost:8501"
PRESENT_PATH = "present"
LEGEND_PT = (210.0, 300.0)
VIEW_LEGEND_W = 165.0
MAX_VIEW_QUOTES = 12


def tour_link(base: str, tour_id: str, scene: int | None = None) -> str:
    """The address of a tour (its first scene) or of one scene (from 1) in presentation mode."""
    params = {P_TOUR: tour_id, P_SCENE: str(scene or 1)}
    return f"{base.rstrip('/')}/{PRESENT_PATH}?{query_string(params)}"


@dataclass
class Printed:
    """One scene (or view) as printed: words, quotes, notes, link and what the map draws."""

    title: str
    caption: str
    quotes: list[tuple[str, str, int]]  # quote, source title, paragraph
    notes: list[str]
    link: str
    drawn: object
    center: tuple[float, float]
    zoom: float
    more_notes: int = 0  # context notes on what the map draws, left to the live scene


def _quotes(ev: queries.Evidence, excerpt_ids) -> list[tuple[str, str, int]]:
    rows = [ev.excerpts[e] for e in excerpt_ids if e in ev.excerpts]
    return [(r.quote, r.title, int(r.paragraph)) for r in rows]


def _notes(ev: queries.Evidence, selection: Selection | None) -> list[str]:
    if selection is None:
        return []
    return [n.note for n in ev.context.get(subject_of(selection), [])]


def _scene_notes(ds: Dataset, ev: queries.Evidence, scene, selection) -> tuple[list[str], int]:
    """A scene's context notes as presentation mode gives them: its selection's, then those on
    what it is about (ui.scenecontext) named by their subject; and how many others it has."""
    context = scene_notes(ds, ev, scene)
    notes = _notes(ev, selection) + [f"(on {n['about']}) {n['note']}" for n in context.related]
    return notes, len(context.more)


def _blocks(item: Printed) -> list[Block]:
    """A scene's text: caption, the quotes each with its source and paragraph, the notes."""
    blocks = [Block(item.caption, "lead")] if item.caption else []
    for quote, title, paragraph in item.quotes:
        blocks += [Block(f"“{quote}”", "quote"), Block(f"— {title}, paragraph {paragraph}", "cite")]
    blocks += [Block(f"{CONTEXT_LABEL}: {note}", "context") for note in item.notes]
    if item.more_notes:
        many = "s are" if item.more_notes > 1 else " is"
        blocks.append(
            Block(
                f"{item.more_notes} more context note{many} in the live scene (link below).",
                "small",
            )
        )
    return blocks


def _map(fig: Figure, item: Printed, countries, box: tuple[float, float, float, float]) -> None:
    x, y, w, h = box
    pw, ph = pl.size_of(fig)
    ax = fig.add_axes((x / pw, y / ph, w / pw, h / ph))
    draw_map(ax, item.drawn, countries, frame_at(item.center, item.zoom, w / PX, h / PX))


def scene_pages(
    item: Printed, head: str, countries, paper: str, landscape: bool, legend: bool = False
) -> list:
    """The pages of one scene: the map and as much text as fits, then pages of the rest; with
    `legend`, a legend beside the text (portrait) or beside the map (landscape)."""
    probe = pl.page(paper, landscape)
    w, h = pl.size_of(probe)
    width = w - 2 * MARGIN
    titles, _ = pl.flow([Block(head, "kicker"), Block(item.title, "h1")], width, 200)
    top = h - MARGIN - pl.column_height(titles) - 10
    bottom = MARGIN + FOOTER
    if landscape:
        map_box = (MARGIN, bottom, width * 0.57, top - bottom)
        text_x, text_w, text_h = MARGIN + width * 0.57 + 16, width * 0.43 - 16, top - bottom
    else:
        map_h = min(width * 0.66, (top - bottom) * 0.5)
        map_box = (MARGIN, top - map_h, width, map_h)
        text_x, text_w, text_h = MARGIN, width, top - map_h - 6 - bottom
    text_top = top if landscape else top - map_box[3] - 6
    key = None
    if legend and landscape:  # inside the map's lower left corner, as on the live map
        key_h = min(LEGEND_PT[1], map_box[3] * 0.75)
        key = (map_box[0] + 6, map_box[1] + 6, VIEW_LEGEND_W, key_h)
    elif legend:
        text_w -= VIEW_LEGEND_W + 12
        key = (text_x + text_w + 12, bottom, VIEW_LEGEND_W, text_top - bottom)
    lines, rest = pl.flow(_blocks(item), text_w, text_h)
    kind = "view" if legend else "scene"
    pages = [(kind, item, titles, map_box, (text_x, text_top, text_w), lines, key)]
    while rest:
        more, _ = pl.flow(
            [Block(head, "kicker"), Block(f"{item.title} (continued)", "h1")], width, 200
        )
        top = h - MARGIN - pl.column_height(more) - 10
        lines, rest = pl.flow(rest, width, top - bottom)
        pages.append(("scene", item, more, None, (MARGIN, top, width), lines, None))
    return pages


def _draw(pdf: PdfPages, spec: tuple, countries, paper: str, landscape: bool, n: int, total: int):
    kind, item, titles, map_box, (x, top, width), lines, key = spec
    fig = pl.page(paper, landscape)
    w, h = pl.size_of(fig)
    pl.draw_lines(fig, titles, MARGIN, h - MARGIN, w - 2 * MARGIN)
    if map_box is not None:
        _map(fig, item, countries, map_box)
    pl.draw_lines(fig, lines, x, top, width)
    if key is not None:
        lx, ly, lw, lh = key
        if kind == "view":  # a white card, the legend on the map
            style = {"facecolor": (1, 1, 1, 0.92), "edgecolor": "#999999", "zorder": 1.5}
            fig.add_artist(Rectangle((lx, ly), lw, lh, transform=pl.points(fig), **style))
        ax = fig.add_axes((lx / w, ly / h, lw / w, lh / h), zorder=2)
        draw_legend(ax, at_zoom(item.drawn, item.zoom), lw / PX, lh / PX)
    label = {"title": "The live tour:", "view": "This view, live:"}.get(kind, "This scene, live:")
    pl.footer(fig, item.link, label, n, total)
    pdf.savefig(fig)


def _pdf(specs: list, countries, paper: str, landscape: bool, title: str) -> bytes:
    out = io.BytesIO()
    with matplotlib.rc_context(RC):
        meta = {"Title": title, "Creator": "Iran's network of allies", "CreationDate": None}
        with PdfPages(out, metadata=meta) as pdf:
            for n, spec in enumerate(specs, start=1):
                _draw(pdf, spec, countries, paper, landscape, n, len(specs))
    return out.getvalue()


def _title_page(ds: Dataset, tour: Tour, items: list[Printed], link: str, paper, landscape):
    w, h = pl.size_of(pl.page(paper, landscape))
    width = w - 2 * MARGIN - (LEGEND_PT[0] + 16 if landscape else 0)
    blocks = [
        Block("A tour of the evidence map of Iran's network of allies", "kicker"),
        Block(tour.title, "title"),
        Block(tour.summary, "lead"),
        Block("Scenes", "h2"),
        *[Block(f"{i}. {item.title}", "item") for i, item in enumerate(items, start=1)],
        Block("Sources", "h2"),
        *[Block(f"“{t}”", "item") for t in ds.sources["title"]],
        Block(
            f"Printed on {date.today().isoformat()}. Each scene has a page: its map, its caption "
            "in our words, and quotes from the sources, word for word, with their paragraph. "
            f"Notes marked “{CONTEXT_LABEL}” are ours.",
            "small",
        ),
    ]
    bottom = MARGIN + FOOTER + (0 if landscape else LEGEND_PT[1] + 8)
    lines, _ = pl.flow(blocks, width, h - 2 * MARGIN - bottom + MARGIN)
    shown = [at_zoom(i.drawn, i.zoom) for i in items]  # what each scene's map shows
    union = DrawnView(
        actors=tuple(a for d in shown for a in d.actors),
        ties=tuple(t for d in shown for t in d.ties),
        places=tuple(p for d in shown for p in d.places),
        shading={},
        selection=None,
        unseated=(),
        seats=tuple(s for d in shown for s in d.seats),
        bundles=tuple(b for d in shown for b in d.bundles),
    )
    cover = Printed(tour.title, "", [], [], link, union, (0, 0), 2)
    key = (w - MARGIN - LEGEND_PT[0], MARGIN + FOOTER) if landscape else (MARGIN, MARGIN + FOOTER)
    return ("title", cover, [], None, (MARGIN, h - MARGIN, width), lines, (*key, *LEGEND_PT))


def tour_pdf(
    ds: Dataset,
    countries: gpd.GeoDataFrame,
    tour: Tour,
    *,
    paper: str = "a4",
    landscape: bool = False,
    base: str = DEFAULT_BASE,
) -> bytes:
    """A tour's handout as PDF bytes."""
    choices, ev = dataset_choices(ds), queries.evidence(ds)
    items = []
    for n, scene in enumerate(tour.scenes, start=1):
        view = scene_view(scene, choices)
        notes, more = _scene_notes(ds, ev, scene, view.selection)
        items.append(
            Printed(
                scene.title,
                scene.caption,
                _quotes(ev, scene.excerpts),
                notes,
                tour_link(base, tour.id, n),
                drawn_of(ds, countries, view),
                tuple(scene.center),
                float(scene.zoom),
                more,
            )
        )
    specs = [_title_page(ds, tour, items, tour_link(base, tour.id), paper, landscape)]
    for n, item in enumerate(items, start=1):
        head = f"{tour.title} · scene {n} of {len(items)}"
        specs += scene_pages(item, head, countries, paper, landscape)
    return _pdf(specs, countries, paper, landscape, tour.title)


def view_pdf(
    ds: Dataset,
    countries: gpd.GeoDataFrame,
    view: View,
    *,
    link: str,
    paper: str = "a4",
    landscape: bool = False,
    center=None,
    zoom=None,
) -> bytes:
    """One page of a view: its map, the legend, the quotes the panel shows for the selection."""
    ev = queries.evidence(ds)
    sel = view.selection
    if sel is None:
        ids: list[str] = []
    elif sel.kind == "actor":
        ids = ev.by_actor.get(sel.id, [])
    else:
        frame = ds.relationships if sel.kind == "tie" else ds.places
        rows = frame[frame["rel_id" if sel.kind == "tie" else "place_id"] == sel.id]
        ids = list(rows.iloc[0]["excerpt_ids"]) if len(rows) else []
    words = view_words(ds, view)
    quotes = _quotes(ev, ids)
    default_center, default_zoom = VIEWS[view.view]
    drawn = drawn_of(ds, countries, view)
    head = "Iran's network of allies · one view"
    # One page: as many whole quotes as fit, and a word on the others.
    for shown in range(min(len(quotes), MAX_VIEW_QUOTES), -1, -1):
        caption = words.as_of + "."
        if not quotes:
            caption += " Select an actor, tie or place for its quotes."
        elif shown < len(quotes):
            caption += f" {shown} of the {len(quotes)} quotes behind it; all at the link below."
        item = Printed(
            words.title,
            caption,
            quotes[:shown],
            _notes(ev, sel),
            link,
            drawn,
            center or focus(drawn) or default_center,
            zoom or default_zoom,
        )
        specs = scene_pages(item, head, countries, paper, landscape, legend=True)
        if len(specs) == 1:
            break
    return _pdf(specs[:1], countries, paper, landscape, words.title)


def main(argv: list[str] | None = None) -> int:
    """The command line: a tour (by its file name) or a view (its address) to a PDF."""
    parser = argparse.ArgumentParser(
        prog="python -m ui.handout", description=__doc__.split("\n")[0]
    )
    parser.add_argument("tour", nargs="?", help="the tour's file name without .yaml, e.g. crink")
    parser.add_argument(
        "--view", help='a view\'s address instead of a tour, e.g. "?sel=actor:iran"'
    )
    parser.add_argument("--paper", choices=sorted(pl.PAPERS), default="a4")
    parser.add_argument("--landscape", action="store_true")
    parser.add_argument("--out", required=True, help="the PDF file to write")
    parser.add_argument("--base-url", default=DEFAULT_BASE, help="the dashboard's address")
    parser.add_argument("--data", help="a data folder (default: the bundled dataset)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    problem = None
    if out.suffix.lower() != ".pdf":
        problem = f"the output must end in .pdf; got {out.name!r}"
    elif not out.parent.is_dir():
        problem = f"the folder {str(out.parent)!r} does not exist"
    elif (args.tour is None) == (args.view is None):
        problem = "name a tour or give --view an address (one of the two)"
    try:
        folder = Path(args.data) if args.data else None
        ds = load_dataset(folder)
        tours = {t.id: t for t in load_tours(ds, folder)[0]}
        if problem is None and args.tour is not None and args.tour not in tours:
            known = ", ".join(sorted(tours)) or "none"
            problem = f"there is no tour {args.tour!r}; the tours are: {known}"
        view = read_address(args.view, ds) if problem is None and args.view else None
    except (AddressError, DatasetError) as error:
        problem = str(error)
    if problem:
        print(f"error: {problem}; nothing written.", file=sys.stderr)
        return 2
    countries = load_countries()
    if view is not None:
        query = query_string(view_params(view, dataset_choices(ds)))
        link = f"{args.base_url.rstrip('/')}/?{query}"
        pdf = view_pdf(ds, countries, view, link=link, paper=args.paper, landscape=args.landscape)
    else:
        pdf = tour_pdf(
            ds,
            countries,
            tours[args.tour],
            paper=args.paper,
            landscape=args.landscape,
            base=args.base_url,
        )
    out.write_bytes(pdf)
    print(f"wrote {out} ({len(pdf) // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
