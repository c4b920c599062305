"""Loading and checking the dataset: the tiny one loads, and each corruption is named clearly."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
from helpers import BOW_TIE, drop_column, problems, set_cell, set_feature

from allies import vocab
from allies.coverage import coverage
from allies.load import DatasetError, load_dataset
from allies.paths import REPO_DIR


def test_tiny_dataset_loads(tiny_data):
    data = load_dataset(tiny_data)
    assert (len(data.actors), len(data.relationships), len(data.excerpts)) == (4, 2, 6)
    assert data.actors.loc[1, "aliases"] == ("Hizballah", "Hizbullah")
    assert data.actors.loc[2, "aliases"] == ()
    assert str(data.relationships["strength"].dtype) == "Int64"
    assert data.relationships["since"].tolist()[0] == 1980
    assert data.relationships["since"].isna().tolist() == [False, True]
    assert data.excerpts["paragraph"].tolist() == [5, 5, 8, 10, 2, 2]
    assert data.actors["lat"].dtype == "float64"
    assert data.events.loc[0, "date_in_sources"]
    assert isinstance(data.places, gpd.GeoDataFrame)
    assert data.places.crs == "EPSG:4326"
    assert data.places.geom_type.tolist() == ["Point", "LineString"]
    assert data.places["in_sources"].tolist() == [True, False]
    assert sorted(data.texts) == ["alpha", "beta"]


def write_latin1(data_dir: Path) -> None:
    path = data_dir / "actors.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Beirut", "Béirut").encode("latin-1"))


def latin1_offset(data_dir: Path) -> int:
    return (data_dir / "actors.csv").read_bytes().index(b"\xe9")


CATEGORIES = ", ".join(vocab.CATEGORIES)
SUPPORT = ", ".join(vocab.SUPPORT_TYPES)
ACTOR_COLUMNS = "actor_id, name, aliases, kind, country, seat, lat, lon, category, summary"
QUOTABLE = "expected article text, a heading, a related headline or the title"

# (corruption of the tiny dataset, the one problem it must cause)
CORRUPTIONS: dict[str, tuple[Callable[[Path], object], str]] = {
    "missing column": (
        lambda d: drop_column(d, "actors.csv", "category"),
        "actors.csv row 1, column category: column is missing; "
        f"expected the columns {ACTOR_COLUMNS}",
    ),
    "unknown category": (
        lambda d: set_cell(d, "actors.csv", 3, "category", "proxi"),
        f"actors.csv row 3, column category: got 'proxi'; expected one of {CATEGORIES}",
    ),
    "duplicate id": (
        lambda d: set_cell(d, "relationships.csv", 3, "rel_id", "r001"),
        "relationships.csv row 3, column rel_id: got 'r001'; "
        "expected a unique id; already on row 2",
    ),
    "dangling reference": (
        lambda d: set_cell(d, "relationships.csv", 2, "to_actor", "hezbolah"),
        "relationships.csv row 2, column to_actor: got 'hezbolah'; "
        "expected an id from column actor_id of actors.csv",
    ),
    "quote not in its source": (
        lambda d: set_cell(
            d, "excerpts.csv", 3, "quote", "Russia backs Iran at the UN General Assembly."
        ),
        "excerpts.csv row 3, column quote: got 'Russia backs Iran at the UN General Assembly.'; "
        "quote not found in source alpha; expected its words verbatim",
    ),
    "quote from boilerplate": (
        lambda d: set_cell(d, "excerpts.csv", 3, "quote", "Ten Secrets Of Cheap Flights Revealed"),
        "excerpts.csv row 3, column quote: got 'Ten Secrets Of Cheap Flights Revealed'; "
        f"quote is taken from boilerplate (line 7 of source alpha); {QUOTABLE}",
    ),
    "quote from table of contents": (
        lambda d: set_cell(d, "excerpts.csv", 3, "quote", "Table of Contents"),
        "excerpts.csv row 3, column quote: got 'Table of Contents'; "
        f"quote is taken from the table of contents (line 2 of source alpha); {QUOTABLE}",
    ),
    "wrong paragraph": (
        lambda d: set_cell(d, "excerpts.csv", 3, "paragraph", "4"),
        "excerpts.csv row 3, column paragraph: got '4'; "
        "expected 5: the line of source alpha where the quote starts",
    ),
    "headline without its tag": (
        lambda d: set_cell(d, "excerpts.csv", 5, "tags", ""),
        "excerpts.csv row 5, column tags: got ''; "
        "expected the tag related-headline: the quote is a related headline (line 10)",
    ),
    "coordinates out of range": (
        lambda d: set_cell(d, "actors.csv", 2, "lat", "95"),
        "actors.csv row 2, column lat: got '95'; "
        "expected a latitude in decimal degrees between -90 and 90",
    ),
    "not a number": (
        lambda d: set_cell(d, "relationships.csv", 2, "strength", "strong"),
        "relationships.csv row 2, column strength: got 'strong'; expected one of 1, 2, 3",
    ),
    "seat missing": (
        lambda d: set_cell(d, "actors.csv", 4, "lon", ""),
        "actors.csv row 4, column lon: got ''; "
        "expected a longitude: only informal groupings have no seat",
    ),
    "unknown item in a list": (
        lambda d: set_cell(d, "relationships.csv", 2, "support", "arms;armz"),
        f"relationships.csv row 2, column support: got 'armz'; "
        f"expected each ';'-separated item one of {SUPPORT}",
    ),
    "tie without evidence": (
        lambda d: set_cell(d, "relationships.csv", 3, "excerpt_ids", ""),
        "relationships.csv row 3, column excerpt_ids: got ''; "
        "expected at least 1 id separated by ';'",
    ),
    "disagreement with one side": (
        lambda d: set_cell(d, "disagreements.csv", 2, "excerpt_ids", "alpha-002"),
        "disagreements.csv row 2, column excerpt_ids: got 'alpha-002'; "
        "expected at least 2 ids separated by ';'",
    ),
    "actor no excerpt cites": (
        lambda d: [set_cell(d, "excerpts.csv", row, "actor_ids", "iran") for row in (6, 7)],
        "actors.csv row 5, column actor_id: got 'china'; no excerpt cites this actor; "
        "expected its id in the actor_ids of at least one row of excerpts.csv",
    ),
    "place in sources without evidence": (
        lambda d: set_feature(d, 1, excerpt_ids=""),
        "places.geojson feature 1, property excerpt_ids: got ''; "
        "expected at least one excerpt id: in_sources is true",
    ),
    "invalid geometry": (
        lambda d: set_feature(d, 2, geometry=BOW_TIE),
        "places.geojson feature 2, property geometry: got 'Polygon'; "
        "invalid geometry (Self-intersection[1 1]); expected a valid Polygon",
    ),
    "empty file": (
        lambda d: (d / "events.csv").write_bytes(b""),
        "events.csv: file is empty; expected a header row naming the columns "
        "event_id, date, precision, date_in_sources, label, actor_ids, excerpt_ids "
        "(optional: rel_ids, tie_change)",
    ),
    "header only": (
        lambda d: (d / "events.csv").write_text("event_id,date\n", encoding="utf-8"),
        "events.csv: no rows under the header; expected at least one",
    ),
    "missing file": (
        lambda d: (d / "sources" / "beta.txt").unlink(),
        "sources.csv row 3, column path: got 'sources/beta.txt'; "
        "file not found; expected it in the data folder",
    ),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_corruption_is_reported_clearly(tiny_data, name):
    corrupt, expected = CORRUPTIONS[name]
    corrupt(tiny_data)
    assert problems(tiny_data) == [expected]


def test_non_utf8_file_is_reported_with_its_byte_offset(tiny_data):
    write_latin1(tiny_data)
    offset = latin1_offset(tiny_data)
    assert problems(tiny_data) == [
        f"actors.csv: not UTF-8: byte 0xe9 at byte offset {offset} (line 3) cannot be decoded; "
        "expected UTF-8 text (in a spreadsheet, save as 'CSV UTF-8')"
    ]


def test_problem_records_name_their_cell(tiny_data):
    set_cell(tiny_data, "actors.csv", 3, "category", "proxi")
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_data)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "actors.csv",
        3,
        "category",
        "proxi",
    )


def run_module(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", module, *args]
    return subprocess.run(command, cwd=REPO_DIR, capture_output=True, text=True, check=False)


def test_validate_cli_prints_every_problem(tiny_data):
    set_cell(tiny_data, "actors.csv", 3, "category", "proxi")
    set_feature(tiny_data, 2, geometry=BOW_TIE)
    result = run_module("allies.validate", str(tiny_data))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("actors.csv row 3, column category: got 'proxi'")
    assert lines[1].startswith("places.geojson feature 2, property geometry: got 'Polygon'")
    assert lines[2] == f"2 problems in {tiny_data}"
    assert len(lines) == 3


def test_validate_cli_accepts_valid_data(tiny_data):
    result = run_module("allies.validate", str(tiny_data))
    assert result.returncode == 0, result.stdout
    assert (
        result.stdout
        == "OK: 4 actors, 2 ties, 6 excerpts, 2 places, 1 events, 0 tours (0 scenes)\n"
    )


def test_coverage_of_the_tiny_dataset(tiny_data):
    alpha, beta = coverage(load_dataset(tiny_data))
    assert (alpha.source_id, alpha.cited_count, len(alpha.sentences)) == ("alpha", 4, 5)
    assert [(s.line, s.text) for s in alpha.uncited] == [(8, "It sits on the Mediterranean coast.")]
    assert alpha.boilerplate_lines == (6, 7)
    assert alpha.share == pytest.approx(0.8)
    assert (beta.source_id, beta.share, beta.boilerplate_lines) == ("beta", 1.0, (3, 4))
    assert alpha.citing[:2] == (("alpha-001",), ("alpha-002",))


@pytest.mark.parametrize(
    ("quote", "cited"),
    [("Russia backs Iran at the UN", True), ("Russia backs Iran", False)],
)
def test_a_sentence_is_cited_when_a_quote_covers_half_of_it(tiny_data, quote, cited):
    set_cell(tiny_data, "excerpts.csv", 3, "quote", quote)
    [alpha, _] = coverage(load_dataset(tiny_data))
    assert bool(alpha.citing[1]) is cited


def test_coverage_cli(tiny_data):
    result = run_module("allies.coverage", str(tiny_data), "--list")
    assert result.returncode == 0, result.stdout
    assert "line 8: It sits on the Mediterranean coast.  [uncited]" in result.stdout
    assert result.stdout.splitlines()[-1] == "overall   85.7%  6 of 7 sentences cited"


def test_shipped_dataset_validates():
    try:
        load_dataset()
    except DatasetError as err:
        pytest.fail(str(err), pytrace=False)


def test_shipped_coverage_is_above_85_percent_per_source():
    low = {s.source_id: f"{s.share:.1%}" for s in coverage(load_dataset()) if s.share <= 0.85}
    assert not low


# --- the shipped dataset's own expectations -----------------------------------------------------
# The one place that knows the curated rows: code tests run on the tiny dataset or derive what
# they expect from the data, so a corrected row breaks only a test here.


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def test_shipped_counts(shipped):
    counts = {
        name: len(getattr(shipped, name))
        for name in (
            "actors",
            "relationships",
            "excerpts",
            "events",
            "disagreements",
            "context_notes",
            "places",
        )
    }
    assert counts == {
        "actors": 38,
        "relationships": 60,
        "excerpts": 140,
        "events": 17,
        "disagreements": 4,  # issue 15: d05 retired, a mixed description is no tension
        "context_notes": 22,
        "places": 12,
    }


def test_retired_ids_stay_retired(shipped):
    # r031 (PMF → ISIS) and r033 (US → Iraq) told a past episode as a live conflict; the
    # episodes are events v05 and v03.
    assert not {"r031", "r033"} & set(shipped.relationships["rel_id"])
    assert shipped.relationships["rel_id"].iloc[-1] == "r062"


# Which source "the first source", "the second source" and "both sources" mean, in our words.
ORDINALS = {"the first": "deep-dive", "the second": "standing-firm"}


def _sources_citing(shipped, excerpt_ids) -> set[str]:
    excerpts = shipped.excerpts
    source_of = dict(zip(excerpts["excerpt_id"], excerpts["source_id"], strict=True))
    return {source_of[e] for e in excerpt_ids}


def _attributions(text: str) -> set[str]:
    """The sources a sentence of ours attributes something to."""
    lowered = text.lower()
    named = {source for words, source in ORDINALS.items() if words in lowered}
    if "both sources" in lowered or "both describe" in lowered or "in both" in lowered:
        named |= set(ORDINALS.values())
    return named


def test_our_attributions_match_the_sources_that_are_cited(shipped):
    """A summary or note that says 'the first source', 'the second' or 'both sources' is about a
    row that the named source's excerpts support."""
    wrong = []
    for row in shipped.actors.itertuples():
        cited = _sources_citing(
            shipped,
            [
                e
                for e, ids in zip(
                    shipped.excerpts["excerpt_id"], shipped.excerpts["actor_ids"], strict=True
                )
                if row.actor_id in ids
            ],
        )
        if missing := _attributions(row.summary) - cited:
            wrong.append((row.actor_id, sorted(missing)))
    for table, key, text in (
        ("relationships", "rel_id", "note"),
        ("disagreements", "disagreement_id", "summary"),
        ("events", "event_id", "label"),
    ):
        for row in getattr(shipped, table).itertuples():
            cited = _sources_citing(shipped, row.excerpt_ids)
            if missing := _attributions(getattr(row, text)) - cited:
                wrong.append((getattr(row, key), sorted(missing)))
    assert not wrong


