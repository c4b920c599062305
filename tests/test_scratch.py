"""geo.scratch: the map groups are rendered against is reused, never shared, put back as made."""

from __future__ import annotations

import folium
import streamlit_folium as sf

from geo.scratch import numbered_group, scratch_map


def test_a_scratch_map_is_never_shared_at_once_and_comes_back_as_it_was_made():
    def parts(scratch):
        root = scratch.get_root()
        return [len(scratch._children)] + [
            len(getattr(root, name)._children) for name in ("header", "html", "script")
        ]

    with scratch_map() as first:
        made = parts(first)
        for i in range(3):  # rendering groups adds them to the map and their script to its page
            group = folium.FeatureGroup(name=f"group {i}")
            folium.Marker([1.0, 2.0], tooltip="a marker").add_to(group)
            sf._get_feature_group_string(group, map=first, idx=i)
        assert parts(first) != made
        with scratch_map() as second:
            assert second is not first
    with scratch_map() as again:
        assert again is first
        assert parts(again) == made


def test_a_numbered_group_is_named_as_streamlit_folium_names_the_groups_it_adds():
    assert numbered_group("Proxies", True, 3).get_name() == "feature_group_feature_group_3"
