"""The model of what is drawn (geo.drawn) says exactly what the Leaflet layers draw.

Built on the map fixture dataset, through the validator, with the real country shapes: the
same ids, marker positions, label zooms, tie arcs, tie emphasis and shading as
`geo.mapbuild.layers` for the same view and selection.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from map_fixture import write_map_dataset

from allies import queries
from allies.load import Dataset, load_dataset
from allies.selection import Selection
from allies.vocab import CATEGORIES, HUB
from geo import drawn, mapbuild
from geo import scene as geo_scene
from geo.shapes import load_countries
from geo.styles import PLACE_OVER_TIES
from geo.tooltips import tooltip_text

ALL_LAYERS = tuple(c for c in CATEGORIES if c != HUB)


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> Dataset:
    return load_dataset(write_map_dataset(tmp_path_factory.mktemp("drawn") / "data"))


@pytest.fixture(scope="module")
def countries():
    return load_countries()


def view(ds: Dataset) -> queries.Visible:
    return queries.visible(
        ds, queries.Filters(layers=ALL_LAYERS, places=tuple(ds.places["place_id"]))
    )


def both(ds, countries, selection: Selection | None = None):
    shown = view(ds)
    scene = geo_scene.scene(shown, countries)
    return (
        drawn.drawn_view(shown, scene, selection),
        mapbuild.layers(shown, countries, selection=selection, prepared=scene),
    )


def drawn_markers(layers: mapbuild.MapLayers) -> dict[str, dict]:
    """Each actor marker the layers draw, by actor id (found through its tooltip)."""
    out = {}
    for item in layers.items():
        sel = layers.tooltip_index.get(tooltip_text(item.get("tip", "")))
        if item["t"] == "marker" and sel is not None and sel.kind == "actor":
            out[sel.id] = item
    return out


def test_ids_and_positions_are_the_maps(ds, countries):
    model, layers = both(ds, countries)
    assert {a.actor_id: a.pos for a in model.actors} == layers.positions
    kinds = {"actor", "tie", "place"}
    assert model.ids() == {k: {s.id for s in layers.focus if s.kind == k} for k in kinds}
    assert model.unseated == tuple(
        a for a in view(ds).actors["actor_id"] if a not in layers.positions
    )


def test_tie_arcs_are_the_maps(ds, countries):
    model, layers = both(ds, countries)
    for tie in model.ties:
        assert layers.focus[Selection("tie", tie.rel_id)] == tie.points[len(tie.points) // 2]
        assert (
            tie.title
            == f"{tie_name(model, ds, tie.from_actor)} → {tie_name(model, ds, tie.to_actor)}"
        )


def tie_name(model, ds, actor_id):
    return ds.actors.set_index("actor_id").loc[actor_id, "name"]


@pytest.mark.parametrize("selected", [None, "actor", "tie"])
def test_label_zooms_are_the_maps(ds, countries, selected):
    first = {"actor": "actor:hezbollah", "tie": "tie:r001", None: None}[selected]
    model, layers = both(ds, countries, Selection.parse(first))
    markers = drawn_markers(layers)
    for actor in model.actors:
        found = re.search(r"ally-lz(\d)", markers[actor.actor_id]["icon"]["html"])
        assert (int(found.group(1)) if found else 0) == actor.label_zoom, actor.actor_id


def test_emphasis_follows_the_selection(ds, countries):
    plain, _ = both(ds, countries)
    assert {t.emphasis for t in plain.ties} == {"plain"}

    tie = plain.ties[0]
    by_tie, _ = both(ds, countries, Selection("tie", tie.rel_id))
    assert [t.rel_id for t in by_tie.ties if t.emphasis == "strong"] == [tie.rel_id]
    assert {t.emphasis for t in by_tie.ties if t.rel_id != tie.rel_id} == {"faded"}

    by_actor, _ = both(ds, countries, Selection("actor", "iran"))
    for t in by_actor.ties:
        touching = "iran" in (t.from_actor, t.to_actor)
        assert t.emphasis == ("touching" if touching else "faded"), t.rel_id
    assert [a.actor_id for a in by_actor.actors if a.selected] == ["iran"]


def test_a_selection_that_is_not_drawn_highlights_nothing(ds, countries):
    model, _ = both(ds, countries, Selection("tie", "no-such-tie"))
    assert {t.emphasis for t in model.ties} == {"plain"}
    assert not any(a.selected for a in model.actors)


def test_camps_and_order(ds, countries):
    model, layers = both(ds, countries)
    order = list(CATEGORIES)
    actor_camps = [order.index(a.camp) for a in model.actors]
    assert actor_camps == sorted(actor_camps)
    tie_camps = [order.index(t.camp) for t in model.ties]
    assert tie_camps == sorted(tie_camps)
    rows = ds.actors.set_index("actor_id")
    for t in model.ties:
        a, b = rows.loc[t.from_actor, "category"], rows.loc[t.to_actor, "category"]
        assert t.camp == (b if a == HUB and b != HUB else a)
    # The ties' groups on the map are named by the same camps.
    names = {n for n in layers.names() if n.startswith("Ties · ")}
    assert names == {f"Ties · {CATEGORIES[t.camp].label}" for t in model.ties}


def test_places_under_the_ties_come_first(ds, countries):
    model, _ = both(ds, countries)
    over = [p.over_ties for p in model.places]
    assert over == sorted(over) and any(over) and not all(over)
    assert all(p.over_ties == (p.kind in PLACE_OVER_TIES) for p in model.places)


def test_shading_is_the_maps(ds, countries):
    model, layers = both(ds, countries)
    shaded = next(layer for layer in layers.layers if layer.name == "Countries shaded")
    assert dict(model.shading) == shaded.shade[0]
    assert model.shading.get("IRN") == HUB
    with pytest.raises(TypeError):
        model.shading["IRN"] = "x"  # shared read-only between sessions


def test_scene_rows_are_the_rows_itertuples_gives():
    from geo.scene import rows

    frame = pd.DataFrame(
        {
            "rel_id": pd.Series(["r1", "r2", None], dtype="string[pyarrow]"),
            "strength": pd.Series([3, None, 1], dtype="Int64"),
            "lat": [1.5, float("nan"), -2.0],
            "support": [("arms",), (), ("money", "training")],
            "not an identifier": ["a", "b", "c"],
        }
    )
    expected = list(frame.itertuples(index=False))
    got = rows(frame)
    assert [r._fields for r in got] == [r._fields for r in expected]

    def same(a, b) -> bool:
        missing = not isinstance(b, tuple) and pd.isna(b)
        return (not isinstance(a, tuple) and pd.isna(a)) if missing else a == b

    for mine, theirs in zip(got, expected, strict=True):
        assert all(same(a, b) for a, b in zip(mine, theirs, strict=True)), (mine, theirs)
    assert rows(frame.iloc[:0]) == []
