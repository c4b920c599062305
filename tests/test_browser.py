"""Browser tests: a real `streamlit run` server driven by Debian's Chromium through Playwright.

Every step saves a screenshot under tests/artifacts/. Every request that leaves the machine is
blocked and counted, and must stay at zero; so must page errors and Streamlit exceptions.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import (
    ARTIFACTS,
    MAP_IFRAME,
    READY,
    SETTLED,
    serving,
)

from allies.agreement import agreement
from allies.load import load_dataset
from allies.naming import actor_names, tie_ends
from ui.sitemap import PAGES

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect


@pytest.fixture(scope="module")
def server():
    with serving() as srv:
        yield srv


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def open_app(page, server, query: str = "") -> None:
    """Open the app and wait until the script has run and the map has drawn its markers."""
    page.goto(f"{server.url}/{query}")
    page.wait_for_selector(READY)
    markers = page.frame_locator(MAP_IFRAME).locator(".ally-marker")
    expect(markers.first).to_be_attached()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    wait_until_map_settles(page)


# streamlit-folium applies its first view with an animated zoom. A view set while that animation
# runs is undone when it ends, and marker rectangles read during it are mid-transition.


def wait_until_map_settles(page) -> None:
    map_frame(page).wait_for_function(SETTLED)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def map_frame(page):
    return page.locator(MAP_IFRAME).element_handle().content_frame()


def marker(page, name: str):
    return page.frame_locator(MAP_IFRAME).locator(f".ally-marker [aria-label={json.dumps(name)}]")


def panel_title(page):
    return page.locator(".ap h2")


def drawn_actors(dataset) -> list[str]:
    actors = dataset.actors
    return list(actors.loc[actors["lat"].notna(), "name"])


def drawn_ties(dataset) -> int:
    with_seat = set(dataset.actors.loc[dataset.actors["lat"].notna(), "actor_id"])
    rel = dataset.relationships
    return int((rel["from_actor"].isin(with_seat) & rel["to_actor"].isin(with_seat)).sum())


def test_map_draws_every_actor_tie_and_default_place(page, server, dataset, traffic):
    open_app(page, server)
    frame = page.frame_locator(MAP_IFRAME)
    names = drawn_actors(dataset)
    expect(frame.locator(".ally-marker")).to_have_count(len(names))
    for name in names:
        expect(marker(page, name)).to_have_count(1)
    expect(frame.locator("path.ally-tie")).to_have_count(drawn_ties(dataset))
    default_places = dataset.places.loc[dataset.places["default_on"], "place_id"]
    for place_id in default_places:
        expect(frame.locator(f".ally-place-{place_id}").first).to_be_attached()
    expect(frame.locator(".leaflet-control-layers-overlays")).to_contain_text("Countries shaded")
    shot(page, "01-default")
    assert traffic.local > 0


def test_every_marker_can_be_picked_at_default_zoom_or_one_step_in(page, server):
    open_app(page, server)
    frame = map_frame(page)
    unpickable = frame.evaluate(
        """() => {
          const map = window.map;
          const zoom = map.getZoom();
          const missed = [];
          const hits = (el) => {
            const r = el.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return hit && el.contains(hit);
          };
          for (const el of document.querySelectorAll('.ally-marker')) {
            const name = el.querySelector('[aria-label]').getAttribute('aria-label');
            const r0 = el.getBoundingClientRect();
            const at = map.containerPointToLatLng([r0.left + r0.width / 2, r0.top + r0.height / 2]);
            let ok = false;
            for (const z of [zoom, zoom + 1]) {
              map.setView(at, z, {animate: false});
              const now = [...document.querySelectorAll('.ally-marker')].find(
                (m) => m.querySelector('[aria-label]').getAttribute('aria-label') === name);
              if (now && hits(now)) { ok = true; break; }
            }
            if (!ok) missed.push(name);
          }
          return missed;
        }"""
    )
    assert unpickable == []


def test_clicking_hezbollah_fills_the_panel_with_its_excerpts(page, server, dataset):
    open_app(page, server)
    marker(page, "Hezbollah").click()
    expect(panel_title(page)).to_have_text("Hezbollah")
    quotes = page.locator(".ap blockquote")
    about = dataset.excerpts["actor_ids"].map(lambda ids: "hezbollah" in ids).sum()
    assert about >= 5
    expect(page.locator(".ap > blockquote, .ap > details > blockquote").first).to_be_attached()
    assert quotes.count() >= 5
    expect(page.locator(".ap mark", has_text="Hezbollah").first).to_be_attached()
    expect(
        page.locator(".ap").get_by_text(re.compile("Unveiling Iran's Allies")).first
    ).to_be_attached()
    assert parse_qs(urlparse(page.url).query)["sel"] == ["actor:hezbollah"]
    shot(page, "02-hezbollah")


def click_path(page, selector: str) -> None:
    """Click the middle of an SVG path inside the map, where the line really is."""
    frame = map_frame(page)
    x, y = frame.evaluate(
        """(selector) => {
          const path = document.querySelector(selector);
          const p = path.getPointAtLength(path.getTotalLength() / 2);
          const m = path.getScreenCTM();
          return [p.x * m.a + p.y * m.c + m.e, p.x * m.b + p.y * m.d + m.f];
        }""",
        selector,
    )
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_clicking_a_tie_and_a_place_fills_the_panel(page, server, dataset):
    open_app(page, server)
    rel = dataset.relationships
    rel_id = rel.loc[(rel["from_actor"] == "iran") & (rel["to_actor"] == "houthis"), "rel_id"].iloc[
        0
    ]
    click_path(page, f"path.ally-tie-{rel_id}")
    expect(panel_title(page)).to_have_text("Iran → Houthis")
    expect(page.locator(".ap[data-panel='tie'] blockquote").first).to_be_attached()
    shot(page, "08-tie-iran-houthis")
    click_path(page, "path.ally-place-bab_al_mandab")
    expect(panel_title(page)).to_have_text("Bab al-Mandab")
    assert parse_qs(urlparse(page.url).query)["sel"] == ["place:bab_al_mandab"]
    shot(page, "09-place-bab-al-mandab")


def test_switching_a_layer_off_updates_the_map_in_place(page, server):
    open_app(page, server)
    frame = map_frame(page)
    frame.evaluate(
        "() => { window.__probe = 'same document'; window.map.setZoom(5, {animate: false}); }"
    )
    frame.wait_for_function("() => window.map.getZoom() === 5 && !window.map._animatingZoom")
    expect(marker(page, "Hezbollah")).to_have_count(1)
    page.locator("[data-testid='stSidebar'] button", has_text="Proxy / Axis of Resistance").click()
    expect(marker(page, "Hezbollah")).to_have_count(0)
    expect(marker(page, "Russia")).to_have_count(1)
    frame = map_frame(page)
    assert frame.evaluate("() => window.__probe") == "same document"
    assert frame.evaluate("() => window.map.getZoom()") == 5
    assert "layers" in parse_qs(urlparse(page.url).query)
    shot(page, "03-proxy-layer-off")


PAGE_LINKS = "[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']"


def test_a_filter_change_keeps_the_page_links_on_screen_and_gives_them_the_new_view(page, server):
    """The links are drawn once a run has written the view to the address, so they carry the
    new view; no link leaves the page meanwhile. (Their place is a block, which the browser keeps
    with the last run's links until new ones come; on a quick local run the browser may get the
    whole run at once, so this cannot tell a block from a blank placeholder.)"""
    open_app(page, server)
    expect(page.locator(PAGE_LINKS)).to_have_count(len(PAGES))
    page.evaluate(
        """selector => {
            window.__fewestLinks = document.querySelectorAll(selector).length;
            new MutationObserver(() => {
                const now = document.querySelectorAll(selector).length;
                window.__fewestLinks = Math.min(window.__fewestLinks, now);
            }).observe(document.body, {childList: true, subtree: true});
        }""",
        PAGE_LINKS,
    )
    page.locator("[data-testid='stSidebar'] button", has_text="Proxy / Axis of Resistance").click()
    timeline = page.locator(PAGE_LINKS, has_text="Timeline")
    expect(timeline).to_have_attribute("href", re.compile("layers="))
    page.wait_for_selector(READY)
    assert page.evaluate("() => window.__fewestLinks") == len(PAGES)
    expect(page.locator(PAGE_LINKS)).to_have_count(len(PAGES))


def test_a_chokepoint_toggle_adds_its_shape(page, server):
    open_app(page, server)
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator(".ally-place-strait_of_hormuz")).to_have_count(0)
    page.get_by_text("Strait of Hormuz (context)").click()
    expect(frame.locator(".ally-place-strait_of_hormuz").first).to_be_attached()
    shot(page, "04-hormuz-on")


def test_a_copied_url_restores_selection_and_filters(page, server, browser, traffic):
    open_app(page, server)
    marker(page, "Houthis").click()
    expect(panel_title(page)).to_have_text("Houthis")
    page.locator("[data-testid='stSidebar'] button", has_text="Opponent / condemned Iran").click()
    expect(marker(page, "Israel")).to_have_count(0)
    copied = page.url
    query = parse_qs(urlparse(copied).query)
    assert query["sel"] == ["actor:houthis"]
    assert "opponent" not in query["layers"][0]

    fresh = page.context.new_page()
    fresh.goto(copied)
    fresh.wait_for_selector(READY)
    expect(panel_title(fresh)).to_have_text("Houthis")
    expect(marker(fresh, "Hezbollah")).to_have_count(1)
    expect(marker(fresh, "Israel")).to_have_count(0)
    shot(fresh, "05-restored-from-url")


def test_bad_url_values_are_ignored_with_a_notice(page, server):
    open_app(page, server, "?sel=actor:nobody&layers=proxy,bogus&asof=abc")
    expect(page.get_by_text(re.compile("were not understood"))).to_be_visible()
    expect(page.locator(".ap h2")).to_have_text("How to read this map")
    shot(page, "06-bad-url")


def test_embed_mode_renders(page, server):
    open_app(page, server, "?embed=true&sel=place:bab_al_mandab")
    expect(panel_title(page)).to_have_text("Bab al-Mandab")
    shot(page, "07-embed")


@pytest.mark.parametrize(
    "path",
    ["?sel=actor:hezbollah", "?sel=tie:r011", "sources", "timeline", "network?sel=actor:iran"],
)
def test_no_serious_accessibility_violations(page, server, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{server.url}/{path}")
    page.wait_for_selector(READY)
    if path.startswith("?"):
        expect(page.frame_locator(MAP_IFRAME).locator(".ally-marker").first).to_be_attached()
    else:
        expect(page.locator("h4").first).to_be_visible()
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize("path", ["sources", "map", "timeline"])
def test_a_page_opened_by_its_own_address_is_the_same_page(page, server, dataset, path):
    page.goto(f"{server.url}/{path}")
    page.wait_for_selector(READY)
    links = page.locator("[data-testid='stSidebar'] a")
    expect(links).to_have_text([title for _, title in PAGES])
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    if path == "sources":
        page.get_by_text(dataset.sources["title"].iloc[0]).first.click()
        boilerplate = page.locator(".src [data-role='boilerplate']")
        expect(boilerplate.first).to_be_visible()
        expected = sum(
            line.role == "boilerplate" for text in dataset.texts.values() for line in text.lines
        )
        expect(boilerplate).to_have_count(expected)  # the page may still be drawing
    elif path == "timeline":
        # One <details> per event (a note's long list of reports folds in a details of its own).
        expect(page.locator(".ap[data-panel='timeline'] details[data-event]")).to_have_count(
            len(dataset.events)
        )
        expect(page.locator("[data-testid='stVegaLiteChart'] svg, canvas").first).to_be_visible()
    else:
        expect(page.frame_locator(MAP_IFRAME).locator(".ally-marker").first).to_be_attached()
    shot(page, f"10-direct-{path}")


def test_a_linked_selection_far_from_the_default_view_is_brought_into_view(page, server):
    open_app(page, server, "?sel=actor:japan")
    expect(panel_title(page)).to_have_text("Japan")
    frame = map_frame(page)
    frame.wait_for_function(
        """() => {
          const el = document.querySelector('.ally-marker [aria-label="Japan"]');
          if (!el) return false;
          const r = el.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return hit !== null && el.contains(hit);
        }"""
    )
    shot(page, "11-japan-in-view")


def test_going_to_another_page_and_back_keeps_the_view(page, server):
    open_app(page, server, "?sel=actor:houthis&layers=proxy,state%20partner")
    expect(panel_title(page)).to_have_text("Houthis")
    page.locator("[data-testid='stSidebar'] a", has_text="Timeline").click()
    expect(page.locator(".ap[data-panel='timeline']")).to_be_attached()
    page.locator("[data-testid='stSidebar'] a", has_text="Map").click()
    expect(panel_title(page)).to_have_text("Houthis")
    expect(marker(page, "Israel")).to_have_count(0)
    expect(marker(page, "Hezbollah")).to_have_count(1)
    query = parse_qs(urlparse(page.url).query)
    assert query["sel"] == ["actor:houthis"] and query["layers"] == ["proxy,state partner"]


def test_the_network_page_selects_what_is_clicked_and_shares_it_with_the_map(page, server):
    page.goto(f"{server.url}/network")
    page.wait_for_selector(READY)
    chart = page.locator("[data-testid='stVegaLiteChart']")
    label = chart.locator("svg text", has_text="Syria").first
    expect(label).to_be_visible()
    box = label.bounding_box()
    page.mouse.click(box["x"] - 12, box["y"] + box["height"] / 2)  # the node left of its label
    expect(panel_title(page)).to_have_text("Syria")
    assert parse_qs(urlparse(page.url).query)["sel"] == ["actor:syria"]
    shot(page, "12-network-syria")
    page.locator("[data-testid='stSidebar'] a", has_text="Map").click()
    expect(panel_title(page)).to_have_text("Syria")
    expect(marker(page, "Syria")).to_have_count(1)


def test_the_multi_source_filter_keeps_corroborated_ties_and_the_panel_counts_sources(
    page, server, dataset
):
    result = agreement(dataset)
    with_seat = set(dataset.actors.loc[dataset.actors["lat"].notna(), "actor_id"])
    rel = dataset.relationships
    seated = rel[rel["from_actor"].isin(with_seat) & rel["to_actor"].isin(with_seat)]
    corroborated = [r for r in seated["rel_id"] if result[r].corroborated]
    assert 0 < len(corroborated) < len(seated)
    open_app(page, server)
    page.get_by_text("Only ties more than one source supports").click()
    frame = page.frame_locator(MAP_IFRAME)
    expect(frame.locator("path.ally-tie")).to_have_count(len(corroborated))
    assert parse_qs(urlparse(page.url).query)["multi"] == ["true"]
    chosen = result[corroborated[0]]
    click_path(page, f"path.ally-tie-{chosen.rel_id}")
    tie = next(seated[seated["rel_id"] == chosen.rel_id].itertuples())
    expect(panel_title(page)).to_have_text(tie_ends(tie, actor_names(dataset)))
    expect(page.locator(".ap p.agreement")).to_contain_text(
        f"supported by {chosen.count} of {chosen.of} sources"
    )
    shot(page, "13-multi-source-filter")


LAND = "document.querySelectorAll('.leaflet-allyLand-pane path').length"
SHADED = "document.querySelectorAll('.leaflet-allyShade-pane path').length"


def test_country_shapes_come_once_from_a_static_file_and_are_drawn(page, server):
    from geo.offline import shapes_name
    from geo.shapes import COUNTRIES_PATH

    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/countries-" in r.url else None)
    open_app(page, server)
    frame = map_frame(page)
    features = json.loads(COUNTRIES_PATH.read_text(encoding="utf-8"))["features"]
    drawn = sum(1 for f in features if f.get("geometry"))
    frame.wait_for_function(f"() => {LAND} === {drawn}")
    frame.wait_for_function(f"() => {SHADED} > 0")
    shaded = frame.evaluate(f"() => {SHADED}")
    assert [url.rsplit("/", 1)[-1] for url in fetched] == [shapes_name()]
    # A filter change reshades the countries from the shapes already there: no new fetch.
    page.locator("[data-testid='stSidebar'] button", has_text="Opponent / condemned Iran").click()
    expect(marker(page, "Israel")).to_have_count(0)
    frame = map_frame(page)
    frame.wait_for_function(f"() => {SHADED} > 0 && {SHADED} < {shaded}")
    assert frame.evaluate(f"() => {LAND}") == drawn
    assert len(fetched) == 1
    shot(page, "10-static-shapes")
