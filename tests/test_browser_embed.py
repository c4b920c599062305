"""Browser tests of the map where it does not fit its window or its frame, and of embeds.

A host page is made in the browser (page.set_content) with the app in an <iframe>, as an
article that pasted the Share snippet would have it.
"""

from __future__ import annotations

import pytest
from browser_support import MAP_IFRAME, READY, serving

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

SETTLED = (
    "() => window.map && window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.last_zoom"
    " && !window.map._animatingZoom"
)
APP_FRAME = "iframe#app"


@pytest.fixture(scope="module")
def server():
    with serving() as srv:
        yield srv


def host_page(page, server, query: str, width: int, height: int = 720):
    """An article page with the app embedded at `width` × `height`; the app's frame."""
    page.set_content(
        "<!doctype html><html lang='en'><title>Article</title><body style='margin:0'>"
        "<p style='height:300px'>An article's first paragraph.</p>"
        f"<iframe id='app' src='{server.url}/{query}' width='{width}' height='{height}'"
        " style='border:0' title='Embedded map'></iframe>"
        "<p style='height:1500px'>The rest of the article.</p></body></html>"
    )
    return page.frame_locator(APP_FRAME)


def ready_map(app):
    """Wait for the app's script and its map to settle (`app`: the page, or the app's frame
    in a host page); the map's frame locator."""
    app.locator(READY).wait_for()
    map_frame = app.frame_locator(MAP_IFRAME)
    map_frame.locator(".ally-marker").first.wait_for(state="attached")
    handle = app.locator(MAP_IFRAME).element_handle().content_frame()
    handle.wait_for_function(SETTLED)
    return map_frame


def scroll_offsets(page) -> list[int]:
    """The scroll position of every frame of the page and of every scrolled element in it."""
    script = (
        "() => [window.scrollY, ...[...document.querySelectorAll('*')]"
        ".filter(e => e.scrollTop > 0).map(e => e.scrollTop)]"
    )
    return [value for frame in page.frames for value in frame.evaluate(script)]


def click_once(page, target) -> None:
    """One real click in the middle of `target`, after bringing it into view."""
    target.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # let a smooth scroll end before the positions are read
    box = target.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_the_first_click_selects_when_the_map_does_not_fit_the_window(browser, server):
    """At 1280 × 720 and 1024 × 768 the map is taller than what is left of the window."""
    for width, height in ((1280, 720), (1024, 768)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(f"{server.url}/")
        map_frame = ready_map(page)
        before = scroll_offsets(page)
        click_once(page, map_frame.locator(".ally-marker [aria-label='Hezbollah']"))
        expect(page.locator(".ap h2")).to_have_text("Hezbollah")
        page.wait_for_selector(READY)
        assert scroll_offsets(page) == before, f"the page jumped at {width}×{height}"
        context.close()


@pytest.mark.parametrize("width", [600, 360])
def test_the_first_click_selects_in_an_embed(page, server, width):
    app = host_page(page, server, "?embed=true", width)
    map_frame = ready_map(app)
    hezbollah = map_frame.locator(".ally-marker [aria-label='Hezbollah']")
    hezbollah.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    before = scroll_offsets(page)
    click_once(page, hezbollah)
    expect(app.locator(".ap h2")).to_have_text("Hezbollah")
    assert scroll_offsets(page) == before, f"the page jumped in a {width} px embed"
