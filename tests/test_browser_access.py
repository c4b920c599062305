"""Browser tests of the map for everyone: the text view against what the map draws, the map's
text alternative, keyboard use from opening the page to reading quotes and selecting a tie,
Enter on a marker, Tab to an off-screen marker, the announced selection, reduced motion.
"""

from __future__ import annotations

import re

import pytest
from browser_support import MAP_IFRAME, READY, SETTLED, serving

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

TEXT_VIEW = "Text view: the map in words"
FOCUSED = (
    "() => { const a = document.activeElement;"
    " return [a.tagName, (a.textContent || '').trim().slice(0, 80)]; }"
)


@pytest.fixture(scope="module")
def server():
    with serving() as srv:
        yield srv


@pytest.fixture
def page_options() -> dict:
    return {"viewport": {"width": 1280, "height": 720}}


def open_map(page, server, query: str = ""):
    page.goto(f"{server.url}/{query}")
    page.wait_for_selector(READY)
    page.frame_locator(MAP_IFRAME).locator(".ally-marker").first.wait_for(state="attached")
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    frame.wait_for_function(SETTLED)
    return frame


def tab_to(page, test, limit: int = 60) -> int:
    """Press Tab until `test(tag, text)` holds for the focused element; the presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        tag, text = page.evaluate(FOCUSED)
        if test(tag, text):
            return presses
    raise AssertionError(f"not reached in {limit} Tab presses; focus is on {tag} {text!r}")


def text_view_items(page) -> list[str]:
    return page.locator("[data-textview] li[data-item]").evaluate_all(
        "els => els.map(e => e.dataset.item)"
    )


def test_the_text_view_lists_what_the_map_draws(page, server):
    frame = open_map(page, server, "?sel=actor:hezbollah")
    page.get_by_text(TEXT_VIEW, exact=True).click()  # drawn when opened
    expect(page.locator("[data-textview] li").first).to_be_visible()
    items = text_view_items(page)
    drawn = frame.evaluate(
        """() => ({
          markers: [...document.querySelectorAll('.ally-marker [aria-label]')]
            .map(e => e.getAttribute('aria-label')),
          ties: document.querySelectorAll('path.ally-tie').length,
          places: [...new Set([...document.querySelectorAll('[class*=ally-place-]')]
            .flatMap(e => [...e.classList]).filter(c => /^ally-place-(?!label)/.test(c))
            .map(c => c.slice('ally-place-'.length)))],
        })"""
    )
    names = page.locator("[data-textview] li[data-item^='actor:'] > a").evaluate_all(
        "els => els.map(e => e.textContent.trim())"
    )
    assert sorted(names) == sorted(drawn["markers"])
    assert sum(i.startswith("tie:") for i in items) == drawn["ties"]
    places = sorted(i.split(":", 1)[1] for i in items if i.startswith("place:"))
    assert places == sorted(drawn["places"])
    alt = page.locator("#map-alt")
    expect(alt).to_contain_text(f"{len(names)} actors")
    expect(alt).to_contain_text("Selected: Hezbollah")
    expect(alt).to_contain_text(TEXT_VIEW)


def test_keyboard_only_from_the_map_to_hezbollahs_quotes_and_a_tie(page, server):
    open_map(page, server)
    # Streamlit's skip link is the first Tab stop; it passes the sidebar.
    assert tab_to(page, lambda tag, text: text == "Skip to main content", 1) == 1
    page.keyboard.press("Enter")
    assert tab_to(page, lambda tag, text: TEXT_VIEW in text, 6) <= 6
    page.keyboard.press("Enter")
    link = page.locator("[data-textview] a[data-select='actor:hezbollah']")
    expect(link).to_be_visible()
    tab_to(page, lambda tag, text: tag == "A" and text == "Hezbollah", 40)
    page.keyboard.press("Enter")
    expect(page.locator(".ap h2")).to_have_text("Hezbollah")
    page.wait_for_selector(READY)
    assert "sel=actor%3Ahezbollah" in page.url or "sel=actor:hezbollah" in page.url
    expect(page.locator("#allies-live")).to_have_text("Selected: Hezbollah")
    # Its quotes, in the text view, opened from the keyboard.
    hezbollah = page.locator("[data-textview] li[data-item='actor:hezbollah']")
    expect(hezbollah).to_have_attribute("aria-current", "true")
    hezbollah.locator("a").focus()  # the rerun drew the list again; back where we were
    tab_to(page, lambda tag, text: tag == "SUMMARY" and "about Hezbollah" in text, 2)
    page.keyboard.press("Enter")
    quotes = hezbollah.locator("blockquote")
    expect(quotes.first).to_be_visible()
    assert quotes.count() >= 3
    # A tie: on, through the list, to the first tie that reaches Hezbollah.
    tab_to(page, lambda tag, text: tag == "A" and re.search(r"→ Hezbollah$", text), 80)
    title = page.evaluate("() => document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")
    expect(page.locator(".ap h2")).to_have_text(title)
    expect(page.locator("#allies-live")).to_have_text(f"Selected: {title}")
    # Back through the sidebar to its page links, into presentation mode, and a tour stepped
    # with the keys; each new scene's headline is announced.
    page.wait_for_selector(READY)
    for _ in range(150):
        page.keyboard.press("Shift+Tab")
        if page.evaluate(FOCUSED) == ["A", "Present a tour"]:
            break
    else:
        raise AssertionError("Shift+Tab never reached the link to presentation mode")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.pathname.endsWith('/present')")
    page.wait_for_selector(READY)
    first = page.locator(".scene h2")
    expect(first).to_be_visible()
    title = first.inner_text()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('scene=2')")
    expect(page.locator(".scene h2")).not_to_have_text(title)
    expect(page.locator("#allies-live")).to_have_text(
        "Scene 2: " + page.locator(".scene h2").inner_text()
    )


def test_enter_on_a_focused_marker_selects_it(page, server):
    open_map(page, server)
    icon = page.frame_locator(MAP_IFRAME).locator(
        ".leaflet-marker-icon:has([aria-label='Houthis'])"
    )
    icon.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ap h2")).to_have_text("Houthis")


def test_tabbing_to_markers_outside_the_view_brings_them_wholly_into_it(page, server):
    """Leaflet's own pan on focus leaves a marker at the very edge, cut by the frame and under
    the controls; the map must not scroll its box either (that tears it)."""
    page.set_viewport_size({"width": 1024, "height": 768})
    frame = open_map(page, server)
    outside = frame.evaluate(
        """() => [...document.querySelectorAll('.leaflet-marker-icon')].filter(e => {
             const r = e.getBoundingClientRect();
             return r.right < 0 || r.left > innerWidth || r.bottom < 0 || r.top > innerHeight;
           }).length"""
    )
    assert outside > 0, "no marker outside the view to tab to"
    icons = page.frame_locator(MAP_IFRAME).locator(".leaflet-marker-icon[tabindex='0']")
    icons.first.focus()
    for _ in range(icons.count() - 1):
        page.keyboard.press("Tab")
        frame.wait_for_function(
            """() => { const a = document.activeElement, r = a.getBoundingClientRect();
                 const c = document.querySelector('.leaflet-container');
                 return !window.map._panAnim?._inProgress && c.scrollTop + c.scrollLeft === 0
                   && r.left >= 8 && r.top >= 8 && r.right <= innerWidth - 8
                   && r.bottom <= innerHeight - 8;
               }""",
            timeout=5000,
        )


def test_reduced_motion_moves_the_map_without_animation(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page = context.new_page()
    frame = open_map(page, server)
    animated = frame.evaluate(
        """() => { window.map.flyTo([25, 50], 5);
                   return window.map._animatingZoom || !!window.map._panAnim &&
                          window.map._panAnim._inProgress; }"""
    )
    assert animated is False
    assert frame.evaluate("() => window.map.getZoom()") == 5
    context.close()


@pytest.mark.parametrize("path", ["matrix", "data", "method"])
def test_every_page_has_share(page, server, path):
    page.goto(f"{server.url}/{path}?sel=actor:hezbollah")
    page.wait_for_selector(READY)
    page.get_by_role("button", name=re.compile("Share")).click()
    codes = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code")
    expect(codes.first).to_contain_text(f"{server.url}/{path}?sel=actor:hezbollah")


def test_every_source_is_checked_on_load(page, server):
    open_map(page, server)
    expect(page.get_by_role("radio", name="Both sources")).to_be_checked()
    page.goto(f"{server.url}/?source=deep-dive")
    page.wait_for_selector(READY)
    expect(page.get_by_role("radio", name="Both sources")).not_to_be_checked()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.mark.parametrize(
    "path",
    [
        "?sel=actor:hezbollah",
        "?sel=tie:r011&embed=true&panel=below",
        "network",
        "timeline",
        "sources",
        "present",
        "matrix",
        "data",
        "method",
    ],
)
def test_no_accessibility_violations_wcag21_aa_and_best_practices(page, server, path):
    """axe, WCAG 2.1 A and AA and best practices, every impact; the map page with its text
    view opened."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{server.url}/{path}")
    page.wait_for_selector(READY)
    if path.startswith("?"):
        page.frame_locator(MAP_IFRAME).locator(".ally-marker").first.wait_for(state="attached")
        page.get_by_text(TEXT_VIEW, exact=True).click()
        expect(page.locator("[data-textview] li").first).to_be_visible()
    else:
        expect(page.locator("h4, h1, h2").first).to_be_visible()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    violations = Axe().run(page, options=options).response["violations"]
    found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == []


