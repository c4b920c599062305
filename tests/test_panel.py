"""The side panel's HTML (ui.panel) on the sample dataset: content, verbatim quotes, badges,
highlighting, escaping. HTML is read through a parser, not matched as text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import parse_html, words

from allies import queries
from allies.load import Dataset, load_dataset
from allies.vocab import CATEGORIES, CONTEXT_LABEL
from ui import panel
from ui.panel import marks

DISAGREE = "Sources disagree"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def root(page: str):
    """The panel's outer div (class ap)."""
    return parse_html(page).find("div", class_="ap")


def quotes_in(node) -> list[tuple[str, str]]:
    """(excerpt id, quote as plain text) for every blockquote under a node."""
    return [(b.attrs["data-excerpt"], b.find("p").text[1:-1]) for b in node.find_all("blockquote")]


def ids_in(node) -> list[str]:
    return [eid for eid, _ in quotes_in(node)]


def section(ap, heading: str) -> list:
    """The elements after an <h3> with this text, up to the next <h3>."""
    out, inside = [], False
    for child in ap.children:
        if isinstance(child, str):
            continue
        if child.tag == "h3":
            inside = child.text.startswith(heading)
            continue
        if inside:
            out.append(child)
    return out


def ids_in_section(ap, heading: str) -> list[str]:
    return [eid for node in section(ap, heading) for eid in ids_in_wrapped(node)]


def ids_in_wrapped(node) -> list[str]:
    own = [node.attrs["data-excerpt"]] if node.tag == "blockquote" else []
    return own + ids_in(node)


def every_panel(ds: Dataset) -> list[str]:
    return (
        [panel.actor_panel(ds, a) for a in ds.actors["actor_id"]]
        + [panel.tie_panel(ds, r) for r in ds.relationships["rel_id"]]
        + [panel.place_panel(ds, p) for p in ds.places["place_id"]]
    )


# --- headings and data attributes -------------------------------------------------------------


def test_actor_panel(sample):
    ap = root(panel.actor_panel(sample, "hezbollah"))
    assert (ap.attrs["data-panel"], ap.attrs["data-id"]) == ("actor", "hezbollah")
    assert ap.find("h2").text == "Hezbollah"
    assert ap.find("div", class_="aka").text == "Also: Hizballah, Hizbullah"
    kicker = words(ap.find("div", class_="kicker").text)
    assert kicker == f"{CATEGORIES['proxy'].label} · non-state armed group · seat: Beirut " + (
        "(placed by us; context)"
    )
    ties = queries.ties_of(sample, "hezbollah")
    assert [h.text for h in ap.own("h3")][:1] == [f"Ties ({len(ties)})"]
    assert [d.attrs["data-tie"] for d in ap.own("details") if "data-tie" in d.attrs] == list(
        ties["rel_id"]
    )
    assert "What the sources say" in [h.text for h in ap.own("h3")]
    assert "Summary in our words." in [d.text for d in ap.own("div")]
    # The context note on Hezbollah (c02) is labelled as context.
    [note] = [d for d in ap.own("div") if "note" in d.classes]
    assert note.find("span", class_="b-context").text == CONTEXT_LABEL
    assert "A note on the group, in our words." in note.text


def test_actor_panel_quotes_every_excerpt_about_the_actor(sample, monkeypatch):
    about = queries.evidence(sample).by_actor["iran"]
    ap = root(panel.actor_panel(sample, "iran"))
    assert ids_in_section(ap, "What the sources say") == about
    monkeypatch.setattr(panel, "MAX_QUOTES", 2)
    ap = root(panel.actor_panel(sample, "iran"))
    shown = [n for n in section(ap, "What the sources say") if n.tag == "blockquote"]
    [folded] = [n for n in section(ap, "What the sources say") if n.tag == "details"]
    assert [b.attrs["data-excerpt"] for b in shown] == about[:2]
    assert folded.find("summary").text == f"{len(about) - 2} more excerpts"
    assert ids_in(folded) == about[2:]


def test_actor_without_a_seat_says_so(sample):
    kicker = root(panel.actor_panel(sample, "crink")).find("div", class_="kicker").text
    assert "not drawn on the map (no seat)" in kicker
    assert "placed by us" not in kicker


