"""The one way the project makes a Jinja2 environment (no streamlit): autoescaping on for every
template, undefined names fail, block tags leave no blank lines. geo/templates and ui/templates
each get one environment built here, compiled once and kept.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined


@cache
def environment(folder: Path) -> Environment:
    """The environment of a template folder."""
    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
