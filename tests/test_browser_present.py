"""Browser tests of presentation mode, the Share control and embedding, on a real server.

Like tests/test_browser.py: Debian's Chromium through Playwright, every request that leaves the
machine blocked and counted (it must stay at zero), and a screenshot of each step under
tests/artifacts/.
"""

from __future__ import annotations

import http.server
import json
import re
import threading
from functools import partial
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import (
    ARTIFACTS,
    MAP_IFRAME,
    READY,
    SETTLED,
    finish_page,
    free_port,
    new_page,
    offline_page,
    serving,
)

from allies.load import load_dataset
from allies.tours import load_tours

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
TIMEOUT = 30_000
# A slow rerun under load must not fail an assertion that would pass a moment later.
expect.set_options(timeout=TIMEOUT)
# streamlit-folium's first view is an animated zoom; read or move the map only after it ends.


@pytest.fixture(scope="module")
def server():
    with serving() as srv:
        yield srv


@pytest.fixture(scope="module")
def tours():
    found, problems = load_tours(load_dataset())
    assert problems == []
    return {t.id: t for t in found}


@pytest.fixture
def narrow_page(browser, server, traffic, request):
    context, pg = new_page(browser, traffic, TIMEOUT, viewport={"width": 700, "height": 1000})
    yield pg
    finish_page(context, pg, traffic, request, server)


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def map_frame(pg):
    return pg.locator(MAP_IFRAME).element_handle().content_frame()


def query(pg) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(pg.url).query).items()}


def scene_title(pg):
    return pg.locator(".scene h2")


def open_scene(pg, server, tour: str, scene: int) -> None:
    pg.goto(f"{server.url}/present?tour={tour}&scene={scene}")
    pg.wait_for_selector(READY)
    expect(pg.frame_locator(MAP_IFRAME).locator(".ally-marker").first).to_be_attached()
    map_frame(pg).wait_for_function(SETTLED)


def map_is_at(pg, scene) -> None:
    """Wait until the map shows the scene's centre (to a screen pixel: Leaflet rounds the view
    to whole pixels, 0.18 degree at zoom 3) and zoom."""
    lat, lon = scene.center
    map_frame(pg).wait_for_function(
        """([lat, lon, zoom]) => {
          const m = window.map;
          if (!m || m._animatingZoom) return false;
          const c = m.getCenter(), pixel = 360 / (256 * 2 ** zoom);
          return m.getZoom() === zoom && Math.abs(c.lat - lat) < pixel
            && Math.abs(c.lng - lon) < pixel;
        }""",
        arg=[lat, lon, scene.zoom],
    )


def set_probe(pg) -> None:
    map_frame(pg).evaluate("() => { window.__probe = 'same document'; }")


def probe(pg) -> str | None:
    return map_frame(pg).evaluate("() => window.__probe")


def wait_for_scene(pg, tour, number: int) -> None:
    """The address, the title and the map all show scene `number` (from 1)."""
    scene = tour.scenes[number - 1]
    pg.wait_for_function("(n) => location.search.includes('scene=' + n)", arg=number)
    expect(scene_title(pg)).to_have_text(scene.title)
    expect(pg.locator(".scene .caption")).to_have_text(scene.caption)
    expect(pg.get_by_text(f"Scene {number} of {len(tour.scenes)}", exact=True)).to_be_visible()
    assert query(pg)["tour"] == tour.id
    assert query(pg).get("sel") == scene.selection
    map_is_at(pg, scene)


def places_drawn(pg) -> set[str]:
    return set(
        map_frame(pg).evaluate(
            """() => [...document.querySelectorAll('[class*="ally-place-"]')]
                .flatMap((el) => [...el.classList])
                .filter((c) => c.startsWith('ally-place-') && c !== 'ally-place-label')
                .map((c) => c.slice('ally-place-'.length))"""
        )
    )


def test_next_and_previous_buttons_walk_a_tour_without_reloading_the_map(page, server, tours):
    tour = tours["chokepoints_and_corridors"]
    open_scene(page, server, tour.id, 1)
    wait_for_scene(page, tour, 1)
    assert places_drawn(page) == set(tour.scenes[0].places)
    expect(page.locator(".scene blockquote")).to_have_count(len(tour.scenes[0].excerpts))
    set_probe(page)
    shot(page, "present-01-chokepoints-scene-1")

    page.get_by_role("button", name=re.compile("^Next")).click()
    wait_for_scene(page, tour, 2)
    page.get_by_role("button", name=re.compile("^Next")).click()
    wait_for_scene(page, tour, 3)
    expect(
        page.frame_locator(MAP_IFRAME).locator(".ally-place-levant_land_bridge").first
    ).to_be_attached()
    assert places_drawn(page) == set(tour.scenes[2].places)
    assert probe(page) == "same document"
    shot(page, "present-02-chokepoints-scene-3")

    page.get_by_role("button", name=re.compile("^Previous")).click()
    wait_for_scene(page, tour, 2)
    assert places_drawn(page) == set(tour.scenes[1].places)
    assert probe(page) == "same document"