def test_the_timeline_says_it_does_not_follow_the_selection_and_filters(page, server):
    page.goto(f"{server.url}/timeline?sel=actor:hezbollah&layers=proxy")
    page.wait_for_selector(READY)
    expect(page.get_by_text("does not follow the Map's selection or filters")).to_be_visible()
    page.goto(f"{server.url}/timeline")
    page.wait_for_selector(READY)
    expect(page.get_by_text("does not follow the Map's selection or filters")).to_have_count(0)


def test_the_exported_view_with_its_text_view_has_no_violations(page, sample):
    from axe_playwright_python.sync_playwright import Axe

    from allies import queries
    from allies.selection import Selection
    from geo import drawn, mapbuild
    from geo import scene as geo_scene
    from geo.shapes import load_countries
    from ui import export
    from ui.textview import text_view

    countries = load_countries()
    layers = tuple(c for c in ("proxy", "state partner", "global power"))
    shown = queries.visible(sample, queries.Filters(layers=layers, places=("lebanon",)))
    scene = geo_scene.scene(shown, countries)
    selection = Selection("actor", "hezbollah")
    model = drawn.drawn_view(shown, scene, selection)
    built = mapbuild.layers(shown, countries, selection=selection, prepared=scene)
    ev = queries.evidence(sample)
    html = export.view_html(
        sample,
        ev,
        countries,
        built,
        center=(33.0, 44.0),
        zoom=4.5,
        selection=selection,
        link="http://example.test/?sel=actor:hezbollah",
        caption="Drawn.",
        text_view=text_view(sample, model, ev).html,
    )
    page.set_content(html)  # as opened from disk: everything is inside the file
    page.locator(".ally-marker").first.wait_for(state="attached")
    page.evaluate("document.querySelector('details.tv-export').open = true")
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    violations = Axe().run(page, options=options).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []


