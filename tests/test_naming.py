"""allies.naming: names, short labels, tie titles and dates as a reader says them."""

from types import SimpleNamespace

import pytest

from allies import naming


@pytest.mark.parametrize(
    ("date", "precision", "said"),
    [
        ("2021", "year", "2021"),
        ("1980", "decade", "the 1980s"),
        ("2014", "approximate", "about 2014"),
        ("2025-06", "month", "June 2025"),
        ("2025", "month", "2025"),
    ],
)
def test_dates_read_as_a_person_says_them(date, precision, said):
    assert naming.date_text(date, precision) == said


def test_since(sample):
    assert [
        naming.since_text(r.since, r.since_precision) for r in sample.relationships.itertuples()
    ] == ["the 1980s", "", "2021", "", ""]


def test_short_names_give_way_to_an_acronym_only_when_long():
    assert naming.short_name("Islamic Revolutionary Guard Corps", ("IRGC",)) == "IRGC"
    assert naming.short_name("Islamic Revolutionary Guard Corps", ("the Guards",)) == (
        "Islamic Revolutionary Guard Corps"
    )
    assert naming.short_name("Hezbollah", ("HZB",)) == "Hezbollah"


def test_tie_titles_and_names(sample):
    names = naming.actor_names(sample)
    tie = SimpleNamespace(from_actor="iran", to_actor="atlantis", type="influence")
    assert naming.tie_title(tie, names) == "Iran → atlantis · influence"
    r001 = next(sample.relationships.itertuples())
    assert naming.tie_ends(r001, names) == "Iran → Hezbollah"
    assert naming.names_and_aliases(sample, ["hezbollah", "china"]) == [
        "Hezbollah",
        "Hizballah",
        "Hizbullah",
        "China",
    ]


def test_a_start_the_sources_give_only_roughly_reads_about():
    assert naming.since_text(2003, "approximate") == "about 2003"
    assert naming.since_text(2003.0, "year") == "2003"
