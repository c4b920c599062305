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
        "disagreements": 5,
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
    # None of the five is two claims that cannot both be true (see data/REVIEW.md).
    assert kinds == dict.fromkeys(["d01", "d02", "d03", "d04", "d05"], "tension")


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


# =======================================================================================


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


from helpers import parse_html, prose_characters, words  # noqa: E402

from allies.agreement import agreement, source_stats  # noqa: E402
from allies.mentions import matcher  # noqa: E402
from ui import panel  # noqa: E402

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
    assert sorted(r for r, a in result.items() if a.corroborated) == [
        "r002", "r011", "r012", "r013", "r015", "r016", "r017", "r018", "r032", "r062",
    ]  # fmt: skip
    assert {a.of for a in result.values()} == {2}
    # Every row of disagreements.csv is a tension: nothing is computed as a contradiction.
    assert not any(a.contradictions or a.self_contradictions for a in result.values())
    stats = {s.source_id: s for s in source_stats(shipped)}
    assert (stats[DEEP_DIVE].excerpts, stats[STANDING_FIRM].excerpts) == (96, 44)
    assert (stats[DEEP_DIVE].ties_supported, stats[STANDING_FIRM].ties_supported) == (54, 16)
    r015 = words(parse_html(panel.tie_panel(shipped, "r015")).find("p", class_="agreement").text)
    assert r015.startswith("Sources: supported by 2 of 2 sources")
