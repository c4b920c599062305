"""Tours carried by their link alone: they round-trip, stay short, and a damaged, truncated or
hostile link gives problems, never an exception."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
import yaml
from test_tours import GOOD

from allies import tourlink
from allies.load import load_dataset
from allies.tours import Tour, load_tours


@pytest.fixture
def tiny_tour(tiny_data):
    tour = Tour.model_validate({**yaml.safe_load(GOOD), "id": "tiny"})
    return tour, load_dataset(tiny_data)


def pack(data) -> str:
    """A payload made by hand, as an attacker would."""
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(raw) + packer.flush()
    return "1." + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def test_a_tour_round_trips_through_its_link(tiny_tour):
    tour, ds = tiny_tour
    code = tourlink.encode(tour)
    assert code.startswith("1.") and all(c.isalnum() or c in "-_." for c in code)
    back, problems = tourlink.decode(code, ds)
    assert problems == []
    assert back.id == tourlink.SHARED_ID
    assert back.title == tour.title and back.scenes == tour.scenes


def test_speaker_notes_stay_out_of_the_class_link(tiny_tour):
    tour, ds = tiny_tour
    scenes = [s.model_copy(update={"notes": "Ask who funds whom."}) for s in tour.scenes]
    noted = tour.model_copy(update={"scenes": scenes})
    assert tourlink.decode(tourlink.encode(noted), ds)[0].scenes[0].notes is None
    with_notes = tourlink.decode(tourlink.encode(noted, notes=True), ds)[0]
    assert with_notes.scenes[0].notes == "Ask who funds whom."


def test_a_six_scene_tour_makes_a_link_under_the_target():
    """Measured on the longest shipped tour of six scenes or more, in the address a teacher
    copies: the present page of a hosted copy, the tour and the first scene."""
    ds = load_dataset()
    tours, _ = load_tours(ds)
    six = [t for t in tours if len(t.scenes) >= 6]
    assert six
    base = "https://iran-allies.streamlit.app/present?tour=shared&scene=1&t="
    for tour in six:
        link = base + tourlink.encode(tour)
        assert len(link) < tourlink.TARGET_LINK, (tour.id, len(link))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "expected a link made by this dashboard"),
        ("2.abc", "expected a link made by this dashboard"),
        ("1.", "damaged or incomplete"),
        ("1.!!!not-base64", "damaged or incomplete"),
        ("1." + "A" * 40, "damaged or incomplete"),
        ("1." + "x" * 7000, "too long"),
    ],
)
def test_a_damaged_link_is_named(tiny_tour, text, expected):
    _, ds = tiny_tour
    tour, problems = tourlink.decode(text, ds)
    assert tour is None
    assert expected in " ".join(str(p) for p in problems)
    assert all(str(p).startswith("the tour link") for p in problems)


def test_a_truncated_link_is_damaged_not_a_crash(tiny_tour):
    tour, ds = tiny_tour
    code = tourlink.encode(tour)
    for cut in (len(code) - 1, len(code) - 5, len(code) // 2, 3):
        got, problems = tourlink.decode(code[:cut], ds)
        assert got is None and problems, cut


def test_a_hostile_link_is_refused_with_a_message(tiny_tour):
    _, ds = tiny_tour
    data = yaml.safe_load(GOOD)
    bomb = pack(b"[" * 10 + b" " * 200_000)
    deep = pack(b"[" * 20_000 + b"]" * 20_000)
    extra = pack({**data, "scenes": [{**data["scenes"][0], "script": "<script>x</script>"}]})
    wrong_type = pack({**data, "scenes": "<img src=x onerror=alert(1)>"})
    unknown = pack({**data, "scenes": [{**data["scenes"][0], "excerpts": ["nope-1"]}]})
    for code, expected in [
        (bomb, "damaged or incomplete"),
        (deep, "not a tour"),
        (pack([1, 2, 3]), "not a tour"),
        (pack(b"\xff\xfe"), "not a tour"),
        (extra, "scene 1, script: "),
        (wrong_type, "scenes: got '<img"),
        (unknown, "scene 1, excerpts: got 'nope-1'"),
    ]:
        got, problems = tourlink.decode(code, ds)
        assert got is None, expected
        assert expected in " ".join(str(p) for p in problems), (expected, problems)
