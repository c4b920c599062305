"""The role of a tie's excerpts (allies.roles): only those that support a tie count as its
support, everywhere support is counted; the others are quoted apart, under their own heading.
All on the sample dataset, changed for one case each."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    drop_column,
    parse_html,
    problems,
    read_rows,
    words,
    write_rows,
    write_tiny_dataset,
)

from allies import agreement as ag
from allies import matrix, package, roles
from allies.load import load_dataset
from allies.queries import Filters, visible
from allies.vocab import CATEGORIES
from ui import panel

ROLE_COLUMNS = ("qualifying_excerpt_ids", "weakening_excerpt_ids")


def set_roles(data: Path, **by_tie: dict[str, str]) -> None:
    """Give the role columns to relationships.csv, with cells for some ties."""
    rows = read_rows(data / "relationships.csv")
    for row in rows:
        for column in ROLE_COLUMNS:
            row[column] = by_tie.get(row["rel_id"], {}).get(column, row.get(column, ""))
    write_rows(data / "relationships.csv", rows)


@pytest.fixture
def qualified(tmp_path: Path) -> Path:
    """r003 (China → Iran, trade) cited by beta, which supports it, and by gamma, whose
    excerpt only qualifies it."""
    data = write_tiny_dataset(tmp_path / "data", more=True)
    rows = read_rows(data / "relationships.csv")
    for row in rows:
        if row["rel_id"] == "r003":
            row.update(excerpt_ids="beta-002;gamma-001", support="trade")
    write_rows(data / "relationships.csv", rows)
    set_roles(data, r003={"qualifying_excerpt_ids": "gamma-001"})
    return data


def everything(**kw) -> Filters:
    return Filters(tuple(CATEGORIES), **kw)


def test_agreement_counts_only_supporting_excerpts(qualified):
    ds = load_dataset(qualified)
    r003 = ag.agreement(ds)["r003"]
    assert (r003.sources, r003.count, r003.corroborated) == (("beta",), 1, False)
    assert ag.sources_text(r003, {"beta": "Beta"}) == "supported by 1 of 3 sources: Beta"
    assert ag.corroborated_ties(ds) == set()
    stats = {s.source_id: s.ties_supported for s in ag.source_stats(ds)}
    assert (stats["beta"], stats["gamma"]) == (1, 2)  # gamma: r004 and r005, not r003


def test_the_same_tie_with_both_excerpts_supporting_counts_two(qualified):
    # The control: without the role, the same excerpts make r003 a tie of two sources.
    set_roles(qualified, r003={"qualifying_excerpt_ids": ""})
    ds = load_dataset(qualified)
    assert ag.agreement(ds)["r003"].sources == ("beta", "gamma")
    assert ag.corroborated_ties(ds) == {"r003"}


def test_filters_and_matrix_follow_the_roles(qualified):
    ds = load_dataset(qualified)
    assert "r003" not in set(visible(ds, everything(multi_source=True)).ties["rel_id"])
    assert "r003" in set(visible(ds, everything(source="beta")).ties["rel_id"])
    assert "r003" not in set(visible(ds, everything(source="gamma")).ties["rel_id"])
    cells = matrix.cells(ds, ds.relationships)
    [trade] = cells[(cells["actor_id"] == "iran") & (cells["support"] == "trade")].itertuples()
    assert (trade.sources, trade.single_source, trade.source_ids) == (1, True, ("beta",))
    opened = matrix.cell(ds, ds.relationships, "iran", "trade", matrix.RECEIVES)
    assert (opened.excerpt_ids, opened.source_ids) == (("beta-002",), ("beta",))


def test_the_panel_quotes_a_qualifying_excerpt_apart(qualified):
    ds = load_dataset(qualified)
    page = parse_html(panel.tie_panel(ds, "r003"))
    line = page.find("p", class_="agreement")
    assert words(line.text).startswith("Sources: supported by 1 of 3 sources")
    [apart] = page.find_all("div", class_="apart")
    assert apart.attrs["data-role"] == "qualifies"
    assert apart.find("h4").text == roles.ROLE_HEADINGS["qualifies"]
    assert [b.attrs["data-excerpt"] for b in apart.find_all("blockquote")] == ["gamma-001"]
    quoted = [b.attrs["data-excerpt"] for b in page.find_all("blockquote")]
    # Moved, not dropped or doubled: as often on the page as when it supported the tie.
    set_roles(qualified, r003={"qualifying_excerpt_ids": ""})
    before = parse_html(panel.tie_panel(load_dataset(qualified), "r003"))
    assert before.find_all("div", class_="apart") == []
    assert quoted == [b.attrs["data-excerpt"] for b in before.find_all("blockquote")]
    iran = parse_html(panel.actor_panel(ds, "iran"))
    [tie] = [d for d in iran.find_all("details") if d.attrs.get("data-tie") == "r003"]
    assert tie.find("span", class_="srcs").text == "1 of 3 sources"
    assert tie.find("div", class_="apart").attrs["data-role"] == "qualifies"


def test_a_weakening_excerpt_has_its_own_heading(qualified):
    set_roles(
        qualified,
        r003={"qualifying_excerpt_ids": "", "weakening_excerpt_ids": "gamma-001"},
    )
    page = parse_html(panel.tie_panel(load_dataset(qualified), "r003"))
    [apart] = page.find_all("div", class_="apart")
    assert apart.attrs["data-role"] == "weakens"
    assert apart.find("h4").text == roles.ROLE_HEADINGS["weakens"]


def test_a_tie_without_roles_shows_nothing_apart(sample):
    assert parse_html(panel.tie_panel(sample, "r001")).find_all("div", class_="apart") == []
    tie = next(sample.relationships.itertuples(index=False))
    assert roles.supporting(tie) == tie.excerpt_ids


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"qualifying_excerpt_ids": "alpha-001"},
            "relationships.csv row 4, column qualifying_excerpt_ids: got 'alpha-001'; expected "
            "one of this tie's excerpt_ids (beta-002;gamma-001): only an excerpt the tie cites "
            "can be said to qualify it",
        ),
        (
            {"qualifying_excerpt_ids": "gamma-001", "weakening_excerpt_ids": "gamma-001"},
            "relationships.csv row 4, column weakening_excerpt_ids: got 'gamma-001'; expected "
            "each excerpt in one role only: it is given another role",
        ),
        (
            {"qualifying_excerpt_ids": "gamma-001", "weakening_excerpt_ids": "beta-002"},
            "relationships.csv row 4, column excerpt_ids: got 'beta-002;gamma-001'; expected at "
            "least one excerpt that supports the tie: every excerpt_id is qualifying or weakening",
        ),
        (
            {"weakening_excerpt_ids": "gamma-999"},
            "relationships.csv row 4, column weakening_excerpt_ids: got 'gamma-999'; expected "
            "one of this tie's excerpt_ids (beta-002;gamma-001): only an excerpt the tie cites "
            "can be said to weaken it",
        ),
    ],
)
def test_the_validator_checks_the_roles(qualified, cells, message):
    set_roles(qualified, r003={"qualifying_excerpt_ids": "", **cells})
    assert problems(qualified) == [message]


def test_files_without_the_role_columns_still_load(tiny_data):
    for column in ROLE_COLUMNS:
        drop_column(tiny_data, "relationships.csv", column)
    assert "qualifying_excerpt_ids" not in read_rows(tiny_data / "relationships.csv")[0]
    ds = load_dataset(tiny_data)
    assert set(ds.relationships["weakening_excerpt_ids"]) == {()}


def test_the_data_package_describes_the_roles(qualified):
    meta = package.descriptor(load_dataset(qualified))
    [table] = [r for r in meta["resources"] if r["name"] == "relationships"]
    fields = {f["name"]: f for f in table["schema"]["fields"]}
    for column in ROLE_COLUMNS:
        described = fields[column]["description"]
        assert "not counted as support" in described
        assert "refers to excerpt_id in excerpts.csv" in described  # a list: no foreign key
