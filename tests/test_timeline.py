"""The timeline: every event once, context dates set apart, no two events on one spot."""

import pytest

from allies.load import load_dataset
from ui import panel, timeline


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_events_frame_marks_where_each_date_comes_from(ds):
    frame = timeline.events_frame(ds)
    assert len(frame) == len(ds.events)
    context = frame["date from"] == timeline.CONTEXT
    assert context.sum() == (~ds.events["date_in_sources"]).sum() > 0
    assert set(frame.loc[~context, "date from"]) == {timeline.IN_SOURCES}
    assert not frame.duplicated(["year", "lane"]).any()
    assert frame["year"].is_monotonic_increasing


def test_chart_encodes_year_lane_and_date_origin(ds):
    spec = timeline.chart(timeline.events_frame(ds)).to_dict()
    assert spec["encoding"]["x"]["field"] == "year"
    assert spec["encoding"]["y"]["field"] == "lane"
    assert spec["encoding"]["color"]["field"] == "date from"
    assert spec["encoding"]["x"]["scale"]["domain"][0] > 1900


def test_timeline_html_lists_every_event_with_its_evidence(ds):
    html = panel.timeline(ds)
    assert html.count("<details data-event=") == len(ds.events)
    assert html.count("date: context") == (~ds.events["date_in_sources"]).sum()
    assert "<b>the 1980s</b>" in html
    assert html.index("<b>1979</b>") < html.index("<b>2003</b>") < html.index("<b>June 2025</b>")