def test_tie_panel(sample):
    ap = root(panel.tie_panel(sample, "r001"))
    assert (ap.attrs["data-panel"], ap.attrs["data-id"]) == ("tie", "r001")
    assert ap.find("h2").text == "Iran → Hezbollah"
    facts = [words(li.text) for li in ap.find("ul").own("li")]
    assert facts[0].startswith("Type: proxy support — ")
    assert facts[1].startswith("Strength: 3 of 3 — ")
    assert facts[2].startswith("Status: active — ")
    assert facts[3:] == ["Support: arms", "Since: the 1980s"]
    assert ids_in_section(ap, "What the sources say") == ["alpha-001", "alpha-003"]


def test_tie_panel_since_and_support_wording(sample):
    facts = [words(li.text) for li in root(panel.tie_panel(sample, "r003")).find("ul").own("li")]
    assert facts[3:] == ["Support: none recorded", "Since: 2021"]
    facts = [words(li.text) for li in root(panel.tie_panel(sample, "r002")).find("ul").own("li")]
    assert facts[4] == "Since: no start year in the sources"


def test_place_panel(sample):
    ap = root(panel.place_panel(sample, "lebanon"))
    assert (ap.attrs["data-panel"], ap.attrs["data-id"]) == ("place", "lebanon")
    assert ap.find("h2").text == "Lebanon"
    assert ap.find("div", class_="kicker").text == "Strategic place · territory"
    assert ids_in_section(ap, "What the sources say") == ["alpha-001"]
    assert ap.find_all(class_="b-context") == []
    said = section(ap, "What the sources say")
    assert [m.text for node in said for m in node.find_all("mark")] == ["Lebanon"]


def test_a_place_lists_who_its_excerpts_connect_with_links_and_quotes(sample):
    ap = root(panel.place_panel(sample, "lebanon", query={"layers": "proxy", "sel": "x"}))
    box = ap.find("section", class_="links")
    actors = box.find_all("li")
    # alpha-001, the excerpt Lebanon cites, names Iran and Hezbollah; the hub comes last.
    listed = [li.attrs.get("data-link-actor") for li in actors if "data-link-actor" in li.attrs]
    assert listed == ["hezbollah", "iran"]
    link = box.find("li", data_link_actor="hezbollah").find("a")
    assert link.attrs["href"] == "?sel=actor:hezbollah&layers=proxy"
    assert link.attrs["data-select"] == "actor:hezbollah"
    item = box.find("li", data_link_actor="hezbollah")
    assert ids_in(item) == ["alpha-001"]
    assert {m.text for m in item.find_all("mark")} == {"Hezbollah", "Lebanon"}
    # r001 cites alpha-001 (and alpha-003, which is not about the place: not shown here).
    tie = box.find("li", data_link_tie="r001")
    assert tie.find("a").attrs["href"] == "?sel=tie:r001&layers=proxy"
    assert words(tie.find("a").text) == "Iran → Hezbollah · proxy support"
    assert ids_in(tie) == ["alpha-001"]
    assert [li.attrs.get("data-link-tie") for li in box.find_all("li", data_link_tie="r002")] == []


def test_a_context_place_connects_nobody(sample):
    ap = root(panel.place_panel(sample, "oil_route"))
    assert ap.find_all("section", class_="links") == []


def test_related_headlines_are_marked(sample):
    ap = root(panel.actor_panel(sample, "russia"))
    footers = {b.attrs["data-excerpt"]: b.find("footer").text for b in ap.find_all("blockquote")}
    assert footers["alpha-004"] == "— Tiny Allies Of Iran, paragraph 10 · related headline"
    assert footers["alpha-002"] == "— Tiny Allies Of Iran, paragraph 5"


def test_a_context_place_says_so_without_quotes(sample):
    ap = root(panel.place_panel(sample, "oil_route"))
    assert ap.attrs["data-panel"] == "place"
    assert ap.find("span", class_="b-context").text == CONTEXT_LABEL
    assert ap.find_all("blockquote") == [] and ap.own("h3") == []
    assert "Neither source mentions this place" in ap.text