def test_arrow_keys_and_a_clickers_page_keys_walk_a_tour(page, server, tours):
    tour = tours["axis_of_resistance"]
    open_scene(page, server, tour.id, 1)
    wait_for_scene(page, tour, 1)
    set_probe(page)
    assert tour.scenes[0].layers == ["proxy"] and "state partner" in tour.scenes[-1].layers
    markers = page.frame_locator(MAP_IFRAME).locator(".ally-marker [aria-label='Syria']")
    expect(markers).to_have_count(0)  # the first scene shows the proxies only

    page.keyboard.press("ArrowRight")
    wait_for_scene(page, tour, 2)
    page.keyboard.press("PageDown")
    wait_for_scene(page, tour, 3)
    page.keyboard.press("ArrowLeft")
    wait_for_scene(page, tour, 2)
    page.keyboard.press("PageUp")
    wait_for_scene(page, tour, 1)
    for number in range(2, len(tour.scenes) + 1):
        page.keyboard.press("ArrowRight")
        wait_for_scene(page, tour, number)
    # The last scene adds the state partners: Syria is drawn now, in the same map document.
    expect(markers).to_have_count(1)
    assert probe(page) == "same document"
    shot(page, "present-03-axis-last-scene")


def test_a_scene_reopens_from_its_link_and_its_view_carries_to_the_map(page, server, tours):
    tour = tours["crink"]
    open_scene(page, server, tour.id, 3)
    wait_for_scene(page, tour, 3)
    quotes = page.locator(".scene blockquote")
    ids = [quotes.nth(i).get_attribute("data-excerpt") for i in range(quotes.count())]
    assert ids == tour.scenes[2].excerpts
    shot(page, "present-04-crink-scene-3-from-link")

    page.get_by_role("link", name=re.compile("explore this view on the Map")).click()
    page.wait_for_selector(".ap[data-panel='tie']")
    expect(page.locator(".ap h2")).to_have_text("Russia → Iran")
    assert query(page)["sel"] == tour.scenes[2].selection
    assert query(page)["layers"] == "global power"


def test_share_shows_the_link_and_an_iframe_snippet_of_the_view(page, server):
    page.goto(f"{server.url}/?sel=actor:houthis")
    page.wait_for_selector(READY)
    expect(page.locator(".ap h2")).to_have_text("Houthis")
    page.get_by_role("button", name=re.compile("Share")).click()
    codes = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code")
    expect(codes).to_have_count(2)
    link, snippet = codes.nth(0).inner_text(), codes.nth(1).inner_text()
    assert link == f"{server.url}/?sel=actor:houthis"
    assert snippet.startswith(f'<iframe src="{server.url}/?sel=actor:houthis&amp;embed=true"')
    codes.nth(0).hover()
    copy = page.locator("[data-testid='stPopoverBody']").get_by_role(
        "button", name="Copy to clipboard"
    )
    expect(copy.first).to_be_visible()
    shot(page, "share-01-popover")


def test_embed_mode_folds_the_sidebar_away_and_it_can_be_reopened(page, server):
    page.goto(f"{server.url}/?embed=true&sel=actor:hezbollah")
    page.wait_for_selector(READY)
    expect(page.locator(".ap h2")).to_have_text("Hezbollah")
    expect(page.frame_locator(MAP_IFRAME).locator(".ally-marker").first).to_be_attached()
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    expect(sidebar.get_by_text("Relationship layers")).not_to_be_in_viewport()
    shot(page, "embed-01-folded")
    page.locator("[data-testid='stExpandSidebarButton']").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    expect(sidebar.get_by_text("Relationship layers")).to_be_in_viewport()
    shot(page, "embed-02-filters-reopened")


def test_without_embed_the_sidebar_is_open(page, server):
    page.goto(f"{server.url}/?sel=actor:hezbollah")
    page.wait_for_selector(READY)
    expect(page.locator("[data-testid='stSidebar']")).to_have_attribute("data-collapsed", "false")


@pytest.fixture
def host_page(server, tmp_path):
    """A plain web page on another localhost port that embeds the dashboard in a 600 px frame."""
    src = f"{server.url}/?embed=true&sel=actor:hezbollah"
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='en'><head><title>A course page</title></head><body>"
        "<h1>Week 3: Iran's allies</h1>"
        f"<iframe id='embed' src={json.dumps(src)} width='600' height='1400' "
        "title='Iran alliance map' style='border:1px solid #999'></iframe></body></html>",
        encoding="utf-8",
    )
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    httpd.shutdown()
    httpd.server_close()


