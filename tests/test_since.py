"""The Map's toggle "Mark what changed since the sources", on the tiny dataset: kept in the
address, off by default, and a layer of marks apart from the sources' layers, escaped."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import streamlit as st
from helpers import parse_html, set_cell, write_tiny_dataset
from streamlit.testing.v1 import AppTest

from allies import queries
from allies.context import map_changes
from allies.load import load_dataset
from allies.queries import Filters
from allies.vocab import CATEGORIES, HUB
from geo import mapbuild, since
from geo.shapes import load_countries
from ui.data import choices
from ui.urlstate import P_SINCE, default_view, parse_view, view_params

APP = str(Path(__file__).resolve().parent.parent / "app.py")
LAYERS = tuple(c for c in CATEGORIES if c != HUB)


def test_the_toggle_is_off_by_default_and_kept_in_the_address(sample):
    offered = choices(sample)
    base = default_view(offered)
    assert base.since is False and P_SINCE not in view_params(base, offered)
    on = replace(base, since=True)
    assert view_params(on, offered)[P_SINCE] == "true"
    assert parse_view({P_SINCE: "true"}, offered) == on
    bad = parse_view({P_SINCE: "yes"}, offered)
    assert bad.since is False and bad.ignored == ("since='yes'",)


def test_only_changes_that_alter_the_map_are_marked(sample):
    marks = map_changes(sample)
    # c01 weakens tie r001, c02 says a leader was killed; c03 only dates an event.
    assert marks == {
        ("tie", "r001"): [("2024-11", "tie_weakened")],
        ("actor", "hezbollah"): [("2025-01", "leader_killed")],
    }


def built_view(ds):
    shown = queries.visible(ds, Filters(layers=LAYERS, places=tuple(ds.places["place_id"])))
    return mapbuild.layers(shown, load_countries())


def test_the_marks_stand_on_what_is_drawn_and_are_escaped(tmp_path):
    data_dir = write_tiny_dataset(tmp_path / "data", more=True)
    set_cell(data_dir, "context_notes.csv", 2, "change", "tie_ended")
    ds = load_dataset(data_dir)
    built = built_view(ds)
    names = {("tie", "r001"): "Iran → <b>Hezbollah</b>", ("actor", "hezbollah"): "Hezbollah"}
    marks = {**map_changes(ds), ("actor", "nowhere"): [("2026-01", "tie_ended")]}
    layer = since.group(built, marks, names)
    assert layer.layer_name == since.GROUP_NAME
    children = list(layer._children.values())
    rings = [c for c in children if type(c).__name__ == "CircleMarker"]
    crosses = [c for c in children if type(c).__name__ == "Marker"]
    assert len(rings) == 2  # the undrawn actor gets no mark
    assert len(crosses) == 1  # the tie that ended
    assert rings[1].location == list(built.positions["hezbollah"])
    tips = [next(iter(c._children.values())).text for c in rings]
    assert "Iran → &lt;b&gt;Hezbollah&lt;/b&gt;: tie ended (November 2024)" in tips[0]
    assert "<b>Hezbollah</b>" not in tips[0]
    assert "(context, not from the sources)" in tips[1]
    assert parse_html(tips[0]).find_all("b")[0].text == "Changed since the sources"
    # The marks are not selections: a click on one selects nothing.
    assert not any(t.strip() in built.tooltip_index for t in tips)


def run_map(data_dir: Path, monkeypatch, params: dict[str, str]) -> AppTest:
    monkeypatch.setenv("ALLIES_DATA", str(data_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_map_page_marks_changes_only_when_asked(tmp_path, monkeypatch):
    data_dir = write_tiny_dataset(tmp_path / "data", more=True)
    try:
        at = run_map(data_dir, monkeypatch, {})
        assert not any("Dashed brown rings" in c.value for c in at.caption)
        assert at.toggle(key="f_since").value is False
        at = run_map(data_dir, monkeypatch, {"since": "true"})
        assert at.toggle(key="f_since").value is True
        [marks] = [c.value for c in at.caption if "Dashed brown rings" in c.value]
        assert "mark 2 of 2 actors, ties and places" in marks
        at.toggle(key="f_since").set_value(False).run()
        assert not any("Dashed brown rings" in c.value for c in at.caption)
        assert "since" not in at.query_params
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_the_exported_view_carries_the_marks_when_asked(sample):
    from ui import export
    from ui import since as since_ui

    built = built_view(sample)

    def page(on: bool) -> str:
        return export.view_html(
            sample,
            queries.evidence(sample),
            load_countries(),
            built,
            center=(33.0, 44.0),
            zoom=4.5,
            selection=None,
            link="http://example.test/?since=true",
            caption="Drawn.",
            marks=lambda: since_ui.groups(sample, built, on),
        )

    assert "Changed since the sources" in page(True)
    assert "Changed since the sources" not in page(False)