def test_a_since_is_a_start_with_its_event(shipped):
    """Every start year is one the sources give, with the event that begins the tie; the ties
    whose 'start' was really a deepening carry that deepening as an event instead."""
    began = {
        r for row in shipped.events.itertuples() if row.tie_change == "began" for r in row.rel_ids
    }
    dated = set(shipped.relationships.dropna(subset=["since"])["rel_id"])
    assert dated == began == {"r001", "r007"}
    changes = {
        (row.event_id, r, row.tie_change)
        for row in shipped.events.itertuples()
        for r in row.rel_ids
        if row.tie_change
    }
    assert {("v07", "r015", "deepened"), ("v10", "r015", "deepened")} <= changes
    assert ("v09", "r017", "formalised") in changes


def test_disagreements_are_classified(shipped):
    rows = shipped.disagreements
    kinds = dict(zip(rows["disagreement_id"], rows["kind"], strict=True))
    # None of them is two claims that cannot both be true (see data/REVIEW.md); d05, one mixed
    # description of Turkey, was neither a contradiction nor a tension and is retired (issue 15).
    assert kinds == dict.fromkeys(["d01", "d02", "d03", "d04"], "tension")


def test_review_corrections_hold(shipped):
    ties = shipped.relationships.set_index("rel_id")
    excerpts = shipped.excerpts.set_index("excerpt_id")
    assert "iraq" in excerpts.at["dd-033", "actor_ids"]
    assert "iran" not in excerpts.at["dd-h29", "actor_ids"]
    assert "technology" in ties.at["r062", "support"]
    assert (ties.at["r062", "from_actor"], ties.at["r062", "to_actor"]) == ("china", "iran")
    assert "sf-013" in ties.at["r062", "excerpt_ids"]
    assert ties.at["r014", "status"] == "active"
    assert "Both sources" not in shipped.actors.set_index("actor_id").at["iran", "summary"]


