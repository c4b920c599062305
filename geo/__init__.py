"""Geometry and map building: country shapes, arcs, decluttering, folium layers (no streamlit)."""
