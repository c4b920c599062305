"""Shared fixtures: the code tests run on a small dataset made for them, not on the curated one
(whose own expectations are in test_dataset.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import CHROMIUM_ARGS, Traffic, finish_page, new_page, require_browser
from helpers import write_tiny_dataset

from allies.load import Dataset, load_dataset


@pytest.fixture
def sample_app(sample_data, monkeypatch):
    """AppTest runs serve the sample dataset, with Streamlit's caches cleared before and after."""
    import streamlit as st

    from ui.data import DATA_ENV

    monkeypatch.setenv(DATA_ENV, str(sample_data))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A tiny, complete and valid dataset (two sources, four actors, two ties) in tmp_path."""
    return write_tiny_dataset(tmp_path / "data")


@pytest.fixture(scope="session")
def sample_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny dataset with the rows of helpers.MORE, written once (treat it as read-only)."""
    return write_tiny_dataset(tmp_path_factory.mktemp("sample") / "data", more=True)


@pytest.fixture(scope="session")
def sample(sample_data: Path) -> Dataset:
    """The sample dataset, loaded once (treat it as read-only)."""
    return load_dataset(sample_data)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- browser tests: each file brings its own module-scoped `server` -----------------------------

BROWSER_TIMEOUT = 30_000


@pytest.fixture(scope="module")
def browser(server):
    """Debian's Chromium, driven by Playwright, for one file's tests."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=require_browser(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def traffic():
    return Traffic()


@pytest.fixture
def page_options() -> dict:
    """The browser context of `page` (a file may override it)."""
    return {"viewport": {"width": 1500, "height": 950}}


@pytest.fixture
def page_timeout() -> float:
    """How long a step of `page` may wait, in ms (a file may override it)."""
    return BROWSER_TIMEOUT


@pytest.fixture
def page(browser, server, traffic, request, page_options, page_timeout):
    """A page of its own for one test; nothing may leave the machine, no page error."""
    context, pg = new_page(browser, traffic, page_timeout, **page_options)
    yield pg
    finish_page(context, pg, traffic, request, server)
