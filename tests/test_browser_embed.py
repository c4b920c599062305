"""Browser tests of the map where it does not fit its window or its frame, and of embeds.

A host page is made in the browser (page.set_content) with the app in an <iframe>, as an
article that pasted the Share snippet would have it.
"""

from __future__ import annotations

import time

import pytest
from browser_support import MAP_IFRAME, READY, SETTLED, serving

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

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


def snippet_page(page, server, query: str, width: int):
    """An article that pasted the Share snippet (the <iframe> and its listener) for `query`,
    in a column `width` px wide; the app's frame."""
    from ui.share import embed_code

    code = embed_code(f"{server.url}/{query}", "Iran's alliance network")
    page.set_content(
        "<!doctype html><html lang='en'><title>Article</title><body style='margin:0'>"
        "<p style='height:300px'>An article's first paragraph.</p>"
        f"<div style='width:{width}px'>{code}</div>"
        "<p style='height:1500px'>The rest of the article.</p></body></html>"
    )
    return page.frame_locator("iframe[data-allies-embed]")


FIT = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const block = document.querySelector('[data-testid=stMainBlockContainer]');
  return {inner: main.scrollHeight - main.clientHeight, content: Math.ceil(block.offsetHeight)};
}"""


def frame_height(page) -> float:
    return page.evaluate(
        "document.querySelector('iframe[data-allies-embed]').getBoundingClientRect().height"
    )


def app_frame(page):
    return page.locator("iframe[data-allies-embed]").element_handle().content_frame()


def assert_fits(page, timeout: float = 15.0) -> float:
    """The frame becomes as tall as the app's content: no inner scroll bar, no blank space.
    (The host cannot look into the app's frame, so both sides are read and compared here.)"""
    deadline = time.monotonic() + timeout
    while True:
        fit, height = app_frame(page).evaluate(FIT), frame_height(page)
        if abs(height - fit["content"]) <= 2 and fit["inner"] <= 1:
            return height
        if time.monotonic() > deadline:
            raise AssertionError(f"the frame ({height}px) does not fit its content: {fit}")
        page.wait_for_timeout(100)


@pytest.mark.parametrize("width", [360, 600, 1024])
def test_the_frame_height_follows_its_content(page, server, width):
    app = snippet_page(page, server, "?embed=true&panel=below", width)
    map_frame = ready_map(app)
    before = assert_fits(page)
    click_once(page, map_frame.locator(".ally-marker [aria-label='Hezbollah']"))
    expect(app.locator(".ap h2")).to_have_text("Hezbollah")
    app.locator(READY).wait_for()
    after = assert_fits(page)
    assert after > before + 100, "the frame did not grow with Hezbollah's quotes"


def test_the_wheel_scrolls_the_article_until_the_map_is_clicked(page, server):
    app = snippet_page(page, server, "?embed=true&panel=none", 600)
    map_frame = ready_map(app)
    leaflet = app.locator(MAP_IFRAME).element_handle().content_frame()
    zoom = leaflet.evaluate("() => window.map.getZoom()")
    box = map_frame.locator(".leaflet-container").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, max(box["y"], 0) + 150)
    before = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 200)
    page.wait_for_function(f"() => window.scrollY > {before}")
    assert leaflet.evaluate("() => window.map.getZoom()") == zoom
    box = map_frame.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + box["height"] / 2)  # open sea, clear of the legend
    scrolled = page.evaluate("window.scrollY")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    leaflet.wait_for_function(f"() => window.map.getZoom() > {zoom}")
    assert page.evaluate("window.scrollY") == scrolled


def test_embed_options_lay_out_the_view(page, server):
    app = host_page(page, server, "?embed=true&plain=true&panel=none&sel=actor:hezbollah", 700)
    ready_map(app)
    # The map's title is gone (the text view's own camp headings stay, folded).
    expect(app.locator("h4", has_text="Iran's network of allies")).to_have_count(0)
    expect(app.get_by_role("button", name="Share")).to_have_count(0)
    expect(app.locator(".ap")).to_have_count(0)
    full = app.get_by_role("link", name="Open the full dashboard")
    expect(full).to_have_attribute("target", "_blank")
    href = full.get_attribute("href")
    assert href == f"{server.url}/?sel=actor:hezbollah"


def test_a_full_page_keeps_its_title_share_and_panel(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{server.url}/?sel=actor:hezbollah&panel=below")
    ready_map(page)
    expect(page.locator("h4", has_text="Iran's network of allies")).to_be_visible()
    expect(page.get_by_role("button", name="Share")).to_have_count(1)
    expect(page.locator(".ap h2")).to_have_text("Hezbollah")
    expect(page.get_by_role("link", name="Open the full dashboard")).to_have_count(0)
