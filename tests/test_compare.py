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


def test_the_map_is_handed_the_same_differences_with_their_quotes(sample):
    from geo import playback

    made = playback.comparison(sample, 2024, 2015)
    differences = compare(sample, 2015, 2024)
    assert (made["first"], made["second"]) == (2015, 2024)
    assert [(i["rel"], i["kind"], i["year"]) for i in made["items"]] == [
        (d.rel_id, d.kind, d.year) for d in differences
    ]
    quotes = dict(zip(sample.excerpts["excerpt_id"], sample.excerpts["quote"], strict=True))
    for item, d in zip(made["items"], differences, strict=True):
        assert [q["q"] for q in item["quotes"]] == [quotes[e] for e in d.excerpt_ids][:2]
    # Only the drawn ties' differences reach the map.
    drawn = [made["items"][0]["rel"]]
    group = playback.group(playback.timeline(sample), ties=drawn, compared=made)
    sent = next(iter(group._children.values())).data
    assert '"compare"' in sent and all(i["rel"] in sent for i in made["items"] if i["rel"] in drawn)
    assert all(f'"rel":"{i["rel"]}"' not in sent for i in made["items"] if i["rel"] not in drawn)