def test_orientation(sample):
    ap = root(panel.orientation(sample))
    # The panel scrolls inside its column: it takes keyboard focus and names itself.
    assert ap.attrs == {
        "class": "ap",
        "data-panel": "orientation",
        "tabindex": "0",
        "role": "region",
        "aria-label": "Details of the selection",
    }
    assert ap.find("h2").text == "How to read this map"
    legend = [li.find("b").text for li in ap.find("ul", class_="legend").own("li")]
    assert legend == [c.label for c in CATEGORIES.values()]
    byline = ap.own("p")[-1].text
    assert byline == ("6 actors of 4 kinds, 5 ties and 8 quoted excerpts from 3 source documents.")
    assert ap.find_all("blockquote") == []


@pytest.mark.parametrize(
    ("selection", "kind"),
    [
        ("actor:hezbollah", "actor"),
        ("tie:r002", "tie"),
        ("place:oil_route", "place"),
        (None, "orientation"),
        ("", "orientation"),
        ("actor:atlantis", "orientation"),
        ("actor:", "orientation"),
        ("tie:r999", "orientation"),
        ("place:hezbollah", "orientation"),
        ("hezbollah", "orientation"),
        ("actor:hezbollah:extra", "orientation"),
        (SCRIPT, "orientation"),
    ],
)
def test_panel_dispatches_and_falls_back_to_orientation(sample, selection, kind):
    page = parse_html(panel.panel(sample, selection))
    assert page.find("div", class_="ap").attrs["data-panel"] == kind
    assert page.find_all("script") == []


# --- quotes are verbatim ----------------------------------------------------------------------


def test_every_blockquote_stands_verbatim_in_its_source(sample):
    source_of = dict(zip(sample.excerpts["excerpt_id"], sample.excerpts["source_id"], strict=True))
    quote_of = dict(zip(sample.excerpts["excerpt_id"], sample.excerpts["quote"], strict=True))
    seen = set()
    for page in every_panel(sample):
        for excerpt_id, text in quotes_in(parse_html(page)):
            assert text == quote_of[excerpt_id]
            assert sample.texts[source_of[excerpt_id]].find(text), (excerpt_id, text)
            seen.add(excerpt_id)
    assert seen == set(sample.excerpts["excerpt_id"])


# --- disagreements ----------------------------------------------------------------------------


def test_an_actor_with_a_disagreement_shows_the_badge(sample):
    ap = root(panel.actor_panel(sample, "russia"))
    head = ap.children[: ap.children.index(ap.own("h3")[0])]
    assert DISAGREE in [n.text for n in head if not isinstance(n, str) and n.tag == "span"]
    [box] = ap.find_all("div", class_="disagree")[:1]
    assert "Alpha has Russia shield Iran" in box.text


def test_a_tie_with_a_disagreement_is_flagged_in_the_actor_panel(sample):
    ap = root(panel.actor_panel(sample, "iran"))
    summaries = {
        d.attrs["data-tie"]: d.find("summary") for d in ap.own("details") if "data-tie" in d.attrs
    }
    assert [s.text for s in summaries["r002"].find_all("span", class_="b-disagree")] == [DISAGREE]
    assert summaries["r001"].find_all("span", class_="b-disagree") == []
    # Iran has no disagreement of its own, but one of its ties does.
    assert ap.own("span")[0].text == DISAGREE


def test_a_tie_panel_quotes_both_sides_of_its_disagreement(sample):
    ap = root(panel.tie_panel(sample, "r002"))
    box = ap.find("div", class_="disagree")
    assert box.find("span", class_="b-disagree").text == DISAGREE
    both = box.find("details")
    assert both.find("summary").text == "Both sides, quoted"
    assert ids_in(both) == ["alpha-002", "alpha-004"]


@pytest.mark.parametrize("selection", ["actor:china", "tie:r001", "place:lebanon"])
def test_no_badge_without_a_disagreement(sample, selection):
    assert parse_html(panel.panel(sample, selection)).find_all(class_="b-disagree") == []


# --- highlighting -----------------------------------------------------------------------------


def marked(quote: str, names: list[str]) -> list[str]:
    return [piece for piece, hit in marks(quote, names) if hit]


def test_marks_keep_the_quote_whole():
    quote = "Hezbollah said HEZBOLLAH and hezbollah"
    assert "".join(p for p, _ in marks(quote, ["Hezbollah"])) == quote
    assert marked(quote, ["Hezbollah"]) == ["Hezbollah", "HEZBOLLAH", "hezbollah"]


