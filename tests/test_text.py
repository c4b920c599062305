"""Line roles, sentences and quote lookup, on the real source documents."""

from __future__ import annotations

import pytest

from allies.paths import DATA_DIR
from allies.text import SourceText, split_sentences

DEEP_DIVE = "000_704bd78250eadceb.txt"
STANDING_FIRM = "003_f38350bc69c074e5.txt"


@pytest.fixture(scope="module")
def texts() -> dict[str, SourceText]:
    return {
        name: SourceText.from_path(DATA_DIR / "sources" / name)
        for name in (DEEP_DIVE, STANDING_FIRM)
    }


def lines_with_role(text: SourceText, role: str) -> list[int]:
    return [line.number for line in text.lines if line.role == role]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (DEEP_DIVE, [*range(14, 19), *range(24, 29), *range(52, 57)]),
        (STANDING_FIRM, [21, 22, 23, 24]),
    ],
)
def test_boilerplate_is_exactly_the_link_spam(texts, name, expected):
    assert lines_with_role(texts[name], "boilerplate") == expected


@pytest.mark.parametrize("name", [DEEP_DIVE, STANDING_FIRM])
def test_no_article_paragraph_is_boilerplate(texts, name):
    prose = [line for line in texts[name].lines if len(line.text.split()) > 20]
    assert prose
    assert all(line.role == "article" for line in prose)


def test_related_headlines(texts):
    assert lines_with_role(texts[DEEP_DIVE], "headline") == [58, 60, 62]
    assert lines_with_role(texts[STANDING_FIRM], "headline") == []


def test_table_of_contents(texts):
    assert lines_with_role(texts[DEEP_DIVE], "toc") == list(range(4, 12))
    assert lines_with_role(texts[STANDING_FIRM], "toc") == []


def test_headings_and_repeated_title(texts):
    deep_dive = texts[DEEP_DIVE]
    assert lines_with_role(deep_dive, "heading") == [12, 20, 22, 29, 31, 33, 35, 38, 41, 44, 47]
    assert lines_with_role(texts[STANDING_FIRM], "title") == [1, 2]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Beijing has emerged as Tehran’s largest infrastructure investee.In 2023, trade grew.",
            [
                "Beijing has emerged as Tehran’s largest infrastructure investee.",
                "In 2023, trade grew.",
            ],
        ),
        (
            "Turkey occupies a more complex role—both competitor and occasional ally.While Ankara "
            "and Tehran diverge sharply on Syria.",
            [
                "Turkey occupies a more complex role—both competitor and occasional ally.",
                "While Ankara and Tehran diverge sharply on Syria.",
            ],
        ),
        (
            "Iran’s regional allies and U.S. forces have engaged in scores of attacks. They go on.",
            [
                "Iran’s regional allies and U.S. forces have engaged in scores of attacks.",
                "They go on.",
            ],
        ),
        (
            "After the nuclear deal and the subsequent U.S.withdrawal, Moscow deepened ties.",
            ["After the nuclear deal and the subsequent U.S.withdrawal, Moscow deepened ties."],
        ),
        (
            "> “Russia sees Iran as a key counterweight,” notes scholars. “Our partnership is not "
            "just transactional.” Diplomatic coordination runs parallel.",
            [
                "“Russia sees Iran as a key counterweight,” notes scholars.",
                "“Our partnership is not just transactional.”",
                "Diplomatic coordination runs parallel.",
            ],
        ),
        (
            'It is often referred to as the "Axis of Resistance." These groups share affinities.',
            [
                'It is often referred to as the "Axis of Resistance."',
                "These groups share affinities.",
            ],
        ),
    ],
    ids=["lost-space", "lost-space-2", "US-forces", "US-lost-space", "closing-quotes", "quote-dot"],
)
def test_split_sentences(paragraph, expected):
    assert split_sentences(paragraph) == expected


def test_sentences_of_a_real_source(texts):
    sentences = {s.text: s.line for s in texts[STANDING_FIRM].sentences}
    investee = "Beijing has emerged as Tehran’s largest trading partner, energy buyer, and "
    assert (
        sentences[
            f"As U.S. sanctions constrain Iranian oil exports, {investee}infrastructure investee."
        ]
        == 9
    )
    assert any(text.startswith("In 2023, bilateral trade exceeded") for text in sentences)
    # Line 4 starts in lower case: it ends the sentence that line 3 begins.
    assert any(
        text.startswith("These alliances reflect") and text.endswith("resistance to regime change.")
        for text in sentences
    )
    assert not any(line == 4 for line in sentences.values())
    assert all(line < 21 for line in sentences.values())


def test_sentences_leave_out_boilerplate_headings_and_toc(texts):
    lines = {s.line for s in texts[DEEP_DIVE].sentences}
    assert lines.isdisjoint([1, *range(4, 13), *range(14, 19), 20, 22, *range(52, 57)])
    assert {58, 60, 62} <= lines


def test_find_ignores_whitespace_and_tells_the_role(texts):
    deep_dive = texts[DEEP_DIVE]
    [match] = deep_dive.find("Among Iran's key allies,   Hezbollah\nin Lebanon")
    assert (match.line, match.quotable) == (23, True)
    toc, heading = deep_dive.find("The Genesis of Iran's Alliance Strategy")
    assert (toc.line, toc.quotable, heading.line, heading.quotable) == (5, False, 12, True)
    [spam] = deep_dive.find("Linda Gray A Legendary Actress And Advocate")
    assert (spam.line, spam.roles) == (15, frozenset({"boilerplate"}))
    assert deep_dive.find("Iran is allied with Atlantis.") == []
