"""The only cached loaders: the dataset and the country shapes, read once per server, and what
depends only on the data and a view, computed once per server and view.

A rerun of the map page is mostly these lookups. What depends on the filters alone (the
filtered rows, the spread seats, the country shading) is kept apart from what the selection
changes (the emphasis of ties and markers, the panel), so a click that only changes the
selection rebuilds only the latter. The map page's caches are bounded by bytes and age, and
keyed by what each entry depends on (see ui.bounded).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import streamlit as st

from allies import package, queries
from allies.agreement import source_stats
from allies.coverage import coverage
from allies.load import Dataset, DatasetError, load_dataset
from allies.queries import Filters, Visible
from allies.selection import Selection
from allies.tours import Tour, TourProblem, load_tours
from allies.tours import quotable as tours_quotable
from geo import mapbuild, playback
from geo.drawn import DrawnView, drawn_view
from geo.offline import ensure_static_assets, write_static_files
from geo.scene import Scene, scene
from geo.shapes import load_countries
from ui import heap, mapcall, panel, urlstate
from ui.bounded import ReadOnlyDict, SizedCache, frozen
from ui.urlstate import Choices

DATA_ENV = "ALLIES_DATA"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    """The dataset, loaded and validated once (treat it as read-only): the bundled one, or the
    folder named by the ALLIES_DATA environment variable."""
    folder = os.environ.get(DATA_ENV)
    loaded = load_dataset(Path(folder) if folder else None)
    heap.freeze()  # the data lives as long as the server: no collection needs to walk it again
    return loaded


@st.cache_resource(show_spinner=False)
def countries():
    """Simplified country shapes for the base map (read-only)."""
    return load_countries()


@st.cache_resource(show_spinner=False)
def static_assets() -> Path:
    """Copy Leaflet and the country shapes into the static folder, and write the map's code
    and CSS there, once."""
    ensure_static_assets(STATIC_DIR)
    write_static_files(STATIC_DIR, mapbuild.served_files().files())
    heap.freeze()  # the shapes and the map's code, loaded by now, live as long as the server
    return STATIC_DIR


# Choices made per dataset object, so that a rerun does not make them again (about 6 % of a
# loaded server's time, `make profile`); a few datasets at most (tests load several).
_CHOICES: dict[int, tuple[Dataset, Choices]] = {}


def choices(ds: Dataset) -> Choices:
    """The valid values of every filter and of the selection, from the dataset (made once per
    dataset object; read-only)."""
    kept = _CHOICES.get(id(ds))
    if kept is not None and kept[0] is ds:
        return kept[1]
    made = urlstate.dataset_choices(ds)
    if len(_CHOICES) >= 4:
        _CHOICES.clear()
    _CHOICES[id(ds)] = (ds, made)
    return made


def dataset_or_stop(before_stop: Callable[[], None] | None = None) -> Dataset:
    """The dataset, or a clear error on the page listing every problem, then stop (after
    `before_stop`, which draws what the page must show even then)."""
    try:
        return dataset()
    except DatasetError as error:
        if before_stop is not None:
            before_stop()
        st.error("The data did not pass validation, so the dashboard cannot be drawn.")
        st.code("\n".join(str(p) for p in error.problems), language=None)
        st.stop()


@st.cache_resource(show_spinner=False)
def coverage_report():
    """Citation coverage of each source (read-only)."""
    return coverage(dataset())


@st.cache_resource(show_spinner=False)
def sources_table():
    """Per source document: mentions found, excerpts accepted, ties supported, coverage."""
    ds = dataset()
    titles = dict(zip(ds.sources["source_id"], ds.sources["title"], strict=True))
    return [
        {
            "Source": titles[s.source_id],
            "Sentences": s.sentences,
            "Mentions of known actors": s.actor_mentions,
            "Actors named": s.actors_named,
            "Mentions of places": s.place_mentions,
            "Excerpts accepted": s.excerpts,
            "Ties it supports": s.ties_supported,
            "Sentences cited": round(100 * s.cited_share, 1),
        }
        for s in source_stats(ds)
    ]


@st.cache_resource(show_spinner=False)
def evidence():
    """Lookups of excerpts and notes for the side panel (read-only)."""
    return queries.evidence(dataset())


@st.cache_resource(show_spinner=False)
def place_rows() -> dict[str, dict]:
    """Each place's name, kind and whether the sources give it, by place id (read-only): the
    sidebar's toggles read these on every run."""
    columns = ["place_id", "name", "kind", "in_sources"]
    return {row["place_id"]: row for row in dataset().places[columns].to_dict("records")}


