"""The map's frame: which events in view it leaves out, counted by oblast or country, and
the camera that takes them in."""

from __future__ import annotations

import pandas as pd
import pytest
from builders import country_wide_events, event_frame

from events.validation import validate
from geo.frame import (
    FIT_MAX_ZOOM,
    FIT_PADDING_PX,
    Bounds,
    count_outside,
    default_camera,
    fit_camera,
    frame_bounds,
)

FRAME = Bounds(west=34.0, south=50.5, east=38.0, north=52.5)
"""A frame round Kursk Oblast; Kharkiv Oblast (north edge 50.43) lies below it."""
KM_IN_LATITUDE = 1 / 111.32

SUDZHA = {"latitude": 51.1919, "longitude": 35.2719, "admin1": "Kursk Oblast"}
POKROVSK = {"latitude": 48.2820, "longitude": 37.1758, "admin1": "Donetsk"}
KUPIANSK = {"latitude": 49.7100, "longitude": 37.6150, "admin1": "Kharkiv"}
ZAPORIZHZHIA = {"latitude": 47.8388, "longitude": 35.1396, "admin1": None}


def _event(precision: int = 1, *, admin2: str | None = None, **place) -> dict:
    return {"geo_precision": precision, "admin2": admin2, "country": "Ukraine", **place}


def _frame(*events: dict) -> pd.DataFrame:
    """Events as the schema's frame holds them (admin1 may be blank here: the count must
    hold for any frame, not only for what validation lets in)."""
    base = event_frame(len(events))
    for column in ("latitude", "longitude", "geo_precision", "admin1", "admin2", "country"):
        values = [event.get(column) for event in events]
        base[column] = pd.Series(values, index=base.index, dtype=base[column].dtype)
    return base


def _south_of_frame(km: float) -> dict:
    """A place ``km`` south of the frame's southern edge, in Sumy Oblast."""
    return {"latitude": FRAME.south - km * KM_IN_LATITUDE, "longitude": 35.0, "admin1": "Sumy"}


@pytest.mark.parametrize(
    ("event", "outside", "no_outline"),
    [
        pytest.param(_event(**SUDZHA), {}, {}, id="a point inside"),
        pytest.param(_event(**POKROVSK), {"Donetsk": 1}, {}, id="a point outside, by oblast"),
        pytest.param(
            _event(**KUPIANSK), {"Kharkiv Oblast": 1}, {}, id="a mapped oblast by its map name"
        ),
        pytest.param(
            _event(**ZAPORIZHZHIA),
            {"Ukraine (no oblast)": 1},
            {},
            id="outside with no oblast: the country",
        ),
        pytest.param(
            _event(2, **_south_of_frame(5)), {}, {}, id="a ring straddling the edge is inside"
        ),
        pytest.param(
            _event(2, **_south_of_frame(15)),
            {"Sumy Oblast": 1},
            {},
            id="a ring wholly outside",
        ),
        pytest.param(
            _event(1, **_south_of_frame(5)), {"Sumy Oblast": 1}, {}, id="a point just outside"
        ),
        pytest.param(
            _event(3, admin1="Kharkiv", latitude=None, longitude=None),
            {"Kharkiv Oblast": 1},
            {},
            id="an oblast wholly outside",
        ),
        pytest.param(
            _event(3, admin1="Sumy Oblast", latitude=None, longitude=None),
            {},
            {},
            id="an oblast straddling the edge is inside",
        ),
        pytest.param(
            _event(3, admin1="Kursk Oblast", admin2="Sudzhanskiy", latitude=None, longitude=None),
            {},
            {},
            id="a district inside",
        ),
        pytest.param(
            _event(3, admin1="Donetsk", latitude=None, longitude=None),
            {},
            {"Donetsk": 1},
            id="an oblast with no outline is not drawn, not outside",
        ),
        pytest.param(
            _event(3, admin1="Donetsk", **{k: POKROVSK[k] for k in ("latitude", "longitude")}),
            {},
            {"Donetsk": 1},
            id="coordinates do not draw an area event",
        ),
        pytest.param(
            _event(4, admin1=None, latitude=None, longitude=None),
            {},
            {},
            id="region level: reported elsewhere",
        ),
        pytest.param(
            _event(4, admin1="Donetsk", **{k: POKROVSK[k] for k in ("latitude", "longitude")}),
            {},
            {},
            id="region level with a point still is not counted",
        ),
    ],
)
def test_what_the_frame_leaves_out(event, outside, no_outline):
    count = count_outside(_frame(event), FRAME)
    assert (count.outside, count.no_outline) == (outside, no_outline)


def test_a_country_wide_export_is_counted_once_per_oblast_most_first():
    events = validate(country_wide_events())
    count = count_outside(events, frame_bounds(default_camera(), 630, 560))
    assert count.outside == {"Donetsk": 11, "Kharkiv Oblast": 7}
    assert count.no_outline == {"Donetsk": 2}
    assert (count.n_outside, count.n_no_outline) == (18, 2)


def test_the_extent_holds_every_drawn_footprint_and_no_undrawn_one():
    count = count_outside(
        _frame(
            _event(**SUDZHA),
            _event(**POKROVSK),
            _event(2, **KUPIANSK),
            _event(3, admin1="Donetsk", latitude=None, longitude=None),  # not drawn
            _event(4, admin1=None, latitude=None, longitude=None),  # not drawn
        ),
        FRAME,
    )
    extent = count.extent
    assert extent.west == pytest.approx(SUDZHA["longitude"])
    assert extent.south == pytest.approx(POKROVSK["latitude"])
    assert extent.east == pytest.approx(KUPIANSK["longitude"] + 10 / (111.32 * 0.6462), abs=1e-3)
    assert extent.north == pytest.approx(SUDZHA["latitude"])


def test_nothing_drawn_has_no_extent():
    count = count_outside(_frame(_event(4, admin1=None, latitude=None, longitude=None)), FRAME)
    assert count.extent is None and count.n_outside == 0


def test_the_opening_frame_is_a_map_of_kursk():
    frame = frame_bounds(default_camera(), 630, 560)
    assert frame.contains(Bounds(34.1, 50.91, 38.0, 52.43))  # Kursk Oblast, nearly all
    assert frame.south > POKROVSK["latitude"] + 1  # the Donbas is well off it
    wider = frame_bounds(default_camera(), 1260, 560)
    assert wider.contains(frame) and wider.south == pytest.approx(frame.south)


@pytest.mark.parametrize(
    "bounds",
    [
        Bounds(35.0, 47.8, 38.5, 52.4),  # Kursk to the Donbas
        Bounds(22.1, 44.4, 40.2, 52.4),  # all Ukraine
        Bounds(30.0, 44.0, 31.0, 60.0),  # tall and thin
    ],
)
def test_a_fitted_camera_shows_all_it_was_fitted_to_and_little_more(bounds):
    camera = fit_camera(bounds, 630, 560)
    inner = (630 - 2 * FIT_PADDING_PX, 560 - 2 * FIT_PADDING_PX)  # the map less its margin
    assert frame_bounds(camera, *inner).contains(bounds)
    closer = (camera[0], camera[1], camera[2] + 0.05)
    assert not frame_bounds(closer, *inner).contains(bounds)


def test_one_place_is_fitted_with_the_country_round_it():
    camera = fit_camera(Bounds(37.1758, 48.282, 37.1758, 48.282), 630, 560)
    assert camera == (37.1758, 48.282, FIT_MAX_ZOOM)
