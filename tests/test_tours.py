"""Tours: tour files parse and validate, broken ones fail with a message naming file, scene and
field; the scene's view, its HTML and the share links are built from them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from allies.load import load_dataset
from allies.queries import evidence
from allies.tours import check_tours, load_tours, read_tour, read_tours, sentences
from ui.urlstate import tour_position

ROOT = Path(__file__).resolve().parent.parent

GOOD = """\
title: A tiny tour
summary: Two scenes over the tiny dataset.
scenes:
  - title: Iran and Hezbollah
    selection: tie:r001
    layers: [proxy]
    places: [lebanon]
    center: [33.0, 42.0]
    zoom: 5
    caption: The first source says Iran arms the group. It adds that Iran helped found it.
    excerpts: [alpha-001]
  - title: Russia at the UN
    selection: actor:russia
    center: [45.0, 45.0]
    zoom: 3.5
    caption: One source says Russia backs Iran. The other is silent on it!
    excerpts: [alpha-002, alpha-004]
"""


class Elements(HTMLParser):
    """Every element of an HTML fragment as (tag, attributes, text inside it), in order."""

    VOID = frozenset({"br", "img", "hr", "meta", "input", "link"})

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.found: list[list] = []
        self.open: list[list] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        element = [tag, dict(attrs), ""]
        self.found.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for element in self.open:
            element[2] += data

    def all(self, tag: str, cls: str | None = None) -> list[list]:
        return [
            e
            for e in self.found
            if e[0] == tag and (cls is None or cls in e[1].get("class", "").split())
        ]


def write_tour(data_dir: Path, text: str, name: str = "tiny.yaml") -> Path:
    folder = data_dir / "tours"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(data_dir: Path, text: str) -> list[str]:
    write_tour(data_dir, text)
    tours, problems = load_tours(load_dataset(data_dir), data_dir)
    assert tours == [] or not problems
    return [str(p) for p in problems]


def test_a_good_tour_loads_with_its_scenes(tiny_data):
    write_tour(tiny_data, GOOD)
    tours, problems = load_tours(load_dataset(tiny_data), tiny_data)
    assert problems == []
    [tour] = tours
    assert (tour.id, tour.title, len(tour.scenes)) == ("tiny", "A tiny tour", 2)
    first, second = tour.scenes
    assert (first.selection, first.layers, first.places) == ("tie:r001", ["proxy"], ["lebanon"])
    assert (first.center, first.zoom) == ((33.0, 42.0), 5)
    assert (second.layers, second.places) == (None, [])


def test_no_tours_folder_means_no_tours(tiny_data):
    assert load_tours(load_dataset(tiny_data), tiny_data) == ([], [])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "excerpts: [alpha-001]",
            "excerpts: [alpha-999]",
            "tours/tiny.yaml, scene 1, excerpts: got 'alpha-999'; "
            "expected an id from column excerpt_id of excerpts.csv",
        ),
        (
            "selection: actor:russia",
            "selection: actor:nobody",
            "tours/tiny.yaml, scene 2, selection: got 'actor:nobody'; "
            "expected a actor id of the dataset after 'actor:'",
        ),
        (
            "selection: tie:r001",
            "selection: tie:r002",
            "tours/tiny.yaml, scene 1, selection: got 'tie:r002'; "
            "expected it on the map: add global power to the scene's layers",
        ),
        (
            "selection: actor:russia",
            "selection: actor:hezbollah",
            "tours/tiny.yaml, scene 2, selection: got 'actor:hezbollah'; "
            "expected at least one quoted excerpt to name hezbollah in its actor_ids",
        ),
        (
            "layers: [proxy]",
            "layers: [proxy, proxies]",
            "tours/tiny.yaml, scene 1, layers: got 'proxies'; expected one of proxy,",
        ),
        (
            "places: [lebanon]",
            "places: [atlantis]",
            "tours/tiny.yaml, scene 1, places: got 'atlantis'; "
            "expected an id from property place_id of places.geojson",
        ),
    ],
)
def test_a_scene_pointing_at_nothing_is_named(tiny_data, old, new, expected):
    assert old in GOOD
    [problem] = problems_of(tiny_data, GOOD.replace(old, new))
    assert problem.startswith(expected)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "zoom: 3.5",
            "zoom: 12",
            "tours/tiny.yaml, scene 2, zoom: got '12'; expected less than or equal to 8",
        ),
        (
            "center: [33.0, 42.0]",
            "center: [95.0, 42.0]",
            "tours/tiny.yaml, scene 1, center.0: got '95.0'; expected less than or equal to 90",
        ),
        (
            "caption: One source says Russia backs Iran. The other is silent on it!",
            "caption: Russia backs Iran",
            "tours/tiny.yaml, scene 2, caption: got 'Russia backs Iran'; "
            "expected two or three sentences in our own words, found 0",
        ),
        (
            "excerpts: [alpha-002, alpha-004]",
            "excerpts: [alpha-002, alpha-004, beta-001]",
            "tours/tiny.yaml, scene 2, excerpts: got '['alpha-002', 'alpha-004', 'beta-001']'; "
            "expected one or two excerpt ids",
        ),
        (
            "    zoom: 5\n",
            "",
            "tours/tiny.yaml, scene 1, zoom: missing; expected this field",
        ),
        (
            "    zoom: 5\n",
            "    zoom: 5\n    colour: red\n",
            "tours/tiny.yaml, scene 1, colour: got 'red'; unknown field",
        ),
        (
            "selection: actor:russia",
            "selection: russia",
            "tours/tiny.yaml, scene 2, selection: got 'russia'; expected kind:id",
        ),
    ],
)
def test_a_malformed_scene_is_named(tiny_data, old, new, expected):
    assert old in GOOD
    [problem] = problems_of(tiny_data, GOOD.replace(old, new))
    assert problem.startswith(expected)


def test_every_problem_of_a_file_is_reported_at_once(tiny_data):
    broken = GOOD.replace("zoom: 5", "zoom: 0").replace("caption: One", "caption: one")
    broken = broken.replace("excerpts: [alpha-002, alpha-004]", "excerpts: []")
    found = problems_of(tiny_data, broken)
    assert [p.split(":")[0] for p in found] == [
        "tours/tiny.yaml, scene 1, zoom",
        "tours/tiny.yaml, scene 2, excerpts",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: [unclosed\n", "tours/tiny.yaml: not YAML ("),
        ("", "tours/tiny.yaml: file is empty or not a mapping"),
        ("- a list\n", "tours/tiny.yaml: file is empty or not a mapping"),
        ("title: T\nsummary: S\nscenes: []\n", "tours/tiny.yaml, scenes: got '[]'; expected at"),
    ],
)
def test_an_unreadable_file_is_named(tiny_data, text, expected):
    [problem] = problems_of(tiny_data, text)
    assert problem.startswith(expected)


def test_the_file_name_is_the_id_and_must_be_a_slug(tmp_path):
    path = tmp_path / "My Tour.yaml"
    path.write_text(GOOD, encoding="utf-8")
    tour, [problem] = read_tour(path)
    assert tour is None
    assert str(problem).startswith("tours/My Tour.yaml: expected a file name of lower-case")


def test_tours_come_in_their_order(tmp_path):
    for name, order in (("b", 1), ("a", 2), ("c", 1)):
        (tmp_path / f"{name}.yaml").write_text(f"{GOOD}order: {order}\n", encoding="utf-8")
    tours, problems = read_tours(tmp_path)
    assert problems == []
    assert [t.id for t in tours] == ["b", "c", "a"]


def test_a_broken_tour_leaves_the_others_in(tiny_data):
    write_tour(tiny_data, GOOD, "good.yaml")
    write_tour(tiny_data, GOOD.replace("alpha-001]", "nope]"), "bad.yaml")
    tours, problems = load_tours(load_dataset(tiny_data), tiny_data)
    assert [t.id for t in tours] == ["good"]
    assert [p.file for p in problems] == ["tours/bad.yaml"]


def test_validate_cli_reports_tour_problems(tiny_data):
    write_tour(tiny_data, GOOD.replace("excerpts: [alpha-001]", "excerpts: [alpha-999]"))
    done = subprocess.run(
        [sys.executable, "-m", "allies.validate", str(tiny_data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "tours/tiny.yaml, scene 1, excerpts: got 'alpha-999'; "
        "expected an id from column excerpt_id of excerpts.csv",
        f"1 problem in {tiny_data}",
    ]


def test_validate_cli_counts_good_tours(tiny_data):
    write_tour(tiny_data, GOOD)
    done = subprocess.run(
        [sys.executable, "-m", "allies.validate", str(tiny_data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().endswith("1 tours (2 scenes)")


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("One. Two.", 2),
        ("It says “no.” Then it stops!", 2),
        ("U.S. forces act. Iran too.", 2),
        ("No full stop", 0),
        ("One. Two? Three! Four.", 4),
    ],
)
def test_sentences_are_counted(text, count):
    assert sentences(text) == count


def test_check_tours_on_the_tiny_dataset_accepts_a_place_selection(tiny_data):
    write_tour(tiny_data, GOOD.replace("selection: tie:r001", "selection: place:lebanon"))
    tours, problems = read_tours(tiny_data / "tours")
    assert problems == []
    assert check_tours(tours, load_dataset(tiny_data)) == []


# --- the address of a scene ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ("a", 0, False)),
        ({"tour": "b", "scene": "2"}, ("b", 1, False)),
        ({"tour": "b"}, ("b", 0, False)),
        ({"tour": "b", "scene": "3"}, ("b", 0, True)),
        ({"tour": "zz", "scene": "1"}, ("a", 0, True)),
        ({"tour": "a", "scene": "-1"}, ("a", 0, True)),
        ({"tour": "a", "scene": "two"}, ("a", 0, True)),
        ({"tour": ["a", "b"], "scene": ["1", "2"]}, ("b", 1, False)),
    ],
)
def test_tour_position_reads_and_cleans_the_address(params, expected):
    assert tour_position(params, {"a": 3, "b": 2}) == expected


# --- the scene on screen -----------------------------------------------------------------------


def test_scene_view_and_html(tiny_data):
    from ui.data import choices
    from ui.present import scene_html, scene_view

    hostile = GOOD.replace("title: Iran and Hezbollah", "title: <script>alert(1)</script>")
    write_tour(tiny_data, hostile)
    ds = load_dataset(tiny_data)
    [tour], _ = load_tours(ds, tiny_data)
    view = scene_view(tour.scenes[0], choices(ds))
    assert (str(view.selection), view.layers, view.places) == ("tie:r001", ("proxy",), ("lebanon",))
    everything = scene_view(tour.scenes[1], choices(ds))
    assert everything.layers == choices(ds).layers and everything.places == ()

    page = Elements(scene_html(ds, evidence(ds), tour, 0))
    assert page.all("script") == []
    [title] = page.all("h2")
    assert title[2] == "<script>alert(1)</script>"
    assert page.all("p", "kicker")[0][2] == "A tiny tour · scene 1 of 2"
    quotes = page.all("blockquote")
    assert [q[1]["data-excerpt"] for q in quotes] == ["alpha-001"]
    quote = ds.excerpts.set_index("excerpt_id").at["alpha-001", "quote"]
    assert f"“{quote}”" in quotes[0][2]


def test_a_scene_shows_the_context_notes_of_its_selection(tiny_data):
    from ui.present import scene_html

    ds = load_dataset(tiny_data)
    notes = ds.context_notes
    assert len(notes), "the tiny dataset has a context note"
    subject_type, subject_id = notes.iloc[0]["subject_type"], notes.iloc[0]["subject_id"]
    kind = {"actor": "actor", "relationship": "tie", "place": "place"}[subject_type]
    text = GOOD.replace("selection: tie:r001", f"selection: {kind}:{subject_id}")
    text = text.replace("layers: [proxy]", "layers: [proxy, global power]")
    write_tour(tiny_data, textwrap.dedent(text))
    [tour], problems = load_tours(ds, tiny_data)
    assert problems == []
    [note] = Elements(scene_html(ds, evidence(ds), tour, 0)).all("div", "note")
    assert "Context — not from the sources" in note[2]
    assert notes.iloc[0]["note"] in note[2]


# --- share links -------------------------------------------------------------------------------


def test_share_url_keeps_only_the_view_and_adds_embed():
    from ui.share import iframe_snippet
    from ui.urlstate import share_url

    params = {"sel": "actor:hezbollah", "tour": "crink", "scene": "2", "utm": "x", "layers": ""}
    url = share_url("http://host/present", params)
    assert url == "http://host/present?sel=actor:hezbollah&tour=crink&scene=2"
    embed = share_url("http://host/", params, embed=True)
    assert embed.endswith("&embed=true")
    assert share_url("http://host/", {}) == "http://host/"
    assert (
        share_url("http://host:8501", {"sel": "actor:iran"}) == "http://host:8501/?sel=actor:iran"
    )
    hostile = share_url("http://host/", {"sel": 'actor:"><script>'})
    snippet = iframe_snippet(hostile, 'A "title"')
    page = Elements(snippet)
    [frame] = page.all("iframe")
    assert page.all("script") == []
    assert frame[1]["src"] == hostile and frame[1]["title"] == 'A "title"'


def test_a_tour_made_on_the_map_round_trips_through_its_file(tiny_data, tmp_path):
    from allies.tours import draft_tour, quotable, tour_yaml

    ds = load_dataset(tiny_data)
    assert quotable(ds, "tie:r001") == ["alpha-001", "alpha-003"]
    assert quotable(ds, "actor:russia") == ["alpha-002", "alpha-004"]
    assert quotable(ds, None) == []
    scene = {
        "title": "Russia",
        "caption": "One sentence here. And a second.",
        "excerpts": ["alpha-002"],
        "selection": "actor:russia",
        "layers": ["global power"],
        "places": [],
        "center": (45.0, 45.0),
        "zoom": 4,
    }
    tour, problems = draft_tour("mine", "Mine", "Made on the map.", [scene])
    assert problems == []
    path = tmp_path / "mine.yaml"
    path.write_text(tour_yaml(tour), encoding="utf-8")
    again, problems = read_tour(path)
    assert problems == [] and again == tour
    assert check_tours([again], ds) == []
    _, [problem] = draft_tour("mine", "Mine", "Made.", [{**scene, "zoom": 40}])
    assert str(problem).startswith("tours/mine.yaml, scene 1, zoom: got '40'")
