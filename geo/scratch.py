"""A throwaway map to render feature groups against, as streamlit-folium does with the groups it
adds (`feature_group_to_add`): the script of each group, named as the component expects.

Like geo.fastrender, this leans on folium's and branca's private parts (`_children`, `_id`),
pinned with their versions by tests/test_fastrender.py.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import folium
from branca.element import Element

# Scratch maps not in use, each with the children its elements had when made. Streamlit runs
# each script run on a thread of its own, so a map per thread was made again on every run (a
# folium Map compiles its templates: 2 % of a loaded server's time); a map goes back here after
# use, as it was made, up to SPARE_MAPS of them (a crowd of runs at once would otherwise leave
# as many maps behind).
SPARE_MAPS = 4
_Made = list[tuple[Element, dict]]
_spare_maps: list[tuple[folium.Map, _Made]] = []
_spare_lock = threading.Lock()


def _new_scratch() -> tuple[folium.Map, _Made]:
    scratch = folium.Map(tiles=None)
    root = scratch.get_root()
    parts = (scratch, root, root.header, root.html, root.script)
    return scratch, [(part, part._children.copy()) for part in parts]


@contextmanager
def scratch_map() -> Iterator[folium.Map]:
    """A map to render feature groups against, used by one caller at a time and put back as it
    was made afterwards: rendering a group adds it to the map and its script to the map's page,
    and streamlit-folium names the map `map_div` in the text of a group whatever map it was
    rendered with."""
    with _spare_lock:
        spare = _spare_maps.pop() if _spare_maps else None
    scratch, made = spare or _new_scratch()
    try:
        yield scratch
    finally:
        for part, children in made:
            part._children = children.copy()
        with _spare_lock:
            if len(_spare_maps) < SPARE_MAPS:
                _spare_maps.append((scratch, made))


def numbered_group(name: str, control: bool, index: int) -> folium.FeatureGroup:
    """An empty feature group with the name streamlit-folium gives the `index`-th group it
    adds to a map (what a layer control's text refers to)."""
    holder = folium.FeatureGroup(name=name, control=control)
    holder._id = f"feature_group_{index}"
    return holder