def test_stale_ties_and_places_carry_dated_context(shipped):
    noted = {(r.subject_type, r.subject_id) for r in shipped.context_notes.itertuples()}
    for subject in (
        ("relationship", "r016"),  # UN snapback, September 2025
        ("relationship", "r018"),
        ("actor", "un_security_council"),
        ("relationship", "r022"),  # US strikes of 22 June 2025, despite Russia's warning
        ("relationship", "r026"),
        ("relationship", "r032"),
        ("relationship", "r011"),  # Assad's fall, December 2024
        ("place", "levant_land_bridge"),
        ("actor", "syria"),
        ("relationship", "r027"),  # Hezbollah–Israel ceasefire, November 2024
        ("place", "gaza_strip"),  # Gaza ceasefire, October 2025
        ("place", "red_sea_lane"),  # US–Houthi truce, May 2025
        ("relationship", "r015"),  # Russia–Iran treaty, January 2025
        ("relationship", "r014"),  # Iran–Pakistan strikes, January 2024
    ):
        assert subject in noted, subject


# ==============================================================================================
# Expectations of the shipped dataset, moved here from the code tests (test_panel, test_queries,
# test_app, test_text, test_sourceview, test_timeline, test_network, test_browser), which now run
# on the sample dataset of tests/helpers.py. A correction of the curated data may change these,
# and only these.
# ==============================================================================================

