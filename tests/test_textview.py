"""The text view (ui.textview) says what the map draws: the same ids as the Leaflet layers, in
the model's order, with the same filters, each with its quotes; everything escaped."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pytest
from test_tours import Elements

from allies import queries
from allies.naming import count_text
from allies.selection import Selection
from allies.vocab import CATEGORIES, HUB
from geo import drawn, mapbuild
from geo import scene as geo_scene
from geo.shapes import load_countries
from ui.textview import text_view

ALL_LAYERS = tuple(c for c in CATEGORIES if c != HUB)


@pytest.fixture(scope="module")
def countries():
    return load_countries()


def render(ds, countries, filters: queries.Filters, selection: Selection | None = None):
    shown = queries.visible(ds, filters)
    scene = geo_scene.scene(shown, countries)
    model = drawn.drawn_view(shown, scene, selection)
    layers = mapbuild.layers(shown, countries, selection=selection, prepared=scene)
    return model, layers, text_view(ds, model, queries.evidence(ds), {"layers": "proxy"})


def listed(html: str) -> list[str]:
    return re.findall(r'<li data-item="([^"]+)"', html)


FILTERS = [
    queries.Filters(
        layers=ALL_LAYERS,
        places=(
            "lebanon",
            "oil_route",
        ),
    ),
    queries.Filters(layers=("proxy",), status=("active",), places=("lebanon",)),
    queries.Filters(
        layers=ALL_LAYERS,
        as_of=2000,
        places=(
            "lebanon",
            "oil_route",
        ),
    ),
]


@pytest.mark.parametrize("filters", FILTERS)
def test_the_text_view_lists_what_the_map_draws(sample, countries, filters):
    model, layers, view = render(sample, countries, filters)
    items = listed(view.html)
    kinds = ("actor", "tie", "place")
    # The same ids as the Leaflet layers draw (their focus points: one per drawn item).
    drawn_ids = {k: {s.id for s in layers.focus if s.kind == k} for k in kinds}
    in_text = {k: {i.split(":", 1)[1] for i in items if i.startswith(k + ":")} for k in kinds}
    assert in_text == drawn_ids
    assert len(items) == len(set(items))
    # In the model's order: actors by camp, then ties, then places.
    assert items == [f"actor:{a.actor_id}" for a in model.actors] + [
        f"tie:{t.rel_id}" for t in model.ties
    ] + [f"place:{p.place_id}" for p in model.places]
    assert view.summary.startswith(f"The map draws {count_text(len(model.actors), 'actor')}")


def test_the_selection_is_marked_and_named(sample, countries):
    filters = queries.Filters(
        layers=ALL_LAYERS,
        places=(
            "lebanon",
            "oil_route",
        ),
    )
    model, _, view = render(sample, countries, filters, Selection("tie", "r001"))
    page = Elements(view.html)
    current = [attrs["data-item"] for _, attrs, _ in page.all("li") if "aria-current" in attrs]
    assert current == ["tie:r001"]
    assert "Selected: " + model.ties[[t.rel_id for t in model.ties].index("r001")].title in (
        view.summary
    )


def test_links_select_and_keep_the_view(sample, countries):
    filters = queries.Filters(
        layers=ALL_LAYERS,
        places=(
            "lebanon",
            "oil_route",
        ),
    )
    _, _, view = render(sample, countries, filters)
    page = Elements(view.html)
    links = [attrs for _, attrs, _ in page.all("a")]
    assert links and all(a["href"] == f"?sel={a['data-select']}&layers=proxy" for a in links)


def test_quotes_carry_their_text_language_and_direction(sample, countries):
    filters = queries.Filters(
        layers=ALL_LAYERS,
        places=(
            "lebanon",
            "oil_route",
        ),
    )
    model, _, view = render(sample, countries, filters)
    page = Elements(view.html)
    quotes = page.all("blockquote")
    assert quotes
    assert all(a["dir"] == "auto" and a["lang"] == "en" for _, a, _ in quotes)
    ev = queries.evidence(sample)
    first = model.ties[0]
    for excerpt_id in first.excerpt_ids:
        assert ev.excerpts[excerpt_id].quote in html.unescape(view.html)


def test_data_is_escaped(sample, countries):
    hostile = sample.actors.copy()
    hostile.loc[hostile.index[0], "name"] = "<script>alert(1)</script>"
    ds = replace(sample, actors=hostile)
    filters = queries.Filters(layers=ALL_LAYERS, places=())
    _, _, view = render(ds, countries, filters)
    assert "<script>" not in view.html


def test_the_exported_view_carries_the_text_view(sample, countries):
    from ui import export

    filters = queries.Filters(layers=ALL_LAYERS, places=("lebanon", "oil_route"))
    _model, layers, view = render(sample, countries, filters, Selection("actor", "hezbollah"))
    page = export.view_html(
        sample,
        queries.evidence(sample),
        countries,
        layers,
        center=(33.0, 44.0),
        zoom=4.5,
        selection=Selection("actor", "hezbollah"),
        link="http://example.test/?sel=actor:hezbollah",
        caption="Drawn.",
        text_view=view.html,
    )
    aside = page[page.index('<aside id="view-panel"') :]
    assert aside.index('<details class="tv-export">') < aside.index('id="view-panel-body"')
    assert listed(aside) == listed(view.html) and listed(view.html)
    assert ".tv .tv-list" in page  # its style comes along
