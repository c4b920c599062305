"""The view's parameters, each tested the same way from one list: read from the address, written
back, refused when bad, and (for the filters) reaching the rows the map draws."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from allies import queries
from allies.selection import Selection
from ui.data import choices as choices_of
from ui.urlstate import (
    OWN_PARAMS,
    P_ASOF,
    P_LAYERS,
    P_MULTI,
    P_PLACES,
    P_SELECTION,
    P_SINCE,
    P_SOURCE,
    P_STATUS,
    P_SUPPORT,
    P_VIEW,
    default_view,
    filters,
    parse_view,
    view_params,
)

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


@dataclass(frozen=True)
class Param:
    """One parameter of the address, with a value the sample dataset allows (not the default),
    what the View holds for it, and a value it must refuse."""

    name: str
    attr: str
    good: str
    value: Any
    bad: str
    narrows: bool  # a filter: the rows drawn change


PARAMS = (
    Param(
        P_SELECTION,
        "selection",
        "actor:hezbollah",
        Selection("actor", "hezbollah"),
        "actor:x",
        False,
    ),
    Param(P_LAYERS, "layers", "proxy", ("proxy",), "nope", True),
    Param(P_SUPPORT, "support", "arms", ("arms",), "nope", True),
    Param(P_STATUS, "status", "weakened", ("weakened",), "nope", True),
    Param(P_PLACES, "places", "oil_route", ("oil_route",), "nope", True),
    Param(P_SOURCE, "source", "beta", "beta", "nope", True),
    Param(P_ASOF, "as_of", "2000", 2000, "1066", True),
    Param(P_VIEW, "view", "world", "world", "moon", False),
    Param(P_MULTI, "multi_source", "true", True, "maybe", True),
    Param(P_SINCE, "since", "true", True, "maybe", False),  # marks changes, drops nothing
)
IDS = [p.name for p in PARAMS]


@pytest.fixture(scope="module")
def choices(sample):
    return choices_of(sample)


def rows(ds, view) -> tuple:
    shown = queries.visible(ds, filters(view))
    return (
        tuple(shown.actors["actor_id"]),
        tuple(shown.ties["rel_id"]),
        tuple(shown.places["place_id"]),
    )


def test_the_list_names_every_parameter_of_the_view():
    assert sorted(p.name for p in PARAMS) == sorted(OWN_PARAMS)


@pytest.mark.parametrize("param", PARAMS, ids=IDS)
def test_a_good_value_is_read_and_written_back(param, choices):
    view = parse_view({param.name: param.good}, choices)
    assert getattr(view, param.attr) == param.value
    assert view.ignored == ()
    assert view_params(view, choices) == {param.name: param.good}


@pytest.mark.parametrize("param", PARAMS, ids=IDS)
@pytest.mark.parametrize("kind", ["bad", "hostile"])
def test_a_bad_value_is_refused_and_reported(param, kind, choices):
    raw = param.bad if kind == "bad" else HOSTILE
    view = parse_view({param.name: raw}, choices)
    assert view == default_view(choices)
    assert any(item.startswith(f"{param.name}=") for item in view.ignored)


@pytest.mark.parametrize("param", [p for p in PARAMS if p.narrows], ids=lambda p: p.name)
def test_a_filter_changes_the_rows_drawn(param, choices, sample):
    view = parse_view({param.name: param.good}, choices)
    assert rows(sample, view) != rows(sample, default_view(choices))


@pytest.mark.parametrize("param", [p for p in PARAMS if not p.narrows], ids=lambda p: p.name)
def test_a_setting_that_is_no_filter_leaves_the_rows_alone(param, choices, sample):
    view = parse_view({param.name: param.good}, choices)
    assert rows(sample, view) == rows(sample, default_view(choices))