import streamlit as st  # noqa: E402
from helpers import parse_html, words  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from allies import queries  # noqa: E402
from allies.queries import Filters, visible  # noqa: E402
from allies.vocab import CONTEXT_LABEL  # noqa: E402
from ui import keys, network, panel  # noqa: E402

DEEP_DIVE, STANDING_FIRM = "deep-dive", "standing-firm"
SHIPPED_LAYERS = tuple(c for c in vocab.CATEGORIES if c != vocab.HUB)


def shipped_everything(ds, **changes) -> Filters:
    base = {
        "layers": SHIPPED_LAYERS,
        "status": tuple(sorted(set(ds.relationships["status"]))),
        "places": tuple(ds.places["place_id"]),
    }
    return Filters(**{**base, **changes})


def shipped_ties(ds, **changes) -> set[str]:
    return set(visible(ds, shipped_everything(ds, **changes)).ties["rel_id"])


def lines_with_role(ds, source_id: str, role: str) -> list[int]:
    return [line.number for line in ds.texts[source_id].lines if line.role == role]


# --- the two source documents (from test_text, test_sourceview, test_browser) -----------------


@pytest.mark.parametrize(
    ("source_id", "role", "expected"),
    [
        (DEEP_DIVE, "boilerplate", [*range(14, 19), *range(24, 29), *range(52, 57)]),
        (STANDING_FIRM, "boilerplate", [21, 22, 23, 24]),
        (DEEP_DIVE, "headline", [58, 60, 62]),
        (STANDING_FIRM, "headline", []),
        (DEEP_DIVE, "toc", list(range(4, 12))),
        (STANDING_FIRM, "toc", []),
        (DEEP_DIVE, "heading", [12, 20, 22, 29, 31, 33, 35, 38, 41, 44, 47]),
        (STANDING_FIRM, "title", [1, 2]),
    ],
)
def test_shipped_source_line_roles(shipped, source_id, role, expected):
    assert lines_with_role(shipped, source_id, role) == expected


