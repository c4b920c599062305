"""The method page: the prose file's inserts are all filled, from the data, escaped."""

from __future__ import annotations

from dataclasses import replace

import pytest

from allies.load import load_dataset
from allies.text import ROLES
from ui import method


@pytest.fixture
def ds(tiny_data):
    return load_dataset(tiny_data)


def test_every_insert_of_the_prose_has_a_block():
    names = [value for kind, value in method.pieces(method.DOC.read_text()) if kind == "insert"]
    assert "citation" in names
    assert sorted(set(names) - {"citation"}) == sorted(method.BLOCKS)


def test_an_unknown_insert_is_an_error_not_silence(ds):
    with pytest.raises(KeyError):
        method.render(ds, "/", "2026-01-01", text="Intro\n<!-- insert: nothing -->\n")


def test_the_page_names_both_sources_and_their_line_roles(ds):
    text = "\n".join(block for _, block in method.render(ds, "/", "2026-01-01"))
    for title in ("Tiny Allies Of Iran", "Friends Of Tehran"):
        assert title in text
    roles = method.roles(ds)
    assert all(f"| {role} |" in roles for role in ROLES)
    # alpha: two link-spam bullets are boilerplate; beta: "Related Post" and what follows it.
    assert "| boilerplate | 2 | 2 |" in roles
    assert "| toc | 2 | 0 |" in roles


def test_limits_come_from_the_data(ds):
    undated = method.undated(ds)
    assert "Tiny Allies Of Iran" in undated and "Friends Of Tehran" not in undated
    listed = method.disagreements(ds)
    assert "Alpha has Russia shield Iran" in listed
    kinds = ds.disagreements.set_index("disagreement_id")["kind"]
    # Each row is listed under its own kind; a kind without rows says so.
    section = listed.split("- **Tensions**")[0 if kinds["d01"] == "contradiction" else 1]
    assert "Alpha has Russia shield Iran" in section
    assert "none recorded" in listed
    changes = method.changes(ds)
    assert "2024\\-11" in changes and "A note in our words, for tests" in changes
    assert "Iran → Hezbollah · proxy support" in changes
    empty = replace(ds, disagreements=ds.disagreements.iloc[0:0])
    assert method.disagreements(empty).count("none recorded") == 2
    context = method.context(ds)
    assert "1 place that the sources never mention: Oil route" in context


def test_counts_follow_the_vocabulary(ds):
    assert "**3** (1 tie)" in method.strengths(ds)
    assert "**1** (0 ties)" in method.strengths(ds)
    assert "**active** (2 ties)" in method.statuses(ds)
    assert "(2 actors)" in method.categories(ds)  # two global powers


def test_the_citation_holds_the_view_address(ds):
    address = "http://example.org/?sel=actor:hezbollah&layers=proxy"
    block = method.citation(ds, address, "2026-11-24")
    assert address in block and "2026-11-24" in block
    assert "“Tiny Allies Of Iran”" in block
    assert "`" not in method.citation(ds, "/?x=`oops`", "d")
    blocks = method.render(ds, address, "2026-11-24")
    assert ("citation", block) in blocks


def test_markdown_in_the_data_is_escaped(ds):
    sources = ds.sources.copy()
    sources.loc[0, "title"] = "[click](javascript:alert(1)) <b>bold</b>"
    text = method.sources(replace(ds, sources=sources))
    assert "[click](javascript" not in text
    assert "<b>" not in text