def test_every_tour_scene_has_no_violations(page, server):
    """axe, WCAG 2.1 AA and best practices, on every scene of every shipped tour, stepped with
    the keyboard as a presenter steps them."""
    from axe_playwright_python.sync_playwright import Axe

    from allies.load import load_dataset
    from allies.tours import load_tours

    tours, problems = load_tours(load_dataset())
    assert tours and problems == []
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    found = {}
    for tour in tours:
        page.goto(f"{server.url}/present?tour={tour.id}&scene=1")
        page.wait_for_selector(READY)
        for number, scene in enumerate(tour.scenes, start=1):
            if number > 1:
                page.keyboard.press("ArrowRight")
            page.wait_for_function("(n) => location.search.includes('scene=' + n)", arg=number)
            expect(page.locator(".scene h2")).to_have_text(scene.title)
            page.wait_for_selector(READY)
            violations = Axe().run(page, options=options).response["violations"]
            if violations:
                found[(tour.id, number)] = [v["id"] for v in violations]
    assert found == {}


def test_back_after_presenting_a_tour_returns_to_the_analysts_view(page, server):
    """Opening "Present a tour" from the map, stepping two scenes and pressing Back once
    restores the map's view: the selection, the filters and the panel."""
    open_map(page, server, "?sel=actor:hezbollah&layers=proxy")
    expect(page.locator(".ap h2")).to_have_text("Hezbollah")
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="Present a tour").click()
    page.wait_for_function("() => location.pathname.endsWith('/present')")
    page.wait_for_selector(READY)
    expect(page.locator(".scene h2")).to_be_visible()
    for number in (2, 3):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(n) => location.search.includes('scene=' + n)", arg=number)
    page.wait_for_selector(READY)
    page.go_back()
    page.wait_for_function("() => !location.pathname.endsWith('/present')")
    page.wait_for_selector(READY)
    expect(page.locator(".ap h2")).to_have_text("Hezbollah")
    assert "layers=proxy" in page.url
    assert "sel=actor%3Ahezbollah" in page.url or "sel=actor:hezbollah" in page.url


def test_the_map_labels_keep_a_contrast_of_at_least_4_5_to_1(page, server):
    """axe's colour-contrast rule inside the map's own frame: the actors' and places' labels
    on the map, against what is drawn behind them."""
    from axe_playwright_python.sync_playwright import Axe

    frame = open_map(page, server, "?sel=actor:hezbollah")
    assert frame.locator(".ally-label, .ally-place-label").count() > 0
    result = Axe().run(frame, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    violations = result.response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in violations] == []
    assert result.response["passes"], "axe checked no text in the map's frame"
