"""HTML from Jinja2 templates (ui/templates), escaped by default, and the CSS beside them.

One Environment, built on first use: templates are compiled once and kept, and each style sheet
in ui/static is read once. No Streamlit here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from geo import templating

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
# A container's key becomes its CSS class `st-key-<key>`, which our style sheets (ui/static,
# ui/templates) select, with Streamlit's data-testid names; neither is public API. Pinned like
# folium's internals (tests/test_fastrender.py): after an upgrade, check the styled controls.
STREAMLIT_VERSION = "1.67.0"


@cache
def environment() -> Environment:
    """The one template environment: autoescaping on for every template, undefined names fail."""
    return templating.environment(TEMPLATES)


@cache
def css(name: str) -> Markup:
    """A style sheet of ui/static, read once; it is ours, so it goes into pages unescaped."""
    return Markup((STATIC / name).read_text(encoding="utf-8"))


def render(template: str, **context: object) -> str:
    """Render a template; every value in the context is escaped unless it is Markup."""
    return environment().get_template(template).render(css=css, **context)


def style(name: str) -> str:
    """A style sheet of ui/static inside a <style> element, for st.html."""
    return render("_style.html", name=name)
