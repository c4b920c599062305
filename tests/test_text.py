"""Line roles, sentences and quote lookup (allies.text) on the fixture documents of
tests/helpers.py; the roles of the shipped sources are expected in test_dataset.py."""

from __future__ import annotations

import pytest
from helpers import ALPHA, BETA, GAMMA

from allies.text import SourceText, split_sentences


def roles(raw: str) -> list[tuple[int, str]]:
    return [(line.number, line.role) for line in SourceText(raw).lines]


def test_every_line_gets_its_role():
    assert roles(ALPHA) == [
        (1, "title"),
        (2, "toc"),
        (3, "toc"),
        (4, "heading"),
        (5, "article"),
        (6, "boilerplate"),
        (7, "boilerplate"),
        (8, "article"),
        (10, "headline"),
    ]
    assert roles(BETA) == [(1, "title"), (2, "article"), (3, "boilerplate"), (4, "boilerplate")]


def test_a_bullet_that_names_no_heading_is_link_spam():
    raw = "Title Here\n- Nothing Like A Heading\nA sentence of the article.\n"
    assert roles(raw) == [(1, "title"), (2, "boilerplate"), (3, "article")]


def test_a_repeated_title_is_a_title_and_everything_after_related_posts_is_boilerplate():
    raw = "Same Title\nSame Title\nBody text here.\nRelated Posts\nA Real Sentence.\n"
    assert roles(raw) == [
        (1, "title"),
        (2, "title"),
        (3, "article"),
        (4, "boilerplate"),
        (5, "boilerplate"),
    ]


def test_sentences_leave_out_everything_but_prose_and_headlines():
    sentences = SourceText(ALPHA).sentences
    assert [(s.line, s.text) for s in sentences] == [
        (5, "Iran arms Hezbollah in Lebanon."),
        (5, "Russia backs Iran at the UN Security Council."),
        (8, "Hezbollah was formed in the early 1980s with Iranian support."),
        (8, "It sits on the Mediterranean coast."),
        (10, "Iran Talks With Russia About Oil"),
    ]


def test_a_sentence_that_runs_on_to_the_next_line_is_one_sentence_of_the_first():
    first, *rest = SourceText(GAMMA).sentences
    assert first.line == 2
    assert first.text.startswith("CRINK links") and first.text.endswith("odds with the West.")
    assert [s.line for s in rest] == [4, 4]


def test_find_ignores_whitespace_and_tells_the_role():
    text = SourceText(ALPHA)
    [match] = text.find("Iran arms   Hezbollah\nin Lebanon.")
    assert (match.line, match.quotable) == (5, True)
    toc, heading = text.find("Iran And Its Friends")
    assert (toc.line, toc.quotable, heading.line, heading.quotable) == (3, False, 4, True)
    [spam] = text.find("Ten Secrets Of Cheap Flights Revealed")
    assert (spam.line, spam.roles) == (7, frozenset({"boilerplate"}))
    assert text.find("Iran is allied with Atlantis.") == []
    assert text.find("   ") == []


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
