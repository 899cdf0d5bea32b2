"""Oblasts, districts and border; which area a point is in; rows whose point contradicts them."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import regions
from geo.places import shipped_places


def test_outlines_load_in_wgs84():
    assert len(regions.oblasts()) == 9
    assert len(regions.districts()) == 33
    assert regions.districts()["approximate"].all()
    assert len(regions.border()) == 1
    for frame in (regions.oblasts(), regions.districts(), regions.border()):
        assert frame.crs.to_epsg() == 4326


def test_loaders_return_copies():
    frame = regions.oblasts()
    frame.loc[:, "admin1"] = "changed"
    assert "Kursk Oblast" in set(regions.oblasts()["admin1"])


def test_coordinates_are_longitude_then_latitude():
    # Kursk city: 36.19 E, 51.73 N.  Given in the wrong order it lands off the map (Iran).
    right = regions.assign_admin([36.19278], [51.73028])
    wrong = regions.assign_admin([51.73028], [36.19278])
    assert right.iloc[0].tolist() == ["Kursk Oblast", "Kursk (city okrug)"]
    assert wrong.isna().all(axis=None)


@pytest.mark.parametrize(
    ("lon", "lat", "admin1", "admin2"),
    [
        (35.27194, 51.19194, "Kursk Oblast", "Sudzhanskiy District"),  # Sudzha
        (34.90083, 51.41028, "Kursk Oblast", "Korenevskiy District"),  # Korenevo
        (34.8003, 50.9216, "Sumy Oblast", None),  # Sumy
        (36.58889, 50.5975, "Belgorod Oblast", None),  # Belgorod
        (34.36667, 53.24278, "Bryansk Oblast", None),  # Bryansk
        (37.6, 55.75, None, None),  # Moscow: off the map
    ],
)
def test_assign_admin(lon, lat, admin1, admin2):
    found = regions.assign_admin([lon], [lat]).iloc[0]
    assert (found["admin1"] if pd.notna(found["admin1"]) else None) == admin1
    assert (found["admin2"] if pd.notna(found["admin2"]) else None) == admin2


def test_assign_admin_is_vectorised_and_agrees_with_the_gazetteer():
    places = shipped_places()
    found = regions.assign_admin(places["lon"], places["lat"])
    agree = (found["admin1"] == places["admin1"]).mean()
    # ~1.5 % disagree: border villages on the 1:10m outlines, and approximate points
    assert agree > 0.98


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Kursk", "Kursk Oblast"),
        ("Kursk Oblast", "Kursk Oblast"),
        ("Kurskaya oblast", "Kursk Oblast"),
        ("Курская область", "Kursk Oblast"),
        ("kursk region", "Kursk Oblast"),
        ("Sumska oblast", "Sumy Oblast"),
        ("Сумська область", "Sumy Oblast"),
        ("Kharkov", "Kharkiv Oblast"),
        ("Orel", "Oryol Oblast"),
        ("Belgorodskaya", "Belgorod Oblast"),
        ("Moscow", None),
        ("", None),
        (None, None),
    ],
)
def test_match_admin1_is_tolerant(name, admin1):
    assert regions.match_admin1(name) == admin1


@pytest.mark.parametrize(
    ("name", "district"),
    [
        ("Sudzhanskiy District", "Sudzhanskiy District"),
        ("Sudzha district", "Sudzhanskiy District"),
        ("Суджанский район", "Sudzhanskiy District"),
        ("Lgovskiy District", "Lgovskiy District"),
        ("Lgov (city okrug)", "Lgov (city okrug)"),
        ("Bolshoye Soldatskoye district", "Bolshesoldatskiy District"),
        ("Kurskiy", "Kurskiy District"),
        ("Nowhere district", None),
    ],
)
def test_match_district(name, district):
    assert regions.match_district(name) == district


def test_stray_district_fragments_are_reattached():
    sudzhanskiy = regions.districts().set_index("admin2").geometry["Sudzhanskiy District"]
    assert sudzhanskiy.bounds[2] < 36  # no piece 170 km east any more


def _rows(*rows):
    return pd.DataFrame(rows, columns=["admin1", "longitude", "latitude"])


def test_a_point_in_the_oblast_it_claims_is_fine():
    assert regions.check_admin1(_rows(("Kursk Oblast", 35.27, 51.19))) == []


def test_rows_without_coordinates_are_not_checked():
    assert regions.check_admin1(_rows(("Kursk Oblast", float("nan"), float("nan")))) == []


@pytest.mark.parametrize("claimed", ["Kursk", "Kurskaya oblast", "Курская область"])
def test_admin1_spellings_are_accepted(claimed):
    assert regions.check_admin1(_rows((claimed, 35.27, 51.19))) == []


def test_swapped_coordinates_are_flagged():
    (problem,) = regions.check_admin1(_rows(("Kursk Oblast", 51.19, 35.27)))
    assert problem.line == 2
    assert problem.column == "latitude"
    assert "outside the mapped region" in problem.reason
    assert "are latitude and longitude swapped?" in problem.reason


def test_points_out_of_the_region_are_flagged():
    (problem,) = regions.check_admin1(_rows(("Kursk Oblast", 30.52, 50.45)))  # Kyiv
    assert "outside the mapped region" in problem.reason
    assert "swapped" not in problem.reason


def test_a_point_in_another_oblast_is_flagged():
    problems = regions.check_admin1(
        _rows(("Kursk Oblast", 35.27, 51.19), ("Kursk Oblast", 36.58889, 50.5975)),
        lines=[10, 11],
    )
    assert [(p.line, p.column, p.value) for p in problems] == [(11, "admin1", "Kursk Oblast")]
    assert problems[0].reason == (
        "point 36.5889,50.5975 (lon,lat) lies in Belgorod Oblast, not Kursk Oblast as the row says"
    )


def test_a_point_just_across_the_oblast_line_is_tolerated():
    # Tetkino sits on the border; 1 km south is in Sumy Oblast on the 1:10m outline
    assert regions.check_admin1(_rows(("Kursk Oblast", 34.2825, 51.262))) == []
