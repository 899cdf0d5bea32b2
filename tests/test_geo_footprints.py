"""Footprints: a point, a circle or an area, by geo precision — never a point for 2 or 3."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import regions
from geo.footprints import NEAR_RADIUS_M, compute_footprints


def _events(*rows):
    columns = ["event_id", "geo_precision", "latitude", "longitude", "admin1", "admin2"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["geo_precision"] = frame["geo_precision"].astype("Int64")
    return frame


SUDZHA = (51.19194, 35.27194)
NAN = float("nan")


def test_output_shape():
    footprints = compute_footprints(_events(("E1", 1, *SUDZHA, "Kursk Oblast", None)))
    assert isinstance(footprints, gpd.GeoDataFrame)
    assert footprints.crs.to_epsg() == 4326
    assert list(footprints.columns) == ["event_id", "kind", "radius_m", "geometry"]


@pytest.mark.parametrize(
    ("precision", "lat", "lon", "admin2", "kind"),
    [
        (1, *SUDZHA, "Sudzhanskiy District", "point"),
        (2, *SUDZHA, "Sudzhanskiy District", "circle"),
        (3, NAN, NAN, "Sudzhanskiy District", "area"),
        (3, *SUDZHA, "Sudzhanskiy District", "area"),  # coordinates do not make it a point
        (3, NAN, NAN, None, "area"),
        (2, NAN, NAN, None, "area"),  # no coordinates: fall back to the area
        (1, NAN, NAN, None, "area"),
    ],
)
def test_kind_by_precision(precision, lat, lon, admin2, kind):
    footprints = compute_footprints(_events(("E1", precision, lat, lon, "Kursk Oblast", admin2)))
    assert footprints["kind"].tolist() == [kind]
    if precision in (2, 3):
        assert footprints.geometry.iloc[0].geom_type != "Point"


def test_the_point_is_longitude_then_latitude():
    point = compute_footprints(_events(("E1", 1, *SUDZHA, "Kursk Oblast", None))).geometry[0]
    assert (point.x, point.y) == (SUDZHA[1], SUDZHA[0])


def test_the_circle_has_the_documented_radius():
    footprint = compute_footprints(_events(("E1", 2, *SUDZHA, "Kursk Oblast", None))).iloc[0]
    assert footprint["radius_m"] == NEAR_RADIUS_M
    metric = gpd.GeoSeries([footprint.geometry], crs=4326).to_crs(regions.METRIC_CRS)
    assert metric.area.iloc[0] == pytest.approx(math.pi * NEAR_RADIUS_M**2, rel=0.01)
    assert footprint.geometry.contains(shapely.Point(SUDZHA[1], SUDZHA[0]))


def test_precision_3_draws_the_district_when_known_else_the_oblast():
    footprints = compute_footprints(
        _events(
            ("D", 3, NAN, NAN, "Kursk Oblast", "Sudzhanskiy District"),
            ("O", 3, NAN, NAN, "Kursk Oblast", None),
            ("S", 3, NAN, NAN, "Sumy Oblast", "Sumskyi Raion"),  # no Ukrainian districts
        )
    ).set_index("event_id")
    districts = regions.districts().set_index("admin2")
    oblasts = regions.oblasts().set_index("admin1")
    assert footprints.geometry["D"].equals(districts.geometry["Sudzhanskiy District"])
    assert footprints.geometry["O"].equals(oblasts.geometry["Kursk Oblast"])
    assert footprints.geometry["S"].equals(oblasts.geometry["Sumy Oblast"])


def test_events_with_nothing_to_draw_are_left_out():
    footprints = compute_footprints(_events(("E1", 3, NAN, NAN, "Moscow Oblast", None)))
    assert footprints.empty
