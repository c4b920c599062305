"""Compare two years in a browser, on the sample dataset: the view lists exactly the ties that
differ, each with its quotes."""

from __future__ import annotations

import pytest
from browser_support import ARTIFACTS, READY, serving

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
