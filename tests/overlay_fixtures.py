"""Control layers built in code, in the two shapes analysts download (for tests).

- DeepStateMap-style: three-part names ``Ukrainian /// English /// geoJSON.status.<code>``,
  style URLs carrying the colour, unit icons as points; as KML (in folders, the styles
  in ``<Style>`` elements), KMZ, and the raw GeoJSON converted from it.
- ISW-style: GeoJSON with ``date``, ``area_km2`` and ``layer_type``, one ring a bow-tie.

The shapes sit on the Kursk salient (Sudzha is at 35.27 E, 51.19 N), inside Kursk oblast.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely

HELD = [(35.00, 51.10), (35.50, 51.10), (35.50, 51.40), (35.00, 51.40), (35.00, 51.10)]
"""Ukrainian-held box (x is longitude)."""
GREY = [(35.50, 51.10), (35.60, 51.10), (35.60, 51.40), (35.50, 51.40), (35.50, 51.10)]
"""A grey-zone strip east of it."""
OCCUPIED = [(34.0, 51.6), (34.3, 51.6), (34.3, 51.8), (34.0, 51.8), (34.0, 51.6)]
OCCUPIED_AFTER = [(34.1, 51.65), (34.2, 51.65), (34.2, 51.75), (34.1, 51.75), (34.1, 51.65)]
"""DeepState's occupied_after_24_02_2022 lies over its occupied area."""
BOW_TIE = [(35.0, 51.1), (35.4, 51.4), (35.4, 51.1), (35.0, 51.4), (35.0, 51.1)]
"""A self-intersecting ring, as real ISW files have."""

DEEPSTATE_FEATURES = [
    ("Звільнено /// Liberated /// geoJSON.status.dismissed", "#poly-0F9D58-2000-77-nodesc", HELD),
    ("Сіра зона /// Grey zone /// geoJSON.status.unknown", "#poly-BDBDBD-1200-77-nodesc", GREY),
    ("Окуповано /// Occupied /// geoJSON.status.occupied", "#poly-A52714-2000-77-nodesc", OCCUPIED),
    (
        "Окуповано після /// Occupied after /// geoJSON.status.occupied_after_24_02_2022",
        "#poly-880E4F-2000-77-nodesc",
        OCCUPIED_AFTER,
    ),
]
DEEPSTATE_UNITS = [
    ("810-та бригада /// 810th Naval Infantry Brigade /// geoJSON.units.brigade.810-marine",
     (35.7, 51.3)),
    ("47-ма бригада /// 47th Mechanized Brigade /// geoJSON.units.brigade.47", (35.2, 51.2)),
]  # fmt: skip


def _coords(ring) -> str:
    return " ".join(f"{x},{y},0" for x, y in ring)


def deepstate_kml(features=DEEPSTATE_FEATURES, units=DEEPSTATE_UNITS) -> bytes:
    """A DeepStateMap KML: polygons in one folder, unit icons in another, each placemark
    with a style URL; the styles defined in the document (GDAL never reports them)."""
    styles = "".join(
        f'<Style id="{url[1:]}"><PolyStyle><color>4d000000</color></PolyStyle></Style>'
        for _, url, _ in features
    )
    polygons = "".join(
        f"<Placemark><name>{name}</name><styleUrl>{url}</styleUrl><Polygon><outerBoundaryIs>"
        f"<LinearRing><coordinates>{_coords(ring)}</coordinates></LinearRing>"
        "</outerBoundaryIs></Polygon></Placemark>"
        for name, url, ring in features
    )
    points = "".join(
        f"<Placemark><name>{name}</name><description>{{icon=enemy}}</description>"
        f"<styleUrl>#icon-1</styleUrl><Point><coordinates>{x},{y},0</coordinates></Point>"
        "</Placemark>"
        for name, (x, y) in units
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        f"<Document><name>DeepStateMap</name>{styles}<Folder><name>Territories</name>{polygons}"
        f"</Folder><Folder><name>Units</name>{points}</Folder></Document></kml>"
    ).encode()


def kmz(kml: bytes) -> bytes:
    """A KML zipped as ``doc.kml``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("doc.kml", kml)
    return buffer.getvalue()


def deepstate_geojson(features=DEEPSTATE_FEATURES, units=DEEPSTATE_UNITS) -> bytes:
    """The raw GeoJSON converted from DeepStateMap's KML: ``styleUrl`` a property."""
    rows = [
        {
            "type": "Feature",
            "properties": {"name": name, "styleUrl": url, "description": ""},
            "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
        }
        for name, url, ring in features
    ] + [
        {
            "type": "Feature",
            "properties": {"name": name, "styleUrl": "#icon-1", "description": "{icon=enemy}"},
            "geometry": {"type": "Point", "coordinates": [x, y]},
        }
        for name, (x, y) in units
    ]
    return json.dumps({"type": "FeatureCollection", "features": rows}).encode()


def isw_geojson(day: str | None = "2024-09-11", *, bow_tie: bool = True) -> bytes:
    """An ISW-derived layer: assessed and claimed Russian advances, Ukrainian-held
    ground and one bow-tie ring."""
    shapes = [
        ("kursk_ukrainian_control", HELD),
        ("kursk_russian_advances", OCCUPIED),
        ("kursk_claimed_russian_advances", GREY),
    ]
    if bow_tie:
        shapes.append(("kursk_russian_advances", BOW_TIE))
    rows = []
    for layer_type, ring in shapes:
        properties = {"layer_type": layer_type, "area_km2": 123.4}
        if day is not None:
            properties["date"] = day
        rows.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": rows}).encode()


def geopackage(path: Path, *, with_points: bool = True, second_polygons: bool = False) -> Path:
    """A GeoPackage with a polygon layer ``control`` (and a point layer ``units``, and
    with ``second_polygons`` another polygon layer ``claims``)."""
    control = gpd.GeoDataFrame(
        {"name": [DEEPSTATE_FEATURES[0][0]], "styleUrl": [DEEPSTATE_FEATURES[0][1]]},
        geometry=[shapely.Polygon(HELD)],
        crs="EPSG:4326",
    )
    control.to_file(path, layer="control", driver="GPKG")
    if with_points:
        units = gpd.GeoDataFrame(
            {"name": [DEEPSTATE_UNITS[0][0]]},
            geometry=[shapely.Point(DEEPSTATE_UNITS[0][1])],
            crs="EPSG:4326",
        )
        units.to_file(path, layer="units", driver="GPKG")
    if second_polygons:
        control.to_file(path, layer="claims", driver="GPKG")
    return path