@st.cache_resource(show_spinner=False)
def quotes() -> dict[str, str]:
    """Each excerpt's quote by excerpt id (read-only)."""
    ds = dataset()
    return dict(zip(ds.excerpts["excerpt_id"], ds.excerpts["quote"], strict=True))


@st.cache_resource(show_spinner=False)
def selection_labels() -> dict[str, str]:
    """The Select box's labels (shared by every session, so read-only)."""
    return ReadOnlyDict(panel.selection_labels(dataset()))


@st.cache_resource(show_spinner=False)
def tours() -> tuple[list[Tour], list[TourProblem]]:
    """The tours that pass every check, and the problems of the others (read-only), from the
    same data folder as the dataset."""
    folder = os.environ.get(DATA_ENV)
    return load_tours(dataset(), Path(folder) if folder else None)


@st.cache_data(show_spinner=False, max_entries=16)
def download_files(_ds: Dataset, _tables: package.Tables, key: tuple) -> dict[str, bytes]:
    """The files of a download (zip, GeoJSON, one CSV per table), built once per `key`: the
    data folder, the scope and, for a filtered view, the view's address."""
    files = {"zip": package.archive(_ds, _tables)}
    files["geojson"] = package.places_geojson(_tables.frames["places"])
    files.update({name: _tables.csv(name) for name in _tables.frames})
    return files


def download_key(scope: str, address: str) -> tuple:
    """What a download's files depend on besides the code: the data, the scope, the view."""
    return (os.environ.get(DATA_ENV), scope, address if scope != "all" else "")


# The map page's caches are bounded by the bytes they hold and by age (see ui.bounded): at fifty
# times the data one layers entry is about 1.5 MB pickled and Iran's panel about 7 MB (bench/
# cache_sizes.py), so a bound on entries alone could reach gigabytes.
MAX_AGE_S = 3600.0
SCENES_BYTES = 64 * 2**20
# A layers entry is measured by the JSON its layers send, which it already holds: pickling it on
# every miss took a twentieth of a big map's rerun. An entry keeps that JSON, not the items it
# was made from (MapLayers.sent), and pickles to about one and a half times it (1.4 at 1x, 1.6 at
# 50x: bench/cache_sizes.py prints both), so this bounds the cache near 50 MB.
LAYERS_JSON_BYTES = 32 * 2**20
PANELS_BYTES = 48 * 2**20
DRAWN_BYTES = 32 * 2**20
SCRIPTS_BYTES = 48 * 2**20
TEXT_VIEWS_BYTES = 32 * 2**20

_scenes: SizedCache = SizedCache("map_scene", SCENES_BYTES, MAX_AGE_S)
# One read-only copy shared by every session (frozen: tuples and read-only dicts; every
# renderer only reads it). A copy per caller cost a tenth of a loaded server's time in
# unpickling (make profile); tests/test_bounded.py checks that drawing leaves it unchanged.
_layers: SizedCache = SizedCache(
    "map_layers", LAYERS_JSON_BYTES, MAX_AGE_S, size_of=mapbuild.MapLayers.json_bytes
)
_drawn: SizedCache = SizedCache("drawn", DRAWN_BYTES, MAX_AGE_S)
_scripts: SizedCache = SizedCache(
    "map_script", SCRIPTS_BYTES, MAX_AGE_S, size_of=lambda text: len(text.encode())
)
_panels: SizedCache = SizedCache(
    "panel_html", PANELS_BYTES, MAX_AGE_S, size_of=lambda text: len(text.encode())
)
_text_views: SizedCache = SizedCache(
    "text_view", TEXT_VIEWS_BYTES, MAX_AGE_S, size_of=lambda view: sum(map(len, view))
)


