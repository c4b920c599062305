"""The data dictionary's vocabulary tables are generated from allies.vocab and kept current."""

from pathlib import Path

from allies import vocab

README = Path(__file__).resolve().parent.parent / "data" / "README.md"


def test_data_readme_tables_match_the_vocabularies():
    text = README.read_text(encoding="utf-8")
    assert vocab.START in text and vocab.END in text
    assert vocab.with_tables(text) == text, "run: python -m allies.vocab --write"


def test_every_value_has_a_meaning():
    for _title, (_column, values) in vocab.VOCABULARIES.items():
        assert values
        assert all(str(meaning).strip() for meaning in values.values())


def test_palette_is_distinct():
    colours = [c.colour.lower() for c in vocab.CATEGORIES.values()]
    assert len(set(colours)) == len(colours)
