"""Finding actors and places by name and alias (allies.mentions), with the panel's case rules."""

from __future__ import annotations

import pytest
from helpers import ALPHA, BETA, GAMMA

from allies.mentions import Matcher, actor_names, matcher, name_regex
from allies.text import SourceText

# Actors as a dataset would list them, with the aliases people use.
ACTORS = {
    "iran": ["Iran", "Islamic Republic of Iran"],
    "hezbollah": ["Hezbollah", "Hizballah", "Hizbullah"],
    "houthis": ["Houthis", "Ansar Allah", "Ansarallah"],
    "pmf": ["Popular Mobilization Forces", "PMF", "Hashd", "al-Hashd al-Shaabi"],
    "north_korea": ["North Korea", "DPRK"],
    "united_states": ["United States", "US", "U.S."],
    "islamic_resistance_iraq": ["Islamic Resistance in Iraq"],
    "iraq": ["Iraq"],
}
PLACES = {"bab_al_mandab": ["Bab al-Mandab"], "red_sea_lane": ["Red Sea shipping lane", "Red Sea"]}
MATCH = Matcher({"actor": ACTORS, "place": PLACES})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tehran arms Hizballah and Ansar Allah.", ["hezbollah", "houthis"]),
        ("Units of the Hashd al-Shaabi answer to Baghdad.", ["pmf"]),
        ("Engineers from the DPRK shared know-how.", ["north_korea"]),
        ("The Islamic Republic of Iran backs them.", ["iran"]),
        ("ANSARALLAH and hizbullah, in any case.", ["houthis", "hezbollah"]),
        ("The Islamic Resistance in Iraq fired.", ["islamic_resistance_iraq"]),
        ("U.S. forces and the US Navy.", ["united_states"]),
    ],
)
def test_actors_are_found_through_their_aliases(text, expected):
    assert MATCH.ids(text, "actor") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Let us talk about it.",  # a short alias matches only in its own case
        "Hezbollahs and Iranian oil",  # whole words only
        "Us and them",  # "US" is three letters: its case counts
    ],
)
def test_no_false_mentions(text):
    assert MATCH.ids(text, "actor") == []


def test_places_are_found_and_the_longer_name_wins():
    found = MATCH.find("Ships in the Red Sea shipping lane near Bab al-Mandab.")
    assert [(m.kind, m.ids, m.name) for m in found] == [
        ("place", ("red_sea_lane",), "Red Sea shipping lane"),
        ("place", ("bab_al_mandab",), "Bab al-Mandab"),
    ]


def test_a_name_shared_by_two_actors_names_both():
    shared = Matcher({"actor": {"a": ["Twin"], "b": ["Twin", "Other"]}})
    [mention] = shared.find("The Twin spoke.")
    assert mention.ids == ("a", "b")


def test_unknown_capitalised_names_are_listed():
    text = "In Yemen, the Harbor Policy Forum says Iranian parts reach Hizballah via Djibouti."
    assert MATCH.unknown_names(text) == ["Yemen", "Harbor Policy Forum", "Djibouti"]


def test_the_panel_highlighter_uses_the_same_rule():
    pattern = name_regex(["US", "Hizballah"])
    assert pattern.findall("US and us and HIZBALLAH") == ["US", "HIZBALLAH"]
    assert name_regex(["x"]) is None


def test_mentions_in_the_fixture_documents(sample):
    match = matcher(sample)
    assert actor_names(sample.actors)["hezbollah"] == ["Hezbollah", "Hizballah", "Hizbullah"]
    found = {
        s.text: match.ids(s.text, "actor")
        for raw in (ALPHA, BETA, GAMMA)
        for s in SourceText(raw).sentences
    }
    assert found["Iran arms Hezbollah in Lebanon."] == ["iran", "hezbollah"]
    assert found["The Islamic Revolutionary Guard Corps (IRGC) trains Hezbollah."] == [
        "irgc",
        "hezbollah",
    ]
    assert match.ids("Iran arms Hezbollah in Lebanon.", "place") == ["lebanon"]
