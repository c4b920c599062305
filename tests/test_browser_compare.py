"""Compare two years in a browser, on the sample dataset: the view lists exactly the ties that
differ, each with its quotes."""

from __future__ import annotations

import pytest
from browser_support import ARTIFACTS, MAP_IFRAME, READY, serving

from allies.compare import compare

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
TIMEOUT = 30_000
expect.set_options(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def server(sample_data):
    with serving(sample_data) as srv:
        yield srv


def listed(pg) -> list[tuple[str, str]]:
    items = pg.locator(".compare li")
    return [
        (items.nth(i).get_attribute("data-tie"), items.nth(i).get_attribute("data-kind"))
        for i in range(items.count())
    ]


def test_the_compare_view_lists_exactly_the_ties_that_differ(page, server, sample):
    page.goto(f"{server.url}/timeline")
    page.wait_for_selector(READY)
    section = page.locator(".compare")
    expect(section).to_have_attribute("data-first", "2015")
    want = [(d.rel_id, d.kind) for d in compare(sample, 2015, 2024)]
    assert want and listed(page) == want
    expect(section.locator("blockquote").first).to_be_attached()
    start = page.get_by_label("From the end of")
    start.fill("1979")
    start.press("Enter")
    expect(section).to_have_attribute("data-first", "1979")
    assert listed(page) == [(d.rel_id, d.kind) for d in compare(sample, 1979, 2024)]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare-01-sample.png"), full_page=True)


DRAWN_KINDS = """() => {
  const out = {};
  document.querySelectorAll('path.ally-tie-hit').forEach(hit => {
    const rel = [...hit.classList].find(c => c.startsWith('ally-tie-') && c !== 'ally-tie-hit');
    out[rel.slice('ally-tie-'.length)] = hit.getAttribute('data-compare');
  });
  return out;
}"""


def map_frame(pg):
    pg.wait_for_selector(READY)
    frame = pg.locator(MAP_IFRAME).element_handle().content_frame()
    frame.wait_for_selector("path.ally-tie-hit", state="attached")
    return frame


def test_the_map_draws_the_comparison_apart_and_lists_it(page, server, sample):
    page.goto(f"{server.url}/timeline")
    page.wait_for_selector(READY)
    page.locator("[data-compare-link]").click()
    page.wait_for_url("**/?compare=2015-2024")
    frame = map_frame(page)
    frame.wait_for_selector("path.ally-tie-hit[data-compare]", state="attached")
    drawn = frame.evaluate(DRAWN_KINDS)
    differences = compare(sample, 2015, 2024)
    latest = {d.rel_id: d.kind for d in differences}  # oldest first: the latest one stays
    want = {rel: latest.get(rel, "same") for rel in drawn}
    assert drawn == want
    assert "same" in want.values() and set(want.values()) - {"same"}, "nothing drawn apart"
    items = frame.locator(".ally-play li[data-tie]")
    listed_on_map = [
        (items.nth(i).get_attribute("data-tie"), items.nth(i).get_attribute("data-kind"))
        for i in range(items.count())
    ]
    assert listed_on_map == [(d.rel_id, d.kind) for d in differences if d.rel_id in drawn]
    expect(frame.locator(".ally-play li blockquote").first).to_be_attached()
    # The list is open on a wide map and folded on a narrow one, where it would hide the ties.
    fold = "() => [document.querySelector('.ally-play details').open, window.map.getSize().x]"
    opened, width = frame.evaluate(fold)
    assert opened == (width >= 760)
    expect(frame.locator(".ally-play-year")).to_have_text("2015 → 2024")
    expect(page.locator(".compare-note")).to_have_attribute("data-first", "2015")
    # Set like the caption above it, not in the larger body type.
    caption_size = page.get_by_test_id("stCaptionContainer").first.evaluate(
        "e => getComputedStyle(e).fontSize"
    )
    expect(page.locator(".compare-note")).to_have_css("font-size", caption_size)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare-02-map.png"))
    page.get_by_role("link", name="Stop comparing").click()
    expect(page.locator(".compare-note")).to_have_count(0)
    assert "compare=" not in page.url
    frame = map_frame(page)
    assert set(frame.evaluate(DRAWN_KINDS).values()) == {None}


@pytest.mark.parametrize("value", ["2024-2024", "1200-2024", "2015-20244", "x<b>-1"])
def test_a_bad_comparison_in_the_address_gets_a_notice_and_the_plain_map(page, server, value):
    page.goto(f"{server.url}/?compare={value}&sel=actor:hezbollah")
    frame = map_frame(page)
    expect(page.get_by_text("were not understood")).to_be_visible()
    assert "compare=" not in page.url and "sel=actor" in page.url
    assert set(frame.evaluate(DRAWN_KINDS).values()) == {None}
    expect(page.locator(".compare-note")).to_have_count(0)
