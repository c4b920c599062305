"""Compare two years: exactly the dated ties that start, change or weaken between them."""

from __future__ import annotations

from dataclasses import replace

from allies.compare import compare


def test_the_ties_that_differ_between_two_years_on_the_sample(sample):
    got = compare(sample, 2015, 2024)
    assert [(d.rel_id, d.kind, d.year) for d in got] == [("r003", "new", 2021)]
    assert got[0].excerpt_ids == ("beta-002",)
    assert compare(sample, 2024, 2015) == got  # either order


def test_a_wider_span_takes_in_the_older_tie_and_a_narrow_one_nothing(sample):
    assert [d.rel_id for d in compare(sample, 1970, 2024)] == ["r001", "r003"]
    assert compare(sample, 2021, 2024) == []  # a tie of 2021 was there by the end of 2021


def test_an_event_that_formalises_an_older_tie_is_a_change(sample):
    events = sample.events.copy()
    events.loc[events["event_id"] == "v01", "rel_ids"] = events.loc[
        events["event_id"] == "v01", "rel_ids"
    ].map(lambda _: ["r001"])
    changed = compare(replace(sample, events=events), 2015, 2024)
    kinds = {(d.rel_id, d.kind) for d in changed}
    assert ("r001", "changed") in kinds and ("r003", "new") in kinds
