"""AppTest (no browser) of the still and handout downloads: the buttons are on the Map page and
in presentation mode, no image or PDF is drawn on a rerun, and a still made for the embed snippet
is a file the app serves, with alt text from the view's description."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo import still
from ui import handout, keys, stillbuttons

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def open_page(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page != "pages/map.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    render, tour_pdf = still.render, handout.tour_pdf
    monkeypatch.setattr(still, "render", lambda *a, **k: calls.append("still") or render(*a, **k))
    monkeypatch.setattr(
        handout, "tour_pdf", lambda *a, **k: calls.append("tour") or tour_pdf(*a, **k)
    )
    return calls


def test_the_map_page_offers_the_view_as_an_image_and_draws_none(sample_app, monkeypatch):
    calls = counting(monkeypatch)
    at = open_page("pages/map.py", {"sel": "actor:hezbollah"})
    assert labels(at) == ["Download this view as HTML"]  # the images' popover is closed
    at.session_state[keys.VIEW_IMAGES_OPEN] = True
    at.run()
    assert {"Image (PNG)", "Image (SVG)", "Handout of this view (PDF)"} <= set(labels(at))
    at.run()  # a rerun draws nothing either
    assert calls == []


def test_presentation_mode_offers_the_scene_and_the_handout(tiny_data, monkeypatch):
    import streamlit as st

    from allies.tours import draft_tour, tour_yaml
    from ui.data import DATA_ENV

    scene = {
        "title": "Russia",
        "caption": "One sentence here. And a second.",
        "excerpts": ["alpha-002"],
        "selection": "actor:russia",
        "center": (45.0, 45.0),
        "zoom": 4,
    }
    tour, _ = draft_tour("mine", "Mine", "A summary.", [scene])
    (tiny_data / "tours").mkdir()
    (tiny_data / "tours" / "mine.yaml").write_text(tour_yaml(tour), encoding="utf-8")
    monkeypatch.setenv(DATA_ENV, str(tiny_data))
    st.cache_data.clear()
    st.cache_resource.clear()
    calls = counting(monkeypatch)
    try:
        at = open_page("pages/present.py", {"tour": "mine"})
        assert {"Image (PNG)", "Image (SVG)", "Download handout (PDF)"} <= set(labels(at))
        at.run()
        assert calls == []
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


def test_the_share_popover_makes_an_embed_still_on_request(sample_app, monkeypatch, tmp_path):
    monkeypatch.setattr(stillbuttons, "STILLS_DIR", tmp_path / "stills")
    calls = counting(monkeypatch)
    at = open_page("pages/map.py", {"sel": "actor:hezbollah"})
    assert not [c for c in at.code if "<iframe" in c.value]  # Share's contents: drawn when open
    at.session_state[keys.SHARE_OPEN] = True
    at.run()
    assert calls == [] and not (tmp_path / "stills").exists()
    at.button(key=keys.STILL_EMBED).click().run()
    assert not at.exception, [e.value for e in at.exception]
    [png] = list((tmp_path / "stills").glob("view-*.png"))
    assert png.read_bytes().startswith(b"\x89PNG")
    snippets = [c.value for c in at.code if "<img" in c.value]
    assert len(snippets) == 2
    framed, alone = snippets
    assert framed.startswith("<iframe") and "embed=true" in framed
    assert f"app/static/stills/{png.name}" in alone and 'alt="Map: ' in alone
    assert "<script" not in framed + alone


def test_the_app_root_drops_the_page_name():
    assert stillbuttons.app_root("http://h:1/present?tour=x") == "http://h:1/"
    assert stillbuttons.app_root("http://h/prefix/map") == "http://h/prefix/"
    assert stillbuttons.app_root("http://h/prefix/") == "http://h/prefix/"