def test_an_embed_in_a_600px_iframe_of_a_plain_page_works(narrow_page, host_page):
    pg = narrow_page
    pg.goto(host_page)
    app = pg.frame_locator("#embed")
    expect(app.locator(READY)).to_be_attached()
    expect(app.locator(".ap h2")).to_have_text("Hezbollah")
    expect(app.locator("[data-testid='stSidebar']")).to_have_attribute("data-collapsed", "true")
    markers = app.frame_locator(MAP_IFRAME).locator(".ally-marker")
    expect(markers.first).to_be_attached()
    # At 600 px the map and the panel stack: the panel starts below the map.
    map_box = app.locator(MAP_IFRAME).bounding_box()
    panel_box = app.locator(".ap").bounding_box()
    assert map_box["width"] <= 600 and panel_box["width"] <= 600
    assert panel_box["y"] >= map_box["y"] + map_box["height"] - 1
    pg.locator("#embed").scroll_into_view_if_needed()
    shot(pg, "embed-03-in-a-600px-iframe")


def test_the_view_downloads_as_one_file_that_works_from_disk_offline(
    page, server, browser, tmp_path
):
    page.goto(f"{server.url}/?sel=actor:hezbollah&places=bab_al_mandab,red_sea_lane,sanaa")
    page.wait_for_selector(READY)
    expect(page.locator(".ap h2")).to_have_text("Hezbollah")
    live = page.frame_locator(MAP_IFRAME)
    expect(live.locator(".ally-marker").first).to_be_attached()
    markers, ties = live.locator(".ally-marker").count(), live.locator("path.ally-tie").count()
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download this view as HTML")).click()
    path = tmp_path / "view.html"
    download.value.save_as(path)
    url = path.as_uri()

    context, offline, asked, errors = offline_page(browser, url, TIMEOUT)
    try:
        offline.goto(url)
        expect(offline.locator(".ally-marker")).to_have_count(markers)
        expect(offline.locator("path.ally-tie")).to_have_count(ties)
        for place in ("bab_al_mandab", "red_sea_lane", "sanaa"):
            expect(offline.locator(f".ally-place-{place}").first).to_be_attached()
        expect(offline.locator(".ally-legend")).to_be_attached()
        expect(offline.locator("#view-panel .ap h2")).to_have_text("Hezbollah")
        offline.locator(".ally-marker [aria-label='Houthis']").click()
        expect(offline.locator("#view-panel .ap h2")).to_have_text("Houthis")
        expect(offline.locator("#view-panel .ap blockquote").first).to_be_attached()
        expect(
            offline.locator("#view-panel").get_by_text(re.compile("Unveiling Iran's Allies")).first
        ).to_be_attached()
        shot(offline, "export-01-file-from-disk-houthis")
    finally:
        context.close()
    assert asked == [], f"the file asked for: {asked}"
    assert errors == []


def test_a_tour_downloads_as_one_file_that_steps_through_its_scenes(
    page, server, browser, tours, tmp_path
):
    tour = tours["chokepoints_and_corridors"]
    open_scene(page, server, tour.id, 1)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download this tour as HTML")).click()
    path = tmp_path / "tour.html"
    download.value.save_as(path)
    url = path.as_uri()

    context, pg, asked, errors = offline_page(browser, url, TIMEOUT)
    try:
        pg.goto(url)
        expect(pg.locator(".scene h2")).to_have_text(tour.scenes[0].title)
        expect(pg.locator("#tour-counter")).to_have_text(f"Scene 1 of {len(tour.scenes)}")
        expect(pg.locator(".ally-place-bab_al_mandab").first).to_be_attached()
        expect(pg.locator(".ally-place-levant_land_bridge")).to_have_count(0)
        pg.get_by_role("button", name=re.compile("Next")).click()
        expect(pg.locator(".scene h2")).to_have_text(tour.scenes[1].title)
        pg.keyboard.press("ArrowRight")
        expect(pg.locator(".scene h2")).to_have_text(tour.scenes[2].title)
        expect(pg.locator(".scene .caption")).to_have_text(tour.scenes[2].caption)
        expect(pg.locator(".ally-place-levant_land_bridge").first).to_be_attached()
        expect(pg.locator(".ally-place-sanaa")).to_have_count(0)
        quotes = pg.locator(".scene blockquote")
        expect(quotes).to_have_count(len(tour.scenes[2].excerpts))
        lat, lon = tour.scenes[2].center
        pg.wait_for_function(
            """([lat, lon, zoom]) => {
              const m = Object.values(window).find((v) => v instanceof L.Map);
              const c = m.getCenter();
              return m.getZoom() === zoom && Math.abs(c.lat - lat) < 0.05
                && Math.abs(c.lng - lon) < 0.05;
            }""",
            arg=[lat, lon, tour.scenes[2].zoom],
        )
        assert pg.url.endswith("#scene-3")
        shot(pg, "export-02-tour-file-scene-3")
        pg.keyboard.press("PageUp")
        expect(pg.locator(".scene h2")).to_have_text(tour.scenes[1].title)
    finally:
        context.close()
    assert asked == [], f"the file asked for: {asked}"
    assert errors == []


@pytest.mark.parametrize("path", ["present?tour=crink&scene=2", "?embed=true&sel=actor:houthis"])
def test_no_serious_accessibility_violations(page, server, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{server.url}/{path}")
    page.wait_for_selector(READY)
    expect(page.frame_locator(MAP_IFRAME).locator(".ally-marker").first).to_be_attached()
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
