"""The share link: parse_view and view_params, pure functions over a Choices (no Streamlit)."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from allies.selection import Selection
from ui.urlstate import (
    NONE_TOKEN,
    OWN_PARAMS,
    P_ASOF,
    P_LAYERS,
    P_PLACES,
    P_SELECTION,
    P_SOURCE,
    P_STATUS,
    P_SUPPORT,
    P_VIEW,
    Choices,
    View,
    default_view,
    parse_view,
    view_params,
)

CHOICES = Choices(
    layers=("proxy", "state partner", "global power", "pragmatic partner", "opponent", "other"),
    support=("funding", "arms", "drones and missiles", "diplomatic cover"),
    status=("active", "weakened", "contested"),
    places=("bab_al_mandab", "levant_land_bridge", "strait_of_hormuz", "suez_canal"),
    default_places=("bab_al_mandab", "levant_land_bridge"),
    sources=("deep-dive", "standing-firm"),
    years=(1979, 2025),
    selectable=frozenset(
        {
            Selection("actor", "iran"),
            Selection("actor", "hezbollah"),
            Selection("tie", "r001"),
            Selection("tie", "r011"),
            Selection("place", "bab_al_mandab"),
        }
    ),
)

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
)


LIST_ATTRS = {P_LAYERS: "layers", P_SUPPORT: "support", P_STATUS: "status", P_PLACES: "places"}


def view_values(view: View) -> list[str]:
    """Every value a View carries apart from `ignored`, as strings."""
    out: list[str] = []
    for f in fields(View):
        if f.name == "ignored":
            continue
        value = getattr(view, f.name)
        out += [str(v) for v in value] if isinstance(value, tuple) else [str(value)]
    return out


# --- defaults ------------------------------------------------------------------------------


def test_default_view_has_everything_on_and_nothing_selected():
    view = default_view(CHOICES)
    assert view.selection is None
    assert view.layers == CHOICES.layers
    assert view.support == ()
    assert view.status == CHOICES.status
    assert view.places == CHOICES.default_places
    assert view.source is None
    assert view.as_of == 2025
    assert view.view == "region"


def test_default_view_writes_no_parameters():
    assert view_params(default_view(CHOICES), CHOICES) == {}


def test_no_parameters_give_the_default_view_and_no_notice():
    view = parse_view({}, CHOICES)
    assert view == default_view(CHOICES)
    assert view.ignored == ()


def test_foreign_parameters_are_left_alone():
    view = parse_view({"embed": "true", "utm_source": "x"}, CHOICES)
    assert view == default_view(CHOICES)
    assert view.ignored == ()


# --- round trips ---------------------------------------------------------------------------

BASE = default_view(CHOICES)
ROUND_TRIPS = {
    "default": BASE,
    "actor": replace(BASE, selection=Selection("actor", "hezbollah")),
    "tie and world": replace(BASE, selection=Selection("tie", "r011"), view="world"),
    "no layers": replace(BASE, layers=()),
    "no status, no places": replace(BASE, status=(), places=()),
    "every place": replace(BASE, places=CHOICES.places),
    "some of each": replace(
        BASE,
        selection=Selection("place", "bab_al_mandab"),
        layers=("proxy", "opponent"),
        support=("arms", "diplomatic cover"),
        status=("weakened",),
        places=("strait_of_hormuz",),
        source="standing-firm",
        as_of=2015,
    ),
    "earliest year": replace(BASE, as_of=1979, source="deep-dive"),
    "one layer with a space": replace(BASE, layers=("global power",)),
}


@pytest.mark.parametrize("view", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_round_trip(view):
    params = view_params(view, CHOICES)
    assert set(params) <= set(OWN_PARAMS)
    assert all(isinstance(v, str) for v in params.values())
    back = parse_view(params, CHOICES)
    assert back == view
    assert back.ignored == ()


def test_empty_layers_are_written_as_the_none_token():
    params = view_params(replace(BASE, layers=()), CHOICES)
    assert params == {P_LAYERS: NONE_TOKEN}
    assert parse_view(params, CHOICES).layers == ()


def test_empty_places_and_status_are_written_as_the_none_token():
    params = view_params(replace(BASE, places=(), status=()), CHOICES)
    assert params == {P_PLACES: NONE_TOKEN, P_STATUS: NONE_TOKEN}


def test_only_what_differs_from_the_default_is_written():
    view = replace(BASE, selection=Selection("actor", "iran"), layers=("proxy",), as_of=2003)
    assert view_params(view, CHOICES) == {
        P_SELECTION: "actor:iran",
        P_LAYERS: "proxy",
        P_ASOF: "2003",
    }


def test_list_values_are_comma_separated_in_choices_order():
    view = replace(BASE, support=("arms", "funding"), places=("suez_canal", "bab_al_mandab"))
    params = view_params(view, CHOICES)
    assert params[P_SUPPORT] == "arms,funding"
    assert params[P_PLACES] == "suez_canal,bab_al_mandab"


def test_every_parameter_parsed():
    view = parse_view(
        {
            P_SELECTION: "tie:r001",
            P_LAYERS: "proxy,global power",
            P_SUPPORT: "drones and missiles",
            P_STATUS: "active,weakened",
            P_PLACES: "levant_land_bridge",
            P_SOURCE: "deep-dive",
            P_ASOF: "2015",
            P_VIEW: "world",
        },
        CHOICES,
    )
    assert view == View(
        selection=Selection("tie", "r001"),
        layers=("proxy", "global power"),
        support=("drones and missiles",),
        status=("active", "weakened"),
        places=("levant_land_bridge",),
        source="deep-dive",
        as_of=2015,
        view="world",
    )
    assert view.ignored == ()


# --- unknown and malformed values ----------------------------------------------------------


def test_unknown_layer_items_are_dropped_and_reported():
    view = parse_view({P_LAYERS: "proxy,martians,opponent"}, CHOICES)
    assert view.layers == ("proxy", "opponent")
    assert view.ignored == ("layers='martians'",)


def test_hub_is_not_a_layer_of_the_link():
    # Nothing usable in the list: the default layers stay, rather than an empty map.
    view = parse_view({P_LAYERS: "hub"}, CHOICES)
    assert view.layers == default_view(CHOICES).layers
    assert view.ignored == ("layers='hub'",)


def test_a_list_with_repeated_unknown_items_is_reported_once():
    view = parse_view({P_LAYERS: "x,x,proxy"}, CHOICES)
    assert view.layers == ("proxy",)
    assert view.ignored == ("layers='x'",)


@pytest.mark.parametrize(
    ("name", "raw", "attr", "kept", "bad"),
    [
        (P_SUPPORT, "arms,nukes", "support", ("arms",), "nukes"),
        (P_STATUS, "dormant,active", "status", ("active",), "dormant"),
        (P_PLACES, "atlantis,suez_canal", "places", ("suez_canal",), "atlantis"),
    ],
)
def test_unknown_list_items_are_dropped_and_reported(name, raw, attr, kept, bad):
    view = parse_view({name: raw}, CHOICES)
    assert getattr(view, attr) == kept
    assert view.ignored == (f"{name}={bad!r}",)


def test_unknown_selection_is_dropped_and_reported():
    view = parse_view({P_SELECTION: "actor:atlantis"}, CHOICES)
    assert view.selection is None
    assert view.ignored == ("sel='actor:atlantis'",)


@pytest.mark.parametrize(
    "raw",
    ["hezbollah", "actor:", "tie:r999", "place:hezbollah", "", " actor:iran", "actr:iran", ":iran"],
)
def test_malformed_selection_is_dropped_and_reported(raw):
    view = parse_view({P_SELECTION: raw}, CHOICES)
    assert view.selection is None
    assert view.ignored == (f"sel={raw!r}",)


@pytest.mark.parametrize(
    "raw",
    ["abc", "", "2015.0", "+2015", "-2015", "1978", "2026", "99999", "²", "１９９０", "9" * 5000],
)
def test_bad_as_of_is_dropped_and_reported(raw):
    view = parse_view({P_ASOF: raw}, CHOICES)
    assert view.as_of == CHOICES.years[1]
    assert view.ignored == (f"asof={raw!r}",)


@pytest.mark.parametrize("raw", ["1979", "2025", " 2003 "])
def test_as_of_within_the_years_is_kept(raw):
    view = parse_view({P_ASOF: raw}, CHOICES)
    assert view.as_of == int(raw)
    assert view.ignored == ()


def test_unknown_view_is_dropped_and_reported():
    view = parse_view({P_VIEW: "moon"}, CHOICES)
    assert view.view == "region"
    assert view.ignored == ("view='moon'",)


def test_unknown_source_is_dropped_and_reported():
    view = parse_view({P_SOURCE: "wikipedia"}, CHOICES)
    assert view.source is None
    assert view.ignored == ("source='wikipedia'",)


def test_every_bad_value_is_reported_and_the_good_ones_kept():
    view = parse_view(
        {
            P_SELECTION: "actor:nobody",
            P_LAYERS: "proxy,x",
            P_SOURCE: "y",
            P_ASOF: "z",
            P_VIEW: "w",
            P_STATUS: "active",
        },
        CHOICES,
    )
    assert view == replace(BASE, layers=("proxy",), status=("active",))
    assert set(view.ignored) == {
        "sel='actor:nobody'",
        "layers='x'",
        "source='y'",
        "asof='z'",
        "view='w'",
    }


def test_ignored_does_not_count_in_equality():
    assert replace(BASE, ignored=("sel='x'",)) == BASE


# --- list handling ----------------------------------------------------------------------------


def test_list_given_as_a_python_list_uses_its_last_value():
    view = parse_view({P_LAYERS: ["proxy", "opponent,other"], P_VIEW: ["moon", "world"]}, CHOICES)
    assert view.layers == ("opponent", "other")
    assert view.view == "world"
    assert view.ignored == ()


def test_one_item_python_list():
    view = parse_view({P_SELECTION: ["actor:iran"], P_STATUS: ("weakened",)}, CHOICES)
    assert view.selection == Selection("actor", "iran")
    assert view.status == ("weakened",)


def test_empty_python_list_means_absent():
    view = parse_view({P_LAYERS: [], P_SELECTION: []}, CHOICES)
    assert view == BASE
    assert view.ignored == ()


def test_items_are_put_in_choices_order():
    view = parse_view({P_LAYERS: "other,proxy,global power", P_STATUS: "contested,active"}, CHOICES)
    assert view.layers == ("proxy", "global power", "other")
    assert view.status == ("active", "contested")


def test_duplicate_items_collapse():
    view = parse_view({P_LAYERS: "proxy,proxy,opponent,proxy", P_SUPPORT: "arms,arms"}, CHOICES)
    assert view.layers == ("proxy", "opponent")
    assert view.support == ("arms",)
    assert view.ignored == ()


def test_spaces_and_empty_items_are_tolerated():
    view = parse_view({P_LAYERS: " proxy , ,global power,", P_STATUS: " none "}, CHOICES)
    assert view.layers == ("proxy", "global power")
    assert view.status == ()
    assert view.ignored == ()


def test_an_empty_list_value_means_none():
    assert parse_view({P_LAYERS: ""}, CHOICES).layers == ()


def test_none_token_beside_real_items_is_not_special():
    view = parse_view({P_LAYERS: "none,proxy"}, CHOICES)
    assert view.layers == ("proxy",)
    assert view.ignored == ("layers='none'",)


# --- hostile values ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "name", [P_SELECTION, P_LAYERS, P_SUPPORT, P_STATUS, P_PLACES, P_SOURCE, P_ASOF, P_VIEW]
)
def test_hostile_values_never_reach_the_view(name, value):
    view = parse_view({name: value}, CHOICES)
    # Nothing usable: every parameter, lists included, keeps its default.
    assert view == BASE
    for text in view_values(view):
        assert "<" not in text
        assert "alert" not in text
    assert len(view.ignored) == 1
    assert view.ignored[0].startswith(f"{name}=")
    params = view_params(view, CHOICES)
    assert all("<" not in v and "alert" not in v for v in params.values())


def test_hostile_list_items_are_dropped_beside_good_ones():
    view = parse_view({P_PLACES: f"suez_canal,{HOSTILE[1]}"}, CHOICES)
    assert view.places == ("suez_canal",)
    assert all("<" not in v for v in view_values(view))
    params = view_params(view, CHOICES)
    assert params == {P_PLACES: "suez_canal"}


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("2015-2024", (2015, 2024)),
        ("2024-2015", (2015, 2024)),
        (" 1979-2025 ", (1979, 2025)),
        ("2015-2015", None),
        ("1970-2024", None),
        ("2015-2031", None),
        ("2015", None),
        ("15-24", None),
        ("2015-20244", None),
        ("2015--2024", None),
        ("x<b>-1", None),
        ("", None),
        (None, None),
    ],
)
def test_a_comparison_names_two_different_years_in_range(raw, want):
    from ui.urlstate import parse_years, years_param

    assert parse_years(raw, 1978, 2030) == want
    if want:
        assert parse_years(years_param(*reversed(want)), 1978, 2030) == want


def test_the_share_link_keeps_a_comparison():
    from ui.urlstate import share_url

    assert share_url("http://host/", {"compare": "2015-2024"}) == "http://host/?compare=2015-2024"
