"""A tour written in a spreadsheet: one row a scene, checked like a tour file, every problem
named by row and column."""

from __future__ import annotations

import pytest

from allies.load import load_dataset
from allies.tourcsv import read_csv

HEADER = "title,caption,selection,excerpts\n"
GOOD_ROWS = (
    'Iran and Hezbollah,"The first source says Iran arms the group. It adds more.",'
    "tie:r001,alpha-001\n"
    'Russia,"One source says Russia backs Iran. The other is silent!",actor:russia,'
    '"alpha-002; alpha-004"\n'
)


@pytest.fixture
def ds(tiny_data):
    return load_dataset(tiny_data)


def read(ds, text: str):
    return read_csv(text.encode("utf-8"), ds, "Our tour", "From a sheet.")


def test_a_sheet_becomes_a_tour_whose_map_looks_at_each_selection(ds):
    tour, problems = read(ds, HEADER + GOOD_ROWS)
    assert problems == []
    first, second = tour.scenes
    assert (first.title, first.selection, first.excerpts) == (
        "Iran and Hezbollah",
        "tie:r001",
        ["alpha-001"],
    )
    assert second.excerpts == ["alpha-002", "alpha-004"]
    seats = ds.actors.set_index("actor_id")
    assert second.center == (seats.at["russia", "lat"], seats.at["russia", "lon"])
    middle = (
        seats.loc[["iran", "hezbollah"], "lat"].mean(),
        seats.loc[["iran", "hezbollah"], "lon"].mean(),
    )
    assert first.center == pytest.approx(middle)


def test_a_semicolon_sheet_with_a_byte_order_mark_and_optional_columns_reads(ds):
    text = "\ufefftitle;caption;selection;excerpts;zoom;notes\n" + (
        'Russia;"One source says Russia backs Iran. The other is silent!";actor:russia;'
        "alpha-002;6;Ask about the UN.\n"
    )
    tour, problems = read(ds, text)
    assert problems == []
    assert (tour.scenes[0].zoom, tour.scenes[0].notes) == (6, "Ask about the UN.")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            'A,"Only one sentence.",actor:russia,alpha-002\n',
            "row 2, column caption: got 'Only one sentence.'; expected two or three sentences",
        ),
        (
            GOOD_ROWS + ',"One. Two.",actor:russia,alpha-002\n',
            "row 4, column title: got ''; expected at least 1 character",
        ),
        (
            'A,"One. Two.",actor:russia,alpha-999\n',
            "row 2, column excerpts: got 'alpha-999'; expected an id from column excerpt_id",
        ),
        (
            'A,"One. Two.",actor:nobody,alpha-002\n',
            "row 2, column selection: got 'actor:nobody'; expected a actor id of the dataset",
        ),
        (
            'A,"One. Two.",russia,alpha-002\n',
            "row 2, column selection: got 'russia'; expected kind:id",
        ),
        ('A,"One. Two.",actor:russia,\n', "row 2, column excerpts: "),
    ],
)
def test_every_problem_names_its_row_and_column(ds, rows, expected):
    tour, problems = read(ds, HEADER + rows)
    assert tour is None
    assert any(str(p).startswith(expected) for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"name,caption\n", "row 1, column title: missing; expected the columns"),
        (b"title,caption,selection,excerpts,colour\n", "row 1, column colour: unknown"),
        (HEADER.encode(), "no scenes"),
        (b"\xff\xfe\x00t", "not UTF-8"),
        (HEADER.encode() + b"x" * 300_000, "too big"),
    ],
)
def test_a_file_that_is_not_a_tour_sheet_is_named(ds, data, expected):
    tour, problems = read_csv(data, ds, "T", "S")
    assert tour is None
    assert expected in " ".join(str(p) for p in problems)
