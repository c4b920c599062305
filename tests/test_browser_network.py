"""Browser tests of the network page and of the links in a place's panel: a real server on the
curated data, Debian's Chromium, every request off the machine blocked and counted."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import (
    ARTIFACTS,
    MAP_IFRAME,
    READY,
    finish_page,
    new_page,
    serving,
)

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
TIMEOUT = 30_000
CHART = "[data-testid='stVegaLiteChart']"
# The text marks of the chart (actor labels), not the legend's.
LABEL_BOXES = """() => [...document.querySelectorAll(
    "[data-testid='stVegaLiteChart'] g.mark-text.role-mark text")]
  .filter((t) => t.textContent.trim())
  .map((t) => { const r = t.getBoundingClientRect();
                return {text: t.textContent, l: r.left, t: r.top, r: r.right, b: r.bottom}; })"""
NODE_CENTRE = """(name) => {
  const node = [...document.querySelectorAll(
      "[data-testid='stVegaLiteChart'] g.mark-symbol.role-mark path")]
    .find((p) => (p.getAttribute('aria-label') || '').includes('Actor: ' + name + ';'));
  const r = node.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
}"""


@pytest.fixture(scope="module")
def server():
    with serving() as srv:
        yield srv


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def open_network(page, server, params: str = "") -> None:
    page.goto(f"{server.url}/network{params}")
    page.wait_for_selector(READY)
    expect(page.locator(f"{CHART} g.mark-text.role-mark text").first).to_be_attached()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def assert_no_overlap(boxes: list[dict]) -> None:
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a["r"] <= b["l"] or b["r"] <= a["l"] or a["b"] <= b["t"] or b["b"] <= a["t"]
            assert apart, f"labels overlap on screen: {a['text']!r} and {b['text']!r}"


def test_picking_a_node_selects_it_and_no_label_overlaps_another(page, server):
    open_network(page, server)
    expect(page.locator(".ap h2")).to_have_text("How to read the network")
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) >= 30  # the curated data's actors, each named
    assert_no_overlap(boxes)
    shot(page, "network-01-guide")
    x, y = page.evaluate(NODE_CENTRE, "Houthis")
    page.mouse.click(x, y)
    expect(page.locator(".ap h2")).to_have_text("Houthis")
    assert query(page)["sel"] == ["actor:houthis"]
    page.wait_for_selector(READY)
    assert_no_overlap(page.evaluate(LABEL_BOXES))  # the selected name in bold still fits
    shot(page, "network-02-houthis")


def test_the_sidebar_filters_apply_to_the_network_and_travel_to_the_map(page, server):
    open_network(page, server, "?sel=actor:hezbollah")
    labels = page.locator(f"{CHART} g.mark-text.role-mark text")
    expect(labels.filter(has_text="Israel")).to_have_count(1)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("button", name="Opponent / condemned Iran").click()
    expect(labels.filter(has_text="Israel")).to_have_count(0)
    expect(labels.filter(has_text="Hezbollah")).to_have_count(1)
    layers = query(page)["layers"][0].split(",")
    assert "opponent" not in layers and "proxy" in layers
    assert query(page)["sel"] == ["actor:hezbollah"]
    shot(page, "network-03-without-opponents")
    sidebar.locator("a", has_text="Map").click()
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".ally-marker").first).to_be_attached()
    expect(frame.locator(".ally-marker [aria-label='Israel']")).to_have_count(0)
    expect(page.locator(".ap h2")).to_have_text("Hezbollah")


def test_a_place_panel_leads_to_an_actor_in_place_without_reloading_the_map(page, server):
    page.goto(f"{server.url}/?sel=place:bab_al_mandab&layers=proxy,state%20partner")
    page.wait_for_selector(READY)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".ally-marker").first).to_be_attached()
    expect(page.locator(".ap h2")).to_have_text("Bab al-Mandab")
    links = page.locator(".ap section.links")
    expect(links.locator("li[data-link-actor='houthis'] a")).to_have_text("Houthis")
    expect(links.locator("li[data-link-tie='r002'] a")).to_contain_text("Iran → Houthis")
    # The quotes that make the connection are under each name.
    links.locator("li[data-link-actor='houthis'] summary").click(position={"x": 4, "y": 8})
    expect(links.locator("li[data-link-actor='houthis'] blockquote").first).to_contain_text(
        "Bab al-Mandab"
    )
    shot(page, "network-04-bab-al-mandab")
    # Marks on the page and inside the map's iframe tell whether either is loaded anew.
    page.evaluate("window.__kept = true")
    page.locator(MAP_IFRAME).element_handle().content_frame().evaluate("window.__kept = true")
    links.locator("li[data-link-actor='houthis'] a").click()
    expect(page.locator(".ap h2")).to_have_text("Houthis")
    page.wait_for_selector(READY)
    params = query(page)
    assert params["sel"] == ["actor:houthis"]
    assert params["layers"] == ["proxy,state partner"]
    assert page.evaluate("window.__kept") is True
    kept = page.locator(MAP_IFRAME).element_handle().content_frame().evaluate("window.__kept")
    assert kept is True, "the map's iframe was reloaded"
    shot(page, "network-05-houthis-from-the-place")
    page.go_back()
    expect(page.locator(".ap h2")).to_have_text("Bab al-Mandab")


@pytest.fixture
def projector(browser, server, traffic, request):
    """A page on a 1280 × 720 projector."""
    context, pg = new_page(browser, traffic, TIMEOUT, viewport={"width": 1280, "height": 720})
    yield pg
    finish_page(context, pg, traffic, request, server)


def test_the_network_shrinks_as_a_whole_on_a_projector(projector, server):
    page = projector
    open_network(page, server)
    chart = page.locator(f"{CHART} svg.marks").bounding_box()
    column = page.locator(".st-key-network_graph").bounding_box()
    assert chart["x"] + chart["width"] <= column["x"] + column["width"] + 1
    assert_no_overlap(page.evaluate(LABEL_BOXES))
    x, y = page.evaluate(NODE_CENTRE, "Syria")
    page.mouse.click(x, y)
    expect(page.locator(".ap h2")).to_have_text("Syria")
    shot(page, "network-06-projector")


def test_the_view_survives_a_round_trip_from_the_map_to_the_network_and_back(page, server):
    page.goto(f"{server.url}/?sel=actor:houthis&places=bab_al_mandab")
    page.wait_for_selector(READY)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".ally-marker").first).to_be_attached()
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("button", name="Opponent / condemned Iran").click()
    expect(frame.locator(".ally-marker [aria-label='Israel']")).to_have_count(0)
    page.wait_for_selector(READY)
    before = query(page)
    assert "opponent" not in before["layers"][0].split(",")
    sidebar.locator("a", has_text="Network").click()
    expect(page.locator(f"{CHART} g.mark-text.role-mark text").first).to_be_attached()
    expect(page.locator(".ap h2")).to_have_text("Houthis")
    sidebar.locator("a", has_text="Map").click()
    expect(frame.locator(".ally-marker").first).to_be_attached()
    expect(page.locator(".ap h2")).to_have_text("Houthis")
    page.wait_for_selector(READY)
    after = query(page)
    assert after == before, f"the view changed on the way: {before} -> {after}"
    expect(frame.locator(".ally-marker [aria-label='Israel']")).to_have_count(0)
    pill = sidebar.get_by_role("button", name="Bab al-Mandab")
    expect(pill).to_have_attribute("aria-pressed", "true")
