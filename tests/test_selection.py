"""The selection value: one text form, parsed and written in one place."""

from __future__ import annotations

import pytest

from allies.selection import KINDS, Selection, id_of, text_of


@pytest.mark.parametrize("kind", KINDS)
def test_text_form_round_trips(kind):
    selection = Selection(kind, "some-id_1")
    assert str(selection) == f"{kind}:some-id_1"
    assert Selection.parse(str(selection)) == selection


def test_parse_keeps_everything_after_the_first_colon_as_the_id():
    # Such an id names no row, so the URL state drops it and the panel shows the orientation.
    assert Selection.parse("actor:hezbollah:extra") == Selection("actor", "hezbollah:extra")


@pytest.mark.parametrize(
    "text", [None, "", "hezbollah", "actor:", ":iran", "actr:iran", "Actor:iran", " actor:iran", 7]
)
def test_anything_else_parses_to_none(text):
    assert Selection.parse(text) is None


@pytest.mark.parametrize(("kind", "ident"), [("country", "iran"), ("actor", ""), ("tie", None)])
def test_a_selection_cannot_be_built_wrong(kind, ident):
    with pytest.raises(ValueError, match="selection"):
        Selection(kind, ident)


def test_a_selection_is_a_frozen_hashable_value_that_unpacks():
    selection = Selection("tie", "r001")
    assert {selection: 1}[Selection("tie", "r001")] == 1
    kind, ident = selection
    assert (kind, ident) == ("tie", "r001")
    with pytest.raises(AttributeError):
        selection.id = "r002"  # type: ignore[misc]
    assert selection != ("tie", "r001")  # not equal to a plain tuple
    assert selection != "tie:r001"  # nor to its text form


def test_helpers_for_optional_selections():
    assert id_of(Selection("place", "bab"), "place") == "bab"
    assert id_of(Selection("place", "bab"), "actor") is None
    assert id_of(None, "tie") is None
    assert text_of(None) is None
    assert text_of(Selection("actor", "iran")) == "actor:iran"


# --- the registry of selection kinds (allies.selection.TABLES) -------------------------------


def test_every_kind_has_a_table_and_each_selection_finds_its_row(sample):
    from allies.selection import TABLES, everything, exists, row_of, subject_of

    assert set(TABLES) == set(KINDS)
    picks = everything(sample)
    assert len(picks) == len(sample.actors) + len(sample.relationships) + len(sample.places)
    for pick in picks:
        assert exists(sample, pick)
        assert row_of(sample, pick)[TABLES[pick.kind].key] == pick.id
    assert subject_of(Selection("tie", "r001")) == ("relationship", "r001")
    for missing in (Selection("actor", "nobody"), Selection("tie", "iran"), None):
        assert not exists(sample, missing) and row_of(sample, missing) is None