def test_short_aliases_match_only_in_their_own_case():
    assert marked("The US told us: thus famous, the US.", ["United States", "US"]) == ["US", "US"]
    assert marked("thus famous bus", ["US"]) == []
    assert marked("the un and the UN", ["UN"]) == ["UN"]


def test_marks_take_whole_words_only():
    assert marked("Iranian oil", ["Iran"]) == []
    assert marked("Iran's oil", ["Iran"]) == ["Iran"]
    assert marked("Iran’s oil", ["Iran"]) == ["Iran"]


def test_marks_prefer_the_longest_name():
    assert marked("the USA and the US", ["US", "USA"]) == ["USA", "US"]
    assert marked("the IRGC Quds Force", ["Quds Force", "IRGC Quds Force"]) == ["IRGC Quds Force"]


def test_marks_ignore_one_letter_names():
    assert marked("a b c", ["a", "b"]) == []


def test_names_are_marked_in_the_panel(sample):
    ap = root(panel.actor_panel(sample, "irgc"))
    quote = ap.find("blockquote", data_excerpt="gamma-002")
    # The long name and its acronym are both names of the actor.
    assert [m.text for m in quote.find_all("mark")] == ["Islamic Revolutionary Guard Corps", "IRGC"]


# --- escaping ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(sample) -> Dataset:
    """A copy of the sample whose Russia, Iran → Russia tie, its disagreement and the oil route
    carry markup; quotes too, where the source text is ours to change."""
    actors = sample.actors.copy()
    row = actors.index[actors["actor_id"] == "russia"][0]
    actors.at[row, "name"] = SCRIPT
    actors.at[row, "summary"] = IMG
    actors.at[row, "seat"] = SCRIPT
    actors.at[row, "aliases"] = (IMG, "Russian Federation")
    notes = sample.context_notes.copy()
    notes.loc[notes["subject_id"] == "hezbollah", "note"] = f"{SCRIPT} {IMG}"
    relationships = sample.relationships.copy()
    relationships.loc[relationships["rel_id"] == "r002", "note"] = f"{IMG}{SCRIPT}"
    disagreements = sample.disagreements.copy()
    disagreements["summary"] = SCRIPT
    excerpts = sample.excerpts.copy()
    excerpts.loc[excerpts["excerpt_id"] == "alpha-002", "quote"] = f"Russia {SCRIPT} & Iran"
    places = sample.places.copy()
    row = places.index[places["place_id"] == "oil_route"][0]
    places.at[row, "name"] = SCRIPT
    places.at[row, "note"] = IMG
    return replace(
        sample,
        actors=actors,
        context_notes=notes,
        relationships=relationships,
        disagreements=disagreements,
        excerpts=excerpts,
        places=places,
    )


@pytest.mark.parametrize(
    "selection",
    ["actor:russia", "tie:r002", "actor:iran", "actor:hezbollah", "place:oil_route", None],
)
def test_markup_in_the_data_is_escaped(hostile, selection):
    page = parse_html(panel.panel(hostile, selection))
    assert page.find_all("script") == [] and page.find_all("img") == []
    if selection:
        assert SCRIPT in page.text


def test_every_hostile_field_appears_as_text(hostile):
    ap = root(panel.actor_panel(hostile, "russia"))
    assert ap.find("h2").text == SCRIPT
    assert ap.find("p").text == IMG
    assert ap.find("div", class_="aka").text == f"Also: {IMG}, Russian Federation"
    assert f"seat: {SCRIPT}" in ap.find("div", class_="kicker").text
    quote = ap.find("blockquote", data_excerpt="alpha-002").find("p").text
    assert quote == f"“Russia {SCRIPT} & Iran”"
    ap = root(panel.tie_panel(hostile, "r002"))
    assert ap.find("h2").text == f"{SCRIPT} → Iran"
    assert ap.find("p").text == f"{IMG}{SCRIPT}"
    assert SCRIPT in ap.find("div", class_="disagree").text
    ap = root(panel.actor_panel(hostile, "hezbollah"))
    assert f"{SCRIPT} {IMG}" in ap.find("div", class_="note").text
    ap = root(panel.place_panel(hostile, "oil_route"))
    assert (ap.find("h2").text, ap.find("p").text) == (SCRIPT, IMG)