def test_shipped_sources_have_19_boilerplate_lines_and_no_long_one(shipped):
    # 3 link lists of 5 in the deep dive; "Related Post" and 3 titles in the other.
    lines = [line for text in shipped.texts.values() for line in text.lines]
    assert sum(line.role == "boilerplate" for line in lines) == 19
    assert all(line.role == "article" for line in lines if len(line.text.split()) > 20)


def test_shipped_sentences(shipped):
    sentences = {s.text: s.line for s in shipped.texts[STANDING_FIRM].sentences}
    investee = "Beijing has emerged as Tehran’s largest trading partner, energy buyer, and "
    assert (
        sentences[
            f"As U.S. sanctions constrain Iranian oil exports, {investee}infrastructure investee."
        ]
        == 9
    )
    assert any(text.startswith("In 2023, bilateral trade exceeded") for text in sentences)
    assert any(
        text.startswith("These alliances reflect") and text.endswith("resistance to regime change.")
        for text in sentences
    )
    assert not any(line == 4 for line in sentences.values())
    assert all(line < 21 for line in sentences.values())
    lines = {s.line for s in shipped.texts[DEEP_DIVE].sentences}
    assert lines.isdisjoint([1, *range(4, 13), *range(14, 19), 20, 22, *range(52, 57)])
    assert {58, 60, 62} <= lines


def test_shipped_quote_lookup(shipped):
    deep_dive = shipped.texts[DEEP_DIVE]
    [match] = deep_dive.find("Among Iran's key allies,   Hezbollah\nin Lebanon")
    assert (match.line, match.quotable) == (23, True)
    toc, heading = deep_dive.find("The Genesis of Iran's Alliance Strategy")
    assert (toc.line, toc.quotable, heading.line, heading.quotable) == (5, False, 12, True)


def test_shipped_uncited_sentences(shipped):
    [deep_dive] = [c for c in coverage(shipped) if c.source_id == DEEP_DIVE]
    assert len(deep_dive.uncited) == 3


# --- panels (from test_panel, test_timeline) --------------------------------------------------


def ap_of(page: str):
    return parse_html(page).find("div", class_="ap")


def quoted(node) -> list[str]:
    return [b.attrs["data-excerpt"] for b in node.find_all("blockquote")]


def facts(page: str) -> dict[str, str]:
    items = [words(li.text) for li in ap_of(page).find("ul").own("li")]
    return dict(item.split(": ", 1) for item in items)


def test_every_shipped_blockquote_stands_verbatim_in_its_source(shipped):
    source_of = dict(
        zip(shipped.excerpts["excerpt_id"], shipped.excerpts["source_id"], strict=True)
    )
    quote_of = dict(zip(shipped.excerpts["excerpt_id"], shipped.excerpts["quote"], strict=True))
    pages = (
        [panel.actor_panel(shipped, a) for a in shipped.actors["actor_id"]]
        + [panel.tie_panel(shipped, r) for r in shipped.relationships["rel_id"]]
        + [panel.place_panel(shipped, p) for p in shipped.places["place_id"]]
    )
    seen = set()
    for page in pages:
        for block in parse_html(page).find_all("blockquote"):
            excerpt_id, text = block.attrs["data-excerpt"], block.find("p").text[1:-1]
            assert text == quote_of[excerpt_id]
            assert shipped.texts[source_of[excerpt_id]].find(text), (excerpt_id, text)
            seen.add(excerpt_id)
    assert {e for ids in shipped.relationships["excerpt_ids"] for e in ids} <= seen


