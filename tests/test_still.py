"""Stills of a view (geo.still, ui.stills): the same actors, ties and places as the live map,
labels as text that never overlap, the live map's tie styles, the formats, and a command line
that refuses bad input and then writes nothing."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from allies import queries
from allies.selection import Selection
from geo import mapbuild, still
from geo.drawn import DrawnActor, DrawnTie, DrawnView
from geo.labels import _overlaps
from geo.shapes import load_countries
from geo.stillparts import Words, describe
from ui import stills
from ui.urlstate import filters

SVG = "{http://www.w3.org/2000/svg}"
ADDRESSES = (
    "",
    "?sel=actor:hezbollah",
    "?sel=tie:r002&layers=global%20power",
    "?sel=place:lebanon&places=lebanon,oil_route",
    "?layers=none",
    "?view=world&status=active",
)
WORDS = Words("A <title> & more", "As of 2025", "Sources: test.")


@pytest.fixture(scope="module")
def countries():
    return load_countries()


def live_ids(ds, countries, view) -> dict[str, set[str]]:
    """What the live map's layers draw for a view: markers, tie lines and places, read from
    the Leaflet items (class hooks) and the marker positions, not from geo.drawn."""
    shown = queries.visible(ds, filters(view))
    built = mapbuild.layers(shown, countries, selection=view.selection)
    classes = " ".join(str(item["o"].get("className", "")) for item in built.items())
    return {
        "actor": set(built.positions),
        "tie": set(re.findall(r"ally-tie-(\S+)", classes)) - {"hit"},
        "place": set(re.findall(r"ally-place-(\S+)", classes)),
    }


def svg_ids(svg: bytes) -> dict[str, set[str]]:
    ids = re.findall(rb'id="(actor|tie|place):([^"]+)"', svg)
    out: dict[str, set[str]] = {"actor": set(), "tie": set(), "place": set()}
    for kind, ident in ids:
        out[kind.decode()].add(ident.decode())
    return out


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_still_draws_what_the_live_map_draws(sample, countries, address):
    view = stills.read_address(address, sample)
    made, _ = stills.view_still(sample, countries, view)
    expected = live_ids(sample, countries, view)
    assert made.ids == expected
    assert svg_ids(made.save("svg")) == expected


def test_the_sample_views_draw_something_to_compare(sample, countries):
    view = stills.read_address("?places=lebanon,oil_route", sample)
    ids = live_ids(sample, countries, view)
    assert ids["actor"] >= {"iran", "hezbollah", "russia"} and ids["tie"] and ids["place"]


def test_an_svg_keeps_its_labels_and_words_as_text(sample, countries):
    view = stills.read_address("?sel=actor:hezbollah", sample)
    made, _ = stills.view_still(sample, countries, view, heading="A <title> & more")
    root = ET.fromstring(made.save("svg"))
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}
    assert {"Iran", "Hezbollah", "A <title> & more", "Legend"} <= texts
    assert any(t.startswith("Sources:") for t in texts)
    assert not list(root.iter(f"{SVG}image"))  # vector, not a picture of a map


def test_labels_never_overlap_each_other_or_other_markers():
    crowd = tuple(
        DrawnActor(
            f"a{i}",
            f"Actor {i}",
            f"Actor number {i}",
            "proxy",
            "non-state armed group",
            (33.0 + (i % 5) * 0.4, 35.0 + (i // 5) * 0.5),
            (33.0, 35.0),
            4,
            False,
        )
        for i in range(40)
    )
    drawn = DrawnView(crowd, (), (), {}, None, ())
    frame = still.frame_at((33.5, 36.5), 5, 900, 600)
    boxes = still.place_labels(drawn, frame, [])
    assert 3 <= len(boxes) < len(crowd)  # some fit, the crowd does not
    items = list(boxes.items())
    for n, (a, box) in enumerate(items):
        assert not any(_overlaps(box, other) for _, other in items[n + 1 :]), a
    for actor in crowd:
        x, y = frame.px(*still.xy(actor.pos))
        marker = (x - 9, y - 9, x + 9, y + 9)
        assert not any(_overlaps(box, marker) for a, box in items if a != actor.actor_id)


def test_labels_follow_the_live_maps_label_zooms():
    actors = tuple(
        DrawnActor(a, a, a.title(), "proxy", "state", pos, pos, zoom, False)
        for a, pos, zoom in (("near", (33.0, 35.0), 4), ("far", (20.0, 50.0), 8))
    )
    drawn = DrawnView(actors, (), (), {}, None, ())
    boxes = still.place_labels(drawn, still.frame_at((27, 42), 4, 900, 600), [])
    assert set(boxes) == {"near"}  # "far" waits for zoom 8 on the live map too


def tie(rel_id, status, strength, emphasis="plain"):
    pts = ((33.0, 35.0), (34.0, 45.0), (35.0, 51.0))
    return DrawnTie(
        rel_id,
        "a",
        "b",
        "A → B",
        "proxy",
        "proxy support",
        status,
        strength,
        (),
        None,
        None,
        pts,
        emphasis,
        (),
    )


def test_ties_are_drawn_wider_by_strength_and_dashed_by_status(countries):
    ties = (tie("t1", "active", 1), tie("t3", "active", 3), tie("tw", "weakened", 2))
    drawn = DrawnView((), ties, (), {}, None, ())
    svg = still.render(drawn, countries, WORDS, center=(34, 44), zoom=4).save("svg").decode()

    def style(rel_id):
        return re.search(rf'<g id="tie:{rel_id}">\s*<path [^>]*style="([^"]+)"', svg).group(1)

    def width(rel_id):
        return float(re.search(r"stroke-width: ([\d.]+)", style(rel_id)).group(1))

    assert width("t1") < width("tw") < width("t3")
    assert "stroke-dasharray" not in style("t1")
    assert "stroke-dasharray: 7.5,5.25" in style("tw")  # 10 7 px, as on the live map


def test_formats_and_sizes(sample, countries):
    view = stills.read_address("?sel=actor:iran", sample)
    made, alt = stills.view_still(sample, countries, view)
    png = made.save("png")
    assert Image.open(io.BytesIO(png)).size == (2560, 1440)  # a 16:9 slide at 2×
    assert Image.open(io.BytesIO(made.save("png", 1))).size == (1280, 720)
    assert made.save("pdf").startswith(b"%PDF")
    assert made.save("svg") == made.save("svg")  # no dates: the same view, the same bytes
    with pytest.raises(ValueError):
        made.save("gif")
    assert alt.startswith("Map: ") and "Iran" in alt


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")
def test_a_pdf_still_embeds_its_fonts(sample, countries, tmp_path):
    view = stills.read_address("?sel=actor:iran", sample)
    made, _ = stills.view_still(sample, countries, view)
    (tmp_path / "v.pdf").write_bytes(made.save("pdf"))
    out = subprocess.run(["pdffonts", str(tmp_path / "v.pdf")], capture_output=True, text=True)
    rows = out.stdout.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)


def test_describe_names_what_is_drawn():
    actor = DrawnActor("x", "Xland", "X", "proxy", "state", (1, 1), (1, 1), 0, True)
    text = describe(DrawnView((actor,), (), (), {}, Selection("actor", "x"), ()), "T")
    assert text.startswith("Map: T.") and "Xland is selected" in text


@pytest.mark.parametrize(
    "address",
    [
        "?sel=actor:nobody",
        "?sel=<script>alert(1)</script>",
        "?layers=proxy&bogus=1",
        "?asof=99999",
        "?" + "a" * 5000,
    ],
)
def test_a_hostile_address_is_refused(sample, address):
    with pytest.raises(stills.AddressError):
        stills.read_address(address, sample)


def test_the_command_line_writes_a_still_or_nothing(sample_data, tmp_path):
    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "ui.stills", *args, "--data", str(sample_data)],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
            timeout=120,
        )

    good = tmp_path / "view.svg"
    done = cli("?sel=actor:hezbollah&layers=proxy", "--out", str(good))
    assert done.returncode == 0, done.stderr
    assert good.read_bytes().startswith(b"<?xml")
    for address, out in (
        ("?sel=<script>", tmp_path / "bad.svg"),
        ("?sel=actor:iran", tmp_path / "bad.gif"),
        ("?sel=actor:iran", tmp_path / "missing" / "x.png"),
    ):
        done = cli(address, "--out", str(out))
        assert done.returncode == 2 and "nothing written" in done.stderr
        assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.svg"]


def test_a_scene_still_uses_the_scenes_frame(sample, countries):
    view = replace(stills.read_address("", sample), view="region")
    made, _ = stills.view_still(sample, countries, view, center=(33.9, 35.5), zoom=6)
    frame = made.frame
    assert frame is not None and round(frame.zoom) == 6
    assert frame.x0 < 35.5 < frame.x1
