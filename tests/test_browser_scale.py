"""Browser tests at fifty times the curated data: a real server with ALLIES_DATA at a folder built
by bench/scale.py (the benchmark's own code), Debian's Chromium, every request off the machine
blocked and counted. The map draws crowded seats as one marker each, expands them when zoomed
in (in the browser, without a rerun), and the search still selects an actor."""

from __future__ import annotations

import importlib.util

import pytest
from browser_support import (
    ARTIFACTS,
    MAP_IFRAME,
    READY,
    ROOT,
    SETTLED,
    serving,
)

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
TIMEOUT = 60_000
K = 50


@pytest.fixture(scope="module")
def server(data_dir):
    with serving(data_dir) as srv:
        yield srv


@pytest.fixture
def page_timeout() -> float:
    return TIMEOUT


def _scale_module():
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "bench" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return _scale_module().write_scaled(tmp_path_factory.mktemp("scaled") / "data", K)


def open_map(page, server) -> None:
    page.goto(server.url)
    page.wait_for_selector(READY)
    expect(page.frame_locator(MAP_IFRAME).locator(".ally-agg").first).to_be_attached(
        timeout=TIMEOUT
    )
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def map_frame(page):
    return page.locator(MAP_IFRAME).element_handle().content_frame()


def count(page, selector: str) -> int:
    return map_frame(page).locator(selector).count()


SINGLE = ".ally-marker:not(.ally-agg)"


def test_the_map_draws_crowded_seats_as_counted_markers_on_a_canvas(page, server, data_dir):
    open_map(page, server)
    map_frame(page).wait_for_function(SETTLED)
    seats = count(page, ".ally-agg")
    singles = count(page, SINGLE)
    # Fifty copies of every seat: a few dozen markers at the default view, not ~1,800.
    assert 5 <= seats <= 60, seats
    assert singles <= 20, singles
    labels = (
        map_frame(page)
        .locator(".ally-agg [role=img]")
        .evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    )
    assert any(label.endswith(f": {K} actors") for label in labels), labels
    # Thousands of ties: drawn on a canvas, bundled, not as one SVG path each.
    assert count(page, ".leaflet-overlay-pane canvas") >= 1
    assert count(page, "path.ally-tie") == 0
    page.screenshot(path=str(ARTIFACTS / "scale-50x-default.png"))


def test_zooming_in_expands_the_seats_without_a_rerun(page, server):
    open_map(page, server)
    mf = map_frame(page)
    mf.wait_for_function(SETTLED)
    mf.evaluate("() => { window.__probe = 'same document'; }")
    seats_before, singles_before = count(page, ".ally-agg"), count(page, SINGLE)
    # One step in: some seats open (those whose actors fit), and none closes.
    mf.evaluate("() => { window.map.setView([33.5, 40.0], 6, {animate: false}); }")
    mf.wait_for_function(f"() => document.querySelectorAll('{SINGLE}').length > {singles_before}")
    assert count(page, ".ally-agg") < seats_before
    page.screenshot(path=str(ARTIFACTS / "scale-50x-zoom6.png"))
    # All the way in: every seat shows its actors, one marker each.
    mf.evaluate("() => { window.map.setView([33.7, 35.7], 8, {animate: false}); }")
    mf.wait_for_function("() => document.querySelectorAll('.ally-agg').length === 0")
    assert count(page, SINGLE) > 1000
    page.screenshot(path=str(ARTIFACTS / "scale-50x-zoom8.png"))
    # Back out: the seats fold again. The map iframe was never reloaded.
    mf.evaluate("() => { window.map.setView([31.0, 44.0], 4, {animate: false}); }")
    mf.wait_for_function("() => document.querySelectorAll('.ally-agg').length > 0")
    assert count(page, ".ally-agg") == seats_before
    assert count(page, SINGLE) == singles_before
    assert mf.evaluate("() => window.__probe") == "same document"


def test_clicking_a_seat_zooms_in_to_its_actors(page, server):
    open_map(page, server)
    mf = map_frame(page)
    mf.wait_for_function(SETTLED)
    zoom = mf.evaluate("() => window.map.getZoom()")
    singles = count(page, SINGLE)
    page.frame_locator(MAP_IFRAME).locator(".ally-agg").first.click()
    mf.wait_for_function(f"() => window.map.getZoom() > {zoom}")
    mf.wait_for_function(f"() => document.querySelectorAll('{SINGLE}').length > {singles}")


def test_a_search_selects_an_actor_and_fills_the_panel(page, server):
    open_map(page, server)
    name = "Hezbollah (copy 7)"
    box = page.get_by_label("Find an actor")
    box.fill(name)
    box.press("Enter")
    expect(page.locator(".ap h2")).to_have_text(name, timeout=TIMEOUT)
    expect(page.locator(".ap blockquote").first).to_be_attached(timeout=TIMEOUT)
    page.wait_for_selector(READY)
    # The selected actor leaves its seat's marker: drawn on its own at the default zoom.
    chosen = page.frame_locator(MAP_IFRAME).locator(f".ally-marker [aria-label='{name}']")
    expect(chosen).to_have_count(1, timeout=TIMEOUT)
    page.screenshot(path=str(ARTIFACTS / "scale-50x-search.png"))