def test_shipped_panels(shipped):
    ap = ap_of(panel.actor_panel(shipped, "hezbollah"))
    assert ap.find("div", class_="aka").text.startswith("Also: Hizballah, Hizbullah")
    assert "Dated events (2)" in [h.text for h in ap.own("h3")]
    events = [d for d in ap.own("details") if "data-event" in d.attrs]
    assert [d.find("summary").find("b").text for d in events] == ["the 1980s", "2006"]
    assert all(d.find("summary").find_all(class_="b-context") == [] for d in events)
    assert len(queries.evidence(shipped).by_actor["russia"]) > panel.MAX_QUOTES
    kicker = ap_of(panel.actor_panel(shipped, "axis_of_resistance")).find("div", class_="kicker")
    assert "not drawn on the map (no seat)" in kicker.text
    r001 = facts(panel.tie_panel(shipped, "r001"))
    assert r001["Status"].startswith("weakened — ")
    assert r001["Support"] == "funding, arms, training, ideological alignment"
    assert r001["Since"] == "the 1980s"
    # The 2021 agreement formalised the China–Iran tie: no start year, a dated change instead.
    r017 = ap_of(panel.tie_panel(shipped, "r017"))
    assert facts(panel.tie_panel(shipped, "r017"))["Since"] == "no start year in the sources"
    [formalised] = [d for d in r017.own("details") if d.attrs.get("data-event") == "v09"]
    assert formalised.find("span", class_="change").text == "formalised"
    assert facts(panel.tie_panel(shipped, "r007"))["Since"] == "about 2003"
    r026 = facts(panel.tie_panel(shipped, "r026"))
    assert (r026["Since"], r026["Support"]) == ("no start year in the sources", "none recorded")
    ap = ap_of(panel.place_panel(shipped, "bab_al_mandab"))
    own = [b for b in ap.own("blockquote")] + [
        b for d in ap.own("details") for b in d.find_all("blockquote")
    ]
    assert [b.attrs["data-excerpt"] for b in own] == ["dd-026", "dd-h29"]
    assert "related headline" not in ap.text
    assert "Bab al-Mandab" in [m.text for m in ap.find_all("mark")]
    # Who the sources name with the place: the Houthis first, then Iran; the tie Iran → Houthis.
    links = ap.find("section", class_="links")
    actors = [
        li.attrs["data-link-actor"] for li in links.find_all("li") if "data-link-actor" in li.attrs
    ]
    assert actors == ["houthis", "iran"]
    assert quoted(links.find("li", data_link_actor="houthis")) == ["dd-026", "dd-h29"]
    assert [
        li.attrs["data-link-tie"] for li in links.find_all("li") if "data-link-tie" in li.attrs
    ] == ["r002"]
    bridge = ap_of(panel.place_panel(shipped, "levant_land_bridge")).find("section", class_="links")
    named = {
        li.attrs["data-link-actor"] for li in bridge.find_all("li") if "data-link-actor" in li.attrs
    }
    assert {"syria", "hezbollah", "pmf", "iran", "irgc", "iraq"} <= named
    ties = {
        li.attrs["data-link-tie"] for li in bridge.find_all("li") if "data-link-tie" in li.attrs
    }
    assert {"r006", "r012", "r013"} <= ties
    footer = ap_of(panel.place_panel(shipped, "delhi")).find("blockquote").find("footer")
    assert footer.text.endswith("paragraph 62 · related headline")
    ap = ap_of(panel.place_panel(shipped, "strait_of_hormuz"))
    assert ap.find("span", class_="b-context").text == CONTEXT_LABEL and quoted(ap) == []
    russia = ap_of(panel.actor_panel(shipped, "russia"))
    [invasion] = [
        d.find("summary")
        for d in russia.own("details")
        if "data-event" in d.attrs and d.find("summary").find("b").text == "February 2022"
    ]
    assert invasion.find("span", class_="b-context").text.startswith("date: context")


