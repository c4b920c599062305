"""Iran's network of allies as an evidence dataset: loading, checking and source texts.

`load_dataset`, `Dataset`, `DatasetError` and `Problem` are re-exported lazily, so that importing a
light module such as `allies.vocab` does not import pandas, geopandas and pandera.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from allies.load import Dataset, DatasetError, load_dataset
    from allies.schema import Problem

__all__ = ["Dataset", "DatasetError", "Problem", "load_dataset"]
_HOMES = {"Dataset": "load", "DatasetError": "load", "load_dataset": "load", "Problem": "schema"}


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'allies' has no attribute {name!r}")
    return getattr(import_module(f"allies.{_HOMES[name]}"), name)
