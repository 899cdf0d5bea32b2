"""Export events: native CSV (Excel-safe), GeoJSON and GeoPackage, chosen by file suffix."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from events.formats import native

SUFFIXES = (".csv", ".geojson", ".gpkg")


def to_geodataframe(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Events as a GeoDataFrame in EPSG:4326; events without coordinates get no geometry.

    Geometry is built from (longitude, latitude): x is longitude.
    """
    geometry = gpd.points_from_xy(frame["longitude"], frame["latitude"], crs="EPSG:4326")
    geometry[frame["latitude"].isna().to_numpy() | frame["longitude"].isna().to_numpy()] = None
    out = frame.copy()
    for column in out.columns:
        if str(out[column].dtype).startswith("datetime64"):
            out[column] = out[column].dt.strftime("%Y-%m-%d").astype("string")
    return gpd.GeoDataFrame(out, geometry=geometry, crs="EPSG:4326")


def export_events(frame: pd.DataFrame, path: Path) -> None:
    """Write events to ``path``; the format follows the suffix (.csv, .geojson, .gpkg)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_bytes(native.write(frame))
    elif suffix == ".geojson":
        to_geodataframe(frame).to_file(path, driver="GeoJSON", engine="pyogrio")
    elif suffix == ".gpkg":
        to_geodataframe(frame).to_file(path, driver="GPKG", layer="events", engine="pyogrio")
    else:
        raise ValueError(f"cannot export to {path.name}: use one of {', '.join(SUFFIXES)}")
