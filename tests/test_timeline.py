"""The timeline on the sample dataset: every event once, context dates set apart, no two
events on one spot, and the list with its evidence."""

from dataclasses import replace

from helpers import parse_html

from ui import panel, timeline


def test_events_frame_marks_where_each_date_comes_from(sample):
    frame = timeline.events_frame(sample)
    assert list(frame["when"]) == ["2021", "June 2024"]
    assert list(frame["date from"]) == [timeline.IN_SOURCES, timeline.CONTEXT]
    assert not frame.duplicated(["year", "lane"]).any()
    assert frame["year"].is_monotonic_increasing


def test_events_in_one_year_take_separate_lanes(sample):

    ds = sample
    events = ds.events.copy()
    events.loc[events["event_id"] == "v02", "date"] = "2021-06"
    frame = timeline.events_frame(replace(ds, events=events))
    assert list(frame["year"]) == [2021, 2021]
    assert list(frame["lane"]) == [0, 1]


def test_chart_encodes_year_lane_and_date_origin(sample):
    spec = timeline.chart(timeline.events_frame(sample)).to_dict()
    assert spec["encoding"]["x"]["field"] == "year"
    assert spec["encoding"]["y"]["field"] == "lane"
    assert spec["encoding"]["color"]["field"] == "date from"
    assert spec["encoding"]["x"]["scale"]["domain"] == [2019, 2026]


def test_timeline_html_lists_every_event_with_its_evidence(sample):
    ap = parse_html(panel.timeline(sample)).find("div", class_="ap")
    assert (ap.attrs["data-panel"], ap.find("h2").text) == ("timeline", "Timeline")
    items = ap.own("details")
    assert [d.attrs["data-event"] for d in items] == ["v01", "v02"]
    assert [d.find("summary").find("b").text for d in items] == ["2021", "June 2024"]
    assert [len(d.find_all(class_="b-context")) for d in items] == [1, 1]  # v01: its note
    assert items[1].find("summary").find("span", class_="b-context").text.startswith("date:")
    assert [[b.attrs["data-excerpt"] for b in d.find_all("blockquote")] for d in items] == [
        ["beta-002"],
        ["alpha-004"],
    ]
    assert "1 of these dates are context" in ap.own("p")[0].text


def test_play_carries_each_events_quotes_and_whose_date_it_is(sample):
    from geo.playback import timeline

    data = timeline(sample)
    excerpts = sample.excerpts.set_index("excerpt_id")
    titles = dict(zip(sample.sources["source_id"], sample.sources["title"], strict=True))
    dated = sample.events[sample.events["date"].astype(str).str[:4].str.isdigit()]
    assert len(data["events"]) == len(dated) > 0
    for event in data["events"]:
        row = sample.events[sample.events["label"] == event["label"]].iloc[0]
        assert event["ours"] is (not bool(row["date_in_sources"]))
        assert [q["q"] for q in event["quotes"]] == [
            excerpts.loc[e, "quote"] for e in row["excerpt_ids"]
        ]
        for q, e in zip(event["quotes"], row["excerpt_ids"], strict=True):
            source = titles[excerpts.loc[e, "source_id"]]
            assert q["by"] == f"{source}, paragraph {excerpts.loc[e, 'paragraph']}"
    assert any(e["quotes"] for e in data["events"])
