"""AppTest flows of the support matrix, data and method pages, on the tiny dataset."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import keys

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def tiny(tiny_data, monkeypatch):
    monkeypatch.setenv("ALLIES_DATA", str(tiny_data))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(page: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.switch_page(f"pages/{page}")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def html(at: AppTest) -> str:
    return "".join(str(el.proto.body) for el in at.get("html"))


# --- support matrix -------------------------------------------------------------------------------


def test_the_matrix_opens_a_cell_from_its_address():
    at = open_page("matrix.py", {"cell": "hezbollah/arms", "sel": "tie:r001"})
    body = html(at)
    assert 'data-cell="hezbollah/arms"' in body
    assert 'data-excerpt="alpha-001"' in body and 'data-excerpt="alpha-003"' in body
    assert at.query_params["cell"] == "hezbollah/arms"
    assert at.query_params["sel"] == "tie:r001"


def test_the_direction_control_reads_the_rows_the_other_way_and_is_shared():
    at = open_page("matrix.py", {"cell": "hezbollah/arms"})
    at.button_group(key=keys.MATRIX_DIRECTION).set_value("gives").run()
    assert not at.exception
    assert at.query_params["dir"] == "gives"
    # Hezbollah gives no arms in the tiny data: the cell closes and leaves the address.
    assert "cell" not in at.query_params
    assert "Pick a cell" in html(at)
    at = open_page("matrix.py", {"dir": "gives", "cell": "iran/arms"})
    assert 'data-cell="iran/arms"' in html(at)


def test_the_matrix_follows_the_filters_and_drops_a_cell_they_hide():
    at = open_page("matrix.py", {"cell": "hezbollah/arms", "layers": "global power"})
    assert "cell" not in at.query_params
    assert at.query_params["layers"] == "global power"
    assert "Pick a cell" in html(at)
    assert any("Filters from the Map page" in c.value for c in at.sidebar.caption)


def test_a_bad_matrix_link_is_cleaned_with_one_notice():
    at = open_page("matrix.py", {"dir": "<script>", "layers": "bogus"})
    assert "dir" not in at.query_params and "layers" not in at.query_params
    assert len(at.toast) >= 1
    assert all("<script>" not in t.value for t in at.toast)


# --- data and downloads ---------------------------------------------------------------------------


def test_the_data_page_shows_a_typed_table_and_searches_it():
    at = open_page("data.py", {"table": "relationships"})
    frame = at.dataframe[0].value
    assert list(frame["rel_id"]) == ["r001", "r002"]
    assert str(frame["strength"].dtype) == "Int64"
    at.text_input(key=keys.DATA_SEARCH).input("russia").run()
    assert list(at.dataframe[0].value["rel_id"]) == ["r002"]
    assert at.query_params["q"] == "russia" and at.query_params["table"] == "relationships"


def test_the_data_follows_the_filters_with_an_option_for_everything():
    at = open_page("data.py", {"layers": "proxy", "table": "actors"})
    assert set(at.dataframe[0].value["actor_id"]) == {"iran", "hezbollah"}
    at.radio(key=keys.DATA_SCOPE).set_value("all").run()
    assert set(at.dataframe[0].value["actor_id"]) == {"iran", "hezbollah", "russia", "china"}
    assert at.query_params["scope"] == "all"
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Everything: a zip with datapackage.json" in labels
    assert "Places as GeoJSON" in labels
    # One CSV per table: eight, and references.csv (the reports the notes cite) since issue 15.
    assert sum(label.endswith("(CSV)") for label in labels) == 9
    assert "Reports the notes cite (CSV)" in labels


def test_the_table_picker_switches_tables():
    at = open_page("data.py")
    at.button_group(key=keys.DATA_TABLE).set_value("excerpts").run()
    assert "quote" in at.dataframe[0].value.columns
    assert at.query_params["table"] == "excerpts"


# --- method and citation --------------------------------------------------------------------------


def test_the_method_page_cites_the_current_view():
    at = open_page("method.py", {"sel": "actor:hezbollah", "layers": "proxy"})
    text = "\n".join(m.value for m in at.markdown)
    assert "## How to cite" in text
    assert "/?sel=actor:hezbollah&layers=proxy" in at.code[0].value
    assert "Tiny Allies Of Iran" in text and "Friends Of Tehran" in text
    assert "Natural Earth" in text
    assert dict(at.query_params) == {"sel": "actor:hezbollah", "layers": "proxy"}
