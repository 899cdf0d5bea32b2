"""Measures on control layers: area by class within an oblast, the front line, and how
far events are from it.

- Areas are geodesic (on the WGS84 ellipsoid, :class:`pyproj.Geod`), in km², of each
  class *dissolved* first: DeepStateMap's polygons overlap (``occupied_after_…`` lies
  over ``occupied``), and summing them would count ground twice.
- The front line is the layer's own lines; where it has none, the edge of the held and
  grey-zone ground (:data:`events.overlays.HELD_CLASSES`) less the state border, which
  is no front (the border is Natural Earth's, so a band of
  :data:`BORDER_BAND_M` around it is left out).
- Distances are taken in the map's equal-area projection centred on the front
  (:data:`geo.regions.METRIC_CRS`), where within 300 km of its centre they differ from
  the geodesic ones by well under 1 %.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import shapely
from pyproj import Geod, Transformer

from events.overlays import AREA_CLASSES, HELD_CLASSES, OverlayFeature
from geo import regions

GEOD = Geod(ellps="WGS84")
BORDER_BAND_M = 2_000.0
"""An edge this close to the state border is the border, not a front (the 1:10m border
and a source's own differ by a few hundred metres, up to a kilometre or two)."""


def dissolved(features: Sequence[OverlayFeature]) -> dict[str, shapely.Geometry]:
    """Each area class's polygons merged into one shape (overlaps counted once)."""
    by_class: dict[str, list] = {}
    for feature in features:
        if feature.overlay_class in AREA_CLASSES:
            by_class.setdefault(feature.overlay_class, []).append(feature.geometry)
    return {name: shapely.union_all(shapes) for name, shapes in by_class.items()}


def geodesic_area_km2(geometry: shapely.Geometry) -> float:
    """A lon/lat shape's area on the WGS84 ellipsoid, in km²."""
    if geometry is None or geometry.is_empty:
        return 0.0
    area, _ = GEOD.geometry_area_perimeter(geometry)
    return abs(area) / 1e6


def areas_within(
    features: Sequence[OverlayFeature], boundary: shapely.Geometry | None = None
) -> dict[str, float]:
    """km² of each area class (dissolved) within ``boundary`` (all when None), by class."""
    areas = {}
    for name, shape in dissolved(features).items():
        inside = shape if boundary is None else shapely.intersection(shape, boundary)
        areas[name] = round(geodesic_area_km2(inside), 3)
    return areas


def oblast_shape(admin1: str) -> shapely.Geometry | None:
    """An oblast's outline by any of its names (``Kursk``, ``Kursk Oblast``, ``RU-KRS``),
    or None when it is not on the map."""
    frame = regions.oblasts()
    name = regions.match_admin1(admin1)
    rows = frame[(frame["admin1"] == name) | (frame["iso_3166_2"] == admin1)]
    return shapely.union_all(list(rows.geometry)) if len(rows) else None


@cache
def _to_metric() -> Transformer:
    return Transformer.from_crs(regions.CRS, regions.METRIC_CRS, always_xy=True)


@cache
def _from_metric() -> Transformer:
    return Transformer.from_crs(regions.METRIC_CRS, regions.CRS, always_xy=True)


def _metric(geometry: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geometry, lambda xy: np.column_stack(_to_metric().transform(*xy.T)))


def _lonlat(geometry: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geometry, lambda xy: np.column_stack(_from_metric().transform(*xy.T)))


@cache
def _border_band() -> shapely.Geometry:
    """The state border widened by :data:`BORDER_BAND_M`, in the metric projection."""
    border = shapely.union_all(list(regions.border().geometry))
    return _metric(border).buffer(BORDER_BAND_M)


def front_line(features: Sequence[OverlayFeature]) -> shapely.Geometry | None:
    """The layer's front line in lon/lat: its lines, else the edge of its held and grey
    ground less the state border; None when it has neither."""
    lines = [f.geometry for f in features if f.overlay_class == "front_line"]
    if lines:
        return shapely.line_merge(shapely.union_all(lines))
    held = [f.geometry for f in features if f.overlay_class in HELD_CLASSES]
    if not held:
        return None
    edge = _metric(shapely.union_all(held)).boundary
    line = shapely.difference(edge, _border_band())
    return None if line.is_empty else _lonlat(line)


def distances_km(
    longitude: Sequence[float], latitude: Sequence[float], line: shapely.Geometry
) -> np.ndarray:
    """Each point's distance to ``line`` (lon/lat), in km; NaN where a coordinate is missing."""
    lon = np.asarray(longitude, dtype=float)
    lat = np.asarray(latitude, dtype=float)
    known = ~(np.isnan(lon) | np.isnan(lat))
    out = np.full(len(lon), np.nan)
    if known.any():
        x, y = _to_metric().transform(lon[known], lat[known])
        out[known] = shapely.distance(shapely.points(x, y), _metric(line)) / 1000.0
    return out


def clipped(geometry: shapely.Geometry, box: tuple[float, float, float, float]) -> shapely.Geometry:
    """The part of a lon/lat shape inside ``box`` (west, south, east, north)."""
    return shapely.clip_by_rect(geometry, *box)
