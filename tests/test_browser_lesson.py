"""Browser tests of the lesson in presentation mode: the clicker wherever the focus is, the
scene's subject labelled, the projector layout, tours shared by link, the presenter view.

Like tests/test_browser_present.py: Debian's Chromium through Playwright on a real server, every
request that leaves the machine blocked, a screenshot of each step under tests/artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import ARTIFACTS, MAP_IFRAME, READY, SETTLED, offline_page, serving

from allies.load import load_dataset
from allies.tours import load_tours
from ui.scenes import scene_subjects

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
TIMEOUT = 30_000
expect.set_options(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def server():
    with serving() as srv:
        yield srv


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def tours(dataset):
    found, problems = load_tours(dataset)
    assert problems == []
    return {t.id: t for t in found}


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def map_frame(pg):
    return pg.locator(MAP_IFRAME).element_handle().content_frame()


def open_scene(pg, server, tour: str, scene: int, extra: str = "") -> None:
    pg.goto(f"{server.url}/present?tour={tour}&scene={scene}{extra}")
    pg.wait_for_selector(READY)
    expect(pg.frame_locator(MAP_IFRAME).locator(".ally-marker").first).to_be_attached()
    map_frame(pg).wait_for_function(SETTLED)


def at_scene(pg, tour, number: int) -> None:
    """The address, the title and the map's view all show scene `number` (from 1)."""
    scene = tour.scenes[number - 1]
    pg.wait_for_function("(n) => location.search.includes('scene=' + n)", arg=number)
    expect(pg.locator(".scene h2")).to_have_text(scene.title)
    lat, lon = scene.center
    map_frame(pg).wait_for_function(
        """([lat, lon, zoom]) => {
          const m = window.map;
          if (!m || m._animatingZoom) return false;
          const c = m.getCenter();
          // Leaflet rounds the view to whole pixels (0.18 degree at zoom 3).
          const pixel = 360 / (256 * 2 ** zoom);
          return m.getZoom() === zoom && Math.abs(c.lat - lat) < pixel
            && Math.abs(c.lng - lon) < pixel;
        }""",
        arg=[lat, lon, scene.zoom],
    )


def test_page_down_steps_the_tour_after_a_tour_was_picked_from_the_list(page, server, tours):
    first, second = tours["axis_of_resistance"], tours["crink"]
    open_scene(page, server, first.id, 1)
    page.get_by_role("combobox").first.click()
    page.get_by_role("option", name=second.title).click()
    at_scene(page, second, 1)
    page.keyboard.press("PageDown")
    at_scene(page, second, 2)
    page.keyboard.press("PageDown")
    at_scene(page, second, 3)
    page.keyboard.press("PageUp")
    at_scene(page, second, 2)
    assert page.evaluate("() => window.scrollY") == 0


def test_page_down_and_arrows_step_the_tour_after_a_click_on_the_map(page, server, tours):
    tour = tours["chokepoints_and_corridors"]
    open_scene(page, server, tour.id, 1)
    frame = map_frame(page)
    frame.evaluate("() => { window.__probe = 'same document'; }")
    # A click on open water: focus goes into the map's frame.
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.1)
    assert frame.evaluate("() => document.hasFocus()")
    page.keyboard.press("PageDown")
    at_scene(page, tour, 2)
    page.keyboard.press("ArrowRight")  # steps the tour, does not pan the map
    at_scene(page, tour, 3)
    page.keyboard.press("ArrowLeft")
    at_scene(page, tour, 2)
    page.keyboard.press("PageUp")
    at_scene(page, tour, 1)
    assert frame.evaluate("() => window.__probe") == "same document"
    shot(page, "lesson-01-keys-after-a-map-click")


