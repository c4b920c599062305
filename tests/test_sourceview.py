"""The sources page's HTML on the sample dataset: every line once, roles shown, citations
coloured, data escaped."""

from dataclasses import replace

from helpers import parse_html

from allies.coverage import coverage
from ui.sourceview import ROLE_LABELS, source_html


def page_for(ds, source_id):
    report = {r.source_id: r for r in coverage(ds)}[source_id]
    source = next(ds.sources[ds.sources["source_id"] == source_id].itertuples())
    return parse_html(source_html(source, ds.texts[source_id], report)).find("div", class_="src")


def lines_of(src) -> dict[int, object]:
    return {int(d.attrs["data-line"]): d for d in src.own("div")}


def test_a_sentence_running_over_two_lines_is_shown_once(sample):
    lines = lines_of(page_for(sample, "gamma"))
    [sentence] = lines[2].find_all("span", class_="cited")
    assert sentence.text.startswith("CRINK links") and sentence.text.endswith("with the West.")
    assert lines[3].find("span", class_="cont").text == "(continues the sentence above)"
    assert "states at odds" not in lines[3].text


def test_every_line_has_its_role_and_citations_are_coloured(sample):
    src = page_for(sample, "alpha")
    lines = lines_of(src)
    assert list(lines) == [line.number for line in sample.texts["alpha"].lines]
    for line in sample.texts["alpha"].lines:
        div = lines[line.number]
        assert div.attrs["data-role"] == line.role and line.role in div.classes
        assert div.find("span", class_="role").text == ROLE_LABELS[line.role]
    assert [n for n, d in lines.items() if d.attrs["data-role"] == "boilerplate"] == [6, 7]
    assert [s.text for s in src.find_all("span", class_="uncited")] == [
        "It sits on the Mediterranean coast."
    ]
    assert len(src.find_all("span", class_="cited")) == 4
    assert lines[7].own("span")[-1].text == "- Ten Secrets Of Cheap Flights Revealed"


def test_source_facts_are_escaped_and_labelled_as_ours(sample):
    evil = "<script>alert(1)</script>"
    sources = sample.sources.copy()
    sources.loc[sources["source_id"] == "alpha", ["period", "notes"]] = evil
    src = page_for(replace(sample, sources=sources), "alpha")
    assert src.find_all("script") == []
    facts = [p.text for p in src.own("p")]
    assert facts[1:] == [f"Period described (our words): {evil}", f"Notes (our words): {evil}"]
