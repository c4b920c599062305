"""The side panel's HTML (ui.panel): content, verbatim quotes, badges, highlighting, escaping."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest

from allies import queries
from allies.load import Dataset, load_dataset
from allies.vocab import CATEGORIES, CONTEXT_LABEL
from ui import panel
from ui.panel import highlight

DISAGREE = "Sources disagree"
BLOCKQUOTE = re.compile(r'<blockquote data-excerpt="([^"]*)"><p>“(.*?)”</p>', re.DOTALL)
MARK = re.compile(r"</?mark>")
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    """The bundled dataset, loaded once for the module (read-only)."""
    return load_dataset()


def quotes_in(page: str) -> list[tuple[str, str]]:
    """(excerpt id, quote as plain text) for every blockquote of a panel."""
    return [
        (html.unescape(eid), html.unescape(MARK.sub("", body)))
        for eid, body in BLOCKQUOTE.findall(page)
    ]


def excerpt_ids_in(page: str) -> list[str]:
    return [eid for eid, _ in quotes_in(page)]


def every_panel(ds: Dataset) -> list[str]:
    return (
        [panel.actor_panel(ds, a) for a in ds.actors["actor_id"]]
        + [panel.tie_panel(ds, r) for r in ds.relationships["rel_id"]]
        + [panel.place_panel(ds, p) for p in ds.places["place_id"]]
    )


# --- headings and data attributes -------------------------------------------------------------


def test_actor_panel(ds):
    page = panel.actor_panel(ds, "hezbollah")
    assert '<div class="ap" data-panel="actor" data-id="hezbollah">' in page
    assert "<h2>Hezbollah</h2>" in page
    assert "Also: Hizballah, Hizbullah" in page
    ties = queries.ties_of(ds, "hezbollah")
    assert f"<h3>Ties ({len(ties)})</h3>" in page
    assert re.findall(r'data-tie="([^"]+)"', page) == list(ties["rel_id"])
    assert "<h3>What the sources say</h3>" in page
    assert "(placed by us; context)" in page
    assert CATEGORIES["proxy"].label in page
    assert "Summary in our words." in page
    # The context note on Hezbollah (c03) is labelled as context.
    assert f'<span class="badge b-context">{html.escape(CONTEXT_LABEL)}</span>' in page


def test_actor_panel_quotes_every_excerpt_about_the_actor(ds):
    page = panel.actor_panel(ds, "russia")
    about = queries.evidence(ds).by_actor["russia"]
    section = page.split("<h3>What the sources say</h3>", 1)[1]
    assert excerpt_ids_in(section) == about
    assert len(about) > panel.MAX_QUOTES
    assert f"<summary>{len(about) - panel.MAX_QUOTES} more excerpts</summary>" in section


def test_actor_without_a_seat_says_so(ds):
    page = panel.actor_panel(ds, "axis_of_resistance")
    assert "not drawn on the map (no seat)" in page
    assert "(placed by us; context)" not in page


def test_tie_panel(ds):
    page = panel.tie_panel(ds, "r001")
    assert '<div class="ap" data-panel="tie" data-id="r001">' in page
    assert "<h2>Iran → Hezbollah</h2>" in page
    assert "<li><b>Type:</b> proxy support" in page
    assert "<li><b>Strength:</b> 3 of 3" in page
    assert "<li><b>Status:</b> weakened" in page
    assert "<li><b>Support:</b> funding, arms, training, ideological alignment</li>" in page
    assert "<li><b>Since:</b> the 1980s</li>" in page
    assert "<h3>What the sources say</h3>" in page
    tie = ds.relationships.set_index("rel_id").loc["r001"]
    section = page.split("<h3>What the sources say</h3>", 1)[1]
    assert excerpt_ids_in(section) == list(tie["excerpt_ids"])


def test_tie_panel_since_and_support_wording(ds):
    dated = ds.relationships.dropna(subset=["since"])
    tie = next(t for t in dated.itertuples() if t.since_precision != "decade")
    assert f"<li><b>Since:</b> {int(tie.since)}</li>" in panel.tie_panel(ds, tie.rel_id)
    page = panel.tie_panel(ds, "r026")
    assert "<li><b>Since:</b> no start year in the sources</li>" in page
    assert "<li><b>Support:</b> none recorded</li>" in page


def test_place_panel(ds):
    page = panel.place_panel(ds, "bab_al_mandab")
    assert '<div class="ap" data-panel="place" data-id="bab_al_mandab">' in page
    assert "<h2>Bab al-Mandab</h2>" in page
    assert "Strategic place · chokepoint" in page
    assert "<h3>What the sources say</h3>" in page
    assert excerpt_ids_in(page) == ["dd-026", "dd-h29"]
    assert "related headline" not in page  # dd-h29 is a heading, not a related headline
    assert CONTEXT_LABEL not in page
    assert "<mark>Bab al-Mandab</mark>" in page


def test_related_headlines_are_marked(ds):
    page = panel.place_panel(ds, "delhi")
    assert excerpt_ids_in(page) == ["dd-092"]
    assert "paragraph 62 · related headline</footer>" in page


def test_hormuz_is_context_without_quotes(ds):
    page = panel.place_panel(ds, "strait_of_hormuz")
    assert '<div class="ap" data-panel="place" data-id="strait_of_hormuz">' in page
    assert f'<span class="badge b-context">{html.escape(CONTEXT_LABEL)}</span>' in page
    assert "<blockquote" not in page
    assert "<h3>What the sources say</h3>" not in page
    assert "Neither source mentions this place" in page


def test_orientation(ds):
    page = panel.orientation(ds)
    assert '<div class="ap" data-panel="orientation">' in page
    assert "<h2>How to read this map</h2>" in page
    for category in CATEGORIES.values():
        assert html.escape(category.label) in page
    assert f"{len(ds.actors)} actors of" in page
    assert f"{len(ds.relationships)} ties and {len(ds.excerpts)} quoted excerpts" in page
    assert "<blockquote" not in page


@pytest.mark.parametrize(
    ("selection", "kind"),
    [
        ("actor:hezbollah", "actor"),
        ("tie:r011", "tie"),
        ("place:strait_of_hormuz", "place"),
        (None, "orientation"),
        ("", "orientation"),
        ("actor:atlantis", "orientation"),
        ("actor:", "orientation"),
        ("tie:r999", "orientation"),
        ("place:hezbollah", "orientation"),
        ("hezbollah", "orientation"),
        ("actor:hezbollah:extra", "orientation"),
        ("<script>alert(1)</script>", "orientation"),
    ],
)
def test_panel_dispatches_and_falls_back_to_orientation(ds, selection, kind):
    page = panel.panel(ds, selection)
    assert f'data-panel="{kind}"' in page
    assert "<script" not in page


# --- quotes are verbatim ----------------------------------------------------------------------


def test_every_blockquote_stands_verbatim_in_its_source(ds):
    source_of = dict(zip(ds.excerpts["excerpt_id"], ds.excerpts["source_id"], strict=True))
    quote_of = dict(zip(ds.excerpts["excerpt_id"], ds.excerpts["quote"], strict=True))
    seen = set()
    for page in every_panel(ds):
        for excerpt_id, text in quotes_in(page):
            assert text == quote_of[excerpt_id]
            assert ds.texts[source_of[excerpt_id]].find(text), (excerpt_id, text)
            seen.add(excerpt_id)
    cited = {e for ids in ds.relationships["excerpt_ids"] for e in ids}
    assert cited <= seen


def test_blockquote_footer_names_the_source_and_paragraph(ds):
    page = panel.tie_panel(ds, "r011")
    assert '<blockquote data-excerpt="sf-017">' in page
    title = ds.sources.set_index("source_id").loc["standing-firm", "title"]
    row = ds.excerpts.set_index("excerpt_id").loc["sf-017"]
    assert f"<footer>— {html.escape(title)}, paragraph {int(row['paragraph'])}</footer>" in page


# --- disagreements ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contradicted(ds) -> Dataset:
    """The dataset with the Iran–Syria row of disagreements.csv taken as a contradiction, so
    that these tests do not depend on how the curated row is classified."""
    disagreements = ds.disagreements.copy()
    disagreements.loc[disagreements["subject_id"] == "r011", "kind"] = "contradiction"
    return replace(ds, disagreements=disagreements)


def test_syria_actor_panel_shows_the_disagreement_badge(contradicted):
    ds = contradicted
    page = panel.actor_panel(ds, "syria")
    head = page.split("<h3>Ties", 1)[0]
    assert f'<span class="badge b-disagree">{DISAGREE}</span>' in head
    # The Iran → Syria tie carries its own flag.
    item = page.split('data-tie="r011"', 1)[1].split("</summary>", 1)[0]
    assert DISAGREE in item
    # Syria's context note (c01) is labelled.
    assert html.escape(CONTEXT_LABEL) in head


def test_iran_syria_tie_panel_shows_the_disagreement(contradicted):
    page = panel.tie_panel(contradicted, "r011")
    assert "<h2>Iran → Syria</h2>" in page
    assert f'<div class="disagree"><span class="badge b-disagree">{DISAGREE}</span>' in page
    both_sides = page.split("Both sides, quoted", 1)[1].split("</details>", 1)[0]
    assert excerpt_ids_in(both_sides) == ["sf-017", "dd-059"]


@pytest.mark.parametrize("selection", ["actor:canada", "tie:r002", "place:bab_al_mandab"])
def test_no_badge_without_a_disagreement(ds, selection):
    assert DISAGREE not in panel.panel(ds, selection)


# --- highlight --------------------------------------------------------------------------------


def test_highlight_wraps_names_in_any_case():
    out = highlight("Hezbollah said HEZBOLLAH and hezbollah", ["Hezbollah"])
    assert out == ("<mark>Hezbollah</mark> said <mark>HEZBOLLAH</mark> and <mark>hezbollah</mark>")


def test_highlight_short_aliases_only_in_their_own_case():
    out = highlight("The US told us: thus famous, the US.", ["United States", "US"])
    assert out == "The <mark>US</mark> told us: thus famous, the <mark>US</mark>."
    assert highlight("thus famous bus", ["US"]) == "thus famous bus"
    assert highlight("the un and the UN", ["UN"]) == "the un and the <mark>UN</mark>"


def test_highlight_whole_words_only():
    assert highlight("Iranian oil", ["Iran"]) == "Iranian oil"
    assert highlight("Iran's oil", ["Iran"]) == "<mark>Iran</mark>&#x27;s oil"
    assert highlight("Iran’s oil", ["Iran"]) == "<mark>Iran</mark>’s oil"


def test_highlight_prefers_the_longest_name():
    out = highlight("the USA and the US", ["US", "USA"])
    assert out == "the <mark>USA</mark> and the <mark>US</mark>"
    out = highlight("the IRGC Quds Force", ["Quds Force", "IRGC Quds Force"])
    assert out == "the <mark>IRGC Quds Force</mark>"


def test_highlight_escapes_the_quote_and_matches_escaped_names():
    out = highlight("<b>Iran</b> & co", ["Iran"])
    assert out == "&lt;b&gt;<mark>Iran</mark>&lt;/b&gt; &amp; co"
    assert highlight("Sana'a held", ["Sana'a"]) == "<mark>Sana&#x27;a</mark> held"
    assert highlight("Iran & Russia", []) == "Iran &amp; Russia"


def test_highlight_ignores_one_letter_names():
    assert highlight("a b c", ["a", "b"]) == "a b c"


# --- escaping ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(ds) -> Dataset:
    """A copy of the dataset whose Syria, Iran → Syria tie and Hormuz carry markup."""
    actors = ds.actors.copy()
    row = actors.index[actors["actor_id"] == "syria"][0]
    actors.at[row, "name"] = SCRIPT
    actors.at[row, "summary"] = IMG
    actors.at[row, "seat"] = SCRIPT
    actors.at[row, "aliases"] = (IMG, "Syrian Arab Republic")
    notes = ds.context_notes.copy()
    row = notes.index[(notes["subject_type"] == "actor") & (notes["subject_id"] == "syria")][0]
    notes.at[row, "note"] = f"{SCRIPT} {IMG}"
    relationships = ds.relationships.copy()
    row = relationships.index[relationships["rel_id"] == "r011"][0]
    relationships.at[row, "note"] = f"{IMG}{SCRIPT}"
    disagreements = ds.disagreements.copy()
    disagreements.loc[disagreements["subject_id"] == "r011", "summary"] = SCRIPT
    places = ds.places.copy()
    row = places.index[places["place_id"] == "strait_of_hormuz"][0]
    places.at[row, "name"] = SCRIPT
    places.at[row, "note"] = IMG
    return replace(
        ds,
        actors=actors,
        context_notes=notes,
        relationships=relationships,
        disagreements=disagreements,
        places=places,
    )


def test_the_hostile_copy_leaves_the_real_dataset_alone(ds, hostile):
    assert SCRIPT in set(hostile.actors["name"])
    assert SCRIPT not in set(ds.actors["name"])
    assert "<h2>Syria</h2>" in panel.actor_panel(ds, "syria")


@pytest.mark.parametrize(
    "selection",
    ["actor:syria", "tie:r011", "actor:iran", "actor:hezbollah", "place:strait_of_hormuz"],
)
def test_markup_in_the_data_is_escaped(hostile, selection):
    page = panel.panel(hostile, selection)
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_every_hostile_field_appears_escaped(hostile):
    page = panel.actor_panel(hostile, "syria")
    escaped_script = html.escape(SCRIPT)
    escaped_img = html.escape(IMG)
    assert f"<h2>{escaped_script}</h2>" in page
    assert f"<p>{escaped_img}</p>" in page
    assert f"Also: {escaped_img}, Syrian Arab Republic" in page
    assert f"{escaped_script} {escaped_img} <span class='byline'>(as of 2024-12)" in page
    assert f"seat: {escaped_script}" in page
    page = panel.tie_panel(hostile, "r011")
    assert f"<h2>Iran → {escaped_script}</h2>" in page
    assert f"<p>{escaped_img}{escaped_script}</p>" in page
    page = panel.place_panel(hostile, "strait_of_hormuz")
    assert f"<h2>{escaped_script}</h2>" in page
    assert f"<p>{escaped_img}</p>" in page


@pytest.mark.parametrize(
    ("date", "precision", "said"),
    [
        ("2021", "year", "2021"),
        ("1980", "decade", "the 1980s"),
        ("2014", "approximate", "about 2014"),
        ("2025-06", "month", "June 2025"),
    ],
)
def test_dates_read_as_a_person_says_them(date, precision, said):
    assert panel.date_text(date, precision) == said


def test_actor_panel_lists_its_dated_events_and_flags_context_dates(ds):
    hezbollah = panel.actor_panel(ds, "hezbollah")
    assert "Dated events (2)" in hezbollah
    assert "<b>the 1980s</b>" in hezbollah and "<b>2006</b>" in hezbollah
    assert "date: context" not in hezbollah  # both dates come from the sources
    russia = panel.actor_panel(ds, "russia")
    invasion = re.search(
        r"<details data-event=[^>]*><summary><b>February 2022</b>.*?</summary>", russia
    )
    assert invasion and "date: context" in invasion.group(0)


def test_markdown_escaping_for_widget_labels():
    assert panel.md("$15 billion") == "\\$15 billion"
    assert panel.md("[x](http://e)") == "\\[x\\]\\(http\\://e\\)"
    assert panel.md("*b* _i_ `c`") == "\\*b\\* \\_i\\_ \\`c\\`"
    assert panel.md(None) == ""


def test_event_context_notes_are_shown_with_the_event(ds):
    page = panel.timeline(ds)
    notes = ds.context_notes[ds.context_notes["subject_type"] == "event"]
    assert len(notes) >= 1
    for row in notes.itertuples():
        item = page.split(f'data-event="{row.subject_id}"', 1)[1].split("</details>", 1)[0]
        assert html.escape(row.note) in item
        assert html.escape(CONTEXT_LABEL) in item
