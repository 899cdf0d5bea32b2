"""Which layer is in force on a day, and the measures on layers: geodesic areas checked
against pyproj.Geod, dissolving overlapping classes, the front line (given or derived)
and distances to it, and the browser's payload picking the same layer as the server."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
import shapely
from overlay_fixtures import GREY, HELD, OCCUPIED, OCCUPIED_AFTER
from pyproj import Geod

from events.overlays import OverlayFeature, OverlayLayer, in_force, no_layer_note, schedule
from geo import regions
from geo.overlay_geometry import (
    areas_within,
    dissolved,
    distances_km,
    front_line,
    geodesic_area_km2,
    oblast_shape,
)
from geo.overlay_map import (
    clipped_features,
    day_number,
    layer_in_force,
    map_box,
    overlay_deck_layers,
    overlay_payload,
)
from sitmap.overlay_analysis import FrontLines, within_km

D = date(2024, 8, 20)


def layer(day: date, series: str = "S", stamp: datetime | None = None, n: int = 0) -> OverlayLayer:
    when = stamp or datetime(day.year, day.month, day.day)
    return OverlayLayer(
        layer_id=f"o{n}-{series}-{day}",
        series=series,
        day=day,
        stamp=when,
        source="test",
        file_name="f",
        file_hash="h",
        file_format="geojson",
        imported_at=datetime(2026, 1, 1),
        imported_by="t",
        feature_count=0,
    )


# -- the in-force rule ---------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-1, None),  # before the first layer
        (0, 0),
        (9, 0),  # the day before the next layer
        (10, 1),
        (10 + 29, 1),  # the last of 30 days
        (10 + 30, None),  # the 31st day: expired
        (60, 2),
        (200, None),
    ],
)
def test_a_layer_is_in_force_until_the_next_for_at_most_max_days(offset, expected):
    layers = [layer(D, n=0), layer(D + timedelta(days=10), n=1), layer(D + timedelta(days=60), n=2)]
    found = in_force(layers, D + timedelta(days=offset), "S")
    assert (found.layer_id if found else None) == (
        layers[expected].layer_id if expected is not None else None
    )


def test_max_days_is_the_callers_and_the_note_says_it():
    layers = [layer(D)]
    assert in_force(layers, D + timedelta(days=6), "S", max_days=7) is not None
    assert in_force(layers, D + timedelta(days=7), "S", max_days=7) is None
    assert no_layer_note("DeepState", 7) == "DeepState: no layer within 7 days"
    with pytest.raises(ValueError, match="at least one day"):
        schedule(layers, max_days=0)


def test_on_one_day_the_latest_stamp_wins_whatever_the_order():
    early = layer(D, stamp=datetime(2024, 8, 20, 8, 0), n=1)
    late = layer(D, stamp=datetime(2024, 8, 20, 20, 16), n=2)
    for order in ([early, late], [late, early]):
        assert in_force(order, D, "S") == late
        assert [p.layer for p in schedule(order)] == [late]


def test_series_are_independent():
    layers = [layer(D, "A"), layer(D + timedelta(days=5), "B")]
    assert in_force(layers, D + timedelta(days=5), "A").series == "A"
    assert in_force(layers, D, "B") is None
    assert [(p.layer.series, p.start, p.end) for p in schedule(layers)] == [
        ("A", D, D + timedelta(days=29)),
        ("B", D + timedelta(days=5), D + timedelta(days=34)),
    ]


# -- areas ---------------------------------------------------------------------


def _geod_km2(ring) -> float:
    lons, lats = zip(*ring, strict=True)
    area, _ = Geod(ellps="WGS84").polygon_area_perimeter(lons, lats)
    return abs(area) / 1e6


def test_areas_are_geodesic_km2_as_pyproj_geod_says():
    box = shapely.Polygon(HELD)
    assert geodesic_area_km2(box) == pytest.approx(_geod_km2(HELD), rel=1e-9)
    # a sanity figure independent of pyproj: 0.5° × 0.3° at 51.25° N is ~1,160 km²
    assert 1_100 < geodesic_area_km2(box) < 1_220


def test_overlapping_polygons_of_a_class_are_dissolved_before_measuring():
    features = [
        OverlayFeature("russian_held", "occupied", None, shapely.Polygon(OCCUPIED)),
        OverlayFeature("russian_held", "after", None, shapely.Polygon(OCCUPIED_AFTER)),
        OverlayFeature("ukrainian_held", "held", None, shapely.Polygon(HELD)),
    ]
    areas = areas_within(features)
    assert areas["russian_held"] == pytest.approx(_geod_km2(OCCUPIED), rel=1e-6)
    assert areas["ukrainian_held"] == pytest.approx(_geod_km2(HELD), rel=1e-6)
    assert set(dissolved(features)) == {"russian_held", "ukrainian_held"}


def test_area_within_an_oblast_is_the_part_inside_it():
    kursk = oblast_shape("Kursk")
    assert kursk is not None and oblast_shape("Kursk Oblast").equals(kursk)
    assert oblast_shape("Atlantis") is None
    # a box straddling the border: only its Russian part is in Kursk oblast
    straddling = shapely.box(35.0, 50.8, 35.5, 51.4)
    inside = shapely.intersection(straddling, kursk)
    feature = OverlayFeature("ukrainian_held", "x", None, straddling)
    got = areas_within([feature], kursk)["ukrainian_held"]
    assert got == pytest.approx(geodesic_area_km2(inside), rel=1e-6)
    assert 0 < got < geodesic_area_km2(straddling)


# -- the front line and distances ---------------------------------------------------


def test_distance_to_a_line_matches_the_geodesic_distance():
    line = shapely.LineString([(35.3, 51.0), (35.3, 51.5)])  # a meridian segment
    lon = np.array([35.3, 35.5, 35.0, 35.3, np.nan])
    lat = np.array([51.2, 51.2, 51.3, 51.7, 51.2])
    got = distances_km(lon, lat, line)
    geod = Geod(ellps="WGS84")
    nearest = [(35.3, 51.2), (35.3, 51.2), (35.3, 51.3), (35.3, 51.5)]
    for i, (x, y) in enumerate(nearest):
        _, _, metres = geod.inv(lon[i], lat[i], x, y)
        assert got[i] == pytest.approx(metres / 1000, rel=0.01, abs=0.05)
    assert got[0] == pytest.approx(0, abs=0.001)  # a metre: the meridian curves a little
    assert np.isnan(got[4])


def test_the_front_line_is_the_layers_line_when_it_has_one():
    line = shapely.LineString([(35.0, 51.0), (35.5, 51.2)])
    features = [
        OverlayFeature("ukrainian_held", "h", None, shapely.Polygon(HELD)),
        OverlayFeature("front_line", "f", None, line),
    ]
    assert front_line(features).equals(line)


def test_a_derived_front_line_is_the_held_and_grey_edge_less_the_border():
    kursk = oblast_shape("Kursk")
    border = shapely.union_all(list(regions.border().geometry))
    # held ground against the border: Kursk's part of a box reaching into Ukraine
    held = shapely.intersection(shapely.box(34.9, 50.9, 35.5, 51.4), kursk)
    features = [
        OverlayFeature("ukrainian_held", "h", None, held),
        OverlayFeature("grey_zone", "g", None, shapely.Polygon(GREY)),
        OverlayFeature("russian_held", "r", None, shapely.Polygon(OCCUPIED)),
    ]
    line = front_line(features)
    assert line is not None
    # the edge deep inside Russia is front; the border stretch is not
    assert distances_km([35.6], [51.4], line)[0] < 0.5
    assert shapely.distance(line, border) > 0.01  # nothing of it runs along the border
    inside_edge = distances_km([35.25], [51.4], line)[0]
    assert inside_edge < 0.5
    assert (
        front_line([OverlayFeature("russian_held", "r", None, shapely.Polygon(OCCUPIED))]) is None
    )


def _events(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event_id", "date_end", "geo_precision", "lon", "lat"])
    frame["date_end"] = pd.to_datetime(frame["date_end"])
    return frame.rename(columns={"lon": "longitude", "lat": "latitude"})


def test_each_event_is_measured_against_the_layer_in_force_at_its_end():
    west = shapely.LineString([(35.0, 51.0), (35.0, 51.5)])
    east = shapely.LineString([(35.5, 51.0), (35.5, 51.5)])
    fronts = FrontLines(
        "S",
        (
            (D, D + timedelta(days=9), west),
            (D + timedelta(days=10), D + timedelta(days=39), east),
        ),
    )
    events = _events(
        [
            ("a", "2024-08-21", 1, 35.0, 51.2),  # on the west line, first layer
            ("b", "2024-08-31", 1, 35.0, 51.2),  # second layer: ~35 km from the east line
            ("c", "2024-08-31", 3, 35.5, 51.2),  # known only to an area: no distance
            ("d", "2024-08-19", 1, 35.0, 51.2),  # before any layer
            ("e", "2024-08-31", 2, 35.5, 51.2),  # near a place: measured
        ]
    )
    got = fronts.distances(events)
    assert got[0] == pytest.approx(0, abs=0.01)
    assert 33 < got[1] < 37
    assert np.isnan(got[2]) and np.isnan(got[3])
    assert got[4] == pytest.approx(0, abs=0.01)
    kept, left_out = within_km(events, got, 5)
    assert list(kept["event_id"]) == ["a", "e"] and left_out == 2


# -- the browser's payload ------------------------------------------------------------


def test_the_payload_holds_each_layer_once_and_picks_as_the_server_does():
    layers = [layer(D, n=0), layer(D + timedelta(days=10), n=1)]
    features = [
        OverlayFeature("ukrainian_held", "held", "#0f9d58", shapely.Polygon(HELD)),
        OverlayFeature("grey_zone", "grey", None, shapely.Polygon(GREY)),
        OverlayFeature("russian_held", "far", None, shapely.box(60, 60, 61, 61)),  # off the map
    ]
    periods = [(p, clipped_features(features)) for p in schedule(layers)]
    payload = overlay_payload({"S": periods}, 30)
    (series,) = payload["series"]
    assert [x["layer_id"] for x in series["layers"]] == [x.layer_id for x in layers]
    first = series["layers"][0]
    assert (first["day_from"], first["day_to"]) == (day_number(D), day_number(D) + 9)
    assert {f["properties"]["class"] for f in first["areas"]["features"]} == {
        "ukrainian_held",
        "grey_zone",
    }  # the shape off the map was clipped away
    assert first["areas"]["features"][0]["properties"]["fill"][:3] == [15, 157, 88]
    assert first["front"], "a derived front line travels with the layer"
    for offset in (-1, 0, 9, 10, 39, 40):
        day = D + timedelta(days=offset)
        server = in_force(layers, day, "S")
        browser = layer_in_force(payload, "S", day)
        assert (browser["layer_id"] if browser else None) == (server.layer_id if server else None)
    assert payload["classes"]["grey_zone"]["label"] == "grey zone"
    drawn = overlay_deck_layers(first)
    assert [x.id for x in drawn] == ["overlay-areas", "overlay-front"]


def test_features_are_clipped_to_the_map_frame():
    west, south, east, north = map_box()
    assert west < 35.27 < east and south < 51.19 < north
    huge = OverlayFeature("russian_held", "theatre", None, shapely.box(20, 40, 50, 60))
    (clipped, *_) = clipped_features([huge])
    assert clipped.geometry.bounds == pytest.approx(map_box())