def test_shipped_tensions_are_not_shown_as_disagreements(shipped):
    # After the review every row of disagreements.csv is a tension: nothing may say the
    # sources disagree, and each tension is shown apart with both statements quoted.
    assert set(shipped.disagreements["kind"]) == {"tension"}
    ap = ap_of(panel.actor_panel(shipped, "syria"))
    assert ap.find_all(class_="b-disagree") == []
    [r011] = [d for d in ap.own("details") if d.attrs.get("data-tie") == "r011"]
    assert "Tension, not a contradiction" in [s.text for s in r011.find("summary").find_all("span")]
    both = ap_of(panel.tie_panel(shipped, "r011")).find("div", class_="tension").find("details")
    assert quoted(both) == ["sf-017", "dd-059"]
    for selection in ["actor:canada", "tie:r002", "place:bab_al_mandab"]:
        assert parse_html(panel.panel(shipped, selection)).find_all(class_="b-tension") == []
    assert (shipped.context_notes["subject_type"] == "event").any()


def test_shipped_timeline_order(shipped):
    ap = ap_of(panel.timeline(shipped))
    when = [d.find("summary").find("b").text for d in ap.own("details")]
    assert len(when) == len(shipped.events)
    assert "the 1980s" in when
    assert when.index("1979") < when.index("2003") < when.index("June 2025")


def test_shipped_network_labels(shipped):
    labels = network.node_positions(shipped.actors).set_index("actor_id")["label"]
    assert labels["irgc"] == "IRGC" and labels["pmf"] == "PMF" and labels["syria"] == "Syria"


# --- filters and search (from test_queries) ---------------------------------------------------


def test_shipped_filters(shipped):
    shown = visible(shipped, shipped_everything(shipped, layers=()))
    assert set(shown.actors["actor_id"]) == {"iran", "irgc", "quds_force", "supreme_leader"}
    assert set(shown.ties["rel_id"]) == {"r037", "r038", "r039"}
    proxy = shipped_ties(shipped, layers=("proxy",))
    assert {"r001", "r002", "r036", "r040", "r041"} <= proxy
    assert not proxy & {"r011", "r013", "r015", "r017", "r027"}
    assert shipped_ties(shipped, support=("diplomatic cover",)) == {"r016", "r018"}
    assert "r026" not in shipped_ties(shipped, support=("funding",))
    assert shipped_ties(shipped, status=("weakened",)) == {
        "r001",
        "r003",
        "r004",
        "r027",
        "r028",
        "r029",
    }
    assert "r011" in shipped_ties(shipped, source=STANDING_FIRM)
    assert "r026" not in shipped_ties(shipped, source=STANDING_FIRM)
    assert "r026" in shipped_ties(shipped, source=DEEP_DIVE)
    # No shipped tie starts after 2003 (the 2015 and 2021 dates are deepenings): a year filter
    # hides nothing from 2003 on, and the dated starts before it.
    assert shipped_ties(shipped, as_of=2003) == shipped_ties(shipped)
    before = shipped_ties(shipped, as_of=1990)
    assert "r007" not in before and {"r001", "r015", "r017", "r018"} <= before
    assert queries.year_range(shipped) == (1979, 2025)
    assert list(queries.ties_of(shipped, "syria")["rel_id"]) == ["r011", "r012", "r013"]
    every = tuple(shipped.places["place_id"])
    places = set(
        visible(shipped, Filters(SHIPPED_LAYERS, places=every, source=STANDING_FIRM)).places[
            "place_id"
        ]
    )
    assert "bab_al_mandab" not in places
    assert {"strait_of_hormuz", "suez_canal", "levant_land_bridge"} <= places


@pytest.mark.parametrize(
    ("text", "actor_id"),
    [
        ("dprk", "north_korea"),
        ("korea", "north_korea"),
        ("ansar allah", "houthis"),
        ("Ansar-Allah", "houthis"),
        ("hashd", "pmf"),
        ("al-hashd", "pmf"),
        ("Quds", "quds_force"),
        ("us", "united_states"),
        ("U.S.", "united_states"),
        ("un", "united_nations"),
        ("Türkiye", "turkey"),
        ("khamenei", "supreme_leader"),
    ],
)
def test_shipped_aliases_are_found(shipped, text, actor_id):
    assert queries.find_actor(shipped, text) == actor_id


# --- the app on the shipped data (from test_app) ----------------------------------------------


def test_shipped_app_default_view(monkeypatch):
    monkeypatch.delenv("ALLIES_DATA", raising=False)
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO_DIR / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    caption = next(c.value for c in at.caption if c.value.startswith("Drawn:"))
    assert caption.startswith("Drawn: 36 of 38 actors, 46 of 60 ties, 6 places.")
    at.sidebar.selectbox(key=keys.SELECTION).set_value("actor:pakistan").run()
    assert at.session_state[keys.CENTER] == (33.693, 73.064)
    st.cache_resource.clear()


