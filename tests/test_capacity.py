"""What one server process's capacity rests on (bench/profile.py found each): Streamlit's
settings in .streamlit/config.toml, the data frozen out of the garbage collector's way, and
per-run lookups shared across sessions instead of copied or recomputed."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
import streamlit as st

from allies.tours import quotable
from ui import data, heap, urlstate

ROOT = Path(__file__).resolve().parent.parent
# The settings a deployment must run with, as Streamlit itself reads them from the repository.
SETTINGS = {
    "runner.postScriptGC": False,
    "server.fileWatcherType": "none",
    "server.enableWebsocketCompression": True,
}
READ = (
    "import json; from streamlit import config; config.get_config_options(force_reparse=True); "
    "print(json.dumps({name: config.get_option(name) for name in %r}))"
)


def streamlit_settings(cwd: Path) -> dict:
    """The options a Streamlit started in `cwd` runs with (no option set by the environment)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    out = subprocess.run(
        [sys.executable, "-c", READ % list(SETTINGS)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_streamlit_started_in_the_repository_runs_without_after_run_collection_or_watching():
    # Misspell an option or drop it from .streamlit/config.toml and Streamlit's default comes back.
    assert streamlit_settings(ROOT) == SETTINGS


def test_the_settings_come_from_the_repository_not_from_streamlit_defaults(tmp_path):
    # Elsewhere the defaults hold: the test above reads the repository's file, not a default.
    assert streamlit_settings(tmp_path) != SETTINGS


@pytest.fixture
def fresh(sample_data, monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, str(sample_data))
    st.cache_resource.clear()
    st.cache_data.clear()
    gc.unfreeze()
    threshold = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # CPython's default
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    st.cache_resource.clear()
    st.cache_data.clear()


def test_loading_the_dataset_freezes_what_is_alive(fresh):
    assert gc.get_freeze_count() == 0
    data.dataset()
    frozen = gc.get_freeze_count()
    assert frozen > 1000  # the modules and the data loaded so far
    data.dataset()  # cached: no second freeze
    assert gc.get_freeze_count() == frozen


def test_loading_the_dataset_collects_young_objects_less_often(fresh):
    data.dataset()
    assert gc.get_threshold() == (heap.YOUNG_OBJECTS, 10, 10)
    assert heap.YOUNG_OBJECTS >= 10 * 700


def test_freeze_collects_garbage_first(fresh):
    class Cycle:
        pass

    a, b = Cycle(), Cycle()
    a.other, b.other = b, a
    alive = weakref.ref(a)
    del a, b  # garbage now, but only a collection frees a cycle
    heap.freeze()
    assert alive() is None  # collected, not frozen for the server's lifetime


def test_cached_lookups_match_the_dataset(fresh):
    ds = data.dataset()
    rows = data.place_rows()
    assert list(rows) == list(ds.places["place_id"])
    for place in ds.places.itertuples():
        row = rows[place.place_id]
        assert (row["name"], row["kind"], row["in_sources"]) == (
            place.name,
            place.kind,
            place.in_sources,
        )
    quotes = data.quotes()
    assert quotes == dict(zip(ds.excerpts["excerpt_id"], ds.excerpts["quote"], strict=True))
    for selection in ("actor:hezbollah", "actor:iran", f"place:{ds.places['place_id'][0]}", None):
        assert data.quotable(selection) == tuple(quotable(ds, selection))
    assert data.quotable("actor:hezbollah")  # the sample quotes Hezbollah


def test_choices_are_made_once_per_dataset(fresh, tiny_data):
    from allies.load import load_dataset

    ds = data.dataset()
    assert data.choices(ds) is data.choices(ds)
    assert data.choices(ds) == urlstate.dataset_choices(ds)
    other = load_dataset(tiny_data)
    assert data.choices(other) == urlstate.dataset_choices(
        other
    )  # another dataset: its own choices
    assert data.choices(other) is not data.choices(ds)


def _sidebar(script: Path, params: dict[str, str]) -> list[tuple]:
    """Every element of a page's sidebar, in order: its kind, label, key, options and value."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return [
        (
            type(e).__name__,
            getattr(e, "label", None),
            getattr(e, "key", None),
            tuple(getattr(e, "options", ())),
            repr(getattr(e, "value", None)) if hasattr(e, "key") else None,
        )
        for e in list(at.sidebar)[1:]  # Streamlit walks a block depth first, itself first
    ]


@pytest.mark.parametrize("params", [{}, {"sel": "actor:hezbollah", "layers": "proxy"}])
def test_the_bench_page_with_the_apps_sidebar_draws_the_map_pages_sidebar(fresh, params):
    # bench/time_to_map.py tells what the sidebar costs the browser from this page: a widget
    # added to the Map page's sidebar, dropped, moved or seeded otherwise fails here.
    app = _sidebar(ROOT / "app.py", params)
    bench = _sidebar(ROOT / "bench" / "bare_sidebar.py", params)
    kinds = [kind for kind, *_ in app]
    labels = [label for _, label, *_ in app]
    # The sidebar compared is whole: both toggles, and the strategic places with their pills.
    assert kinds.count("Toggle") == 2 and "Strategic geography" in labels, labels
    assert kinds[labels.index("Strategic geography") + 1] == "ButtonGroup", kinds
    assert bench == app
