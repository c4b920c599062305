"""Adding a source: ingest a third article (written for this test) into a copy of the tiny
dataset, review it, accept it; line rules on a document they were not written for."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from helpers import prose_characters, read_rows, write_tiny_dataset

from allies import accept as accept_mod
from allies import ingest as ingest_mod
from allies.load import load_dataset
from allies.text import SourceText

THIRD = Path(__file__).resolve().parent / "fixtures" / "third_article.txt"
TITLE = "Tehran's Partners From The Levant To The Korean Peninsula"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder, by relative path, as a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_tiny_dataset(tmp_path / "data", more=True)


@pytest.fixture
def ingested(data: Path) -> ingest_mod.Ingested:
    return ingest_mod.ingest(THIRD, TITLE, published="2025-03", data_dir=data, source_id="third")


def review_of(done: ingest_mod.Ingested) -> dict:
    return yaml.safe_load(done.review.read_text(encoding="utf-8"))


def items_by_quote(review: dict) -> dict[str, dict]:
    return {item["quote"]: item for item in review["items"]}


# --- line rules on the third document ---------------------------------------------------------

SPAM = [7, 8, 9]
RELATED = [18, 19, 20, 21]
ARTICLE_LINES = [6, 10, 11, 13, 14, 15, 16, 17]


def test_the_third_article_gets_its_roles():
    lines = {line.number: line.role for line in SourceText(THIRD.read_text()).lines}
    assert [n for n, r in lines.items() if r == "boilerplate"] == SPAM + RELATED
    assert [n for n, r in lines.items() if r == "toc"] == [2, 3, 4]
    assert [n for n, r in lines.items() if r == "heading"] == [5, 12]
    assert [n for n, r in lines.items() if r == "article"] == ARTICLE_LINES
    assert lines[1] == "title"


def test_no_sentence_of_the_third_article_is_lost():
    text = SourceText(THIRD.read_text())
    lines, sentences = prose_characters(text)
    assert lines == sentences
    # A bulleted sentence keeps its words and loses its bullet; a sentence over two lines is one.
    texts = [s.text for s in text.sentences]
    assert "China remains the main buyer of Iranian oil, paid for partly through barter." in texts
    assert any(t.endswith("for every voyage through the Red Sea.") for t in texts)
    assert not any("Celebrity" in t or "Tomatoes" in t for t in texts)


def test_a_line_ending_in_a_colon_introduces_a_list_and_is_not_a_heading():
    lines = SourceText("Title\nA Short Lead In:\n- One full sentence of the article here.\n").lines
    assert [line.role for line in lines] == ["title", "article", "article"]


@pytest.mark.parametrize(
    "header", ["Related Posts:", "Related Articles", "You may also like", "Read More"]
)
def test_related_blocks_of_other_sites_are_boilerplate(header):
    raw = f"Title\nA sentence of the article.\n{header}\nSome Story Of The Week\n"
    assert [line.role for line in SourceText(raw).lines] == [
        "title",
        "article",
        "boilerplate",
        "boilerplate",
    ]


# --- ingest -----------------------------------------------------------------------------------


def test_ingest_copies_registers_and_keeps_the_data_valid(data, ingested):
    assert ingested.changed and ingested.source_id == "third"
    assert (data / "sources" / THIRD.name).read_bytes() == THIRD.read_bytes()
    row = read_rows(data / "sources.csv")[-1]
    assert (row["source_id"], row["title"], row["path"], row["published"]) == (
        "third",
        TITLE,
        f"sources/{THIRD.name}",
        "2025-03",
    )
    ds = load_dataset(data)
    assert "third" in ds.texts and ds.excerpts["source_id"].ne("third").all()


def test_the_review_lists_every_sentence_and_heading_pending(ingested):
    review = review_of(ingested)
    text = SourceText(THIRD.read_text())
    quotes = [item["quote"] for item in review["items"]]
    assert [q for q in quotes if q in {s.text for s in text.sentences}] == [
        s.text for s in text.sentences
    ]
    assert {"Old Friends In Lebanon And Yemen", "Partners Further Away"} <= set(quotes)
    assert {item["decision"] for item in review["items"]} == {"pending"}
    assert review["sha256"] == hashlib.sha256(THIRD.read_bytes()).hexdigest()
    ids = [item["excerpt_id"] for item in review["items"]]
    assert len(set(ids)) == len(ids) and all(i.startswith(review["prefix"] + "-") for i in ids)


def test_the_review_finds_actors_through_their_aliases_and_suggests_ties(ingested):
    items = items_by_quote(review_of(ingested))
    hizballah = items[
        "For decades the Islamic Republic of Iran has paid, armed and trained Hizballah, which "
        "remains its closest partner in Lebanon."
    ]
    assert hizballah["actor_ids"] == ["iran", "hezbollah"]
    assert hizballah["places"] == ["lebanon"]
    assert "geography" in hizballah["tags"]
    [candidate] = hizballah["candidates"]
    assert (candidate["tie"], candidate["type"]) == ("r001", "proxy support")
    assert {"armed", "trained"} <= set(candidate["words"])

    irgc = items["In Iraq, units of the Hashd al-Shaabi keep close ties with the IRGC."]
    assert irgc["actor_ids"] == ["irgc"]  # the PMF is not in the tiny dataset

    drones = items[
        "Russia buys drones from the Islamic Republic of Iran and sells it fighter jets in return."
    ]
    assert drones["actor_ids"] == ["russia", "iran"]
    kinds = {(c["tie"], c["type"]) for c in drones["candidates"]}
    # The only Russia–Iran tie is diplomatic; drones suggest a new military tie too.
    assert kinds == {("r002", "diplomatic backing"), ("new", "military cooperation")}


def test_the_review_lists_names_that_match_no_actor(ingested):
    unknown = {entry["name"] for entry in review_of(ingested)["unknown_names"]}
    assert {"Ansar Allah", "DPRK", "Hashd al-Shaabi", "Harbor Policy Forum", "Beirut"} <= unknown
    # Known names, adjectives, sentence openers and headings are not listed.
    assert unknown.isdisjoint(
        {"Hizballah", "Russia", "IRGC", "Iranian", "Officials", "Partners Further Away"}
    )


def test_ingesting_the_same_file_twice_changes_nothing(data, ingested):
    before = snapshot(data)
    again = ingest_mod.ingest(THIRD, "Another Title", data_dir=data)
    assert (again.changed, again.source_id) == (False, "third")
    assert snapshot(data) == before


def test_ingest_cli(data, capsys):
    code = ingest_mod.main([str(THIRD), "--title", TITLE, "--data", str(data)])
    out = capsys.readouterr().out
    assert code == 0 and "registered tehran-partners-levant" in out
    assert (data / "reviews" / "tehran-partners-levant.yaml").is_file()
    assert ingest_mod.main([str(THIRD), "--title", TITLE, "--data", str(data)]) == 0
    assert "nothing changed" in capsys.readouterr().out


def test_ingest_refuses_a_taken_id_and_writes_nothing(data):
    before = snapshot(data)
    with pytest.raises(ingest_mod.IngestError, match="taken"):
        ingest_mod.ingest(THIRD, TITLE, data_dir=data, source_id="alpha")
    assert snapshot(data) == before


# --- review and accept ------------------------------------------------------------------------

HOUTHIS = {
    "actor_id": "houthis",
    "name": "Houthis",
    "aliases": ["Ansar Allah", "Houthi movement"],
    "kind": "non-state armed group",
    "country": "YEM",
    "seat": "Sana'a",
    "lat": 15.369,
    "lon": 44.191,
    "category": "proxy",
    "summary": "A Yemeni movement; the third article calls it by another name.",
}
NEW_TIE = {
    "rel_id": "r101",
    "from_actor": "iran",
    "to_actor": "houthis",
    "type": "proxy support",
    "strength": 2,
    "status": "active",
    "support": ["drones and missiles"],
    "since": None,
    "since_precision": None,
    "note": "Our reading, for the test.",
}


def edited(done: ingest_mod.Ingested, path: Path) -> Path:
    """The review as a person would edit it: two sentences accepted (one on an existing tie, one
    on a new tie with a new actor), one rejected, the rest left pending."""
    review = review_of(done)
    items = items_by_quote(review)
    first = next(i for q, i in items.items() if q.startswith("For decades"))
    first.update(decision="accept", ties=["r001"])
    yemen = next(i for q, i in items.items() if q.startswith("In Yemen"))
    yemen.update(decision="accept", actor_ids=["houthis", "iran"], tags=[], ties=["r101"])
    next(i for q, i in items.items() if q.startswith("Officials"))["decision"] = "reject"
    review["new_actors"] = [HOUTHIS]
    review["new_ties"] = [NEW_TIE]
    path.write_text(yaml.safe_dump(review, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_accept_round_trip_keeps_the_dataset_valid(data, ingested, tmp_path):
    review = edited(ingested, tmp_path / "edited.yaml")
    out = accept_mod.accept(review, data)
    assert out.problems == [] and out.written
    assert (out.excerpts, out.new_actors, out.new_ties, out.ties_extended) == (2, 1, 1, 1)
    assert (out.rejected, out.pending) == (1, len(review_of(ingested)["items"]) - 3)

    ds = load_dataset(data)  # valid, or this raises
    mine = ds.excerpts[ds.excerpts["source_id"] == "third"].set_index("quote")
    yemen = mine.loc[next(q for q in mine.index if q.startswith("In Yemen"))]
    assert (int(yemen["paragraph"]), yemen["actor_ids"]) == (10, ("houthis", "iran"))
    first_id = mine.index.get_loc(next(q for q in mine.index if q.startswith("For decades")))
    ties = ds.relationships.set_index("rel_id")
    assert ties.at["r001", "excerpt_ids"][-1] == mine.iloc[first_id]["excerpt_id"]
    assert ties.at["r101", "excerpt_ids"] == (yemen["excerpt_id"],)
    assert ds.actors.set_index("actor_id").at["houthis", "aliases"] == (
        "Ansar Allah",
        "Houthi movement",
    )

    before = snapshot(data)
    again = accept_mod.accept(review, data)
    assert (again.problems, again.written, again.changes) == ([], False, 0)
    assert snapshot(data) == before


def test_a_bad_review_writes_nothing_and_says_every_problem(data, ingested, tmp_path, capsys):
    review = review_of(ingested)
    items = items_by_quote(review)
    first = next(i for q, i in items.items() if q.startswith("For decades"))
    first.update(decision="accept", actor_ids=["iran", "atlantis"], ties=["r001"])
    reworded = next(i for q, i in items.items() if q.startswith("China remains"))
    reworded.update(decision="accept", quote="China is the only buyer of Iranian oil.")
    review["new_actors"] = [{**HOUTHIS, "actor_id": "houthis"}]  # cited by no accepted excerpt
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(review, sort_keys=False), encoding="utf-8")
    before = snapshot(data)

    assert accept_mod.main([str(path), "--data", str(data)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert snapshot(data) == before
    assert any("column actor_ids: got 'atlantis'" in line for line in printed)
    assert any("quote not found in source third" in line for line in printed)
    assert any("actors.csv" in line and "houthis" in line for line in printed)
    assert printed[-1] == "3 problems: nothing was written"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"decision": "yes"}, "decision: got 'yes'; expected accept, reject, pending"),
        ({"decision": "accept", "ties": ["r999"]}, "ties: got 'r999'"),
        ({"decision": "accept", "excerpt_id": "alpha-001"}, "already used by another quote"),
    ],
)
def test_review_mistakes_are_named(data, ingested, tmp_path, change, message):
    review = review_of(ingested)
    next(i for i in review["items"] if i["quote"].startswith("For decades")).update(change)
    path = tmp_path / "review.yaml"
    path.write_text(yaml.safe_dump(review, sort_keys=False), encoding="utf-8")
    before = snapshot(data)
    out = accept_mod.accept(path, data)
    assert any(message in str(p) for p in out.problems), [str(p) for p in out.problems]
    assert snapshot(data) == before


def test_a_review_of_a_changed_document_is_refused(data, ingested):
    path = data / "sources" / THIRD.name
    path.write_bytes(path.read_bytes() + b"One more sentence of the article.\n")
    out = accept_mod.accept(ingested.review, data)
    assert ["changed since this review" in str(p) for p in out.problems] == [True]


def test_a_document_already_copied_into_sources_is_registered(data):
    (data / "sources" / THIRD.name).write_bytes(THIRD.read_bytes())
    done = ingest_mod.ingest(data / "sources" / THIRD.name, TITLE, data_dir=data, source_id="third")
    assert done.changed and read_rows(data / "sources.csv")[-1]["path"] == f"sources/{THIRD.name}"


def test_a_different_document_of_the_same_name_is_refused(data, tmp_path):
    (data / "sources" / THIRD.name).write_text("Another Text\nWith other words.\n")
    before = snapshot(data)
    with pytest.raises(ingest_mod.IngestError, match="other content"):
        ingest_mod.ingest(THIRD, TITLE, data_dir=data)
    assert snapshot(data) == before