def test_every_crink_scene_labels_its_subject_and_the_actors_its_caption_names(
    page, server, tours, dataset
):
    tour = tours["crink"]
    names = dict(zip(dataset.actors["actor_id"], dataset.actors["name"], strict=True))
    open_scene(page, server, tour.id, 1)
    for number, scene in enumerate(tour.scenes, start=1):
        if number > 1:
            page.get_by_role("button", name=re.compile("^Next")).click()
        at_scene(page, tour, number)
        drawn = map_frame(page).evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('.ally-marker')].map((m) => {
                const box = m.getBoundingClientRect(), label = m.querySelector('.ally-label');
                const shown = label && getComputedStyle(label).display !== 'none';
                const inside = box.left >= 0 && box.top >= 0 && box.right <= innerWidth
                  && box.bottom <= innerHeight;
                return [m.querySelector('[aria-label]').getAttribute('aria-label'),
                        {shown, inside}];
            }))"""
        )
        wanted = [names[a] for a in scene_subjects(dataset, scene) if names[a] in drawn]
        assert "Iran" in wanted
        for name in wanted:
            assert drawn[name] == {"shown": True, "inside": True}, (number, name)
        shot(page, f"lesson-02-crink-scene-{number}")


# Pairs of shown marker labels whose boxes meet (by more than a pixel each way).
LABELS_MEETING = """() => {
  const shown = [...document.querySelectorAll('.ally-label')].filter(
    (l) => getComputedStyle(l).display !== 'none' && l.offsetWidth > 0);
  const boxes = shown.map((l) => [l.textContent.trim(), l.getBoundingClientRect()]);
  const out = [];
  boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, k]) => {
    if (r.left < k.right - 1 && k.left < r.right - 1 && r.top < k.bottom - 1
        && k.top < r.bottom - 1) out.push([a, b]);
  }));
  return {shown: boxes.length, meeting: out};
}"""


@pytest.mark.parametrize("tour_id", ["axis_of_resistance", "where_sources_disagree"])
def test_the_labels_a_scene_always_shows_never_cover_each_other(page, server, tours, tour_id):
    """Iran, the Guard and the Quds Force share a seat: labelled together as a scene's subject,
    they must still be read one by one at 1024 x 768."""
    page.set_viewport_size({"width": 1024, "height": 768})
    tour = tours[tour_id]
    open_scene(page, server, tour.id, 1)
    for number in range(1, len(tour.scenes) + 1):
        if number > 1:
            page.get_by_role("button", name=re.compile("^Next")).click()
        at_scene(page, tour, number)
        frame = map_frame(page)
        try:
            frame.wait_for_function(
                f"() => ({LABELS_MEETING})().meeting.length === 0", timeout=5000
            )
        except playwright_api.TimeoutError:
            pytest.fail(f"scene {number}: {frame.evaluate(LABELS_MEETING)}")
        assert frame.evaluate(LABELS_MEETING)["shown"] >= 2


LAYOUT = """() => {
  const box = (el) => el.getBoundingClientRect();
  const size = (el) => parseFloat(getComputedStyle(el).fontSize);
  const map = box(document.querySelector("iframe[title='streamlit_folium.st_folium']"));
  const scene = document.querySelector('.scene');
  const parts = [scene.querySelector('h2'), scene.querySelector('.caption'),
                 scene.querySelector('blockquote')];
  const next = box([...document.querySelectorAll('button')].find((b) => /^Next/.test(b.innerText)));
  return {
    mapShare: map.width / innerWidth,
    mapBottom: map.bottom,
    sceneLeft: box(scene).left,
    mapRight: map.right,
    bottoms: parts.map((el) => box(el).bottom),
    tops: parts.map((el) => box(el).top),
    title: size(parts[0]),
    body: [size(parts[1]), ...[...scene.querySelectorAll('blockquote p')].map(size)],
    nextVisible: next.top >= 0 && next.bottom <= innerHeight,
    scrolled: window.scrollY,
    height: innerHeight,
  };
}"""


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)], ids=["1024x768", "1280x720"])
def test_every_scene_fits_a_projector(browser, server, tours, traffic, request, size):
    """The map takes at least 55% of the width; the title, the caption and the first quote are
    on screen without scrolling, in type of at least 36 px (title) and 24 px (caption, quotes);
    the map and the text do not overlap."""
    from browser_support import finish_page, new_page

    width, height = size
    context, pg = new_page(browser, traffic, TIMEOUT, viewport={"width": width, "height": height})
    try:
        for tour in tours.values():
            open_scene(pg, server, tour.id, 1)
            for number in range(1, len(tour.scenes) + 1):
                if number > 1:
                    pg.get_by_role("button", name=re.compile("^Next")).click()
                at_scene(pg, tour, number)
                got = pg.evaluate(LAYOUT)
                where = (tour.id, number, got)
                assert got["mapShare"] >= 0.55, where
                assert got["mapBottom"] <= height and got["nextVisible"], where
                assert got["mapRight"] <= got["sceneLeft"], where
                assert got["scrolled"] == 0 and min(got["tops"]) >= 0, where
                assert max(got["bottoms"]) <= height, where
                assert got["title"] >= 36 and min(got["body"]) >= 24, where
            shot(pg, f"lesson-03-{tour.id}-{width}x{height}")
    finally:
        finish_page(context, pg, traffic, request, server)


def make_tour_form(pg, server, selection: str):
    pg.goto(f"{server.url}/?sel={selection}")
    pg.wait_for_selector(READY)
    expect(pg.frame_locator(MAP_IFRAME).locator(".ally-marker").first).to_be_attached()
    map_frame(pg).wait_for_function(SETTLED)
    sidebar = pg.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Make a tour from this view").click()
    return sidebar


def test_a_scene_made_on_the_map_keeps_the_teachers_framing_and_the_form_clears(page, server):
    import yaml

    sidebar = make_tour_form(page, server, "actor:hezbollah")
    add = sidebar.get_by_role("button", name="Add this view as a scene")
    # Nothing filled in: plain words, not a validator's.
    add.click()
    error = sidebar.locator("[data-testid='stAlertContentError']")
    expect(error).to_contain_text("Give the scene a title.")
    expect(error).to_contain_text("Write the caption in two or three sentences of your own")
    expect(error).to_contain_text("Pick one or two excerpts to quote.")
    assert "expected" not in error.inner_text()

    # The teacher frames the map: Lebanon close up.
    map_frame(page).evaluate("() => window.map.setView([33.9, 35.6], 6.5, {animate: false})")
    sidebar.get_by_label("Scene title").fill("Hezbollah at home")
    sidebar.get_by_label(re.compile("^Caption")).fill(
        "Hezbollah is based in Lebanon. The first source calls it Iran's strongest proxy."
    )
    sidebar.get_by_label(re.compile("^Caption")).press("Tab")
    sidebar.get_by_role("combobox", name=re.compile("Quote one or two excerpts")).click()
    option = page.get_by_role("option", name=re.compile(r"^[a-z]+-\d+: ")).first
    chosen = option.inner_text().split(":")[0]
    option.click()
    sidebar.get_by_text("Scene title").click()  # closes the list
    expect(sidebar.get_by_text(re.compile(f"^{chosen}: "))).to_have_count(1)
    add.click()
    expect(error).to_have_count(0)
    expect(sidebar.get_by_text(re.compile(r"1 scene\(s\): 1\. Hezbollah at home"))).to_be_visible()
    # The form is empty again for the next scene.
    expect(sidebar.get_by_label("Scene title")).to_have_value("")
    expect(sidebar.get_by_label(re.compile("^Caption"))).to_have_value("")
    with page.expect_download() as download:
        sidebar.get_by_role("button", name=re.compile("Download the tour file")).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    scene = yaml.safe_load(text)["scenes"][0]
    assert scene["center"] == [33.9, 35.6] and scene["zoom"] == 6.5
    shot(page, "lesson-04-tour-maker")


def test_a_tour_shared_by_its_link_opens_in_a_fresh_browser(
    browser, server, tours, traffic, request
):
    """The link alone carries the tour: a context that never saw it presents the same scenes,
    and the Share control's link is the same tour again."""
    from browser_support import finish_page, new_page

    from allies import tourlink

    shipped = tours["crink"]
    retitled = shipped.model_copy(update={"title": "Our class's CRINK <b>tour</b>"})
    url = f"{server.url}/present?t={tourlink.encode(retitled)}"
    context, pg = new_page(browser, traffic, TIMEOUT, viewport={"width": 1280, "height": 720})
    try:
        pg.goto(url)
        pg.wait_for_selector(READY)
        expect(pg.get_by_role("combobox").first).to_have_value(retitled.title)
        for number, scene in enumerate(shipped.scenes, start=1):
            if number > 1:
                pg.keyboard.press("PageDown")
            at_scene(pg, retitled, number)
            quotes = pg.locator(".scene blockquote")
            expect(quotes).to_have_count(len(scene.excerpts))
            assert [
                quotes.nth(i).get_attribute("data-excerpt") for i in range(len(scene.excerpts))
            ] == scene.excerpts
            assert (
                pg.evaluate("() => new URLSearchParams(location.search).get('sel')")
                == scene.selection
            )
        shot(pg, "lesson-05-shared-tour")
        pg.get_by_role("button", name=re.compile("Share")).click()
        link = pg.locator("[data-testid='stPopoverBody'] [data-testid='stCode'] code").first
        expect(link).to_contain_text("t=1.")
        shared = link.inner_text()
    finally:
        finish_page(context, pg, traffic, request, server)
    traffic.blocked.clear()
    context, pg = new_page(browser, traffic, TIMEOUT, viewport={"width": 1280, "height": 720})
    try:
        pg.goto(shared)
        pg.wait_for_selector(READY)
        at_scene(pg, retitled, len(shipped.scenes))
    finally:
        finish_page(context, pg, traffic, request, server)


