"""The only cached loaders: the dataset and the country shapes, read once per server, and what
depends only on the data and a view, computed once per server and view.

A rerun of the map page is mostly these lookups. What depends on the filters alone (the
filtered rows, the spread seats, the country shading) is kept apart from what the selection
changes (the emphasis of ties and markers, the panel), so a click that only changes the
selection rebuilds only the latter. The caches are bounded: views differ in few ways, and a
bound keeps a crowd of unusual links from growing the server's memory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from allies import package, queries
from allies.agreement import source_stats
from allies.coverage import coverage
from allies.load import Dataset, DatasetError, load_dataset
from allies.queries import Filters, Visible
from allies.selection import Selection
from allies.tours import Tour, TourProblem, load_tours
from allies.vocab import CATEGORIES, HUB, STATUSES, SUPPORT_TYPES
from geo import mapbuild, playback
from geo.offline import ensure_static_assets, write_static_files
from geo.shapes import load_countries
from ui import panel
from ui.urlstate import Choices

DATA_ENV = "ALLIES_DATA"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    """The dataset, loaded and validated once (treat it as read-only): the bundled one, or the
    folder named by the ALLIES_DATA environment variable."""
    folder = os.environ.get(DATA_ENV)
    return load_dataset(Path(folder) if folder else None)


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
    return STATIC_DIR


def choices(ds: Dataset) -> Choices:
    """The valid values of every filter and of the selection, from the dataset."""
    used_support = {s for items in ds.relationships["support"] for s in items}
    default_places = tuple(ds.places.loc[ds.places["default_on"], "place_id"])
    return Choices(
        layers=tuple(c for c in CATEGORIES if c != HUB),
        support=tuple(s for s in SUPPORT_TYPES if s in used_support),
        status=tuple(STATUSES),
        places=tuple(ds.places["place_id"]),
        default_places=default_places,
        sources=tuple(ds.sources["source_id"]),
        years=queries.year_range(ds),
        selectable=frozenset(
            [Selection("actor", a) for a in ds.actors["actor_id"]]
            + [Selection("tie", r) for r in ds.relationships["rel_id"]]
            + [Selection("place", p) for p in ds.places["place_id"]]
        ),
    )


def dataset_or_stop() -> Dataset:
    """The dataset, or a clear error on the page listing every problem, then stop."""
    try:
        return dataset()
    except DatasetError as error:
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
def selection_labels() -> dict[str, str]:
    """The Select box's labels (read-only)."""
    return panel.selection_labels(dataset())


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


# How many views (filters) and views with a selection stay cached: a class walking through the
# dashboard touches a few dozen; an entry is tens of kilobytes.
VIEWS_KEPT = 128
SELECTIONS_KEPT = 1024


@st.cache_resource(show_spinner=False, max_entries=VIEWS_KEPT)
def map_scene(filters: Filters) -> tuple[Visible, mapbuild.Scene]:
    """The rows a view shows and what its layers share whatever is selected (read-only)."""
    shown = queries.visible(dataset(), filters)
    return shown, mapbuild.scene(shown, countries())


@st.cache_data(show_spinner=False, max_entries=SELECTIONS_KEPT)
def map_layers(
    filters: Filters, selection: str | None, labelled: tuple[str, ...] = ()
) -> mapbuild.MapLayers:
    """The map's layers for a view and a selection (its text form), as plain data whose JSON
    is made once here; st_folium gets fresh folium groups built from it on every run. Actors in
    `labelled` are labelled at every zoom (a tour scene's subject)."""
    shown, prepared = map_scene(filters)
    built = mapbuild.layers(
        shown,
        countries(),
        selection=Selection.parse(selection),
        prepared=prepared,
        labelled=frozenset(labelled),
    )
    built.seal()
    return built


@st.cache_data(show_spinner=False)
def timeline() -> dict:
    """What the map's Play control draws year by year (geo.playback), made once."""
    return playback.timeline(dataset())


@st.cache_data(show_spinner=False, max_entries=SELECTIONS_KEPT)
def panel_html(selection: str | None, query: Mapping[str, str] | None = None) -> str:
    """The side panel for a selection (its text form); its links keep the view's parameters
    in `query`."""
    return panel.panel(dataset(), Selection.parse(selection), evidence(), query)
