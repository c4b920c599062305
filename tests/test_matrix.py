"""The support matrix: cells counted from the ties, the heat table and the opened cell."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser
from types import SimpleNamespace

import pandas as pd
import pytest

from allies import matrix
from allies.load import load_dataset
from ui import matrix as heat


@pytest.fixture
def ds(tiny_data):
    return load_dataset(tiny_data)


def with_ties(ds, extra: list[dict]):
    """The dataset with more ties (in memory; the cells only read these columns)."""
    rows = pd.DataFrame(extra)
    rows["strength"] = rows["strength"].astype("Int64")
    rows["since"] = pd.array([pd.NA] * len(rows), dtype="Int64")
    ties = pd.concat([ds.relationships, rows], ignore_index=True)
    return replace(ds, relationships=ties)


def test_a_cell_counts_ties_and_the_sources_of_their_excerpts(ds):
    frame = matrix.cells(ds, ds.relationships, matrix.RECEIVES)
    hez = frame[(frame["actor_id"] == "hezbollah") & (frame["support"] == "arms")].iloc[0]
    assert (hez["ties"], hez["sources"], hez["single_source"]) == (1, 1, True)
    assert hez["partners"] == ("Iran",) and hez["rel_ids"] == ("r001",)
    assert set(zip(frame["actor_id"], frame["support"], strict=True)) == {
        ("hezbollah", "arms"),
        ("iran", "diplomatic cover"),
    }


def test_two_sources_and_several_ties_are_counted_once_each(ds):
    more = with_ties(
        ds,
        [
            {
                "rel_id": "r003",
                "from_actor": "china",
                "to_actor": "iran",
                "type": "diplomatic backing",
                "strength": 1,
                "status": "active",
                "support": ("diplomatic cover", "investment"),
                "since_precision": "",
                "excerpt_ids": ("beta-001", "alpha-002"),
                "note": "",
            }
        ],
    )
    frame = matrix.cells(more, more.relationships, matrix.RECEIVES)
    cover = frame[(frame["actor_id"] == "iran") & (frame["support"] == "diplomatic cover")].iloc[0]
    assert (cover["ties"], cover["sources"], cover["single_source"]) == (2, 2, False)
    assert cover["partners"] == ("Russia", "China")
    assert cover["source_ids"] == ("alpha", "beta")
    # Read the other way round, the same ties belong to the givers.
    gives = matrix.cells(more, more.relationships, matrix.GIVES)
    assert set(gives["actor_id"]) == {"iran", "russia", "china"}
    assert matrix.support_columns(frame) == ["arms", "diplomatic cover", "investment"]


def test_rows_follow_the_camp_order_and_columns_the_vocabulary(ds):
    frame = matrix.cells(ds, ds.relationships, matrix.RECEIVES)
    assert list(frame["actor_id"]) == ["iran", "hezbollah"]  # hub before proxy
    assert matrix.support_columns(frame) == ["arms", "diplomatic cover"]


def test_filtered_ties_empty_the_matrix(ds):
    none = ds.relationships.iloc[0:0]
    assert matrix.cells(ds, none).empty


def test_an_opened_cell_lists_its_ties_and_excerpts(ds):
    opened = matrix.cell(ds, ds.relationships, "hezbollah", "arms", matrix.RECEIVES)
    assert opened.rel_ids == ("r001",)
    assert opened.excerpt_ids == ("alpha-001", "alpha-003")
    assert opened.source_ids == ("alpha",)
    assert matrix.cell(ds, ds.relationships, "hezbollah", "funding", "receives").rel_ids == ()
    with pytest.raises(ValueError):
        matrix.cell(ds, ds.relationships, "hezbollah", "arms", "sideways")


def test_cell_addresses_round_trip():
    assert matrix.parse_cell(matrix.format_cell("hezbollah", "drones and missiles")) == (
        "hezbollah",
        "drones and missiles",
    )
    for bad in (None, "", "hezbollah", "/arms", "hezbollah/"):
        assert matrix.parse_cell(bad) is None


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Collect:
    p = Collect()
    p.feed(html)
    return p


def test_the_opened_cell_quotes_each_excerpt_with_its_source_and_paragraph(ds):
    opened = matrix.cell(ds, ds.relationships, "hezbollah", "arms", matrix.RECEIVES)
    page = parsed(heat.cell_html(ds, ds.relationships, opened))
    quotes = [a["data-excerpt"] for t, a in page.tags if t == "blockquote"]
    assert quotes == ["alpha-001", "alpha-003"]
    text = " ".join(page.text)
    assert "Iran arms Hezbollah in Lebanon." in text
    assert "Tiny Allies Of Iran, paragraph 5" in text
    assert "One source only" in text
    assert [a["data-cell"] for t, a in page.tags if t == "div" and "data-cell" in a] == [
        "hezbollah/arms"
    ]


def test_data_in_the_opened_cell_is_escaped(ds):
    hostile = "<script>alert(1)</script>"
    excerpts = ds.excerpts.copy()
    excerpts.loc[0, "quote"] = hostile
    actors = ds.actors.copy()
    actors.loc[actors["actor_id"] == "hezbollah", "name"] = "<img src=x onerror=alert(1)>"
    bad = replace(ds, excerpts=excerpts, actors=actors)
    opened = matrix.cell(bad, bad.relationships, "hezbollah", "arms", matrix.RECEIVES)
    html = heat.cell_html(bad, bad.relationships, opened)
    page = parsed(html)
    assert not any(t in ("script", "img") for t, _ in page.tags)
    assert hostile in " ".join(page.text)


def test_nothing_opened_explains_how_to_read_the_table(ds):
    html = heat.cell_html(ds, ds.relationships, None)
    assert "Pick a cell" in html


def test_the_heat_table_can_be_clicked_and_marks_single_source_cells(ds):
    frame = matrix.cells(ds, ds.relationships, matrix.RECEIVES)
    spec = heat.chart(frame, ("hezbollah", "arms")).to_dict()
    (param,) = spec["params"]  # Altair lifts the click selection to the top of a facet
    assert param["name"] == heat.SELECTION
    assert param["select"]["fields"] == ["actor_id", "support"]
    assert param["views"] == [spec["spec"]["layer"][0]["name"]]  # the cells take the click
    values = {
        (row["actor_id"], row["support"]): row
        for row in spec["datasets"][next(iter(spec["datasets"]))]
    }
    assert values["hezbollah", "arms"]["outline"] == "#000000"  # the opened cell
    assert values["iran", "diplomatic cover"]["outline"] == heat.SINGLE_COLOUR
    assert spec["facet"]["row"]["sort"] == ["Iran (hub)", "Proxy / Axis of Resistance"]


def test_a_click_event_names_the_cell():
    event = SimpleNamespace(selection={heat.SELECTION: [{"actor_id": "iran", "support": "arms"}]})
    assert heat.picked(event) == ("iran", "arms")
    assert heat.picked(SimpleNamespace(selection={})) is None
    assert heat.picked(None) is None
