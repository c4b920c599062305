"""The bounded caches (ui.bounded) and how the map page keys and shares them (ui.data)."""

from __future__ import annotations

import pickle

import pytest

from allies.queries import Filters
from allies.vocab import CATEGORIES, HUB
from ui.bounded import ReadOnlyDict, SizedCache, deep_size

LAYERS = tuple(c for c in CATEGORIES if c != HUB)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_cache_keeps_no_more_bytes_than_its_bound_and_drops_the_least_recent():
    cache = SizedCache("t", max_bytes=300, ttl=60, size_of=len)
    for key in "abc":
        cache.get(key, lambda key=key: key * 100)
    assert len(cache) == 3 and cache.bytes == 300
    cache.get("a", lambda: pytest.fail("a is kept"))  # a is now the most recent
    cache.get("d", lambda: "d" * 150)
    assert cache.bytes <= 300
    made = []
    cache.get("a", lambda: made.append("a") or "a" * 100)
    cache.get("b", lambda: made.append("b") or "b" * 100)
    assert made == ["b"]


def test_a_value_bigger_than_the_bound_is_given_but_not_kept():
    cache = SizedCache("t", max_bytes=10, ttl=60, size_of=len)
    assert cache.get("k", lambda: "x" * 11) == "x" * 11
    assert len(cache) == 0 and cache.bytes == 0


def test_entries_expire_with_age():
    clock = Clock()
    cache = SizedCache("t", max_bytes=1000, ttl=10, size_of=len, clock=clock)
    cache.get("k", lambda: "old")
    clock.now = 9
    assert cache.get("k", lambda: "new") == "old"
    clock.now = 11
    assert cache.get("k", lambda: "new") == "new"
    assert cache.bytes == 3


def test_entries_of_another_dataset_are_made_again():
    cache = SizedCache("t", max_bytes=1000, ttl=60, size_of=len)
    first, second = object(), object()
    cache.get("k", lambda: "one", owner=first)
    assert cache.get("k", lambda: "two", owner=first) == "one"
    assert cache.get("k", lambda: "two", owner=second) == "two"


def test_what_is_shared_refuses_changes_and_pickles_as_a_plain_dict():
    shared = ReadOnlyDict({"a": 1})
    for change in (
        lambda: shared.__setitem__("b", 2),
        lambda: shared.update(b=2),
        lambda: shared.pop("a"),
        lambda: shared.clear(),
    ):
        with pytest.raises(TypeError):
            change()
    assert shared == {"a": 1}
    copy = pickle.loads(pickle.dumps(shared))
    copy["b"] = 2
    assert type(copy) is dict


def test_deep_size_grows_with_what_is_held():
    small = {"a": ["x" * 10]}
    big = {"a": ["x" * 10_000]}
    assert deep_size(big) > deep_size(small) + 9_000


# --- the map page's caches ---------------------------------------------------------------------


@pytest.fixture
def data(sample_app):
    from ui import data

    data.clear_map_caches()
    yield data
    data.clear_map_caches()


def test_the_scene_every_session_shares_cannot_be_changed(data):
    _, scene = data.map_scene(Filters(layers=LAYERS))
    assert scene.positions
    with pytest.raises(TypeError):
        scene.positions["iran"] = (0.0, 0.0)
    with pytest.raises(TypeError):
        scene.shade["IRN"] = "proxy"
    with pytest.raises(AttributeError):
        scene.anchors.append(None)


def test_the_layers_every_session_shares_are_one_copy_that_cannot_be_changed(data):
    filters = Filters(layers=LAYERS)
    mine = data.map_layers(filters, "actor:hezbollah")
    assert data.map_layers(filters, "actor:hezbollah") is mine
    assert mine.positions and mine.tooltip_index and mine.focus
    for change in (
        lambda: mine.layers.clear(),
        lambda: mine.positions.__setitem__("iran", (0.0, 0.0)),
        lambda: mine.tooltip_index.clear(),
        lambda: mine.focus.pop(next(iter(mine.focus))),
    ):
        with pytest.raises((TypeError, AttributeError)):
            change()


def test_the_layers_cache_measures_an_entry_by_the_json_it_sends(data):
    filters = Filters(layers=LAYERS)
    built = data.map_layers(filters, "actor:hezbollah")
    script = data.map_script(filters, "actor:hezbollah")
    assert 0 < data._layers.bytes == built.json_bytes()
    sent = [layer.data_json() for layer in built.layers if layer.shade is None]
    assert sent and all(text in script for text in sent)
    assert built.json_bytes() >= sum(map(len, sent))


def test_drawing_the_shared_layers_leaves_them_as_they_were(data, sample_app):
    """Every renderer that reads the shared layers (st_folium's groups, the offline export, the
    marks of what changed) leaves them exactly as the next session needs them."""
    import folium

    from allies.selection import Selection
    from ui import export, since

    ds = data.dataset()
    filters = Filters(layers=LAYERS)
    built = data.map_layers(filters, "actor:hezbollah")
    before = pickle.dumps(built)
    m = folium.Map()
    for group in [*built.groups, *since.groups(ds, built, True)]:
        group.add_to(m)
    m.get_root().render()
    export.view_html(
        ds,
        data.evidence(),
        data.countries(),
        built,
        center=(30.0, 45.0),
        zoom=4,
        selection=Selection("actor", "hezbollah"),
        link="http://localhost/?sel=actor:hezbollah",
        caption="caption",
        marks=lambda: since.groups(ds, built, True),
        text_view=data.text_view(filters, "actor:hezbollah", {}).html,
    )
    assert pickle.dumps(built) == before


def test_only_a_places_panel_is_kept_per_view(data):
    for layers in ("proxy", "global power", "opponent"):
        data.panel_html("actor:hezbollah", {"layers": layers})
        data.panel_html("tie:r001", {"layers": layers})
    assert len(data._panels) == 2
    for layers in ("proxy", "global power"):
        data.panel_html("place:lebanon", {"layers": layers})
    assert len(data._panels) == 4


def test_a_long_sequence_is_measured_on_a_sample_within_a_tenth():
    import sys

    rows = [{"name": "x" * (i % 50), "pos": (float(i), 1.0)} for i in range(5_000)]
    seen: set[int] = set()
    every = sys.getsizeof(rows) + sum(deep_size(r, seen) for r in rows)  # item by item
    sampled = deep_size(rows)
    assert abs(sampled - every) / every < 0.1, (sampled, every)


def test_a_big_mapping_is_measured_on_a_sample_within_a_tenth():
    import sys

    tips = {f"<b>Actor {i}</b> · {'camp ' * (i % 7)}": ("actor", f"a{i}") for i in range(5_000)}
    seen: set[int] = set()
    every = sys.getsizeof(tips) + sum(
        deep_size(k, seen) + deep_size(v, seen) for k, v in tips.items()
    )
    sampled = deep_size(tips)
    assert abs(sampled - every) / every < 0.1, (sampled, every)


def test_a_curve_of_points_is_measured_point_by_point():
    import sys

    curve = tuple((30.0 + i / 7, 45.0 - i / 9) for i in range(25))
    points = sum(sys.getsizeof(p) + sys.getsizeof(p[0]) + sys.getsizeof(p[1]) for p in curve)
    assert deep_size(curve) == sys.getsizeof(curve) + points
