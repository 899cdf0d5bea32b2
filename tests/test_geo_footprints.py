"""Footprints: a point, a circle, an area or nothing, by geo precision — never a point for
2, 3 or 4."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import regions
from geo.footprints import KINDS, area_shapes, footprint_codes, footprint_kinds


def _events(*rows):
    columns = ["event_id", "geo_precision", "latitude", "longitude", "admin1", "admin2"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["geo_precision"] = frame["geo_precision"].astype("Int64")
    return frame


SUDZHA = (51.19194, 35.27194)
NAN = float("nan")


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
        (4, NAN, NAN, None, "none"),  # a region or a country: nothing is drawn
        (4, *SUDZHA, "Sudzhanskiy District", "none"),  # not even where a file gave a point
    ],
)
def test_kind_by_precision(precision, lat, lon, admin2, kind):
    events = _events(("E1", precision, lat, lon, "Kursk Oblast", admin2))
    assert footprint_kinds(events).tolist() == [kind]
    assert footprint_codes(events).tolist() == [KINDS.index(kind)]


def test_precision_3_draws_the_district_when_known_else_the_oblast():
    events = _events(
        ("D", 3, NAN, NAN, "Kursk Oblast", "Sudzhanskiy District"),
        ("O", 3, NAN, NAN, "Kursk Oblast", None),
        ("S", 3, NAN, NAN, "Sumy Oblast", "Sumskyi Raion"),  # no Ukrainian districts
    )
    shapes = area_shapes(events).set_axis(events["event_id"])
    districts = regions.districts().set_index("admin2")
    oblasts = regions.oblasts().set_index("admin1")
    assert shapes["D"].equals(districts.geometry["Sudzhanskiy District"])
    assert shapes["O"].equals(oblasts.geometry["Kursk Oblast"])
    assert shapes["S"].equals(oblasts.geometry["Sumy Oblast"])


def test_an_area_off_the_map_has_no_shape():
    assert area_shapes(_events(("E1", 3, NAN, NAN, "Moscow Oblast", None))).tolist() == [None]