def map_scene(filters: Filters) -> tuple[Visible, Scene]:
    """The rows a view shows and what its layers share whatever is selected, shared by every
    session: the scene's tables are read-only (allies' frames are treated as read-only)."""

    def make() -> tuple[Visible, Scene]:
        shown = queries.visible(dataset(), filters)
        return shown, frozen(scene(shown, countries()))

    return _scenes.get(filters, make, owner=dataset())


def map_layers(
    filters: Filters, selection: str | None, labelled: tuple[str, ...] = ()
) -> mapbuild.MapLayers:
    """The map's layers for a view and a selection (its text form), as plain data whose JSON
    is made once, shared read-only by every session (st_folium gets fresh folium groups from
    it). The entry keeps the JSON, not the items it was made from (MapLayers.sent). Actors in
    `labelled` are labelled at every zoom (a tour scene's subject)."""

    def make() -> mapbuild.MapLayers:
        return frozen(mapbuild.render(drawn(filters, selection, labelled)).sent())

    return _layers.get((filters, selection, tuple(labelled)), make, owner=dataset())


def map_script(filters: Filters, selection: str | None, labelled: tuple[str, ...] = ()) -> str:
    """The script streamlit-folium's component runs for `map_layers` of the same view
    (ui.mapcall.layers_script), made once per entry and shared by every session."""

    def make() -> str:
        return mapcall.layers_script(map_layers(filters, selection, labelled))

    return _scripts.get((filters, selection, tuple(labelled)), make, owner=dataset())


def drawn(filters: Filters, selection: str | None, labelled: tuple[str, ...] = ()) -> DrawnView:
    """What a view draws with a selection (its text form), as the plain model every renderer
    reads: the map, the text view, the still images (immutable, shared by all sessions).
    Actors in `labelled` are labelled at every zoom (a tour scene's subject)."""

    def make() -> DrawnView:
        shown, prepared = map_scene(filters)
        return drawn_view(shown, prepared, Selection.parse(selection), frozenset(labelled))

    return _drawn.get((filters, selection, tuple(labelled)), make, owner=dataset())


@st.cache_resource(show_spinner=False)
def timeline() -> dict:
    """What the map's Play control draws year by year (geo.playback), made once (read-only)."""
    return playback.timeline(dataset())


@st.cache_resource(show_spinner=False, max_entries=64)
def comparison(first: int, second: int) -> dict:
    """What the map draws to compare two years (geo.playback.comparison), made once a pair."""
    return playback.comparison(dataset(), first, second)


def panel_html(selection: str | None, query: Mapping[str, str] | None = None) -> str:
    """The side panel for a selection (its text form); its links keep the view's parameters
    in `query`. Only the panels whose links carry the view (a place's) are kept per view."""
    parsed = Selection.parse(selection)
    view = tuple(sorted((query or {}).items())) if panel.depends_on_view(parsed) else ()

    def make() -> str:
        return panel.panel(dataset(), parsed, evidence(), dict(view))

    return _panels.get((selection, view), make, owner=dataset())


@st.cache_resource(show_spinner=False, max_entries=1024)
def quotable(selection: str | None) -> tuple[str, ...]:
    """The excerpts a scene about this selection (its text form) may quote (read-only)."""
    return tuple(tours_quotable(dataset(), selection))


def clear_map_caches() -> None:
    """Empty the map page's caches (tests; the dataset's reload makes them stale anyway)."""
    for cache in (_scenes, _layers, _drawn, _scripts, _panels, _text_views):
        cache.clear()


def text_view(filters: Filters, selection: str | None, query: Mapping[str, str]):
    """The text view of what the map draws for a view and a selection (ui.textview): two
    strings, shared by every session."""
    from ui import textview

    def make():
        return textview.text_view(dataset(), drawn(filters, selection), evidence(), query)

    return _text_views.get(
        (filters, selection, tuple(sorted(query.items()))), make, owner=dataset()
    )
