"""The data page's parts: typed table views and the downloads (CSV, GeoJSON, the data package)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from allies import package
from allies.load import Dataset
from allies.queries import Visible
from allies.schema import TABLES

SCOPES = ("view", "all")
SCOPE_LABELS = {"view": "The current view (the Map's filters)", "all": "Everything"}
TABLE_LABELS = {
    "actors": "Actors",
    "relationships": "Ties",
    "excerpts": "Excerpts",
    "events": "Events",
    "places": "Places",
    "disagreements": "Disagreements",
    "context_notes": "Context notes",
    "references": "Reports the notes cite",
    "sources": "Sources",
}


def tables(ds: Dataset, shown: Visible, scope: str, address: str) -> package.Tables:
    """The rows a download holds: everything, or what the current view stands on."""
    if scope == "all":
        return package.everything(ds)
    return package.in_view(ds, shown, f"the rows behind one view of the dashboard ({address})")


def column_config(name: str) -> dict:
    """Streamlit column types for a table, from the loader's schema."""
    config = {}
    for column, spec in TABLES[name].schema.columns.items():
        kind, help_text = spec.metadata["kind"], spec.metadata["expected"]
        if kind == "list":
            config[column] = st.column_config.ListColumn(column, help=help_text)
        elif kind == "int":
            config[column] = st.column_config.NumberColumn(column, help=help_text, format="%d")
        elif kind == "float":
            config[column] = st.column_config.NumberColumn(column, help=help_text, format="%.2f")
        elif kind == "bool":
            config[column] = st.column_config.CheckboxColumn(column, help=help_text)
        else:
            config[column] = st.column_config.TextColumn(column, help=help_text)
    return config


def display_frame(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """A table as st.dataframe shows it: lists as lists, places' shapes by their type."""
    columns = TABLES[name].columns
    out = frame[columns].copy()
    for column, spec in TABLES[name].schema.columns.items():
        if spec.metadata["kind"] == "list":
            out[column] = out[column].map(list)
    if name == "places":
        out["shape"] = frame["geometry"].map(lambda g: g.geom_type if g is not None else "")
    return out.reset_index(drop=True)


def search(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """The rows in which some cell contains the text (any case; list items count)."""
    needle = text.strip().casefold()
    if not needle:
        return frame

    def hit(row: pd.Series) -> bool:
        for value in row:
            items = value if isinstance(value, list | tuple) else (value,)
            if any(needle in str(item).casefold() for item in items if not _missing(item)):
                return True
        return False

    return frame[frame.apply(hit, axis=1)] if len(frame) else frame


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def buttons(files: dict[str, bytes], scope: str) -> None:
    """A download per table (CSV), the places as GeoJSON, and the whole package as a zip."""
    suffix = "" if scope == "all" else "-view"
    st.download_button(
        "Everything: a zip with datapackage.json"
        if scope == "all"
        else "This view: a zip with datapackage.json",
        files["zip"],
        file_name=f"{package.PACKAGE_NAME}{suffix}.zip",
        mime="application/zip",
        on_click="ignore",
        type="primary",
        icon=":material/folder_zip:",
    )
    st.download_button(
        "Places as GeoJSON",
        files["geojson"],
        file_name=f"places{suffix}.geojson",
        mime="application/geo+json",
        on_click="ignore",
        icon=":material/map:",
    )
    cols = st.columns(4)
    for index, (name, label) in enumerate(TABLE_LABELS.items()):
        cols[index % 4].download_button(
            f"{label} (CSV)",
            files[name],
            file_name=f"{TABLES[name].file.removesuffix('.geojson').removesuffix('.csv')}"
            f"{suffix}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/table:",
        )
