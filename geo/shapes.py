"""Country outlines for the map, read from the committed geo/countries.geojson."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

COUNTRIES_PATH = Path(__file__).with_name("countries.geojson")


def load_countries(path: Path = COUNTRIES_PATH) -> gpd.GeoDataFrame:
    """Country shapes in WGS84 with columns iso3, name, geometry (one row per ISO3 code)."""
    frame = gpd.read_file(path)
    frame = frame[["iso3", "name", "geometry"]]
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    return frame.reset_index(drop=True)
