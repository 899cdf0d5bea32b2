"""What the map draws for an event, given how precisely its place is known.

geo_precision 1 is a point; 2 a circle of :data:`NEAR_RADIUS_M` around the coded place;
3 the district (Kursk's approximate district cells) when admin2 names one, else the
oblast.  A precision 2 or 3 event is never drawn as a point: a point claims a precision
the source did not give.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import regions

NEAR_RADIUS_M = 10_000.0
"""Radius of the circle for geo_precision 2 ("near the place, or part of a district").

ACLED codes precision 2 when a report names a place but the event happened in its
surroundings or in part of a district.  Villages on the Kursk front lie 2–5 km apart and
rural districts are some 30–50 km across, so 10 km takes in the neighbouring villages a
report may mean without swelling to the whole district."""

KINDS = ("point", "circle", "area")
COLUMNS = ("event_id", "kind", "radius_m", "geometry")


def _circle(longitude: float, latitude: float, radius_m: float):
    """A geodesically fair circle: buffered in metres around the point, back in degrees."""
    centre = gpd.GeoSeries([shapely.Point(longitude, latitude)], crs=regions.CRS)
    return centre.to_crs(regions.METRIC_CRS).buffer(radius_m, 32).to_crs(regions.CRS).iloc[0]


def _area(admin1: object, admin2: object):
    """The district polygon named by admin2 (Kursk only), else the oblast's; None if unknown."""
    if isinstance(admin2, str) and admin2.strip():
        district = regions.match_district(admin2)
        if district is not None:
            frame = regions.districts()
            return frame.loc[frame["admin2"] == district].geometry.iloc[0]
    name = regions.match_admin1(admin1 if isinstance(admin1, str) else None)
    if name is None:
        return None
    frame = regions.oblasts()
    return frame.loc[frame["admin1"] == name].geometry.iloc[0]


def compute_footprints(events: pd.DataFrame) -> gpd.GeoDataFrame:
    """One footprint per drawable event: event_id, kind, radius_m, geometry (EPSG:4326).

    Reads the schema columns event_id, geo_precision, latitude, longitude, admin1 and
    admin2.  Precision 1 or 2 without coordinates falls back to the area.  An event whose
    area cannot be found either (an admin1 off the map) is left out — it still appears
    in the event table, and ``geo.regions.check_admin1`` reports it.
    """
    rows = []
    for event in events.itertuples(index=False):
        precision = None if pd.isna(event.geo_precision) else int(event.geo_precision)
        lon, lat = float(event.longitude), float(event.latitude)  # x, then y
        located = np.isfinite(lon) and np.isfinite(lat)
        if precision == 1 and located:
            rows.append((event.event_id, "point", 0.0, shapely.Point(lon, lat)))
        elif precision == 2 and located:
            circle = _circle(lon, lat, NEAR_RADIUS_M)
            rows.append((event.event_id, "circle", NEAR_RADIUS_M, circle))
        else:
            area = _area(event.admin1, event.admin2)
            if area is not None:
                rows.append((event.event_id, "area", np.nan, area))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=regions.CRS)