def test_shipped_tours_validate(shipped):
    from allies.tours import load_tours

    tours, problems = load_tours(shipped)
    assert [str(p) for p in problems] == []
    assert {t.id for t in tours} >= {
        "axis_of_resistance",
        "chokepoints_and_corridors",
        "crink",
        "where_sources_disagree",
    }
    assert all(1 <= len(s.excerpts) <= 2 for t in tours for s in t.scenes)


from helpers import prose_characters  # noqa: E402

from allies.agreement import agreement, source_stats  # noqa: E402
from allies.mentions import matcher  # noqa: E402

DEEP_DIVE, STANDING_FIRM = "deep-dive", "standing-firm"


# --- adding a source: line rules, mentions and agreement on the shipped data ------------------


@pytest.mark.parametrize("source_id", [DEEP_DIVE, STANDING_FIRM])
def test_no_shipped_article_sentence_is_lost(shipped, source_id):
    lines, sentences = prose_characters(shipped.texts[source_id])
    assert lines == sentences and len(sentences) > 1000


def test_shipped_places_are_found_by_alias(shipped):
    match = matcher(shipped)
    assert match.ids("attacks on commercial shipping in the Red Sea", "place") == ["red_sea_lane"]
    assert match.ids("a land bridge to Syria and Lebanon", "actor") == ["syria"]
    assert match.ids("a land bridge to Syria and Lebanon", "place") == [
        "levant_land_bridge",
        "lebanon",
    ]


def test_shipped_agreement(shipped):
    result = agreement(shipped)
    # Issue 15: only supporting excerpts count. dd-059 ("allies in Syria ... weakened") weakens
    # r011-r013 and dd-049 (the global alliances as a whole) qualifies r062, so these four are
    # one source's; sf-018 (Iran's "proxy forces (including Hezbollah)") now supports r001.
    assert sorted(r for r, a in result.items() if a.corroborated) == [
        "r001", "r002", "r015", "r016", "r017", "r018", "r032",
    ]  # fmt: skip
    assert {a.of for a in result.values()} == {2}
    # Every row of disagreements.csv is a tension: nothing is computed as a contradiction.
    assert not any(a.contradictions or a.self_contradictions for a in result.values())
    stats = {s.source_id: s for s in source_stats(shipped)}
    assert (stats[DEEP_DIVE].excerpts, stats[STANDING_FIRM].excerpts) == (96, 44)
    assert (stats[DEEP_DIVE].ties_supported, stats[STANDING_FIRM].ties_supported) == (50, 17)
    r015 = words(parse_html(panel.tie_panel(shipped, "r015")).find("p", class_="agreement").text)
    assert r015.startswith("Sources: supported by 2 of 2 sources")
    r012 = parse_html(panel.tie_panel(shipped, "r012"))
    assert words(r012.find("p", class_="agreement").text).startswith(
        "Sources: supported by 1 of 2 sources"
    )
    [weakens] = r012.find_all("div", class_="apart")
    assert weakens.attrs["data-role"] == "weakens"
    assert [b.attrs["data-excerpt"] for b in weakens.find_all("blockquote")] == ["dd-059"]


def test_issue15_our_words_keep_our_rules(shipped):
    """Counts in our words match the rows; a figure only one source gives is attributed."""
    events = shipped.events.set_index("event_id")
    kinds = dict(zip(shipped.actors["actor_id"], shipped.actors["kind"], strict=True))
    condemning = [a for a in events.at["v15", "actor_ids"] if a != "iran"]
    states = [a for a in condemning if kinds[a] == "state"]
    assert len(states) == 9 and "nine states" in events.at["v15", "label"]
    assert {kinds[a] for a in condemning} - {"state"} == {"international organisation"}
    for event_id in ("v11", "v12"):  # trade figures: the second source's claims
        assert events.at[event_id, "label"].startswith("The second source")
    assert "d05" not in set(shipped.disagreements["disagreement_id"])
    from allies.tours import load_tours

    titles = {t.id: t for t in load_tours(shipped)[0]}
    pull = titles["where_sources_disagree"]
    assert "disagree" not in pull.title.lower()
    assert any("arguably" in s.title for s in pull.scenes if s.selection == "tie:r001")
