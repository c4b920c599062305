"""Browser tests of the support matrix, data and method pages: a real server on the tiny
dataset (ALLIES_DATA), Debian's Chromium, every request off the machine blocked and counted."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import (
    ARTIFACTS,
    READY,
    serving,
)
from helpers import write_tiny_dataset

from allies import package
from allies.load import load_dataset
from allies.schema import TABLES

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
CHART = "[data-testid='stVegaLiteChart']"


@pytest.fixture(scope="module")
def server(data_dir):
    with serving(data_dir) as srv:
        yield srv


@pytest.fixture
def page_options() -> dict:
    return {"viewport": {"width": 1500, "height": 950}, "accept_downloads": True}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return write_tiny_dataset(tmp_path_factory.mktemp("tiny") / "data")


@pytest.fixture(scope="module")
def dataset(data_dir):
    return load_dataset(data_dir)


def open_page(page, server, path: str) -> None:
    page.goto(f"{server.url}/{path}")
    page.wait_for_selector(READY)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def click_cell(page, actor: str, support: str) -> None:
    """Click the middle of a heat-table cell, found by its accessible description."""
    cell = page.locator(
        f"{CHART} svg g.mark-rect path[aria-label^={json.dumps(f'{actor}, {support}:')}]"
    )
    expect(cell).to_have_count(1)
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_a_matrix_cell_opens_its_quotes_and_selects_the_tie(page, server, dataset):
    open_page(page, server, "matrix")
    expect(page.locator(".mx h2")).to_have_text("Pick a cell")
    click_cell(page, "Hezbollah", "arms")
    opened = page.locator(".mx[data-cell='hezbollah/arms']")
    expect(opened).to_be_visible()
    quotes = opened.locator("blockquote")
    cited = dataset.relationships.set_index("rel_id").loc["r001", "excerpt_ids"]
    expect(quotes).to_have_count(len(cited))
    text = dataset.excerpts.set_index("excerpt_id").loc[cited[0], "quote"]
    expect(quotes.first).to_contain_text(text)
    expect(quotes.first.locator("footer")).to_contain_text("Tiny Allies Of Iran, paragraph 5")
    expect(opened.locator(".single")).to_contain_text("One source only")
    assert query(page)["cell"] == ["hezbollah/arms"] and query(page)["sel"] == ["tie:r001"]
    opened.scroll_into_view_if_needed()
    shot(page, "20-matrix-cell")
    # The selection holds on the map.
    page.locator("[data-testid='stSidebar'] a", has_text="Map").click()
    expect(page.locator(".ap h2")).to_have_text("Iran → Hezbollah")


def test_the_direction_switch_reads_the_matrix_the_other_way(page, server):
    open_page(page, server, "matrix")
    page.locator("[data-testid='stButtonGroup'] button", has_text="What each actor gives").click()
    page.wait_for_function("() => location.search.includes('dir=gives')")
    page.wait_for_selector(READY)
    click_cell(page, "Russia", "diplomatic cover")
    expect(page.locator(".mx[data-cell='russia/diplomatic cover'] blockquote")).to_have_count(1)
    assert query(page)["sel"] == ["tie:r002"]


def download(page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return open(info.value.path(), "rb").read()


def test_each_download_holds_its_file(page, server, dataset, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    open_page(page, server, "data?scope=all")
    for name, label in (
        ("actors", "Actors (CSV)"),
        ("relationships", "Ties (CSV)"),
        ("excerpts", "Excerpts (CSV)"),
        ("events", "Events (CSV)"),
        ("places", "Places (CSV)"),
        ("disagreements", "Disagreements (CSV)"),
        ("context_notes", "Context notes (CSV)"),
        ("references", "Reports the notes cite (CSV)"),
        ("sources", "Sources (CSV)"),
    ):
        rows = list(csv.DictReader(io.StringIO(download(page, label).decode("utf-8"))))
        frame = getattr(dataset, name)
        assert len(rows) == len(frame), name
        columns = TABLES[name].columns + (["geometry"] if name == "places" else [])
        assert list(rows[0]) == columns, name
        assert [r[TABLES[name].key] for r in rows] == list(frame[TABLES[name].key]), name

    shapes = json.loads(download(page, "Places as GeoJSON"))
    assert [f["properties"]["place_id"] for f in shapes["features"]] == list(
        dataset.places["place_id"]
    )

    # Chromium lets one page start ten downloads; the eleventh needs a fresh page.
    open_page(page, server, "data?scope=all")
    data = download(page, "Everything: a zip with datapackage.json")
    folder = tmp_path / "pkg"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(folder)
    report = frictionless.validate(str(folder / package.DESCRIPTOR))
    assert report.valid, [e.message for task in report.tasks for e in task.errors]
    again = load_dataset(folder)
    assert list(again.relationships["rel_id"]) == list(dataset.relationships["rel_id"])
    shot(page, "21-data-everything")


def test_downloads_follow_the_filters(page, server, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    open_page(page, server, "data?layers=proxy&table=relationships")
    expect(page.get_by_text("1 of 1 rows")).to_be_visible()
    data = download(page, "This view: a zip with datapackage.json")
    folder = tmp_path / "view"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(folder)
    assert frictionless.validate(str(folder / package.DESCRIPTOR)).valid
    with (folder / "actors.csv").open(encoding="utf-8") as handle:
        assert {r["actor_id"] for r in csv.DictReader(handle)} == {"iran", "hezbollah"}
    meta = json.loads((folder / package.DESCRIPTOR).read_text(encoding="utf-8"))
    assert "layers=proxy" in meta["description"]
    shot(page, "22-data-view")


def test_the_search_box_narrows_the_table(page, server):
    open_page(page, server, "data?table=excerpts&scope=all")
    box = page.get_by_label("Search this table")
    box.fill("Hezbollah")
    box.press("Enter")
    expect(page.get_by_text("2 of 6 rows")).to_be_visible()
    assert query(page)["q"] == ["Hezbollah"]


def test_the_method_page_suggests_a_citation_with_the_view_address(page, server):
    open_page(page, server, "method?sel=actor:hezbollah&layers=proxy")
    expect(page.get_by_role("heading", name="How to cite")).to_be_attached()
    code = page.locator("[data-testid='stCode'], pre").filter(has_text="View consulted on")
    expect(code.first).to_contain_text(f"{server.url}/?sel=actor:hezbollah&layers=proxy")
    expect(page.get_by_text("Natural Earth").first).to_be_attached()
    code.first.scroll_into_view_if_needed()
    shot(page, "23-method-citation")


@pytest.mark.parametrize("path", ["matrix?cell=hezbollah/arms", "data", "method"])
def test_no_serious_accessibility_violations_on_the_new_pages(page, server, path):
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, server, path)
    expect(page.locator("h4, h1").first).to_be_visible()
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
