"""Stills of the dashboard's views (no Streamlit here): a view's address, read by the one URL
parser (ui.urlstate), becomes the same DrawnView the live map draws (geo.drawn), drawn by
geo.still with a title, an as-of line and a credit line. Also the command line behind
`python -m ui.stills "?sel=actor:hezbollah&layers=proxy" --out hezbollah.svg`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import geopandas as gpd

from allies import queries
from allies.load import Dataset, DatasetError, load_dataset
from allies.selection import Selection
from allies.vocab import CATEGORIES
from geo import still
from geo.drawn import DrawnView, drawn_view
from geo.scene import scene
from geo.shapes import load_countries
from geo.stillparts import Words, credit_line, describe
from ui import panel
from ui.urlstate import (
    SHARED_PARAMS,
    VIEWS,
    View,
    dataset_choices,
    default_view,
    filters,
    parse_view,
)

MAX_ADDRESS = 4000
# Parameters an address may carry that do not change what the map draws.
OTHER_PARAMS = ("embed", "cell", "dir", "table", "scope", "q")


class AddressError(ValueError):
    """An address a still cannot be made of, with what was wrong in it."""


def read_address(address: str, ds: Dataset) -> View:
    """The view an address names ('?sel=…&layers=…', or a whole link). Unlike the app, which
    opens what it can of a stale link, a still is made only of a clean address: any value or
    parameter the parser cannot use raises AddressError naming it."""
    if len(address) > MAX_ADDRESS:
        raise AddressError(f"the address is {len(address)} characters long; at most {MAX_ADDRESS}")
    query = urlsplit(address).query if "?" in address else address.lstrip("?")
    pairs = parse_qsl(query, keep_blank_values=True)
    unknown = [name for name, _ in pairs if name not in (*SHARED_PARAMS, *OTHER_PARAMS)]
    view = parse_view(dict(pairs), dataset_choices(ds))
    wrong = [f"unknown parameter {name!r}" for name in unknown] + list(view.ignored)
    if wrong:
        raise AddressError("the address has values no view uses: " + ", ".join(wrong))
    return view


def drawn_of(ds: Dataset, countries: gpd.GeoDataFrame, view: View) -> DrawnView:
    """What the live map draws for a view."""
    shown = queries.visible(ds, filters(view))
    return drawn_view(shown, scene(shown, countries), view.selection)


def focus(drawn: DrawnView) -> tuple[float, float] | None:
    """Where the live map centres a link's selection: the marker, the middle of the tie's arc,
    a point of the place (None when the selection is not drawn)."""
    for actor in drawn.actors:
        if actor.selected:
            return actor.pos
    for tie in drawn.ties:
        if tie.emphasis == "strong":
            return tie.points[len(tie.points) // 2]
    for place in drawn.places:
        if place.selected:
            point = place.geometry.representative_point()
            return (point.y, point.x)
    return None


def subject(ds: Dataset, selection: Selection | None) -> str | None:
    """The name of what is selected (an actor, 'A → B' for a tie, a place), if anything."""
    if selection is None:
        return None
    names = dict(zip(ds.actors["actor_id"], ds.actors["name"], strict=True))
    if selection.kind == "actor":
        return names.get(selection.id)
    if selection.kind == "tie":
        row = ds.relationships[ds.relationships["rel_id"] == selection.id]
        if len(row):
            return f"{names[row.iloc[0].from_actor]} → {names[row.iloc[0].to_actor]}"
        return None
    place = ds.places[ds.places["place_id"] == selection.id]
    return str(place.iloc[0]["name"]) if len(place) else None


def view_words(ds: Dataset, view: View, heading: str | None = None) -> Words:
    """A still's title (the heading, or the map's title and the selection), its as-of line
    (year, layers, day drawn) and its credit line."""
    title = heading or panel.map_title(ds)
    name = subject(ds, view.selection)
    if name and not heading:
        title = f"{title}: {name}"
    everything = default_view(dataset_choices(ds)).layers
    layers = (
        "all camps"
        if tuple(view.layers) == tuple(everything)
        else ", ".join(CATEGORIES[c].label for c in view.layers) or "Iran only"
    )
    as_of = f"Ties as of {view.as_of} · {layers} · drawn {date.today().isoformat()}"
    return Words(title, as_of, credit_line(list(ds.sources["title"])))


def view_still(
    ds: Dataset,
    countries: gpd.GeoDataFrame,
    view: View,
    *,
    size: tuple[int, int] = still.SLIDE_PX,
    heading: str | None = None,
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
    fit: bool = False,
) -> tuple[still.Still, str]:
    """The still of a view and its description (alt text). It frames what the live map shows
    at its centre and zoom (unless given: the view's zoom, centred on the selection as a link
    opens it, or the view's centre); with `fit`, every drawn marker instead."""
    drawn = drawn_of(ds, countries, view)
    default_center, default_zoom = VIEWS[view.view]
    default_center = focus(drawn) or default_center
    words = view_words(ds, view, heading)
    made = still.render(
        drawn,
        countries,
        words,
        center=default_center if center is None else center,
        zoom=default_zoom if zoom is None else zoom,
        fit=fit,
        size=size,
    )
    return made, describe(drawn, words.title)


def main(argv: list[str] | None = None) -> int:
    """The command line: a view's address to an SVG, PNG or PDF file (by its extension)."""
    parser = argparse.ArgumentParser(
        prog="python -m ui.stills", description="Draw a view of the map as a still image."
    )
    parser.add_argument("address", help='the view\'s address, e.g. "?sel=actor:hezbollah"')
    parser.add_argument("--out", required=True, help="file to write: .svg, .png or .pdf")
    parser.add_argument("--width", type=int, default=still.SLIDE_PX[0], help="px at 1×")
    parser.add_argument("--height", type=int, default=still.SLIDE_PX[1], help="px at 1×")
    parser.add_argument("--scale", type=float, default=still.DEFAULT_SCALE, help="PNG scale")
    parser.add_argument(
        "--fit", action="store_true", help="frame every drawn marker, not the view's frame"
    )
    parser.add_argument("--data", help="a data folder (default: the bundled dataset)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    problem = check_output(out, fmt, still.FORMATS)
    if problem is None and not (200 <= args.width <= 8000 and 200 <= args.height <= 8000):
        problem = f"width and height must be 200 to 8000 px; got {args.width} × {args.height}"
    if problem is None and not 1 <= args.scale <= 4:
        problem = f"scale must be 1 to 4; got {args.scale}"
    try:
        ds = load_dataset(Path(args.data) if args.data else None)
        view = None if problem else read_address(args.address, ds)
    except (AddressError, DatasetError) as error:
        problem = str(error)
    if problem:
        print(f"error: {problem}; nothing written.", file=sys.stderr)
        return 2
    made, _ = view_still(ds, load_countries(), view, size=(args.width, args.height), fit=args.fit)
    out.write_bytes(made.save(fmt, args.scale))
    folded = sum(len(seat.members) for seat in made.shown.seats)
    also = f" and {folded} in {len(made.shown.seats)} seats" if folded else ""
    actors, ties = len(made.ids["actor"]), len(made.ids["tie"])
    print(f"wrote {out} ({fmt}, {actors} actors{also}, {ties} ties)")
    return 0


def check_output(out: Path, fmt: str, formats: tuple[str, ...]) -> str | None:
    """What is wrong with an output file's name, if anything."""
    if fmt not in formats:
        return f"the output must end in {', '.join('.' + f for f in formats)}; got {out.name!r}"
    if not out.parent.is_dir():
        return f"the folder {str(out.parent)!r} does not exist"
    return None


if __name__ == "__main__":
    raise SystemExit(main())
