"""Derive geo/countries.geojson from Natural Earth's low-resolution countries.

Run once, then commit the output: `python -m geo.build_countries`.

The source is the 1:110m Natural Earth admin-0 countries layer (public domain) that pyogrio
ships among its test fixtures. The script keeps the name and the ISO 3166-1 alpha-3 code,
simplifies the outlines, snaps coordinates to a 0.01° grid and writes compact GeoJSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

OUTPUT = Path(__file__).with_name("countries.geojson")

TOLERANCE_DEG = 0.05
DECIMALS = 2

# Natural Earth gives -99 where a country's ISO code is disputed or unassigned. France and
# Norway get their codes back; Kosovo gets XKX, the user-assigned code that the EU and IMF
# use. Northern Cyprus and Somaliland have no ISO code: they are merged into the states that
# ISO 3166 counts them in, so each code has exactly one shape.
ISO3_FIXES = {
    "France": "FRA",
    "Norway": "NOR",
    "Kosovo": "XKX",
    "N. Cyprus": "CYP",
    "Somaliland": "SOM",
}

# Antarctica is dropped: nothing in the dataset is there, and Web Mercator inflates it.
DROP = {"ATA"}


def source_path() -> Path:
    """Path of the Natural Earth low-resolution shapefile shipped with pyogrio."""
    base = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres"
    return base / "naturalearth_lowres.shp"


def build(src: Path | None = None) -> gpd.GeoDataFrame:
    """Read, fix, merge and simplify the countries: columns iso3, name, geometry."""
    raw = gpd.read_file(src or source_path())
    raw["iso3"] = [
        ISO3_FIXES.get(n, code) for n, code in zip(raw["name"], raw["iso_a3"], strict=True)
    ]
    bad = raw[~raw["iso3"].str.fullmatch(r"[A-Z]{3}")]
    if len(bad):
        raise ValueError(f"no ISO3 code for {sorted(bad['name'])!r}")
    raw = raw[~raw["iso3"].isin(DROP)]
    # The name of a merged code comes from the part that carried the code in the source.
    raw["has_code"] = raw["iso_a3"] == raw["iso3"]
    raw = raw.sort_values(["iso3", "has_code"], ascending=[True, False])
    names = raw.groupby("iso3")["name"].first()
    merged = raw.dissolve(by="iso3")[["geometry"]]
    geoms = merged.geometry.simplify(TOLERANCE_DEG, preserve_topology=True)
    geoms = shapely.set_precision(geoms.values, 10**-DECIMALS)
    geoms = shapely.make_valid(geoms)
    out = gpd.GeoDataFrame(
        {"iso3": merged.index, "name": names.loc[merged.index].values},
        geometry=list(geoms),
        crs="EPSG:4326",
    )
    return out.reset_index(drop=True)


def _coords(obj):
    """Round every coordinate of a GeoJSON geometry's coordinate tree."""
    if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], (int, float)):
        return [round(float(v), DECIMALS) for v in obj]
    return [_coords(o) for o in obj]


def to_geojson(frame: gpd.GeoDataFrame) -> str:
    """Compact GeoJSON text of the frame, one feature per line."""
    features = []
    for iso3, name, geom in zip(frame["iso3"], frame["name"], frame.geometry, strict=True):
        mapping = shapely.geometry.mapping(geom)
        feature = {
            "type": "Feature",
            "properties": {"iso3": iso3, "name": name},
            "geometry": {"type": mapping["type"], "coordinates": _coords(mapping["coordinates"])},
        }
        features.append(json.dumps(feature, separators=(",", ":"), ensure_ascii=False))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    """Build the file and say how big it is."""
    frame = build()
    text = to_geojson(frame)
    OUTPUT.write_text(text, encoding="utf-8")
    size = OUTPUT.stat().st_size
    print(f"{OUTPUT.name}: {len(frame)} countries, {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
