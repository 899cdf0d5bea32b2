"""Geocoding on import: rows naming a place without coordinates get the gazetteer's point."""

from __future__ import annotations

import pytest
from builders import csv_bytes, raw_event
from geopy.location import Location

from geo.gazetteer import load_gazetteer
from geo.geocoder import Geocoder
from geo.online import OnlineGeocoder
from sitmap.importer import plan_import
from sitmap.place_filling import fill_places


class FakeGeocoder:
    """A geopy-shaped geocoder that knows three names."""

    PLACES = {
        "Sudzha": (51.19194, 35.27194, "Sudzhanskiy District", 1),
        "Sudzhanskiy District": (None, None, "Sudzhanskiy District", 3),
        "Oleksiivka": None,  # a homonym: no single answer
    }

    def geocode(self, query, *, exactly_one=True, admin1=None, admin2=None):
        found = self.PLACES.get(query)
        if found is None:
            return None
        lat, lon, district, precision = found
        raw = {"name": query, "admin2": district, "match": "exact", "geo_precision": precision}
        return Location(query, (lat or 0.0, lon or 0.0), raw)


def row(**cells: str) -> dict[str, str]:
    return raw_event(1, latitude="", longitude="", admin2="", **cells)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"location": "Sudzha"}, ("51.19194", "35.27194", "1", "Sudzhanskiy District")),
        (  # 'near' stays near: the place gives the centre of the ring
            {"location": "Sudzha", "geo_precision": "2"},
            ("51.19194", "35.27194", "2", "Sudzhanskiy District"),
        ),
        ({"location": "Sudzha", "geo_precision": ""}, ("51.19194", "35.27194", "1", None)),
        (  # a district name is an area: precision 3, no coordinates
            {"location": "Sudzhanskiy District", "geo_precision": ""},
            ("", "", "3", "Sudzhanskiy District"),
        ),
    ],
)
def test_a_place_without_coordinates_is_geocoded(cells, expected):
    record = row(**cells)
    filled, problems = fill_places([record], [2], FakeGeocoder())
    assert problems == []
    lat, lon, precision, admin2 = expected
    assert (record["latitude"], record["longitude"], record["geo_precision"]) == (
        lat,
        lon,
        precision,
    )
    if admin2:
        assert record["admin2"] == admin2
    if lat:
        assert filled[0].matched == "Sudzha" and filled[0].line == 2


def test_rows_with_coordinates_are_left_alone():
    record = raw_event(1)
    filled, problems = fill_places([record], [2], FakeGeocoder())
    assert (filled, problems) == ([], [])
    assert record["latitude"] == "50.7736"


def test_an_unknown_or_ambiguous_place_is_a_problem_on_its_row():
    filled, problems = fill_places(
        [row(location="Oleksiivka"), row(location="Nowhere")], [4, 9], FakeGeocoder()
    )
    assert filled == []
    assert [(p.line, p.column) for p in problems] == [(4, "location"), (9, "location")]


def test_the_plan_lists_filled_places_and_flags_points_outside_their_oblast(store):
    data = csv_bytes(
        [
            row(location="Sudzha", admin1="Kursk Oblast", country="Russia"),
            raw_event(2, latitude="50.5975", longitude="36.5889", admin1="Kursk Oblast"),
        ]
    )
    plan = plan_import(data, "f.csv", store, geocoder=FakeGeocoder())
    assert plan.ok
    assert [(f.line, f.matched) for f in plan.filled_places] == [(2, "Sudzha")]
    assert plan.frame.loc[0, "latitude"] == pytest.approx(51.19194)
    assert [(p.line, p.column) for p in plan.flags] == [(3, "admin1")]
    assert "Belgorod Oblast" in plan.flags[0].reason


def test_the_shipped_gazetteer_is_the_default(store):
    data = csv_bytes([row(location="Sudža", admin1="Kursk Oblast", country="Russia")])
    plan = plan_import(data, "f.csv", store)
    assert plan.ok, plan.problems
    assert plan.frame.loc[0, "admin2"] == "Sudzhanskiy District"
    assert plan.filled_places[0].match in ("exact", "variant")


def test_swapped_coordinates_are_flagged_not_silently_taken(store):
    # Krasnopillia with latitude and longitude swapped lands far outside the map
    data = csv_bytes([raw_event(1, latitude="35.2669", longitude="50.7736")])
    plan = plan_import(data, "f.csv", store, geocoder=FakeGeocoder())
    assert plan.ok  # a warning for the analyst to confirm, not a rejection
    [flag] = plan.flags
    assert flag.line == 2 and "swapped" in flag.reason


def test_the_plan_reports_its_progress_stage_by_stage(store):
    seen = []
    plan_import(csv_bytes([raw_event(1)]), "f.csv", store, progress=lambda f, what: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) >= 5


def test_both_geocoders_and_the_tests_fake_are_geocoders():
    assert isinstance(load_gazetteer(), Geocoder)
    assert isinstance(OnlineGeocoder(FakeGeocoder()), Geocoder)
    assert isinstance(FakeGeocoder(), Geocoder)
    assert not isinstance(object(), Geocoder)


def test_a_namesake_across_the_border_is_listed_not_guessed():
    """Oleshnia is a village in Sumy and two in Chernihiv; Oleshnya (Олешня) is in Kursk."""
    records = [
        row(location="Oleshnia", admin1=""),
        row(location="Oleshnia", admin1="Kursk Oblast", country="Russia"),
    ]
    filled, problems = fill_places(records, [2, 3], load_gazetteer())
    [problem] = problems
    assert problem.line == 2
    assert problem.reason.startswith("4 places have this name")
    assert "Sudzhanskiy District" in problem.reason and "Okhtyrskyi Raion" in problem.reason
    [place] = filled
    assert (place.line, place.matched, place.match) == (3, "Oleshnya", "variant")
    assert (records[1]["latitude"], records[1]["longitude"]) == ("51.15194", "35.14944")
    assert records[1]["admin2"] == "Sudzhanskiy District"
