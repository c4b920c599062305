"""Browser tests of the still and handout downloads on a real server (the sample data and one
tour): the view's PNG is a 2× 16:9 slide, its SVG keeps text as text, the tour's handout is a
PDF, and the embed still named in Share's snippet is served by the app. Nothing leaves the
machine (the page fixture counts it)."""

from __future__ import annotations

import io
import re

import pytest
from browser_support import ARTIFACTS, MAP_IFRAME, READY, SETTLED, serving
from helpers import write_tiny_dataset
from PIL import Image

from allies.tours import draft_tour, tour_yaml

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
TIMEOUT = 120_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = write_tiny_dataset(tmp_path_factory.mktemp("stills") / "data", more=True)
    scene = {
        "title": "Russia",
        "caption": "One sentence here. And a second.",
        "excerpts": ["alpha-002"],
        "selection": "actor:russia",
        "center": (45.0, 45.0),
        "zoom": 4,
    }
    tour, _ = draft_tour("mine", "Mine", "A summary.", [scene, {**scene, "title": "Again"}])
    (data / "tours").mkdir()
    (data / "tours" / "mine.yaml").write_text(tour_yaml(tour), encoding="utf-8")
    with serving(data) as srv:
        yield srv


@pytest.fixture
def page_timeout() -> float:
    """Drawing a still takes seconds of CPU: on a loaded machine, more than a click's wait."""
    return TIMEOUT


def download(pg, label: str) -> bytes:
    with pg.expect_download(timeout=TIMEOUT) as event:
        pg.get_by_role("button", name=label).click()
    path = event.value.path()
    return open(path, "rb").read()


def test_the_view_downloads_as_png_and_svg(page, server):
    page.goto(f"{server.url}/?sel=actor:hezbollah")
    page.wait_for_selector(READY)
    page.get_by_text("Download this view as an image").click()
    png = download(page, "Image (PNG)")
    assert Image.open(io.BytesIO(png)).size == (2560, 1440)
    svg = download(page, "Image (SVG)").decode()
    assert re.search(r"<text[^>]*>[^<]*Hezbollah", svg) and 'id="actor:hezbollah"' in svg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stills-map-popover.png"))


def test_presentation_mode_downloads_the_tours_handout(page, server):
    page.goto(f"{server.url}/present?tour=mine&scene=2")
    page.wait_for_selector(READY)
    page.get_by_text("Image or handout").click()
    pdf = download(page, "Download handout (PDF)")
    assert pdf.startswith(b"%PDF") and b"/Count 3" in pdf  # a title page and two scenes


def test_shares_embed_still_is_served_by_the_app(page, server):
    page.goto(f"{server.url}/?sel=actor:russia")
    page.wait_for_selector(READY)
    # The map reports its first view once it has settled, and the page reruns: a button clicked
    # during that rerun can lose its click (seen once in a full run). A reader opens Share once
    # the map is there.
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    frame.wait_for_function(SETTLED)
    page.wait_for_selector(READY)
    page.get_by_role("button", name="Share").click()
    page.get_by_role("button", name="Add a still image of this view").click()
    code = page.locator("code", has_text="<img").first
    code.wait_for(timeout=TIMEOUT)
    src = re.search(r'src="([^"]+\.png)"', code.inner_text()).group(1)
    reply = page.request.get(src)
    assert reply.status == 200 and reply.headers["content-type"] == "image/png"
    assert 'alt="Map: ' in code.inner_text()
