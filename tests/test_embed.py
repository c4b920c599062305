"""The embed options of the address (ui.urlstate.parse_layout) and the Share snippet's listener."""

from __future__ import annotations

from ui.share import embed_code
from ui.urlstate import Layout, parse_layout


def test_defaults_differ_in_an_embed_only_by_click_to_zoom():
    assert parse_layout({}, embedded=False) == Layout("side", False, "wheel")
    assert parse_layout({}, embedded=True) == Layout("side", False, "click")


def test_valid_options_are_read():
    params = {"panel": "below", "plain": "true", "zoom": "wheel"}
    assert parse_layout(params, embedded=True) == Layout("below", True, "wheel")
    assert parse_layout({"panel": "none", "zoom": "click"}, embedded=False) == Layout(
        "none", False, "click"
    )
    assert parse_layout({"plain": "false"}, embedded=False).plain is False


def test_bad_options_are_dropped_and_named():
    params = {"panel": "<b>top</b>", "plain": "yes", "zoom": "", "sel": "whatever"}
    got = parse_layout(params, embedded=True)
    assert got == Layout("side", False, "click")
    assert [item.split("=")[0] for item in got.ignored] == ["panel", "zoom", "plain"]


def test_the_snippet_resizes_only_its_own_frames_and_carries_no_view_text():
    hostile = 'http://host/?sel=actor:"><script>alert(1)</script>&embed=true'
    code = embed_code(hostile, "A <title>")
    frame, listener = code.split("\n")
    assert "data-allies-embed" in frame and "<script>" not in frame
    assert "alert" not in listener and "title" not in listener
    assert "e.source" in listener and "alliesEmbedHeight" in listener
