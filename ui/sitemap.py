"""The dashboard's pages, in the order of the menu: each file under pages/ and its title.

app.py's navigation, the page links of every page and the address parsing (which strips a page
name to find the app's root) read this one list.
"""

from __future__ import annotations

from pathlib import PurePosixPath

# No icons: Streamlit fetches page-link icons from a font server, and nothing may leave the
# machine.
PAGES = (
    ("pages/map.py", "Map"),
    ("pages/network.py", "Network"),
    ("pages/timeline.py", "Timeline"),
    ("pages/changes.py", "What changed since the sources"),
    ("pages/sources.py", "Sources and evidence"),
    ("pages/present.py", "Present a tour"),
    ("pages/matrix.py", "Support matrix"),
    ("pages/data.py", "Data and downloads"),
    ("pages/method.py", "Method and citation"),
)
# The pages' names as they appear in an address (/network, /present, …).
PAGE_NAMES = tuple(PurePosixPath(path).stem for path, _ in PAGES)
HOME = PAGE_NAMES[0]


def href(name: str, query: str = "") -> str:
    """A link from one page to another (`name` as in PAGE_NAMES), relative to the app's root so
    that it works wherever the app is served; `query` is a query string without its '?'."""
    if name not in PAGE_NAMES:
        raise ValueError(f"no page {name!r}")
    path = "./" if name == HOME else f"./{name}"
    return f"{path}?{query}" if query else path