# --- events -----------------------------------------------------------------------------------


def test_actor_panel_lists_its_dated_events_and_flags_context_dates(sample):
    ap = root(panel.actor_panel(sample, "iran"))
    assert "Dated events (2)" in [h.text for h in ap.own("h3")]
    events = {d.attrs["data-event"]: d.find("summary") for d in ap.own("details")[-2:]}
    assert events["v01"].find("b").text == "2021"
    assert events["v01"].find_all(class_="b-context") == []
    assert events["v02"].find("b").text == "June 2024"
    assert (
        events["v02"].find("span", class_="b-context").text
        == "date: context — not from the sources"
    )
    hezbollah = root(panel.actor_panel(sample, "hezbollah"))
    assert not any(h.text.startswith("Dated events") for h in hezbollah.own("h3"))


def test_event_context_notes_are_shown_with_the_event(sample):
    ap = root(panel.timeline(sample))
    item = ap.find("details", data_event="v01")
    note = item.find("div", class_="note")
    assert note.find("span", class_="b-context").text == CONTEXT_LABEL
    assert "A note on the agreement, in our words." in note.text


def test_markdown_escaping_for_widget_labels():
    assert panel.md("$15 billion") == "\\$15 billion"
    assert panel.md("[x](http://e)") == "\\[x\\]\\(http\\://e\\)"
    assert panel.md("*b* _i_ `c`") == "\\*b\\* \\_i\\_ \\`c\\`"
    assert panel.md(None) == ""


def test_selection_labels_name_every_selectable_thing(sample):
    labels = panel.selection_labels(sample)
    assert labels["actor:crink"] == "CRINK"
    assert labels["place:oil_route"] == "Place · Oil route"
    assert labels["tie:r003"] == "Tie · China → Iran · economic partnership"
    assert len(labels) == len(sample.actors) + len(sample.relationships) + len(sample.places)


def test_map_caption_counts_against_the_whole_dataset(sample):
    text = panel.map_caption(sample, 3, 2, 1, selection_drawn=False)
    assert text.startswith("The selection is not on the map with these filters")
    assert "Drawn: 3 of 6 actors, 2 of 5 ties, 1 places." in text
    assert "Actors without a seat (CRINK) and their ties are in the side panel" in text


def test_map_caption_names_no_seatless_actor_when_there_is_none(tiny_data):
    text = panel.map_caption(load_dataset(tiny_data), 4, 2, 1, selection_drawn=True)
    assert text.startswith("Drawn: 4 of 4 actors, 2 of 2 ties, 1 places. Seats and drawn")


# --- tensions and the dated changes of a tie --------------------------------------------------


def test_a_tension_is_shown_apart_and_never_as_a_disagreement(sample):
    ap = root(panel.tie_panel(sample, "r003"))
    assert ap.find_all(class_="b-disagree") == []
    [tension] = ap.find_all("div", class_="tension")
    assert tension.find("span", class_="b-tension").text == "Tension, not a contradiction"
    assert ids_in(tension.find("details")) == ["beta-002", "gamma-001"]
    # The actor's list of ties flags it too; a contradiction keeps its own badge.
    iran = root(panel.actor_panel(sample, "iran"))
    flags = {
        d.attrs["data-tie"]: {s.text for s in d.find("summary").find_all("span")}
        for d in iran.own("details")
        if "data-tie" in d.attrs
    }
    assert "Tension, not a contradiction" in flags["r003"]
    assert (
        "Sources disagree" in flags["r002"] and "Tension, not a contradiction" not in flags["r002"]
    )


def test_a_tie_lists_the_events_that_changed_it(sample):
    ap = root(panel.tie_panel(sample, "r003"))
    assert "How the tie changed (1)" in [h.text for h in ap.own("h3")]
    [change] = [d for d in ap.own("details") if "data-event" in d.attrs]
    summary = change.find("summary")
    assert (change.attrs["data-event"], summary.find("b").text) == ("v01", "2021")
    assert summary.find("span", class_="change").text == "formalised"
    assert ids_in(change) == ["beta-002"]
    r001 = root(panel.tie_panel(sample, "r001"))
    assert not any(h.text.startswith("How the tie changed") for h in r001.own("h3"))