@pytest.mark.parametrize("kind", ["truncated", "hostile", "wrong version"])
def test_a_damaged_tour_link_gives_a_message(page, server, tours, kind):
    from allies import tourlink

    code = tourlink.encode(tours["crink"])
    text = {
        "truncated": code[: len(code) // 2],
        "hostile": tourlink.encode(tours["crink"]).replace("1.", "1.", 1)[:2]
        + "%3Cscript%3Ealert(1)%3C/script%3E![x](http://example.com/x.png)",
        "wrong version": "9." + code[2:],
    }[kind]
    page.goto(f"{server.url}/present?t={text}")
    page.wait_for_selector(READY)
    expect(page.get_by_text("This link carries a tour that cannot be opened")).to_be_visible()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    # The dashboard's own tours are still there to present.
    expect(page.locator(".scene h2")).to_have_count(1)
    assert "t=" not in page.url
    shot(page, f"lesson-06-bad-link-{kind.replace(' ', '-')}")


def test_the_presenter_view_follows_the_projected_page_and_only_it_shows_notes(
    browser, server, tours, traffic, request
):
    """Two windows of one browser: Next pressed on the projected page moves the presenter view
    to the same scene, with that scene's notes; the projected page never shows a note."""
    from browser_support import finish_page, new_page

    tour = tours["crink"]
    noted = [n for n, s in enumerate(tour.scenes, start=1) if s.notes]
    assert len(noted) >= 2 and noted[0] == 1
    context, projected = new_page(
        browser, traffic, TIMEOUT, viewport={"width": 1280, "height": 720}
    )
    try:
        open_scene(projected, server, tour.id, 1)
        with context.expect_page() as opened:
            projected.get_by_role("link", name=re.compile("Presenter view")).click()
        presenter = opened.value
        presenter.set_default_timeout(TIMEOUT)
        presenter.wait_for_selector(READY)
        notes = presenter.locator(".presenter [data-notes]")
        expect(notes).to_have_text(tour.scenes[0].notes)
        for number in range(2, len(tour.scenes) + 1):
            projected.get_by_role("button", name=re.compile("^Next")).click()
            at_scene(projected, tour, number)
            expect(presenter.locator(".presenter h2")).to_have_text(tour.scenes[number - 1].title)
            presenter.wait_for_function("(n) => location.search.includes('scene=' + n)", arg=number)
            if tour.scenes[number - 1].notes:
                expect(notes).to_have_text(tour.scenes[number - 1].notes)
            else:
                expect(notes).to_have_count(0)
            # The presenter did not send the projected page back.
            at_scene(projected, tour, number)
        shot(presenter, "lesson-07-presenter-view")
        # The presenter steps too, and the projected page follows.
        presenter.keyboard.press("PageUp")
        at_scene(projected, tour, len(tour.scenes) - 1)
        page_text = projected.locator("[data-testid='stApp']").inner_text()
        for scene in tour.scenes:
            if scene.notes:
                assert scene.notes[:40] not in page_text
        assert projected.locator("[data-notes]").count() == 0
    finally:
        finish_page(context, projected, traffic, request, server)


RERUNS = """() => {
  window.__reruns = 0;
  window.__changed = performance.now();
  const app = document.querySelector("[data-testid='stApp']");
  new MutationObserver(() => {
    window.__changed = performance.now();
    if (app.getAttribute('data-test-script-state') === 'running') window.__reruns += 1;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
# The page settles after loading (the map reports its first state: one rerun, sometimes
# late): quiet for a second and not running.
QUIET = """() => performance.now() - window.__changed > 1000 && document.querySelector(
  "[data-testid='stApp']").getAttribute('data-test-script-state') === 'notRunning'"""
TIES_IN_STEP = """(ties) => {
  const year = window.allyPlayYear, wrong = [];
  for (const [rel, t] of Object.entries(ties)) {
    const hit = document.querySelector('path.ally-tie-' + rel);
    if (!hit) continue;
    const state = hit.getAttribute('data-play');
    const due = t.from === null ? 'faint' : t.from > year ? 'hidden' : 'shown';
    if (!(state === due || (state === 'event' && due !== 'hidden'))) wrong.push([rel, state, due]);
  }
  return {year, wrong, big: document.querySelector('.ally-play-year').textContent};
}"""


def test_play_draws_the_years_in_the_map_without_a_rerun(page, server, dataset):
    from geo.playback import timeline

    ties = timeline(dataset)["ties"]
    dated = sorted({t["from"] for t in ties.values() if t["from"] is not None})
    page.goto(f"{server.url}/?sel=actor:iran")
    page.wait_for_selector(READY)
    frame = map_frame(page)
    frame.wait_for_function(SETTLED)
    frame.evaluate("() => { window.__probe = 'same document'; }")
    page.evaluate(RERUNS)
    page.wait_for_function(QUIET)
    page.evaluate("() => { window.__reruns = 0; }")
    play = page.frame_locator(MAP_IFRAME).locator(".ally-play")
    play.locator("select").select_option("3")
    play.get_by_role("button", name="Play").click()
    frame.wait_for_function("(y) => window.allyPlayYear >= y", arg=dated[0] + 2)
    got = frame.evaluate(TIES_IN_STEP, ties)
    assert got["wrong"] == [] and got["big"] == str(got["year"]), got
    play.get_by_role("button", name="Pause").click()
    # Drag the slider to a year between the first two dated ties: one drawn, the other not yet.
    year = dated[0] + 1
    play.locator("input[type=range]").evaluate(
        "(el, y) => { el.value = y; el.dispatchEvent(new Event('input')); }", year
    )
    got = frame.evaluate(TIES_IN_STEP, ties)
    assert got["year"] == year and got["big"] == str(year) and got["wrong"] == [], got
    states = frame.evaluate(
        "() => [...document.querySelectorAll('path.ally-tie-hit')]"
        ".map((p) => p.getAttribute('data-play'))"
    )
    assert "hidden" in states and "shown" in states
    play.get_by_role("button", name="One year on").click()
    assert frame.evaluate("() => window.allyPlayYear") == year + 1
    frames = frame.evaluate("() => window.allyPlayFrames")
    assert frames >= 4
    assert frame.evaluate("() => window.__probe") == "same document"
    assert page.evaluate("() => window.__reruns") == 0
    shot(page, "lesson-08-play-the-years")


def test_the_years_events_are_quoted_with_their_source_as_play_passes(page, server, dataset):
    """Under the Play control, a year's events in our words, each with its excerpts quoted
    verbatim and attributed to source and paragraph; a date that is ours says so."""
    from geo.playback import timeline

    data = timeline(dataset)
    quoted = [e for e in data["events"] if e["quotes"]]
    ours = next(e for e in quoted if e["ours"])
    sources = next(e for e in quoted if not e["ours"])
    page.goto(f"{server.url}/")
    page.wait_for_selector(READY)
    map_frame(page).wait_for_function(SETTLED)
    play = page.frame_locator(MAP_IFRAME).locator(".ally-play")
    excerpts = dataset.excerpts.set_index("excerpt_id")
    for event in (sources, ours):
        play.locator("input[type=range]").evaluate(
            "(el, y) => { el.value = y; el.dispatchEvent(new Event('input')); }", event["year"]
        )
        item = play.locator("li").filter(has_text=event["label"])
        expect(item).to_have_count(1)
        if event["ours"]:
            expect(item).to_contain_text(f"{event['label']} (our dating)")
        else:
            assert "(our dating)" not in item.inner_text()
        row = dataset.events[dataset.events["label"] == event["label"]].iloc[0]
        quotes = item.locator("blockquote")
        expect(quotes).to_have_count(len(row["excerpt_ids"]))
        for n, excerpt in enumerate(row["excerpt_ids"]):
            words = excerpts.loc[excerpt, "quote"]
            expect(quotes.nth(n)).to_contain_text(f"\u201c{words}\u201d")
            expect(quotes.nth(n).locator("footer")).to_contain_text(
                f"paragraph {excerpts.loc[excerpt, 'paragraph']}"
            )
    shot(page, "lesson-09-play-quotes")


def test_a_playback_scene_plays_when_it_is_reached(page, server, tours):
    tour = tours["axis_of_resistance"]
    [number] = [n for n, s in enumerate(tour.scenes, start=1) if s.play]
    first, last = tour.scenes[number - 1].play
    open_scene(page, server, tour.id, number)
    frame = map_frame(page)
    frame.wait_for_function("(y) => window.allyPlayYear >= y", arg=first + 1)
    assert first <= frame.evaluate("() => window.allyPlayYear") <= last
    expect(page.frame_locator(MAP_IFRAME).locator(".ally-play-year")).to_be_visible()


def test_play_works_in_the_view_saved_as_one_file_offline(page, server, browser, tmp_path):
    page.goto(f"{server.url}/?sel=actor:hezbollah")
    page.wait_for_selector(READY)
    expect(page.frame_locator(MAP_IFRAME).locator(".ally-marker").first).to_be_attached()
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download this view as HTML")).click()
    path = tmp_path / "view.html"
    download.value.save_as(path)
    url = path.as_uri()
    viewport = {"width": 1280, "height": 720}
    context, offline, asked, errors = offline_page(browser, url, TIMEOUT, viewport)
    try:
        offline.goto(url)
        control = offline.locator(".ally-play")
        expect(control).to_be_visible()
        control.get_by_role("button", name="One year on").click()
        first = offline.evaluate("() => window.allyPlayYear")
        assert isinstance(first, int)
        expect(offline.locator(".ally-play-year")).to_have_text(str(first))
        control.get_by_role("button", name="Play").click()
        offline.wait_for_function("(y) => window.allyPlayYear >= y + 2", arg=first)
        shot(offline, "lesson-09-play-offline")
    finally:
        context.close()
    assert asked == [] and errors == []


def test_a_playback_scene_plays_in_the_tour_saved_as_one_file(
    page, server, browser, tours, tmp_path
):
    tour = tours["axis_of_resistance"]
    [number] = [n for n, s in enumerate(tour.scenes, start=1) if s.play]
    first, _ = tour.scenes[number - 1].play
    open_scene(page, server, tour.id, 1)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Download this tour as HTML")).click()
    path = tmp_path / "tour.html"
    download.value.save_as(path)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
    )
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        pg.goto(f"{path.as_uri()}#scene-{number}")
        expect(pg.locator(".scene h2")).to_have_text(tour.scenes[number - 1].title)
        pg.wait_for_function("(y) => window.allyPlayYear >= y + 1", arg=first)
        # Another scene stops the playback and shows every tie again.
        pg.keyboard.press("ArrowRight")
        expect(pg.locator(".scene h2")).to_have_text(tour.scenes[number].title)
        pg.wait_for_function("() => window.allyPlayYear === null")
    finally:
        context.close()
    assert errors == []


def test_a_tour_imported_from_a_csv_is_checked_by_row_and_column_then_shared(
    page, server, tmp_path
):
    bad = tmp_path / "class_tour.csv"
    bad.write_text(
        "title,caption,selection,excerpts\n"
        'Hezbollah,"Hezbollah is in Lebanon. Iran backs it.",actor:hezbollah,dd-019\n'
        'Russia,"Just one sentence.",tie:r015,sf-003\n',
        encoding="utf-8",
    )
    sidebar = make_tour_form(page, server, "actor:hezbollah")
    sidebar.locator("input[type=file]").set_input_files(str(bad))
    expect(sidebar.get_by_text("This CSV was not imported")).to_be_visible()
    expect(sidebar.locator("[data-testid='stCode']").first).to_contain_text(
        "row 3, column caption: got 'Just one sentence.'"
    )
    good = tmp_path / "class_tour_fixed.csv"
    good.write_text(
        bad.read_text().replace("Just one sentence.", "One. And two."), encoding="utf-8"
    )
    sidebar.locator("input[type=file]").set_input_files(str(good))
    expect(
        sidebar.get_by_text(re.compile(r"2 scene\(s\): 1\. Hezbollah; 2\. Russia"))
    ).to_be_visible()
    link = sidebar.locator("[data-testid='stCode'] code").filter(has_text="present?t=1.")
    expect(link).to_have_count(1)
    shared = link.inner_text()
    page.goto(shared)
    page.wait_for_selector(READY)
    expect(page.locator(".scene h2")).to_have_text("Hezbollah")
    expect(page.get_by_role("combobox").first).to_have_value("class tour fixed")
