"""The sources page's HTML: every line once, roles shown, citations coloured, data escaped."""

import html
from dataclasses import replace

import pytest

from allies.coverage import coverage
from allies.load import load_dataset
from ui.sourceview import source_html


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def page_for(ds, source_id):
    report = {r.source_id: r for r in coverage(ds)}[source_id]
    source = next(ds.sources[ds.sources["source_id"] == source_id].itertuples())
    return source_html(source, ds.texts[source_id], report)


def test_a_sentence_running_over_two_lines_is_shown_once(ds):
    page = page_for(ds, "standing-firm")
    continued = "influence but also mutual interests in energy markets"
    assert page.count(continued) == 1
    line4 = page.split('data-line="4"', 1)[1].split("</div>", 1)[0]
    assert "continues the sentence above" in line4


def test_every_line_has_its_role_and_boilerplate_is_marked(ds):
    page = page_for(ds, "deep-dive")
    text = ds.texts["deep-dive"]
    for line in text.lines:
        assert f'data-line="{line.number}" data-role="{line.role}"' in page
    assert page.count('data-role="boilerplate"') == 15
    assert page.count('class="uncited"') == 3


def test_source_facts_are_escaped_and_labelled_as_ours(ds):
    evil = "<script>alert(1)</script>"
    sources = ds.sources.copy()
    sources.loc[sources["source_id"] == "deep-dive", ["period", "notes"]] = evil
    tampered = replace(ds, sources=sources)
    page = page_for(tampered, "deep-dive")
    assert "<script>alert" not in page
    assert html.escape(evil) in page
    assert "(our words)" in page
