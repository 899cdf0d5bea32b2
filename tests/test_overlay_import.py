"""Reading control layers, as a spec: where a layer's day comes from and when a file is
refused for it, how features are sorted into classes, what is repaired or skipped, and
every format (GeoJSON, KML, KMZ, GeoPackage) giving the same layer."""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import date, datetime

import pytest
import shapely
from overlay_fixtures import (
    BOW_TIE,
    DEEPSTATE_FEATURES,
    deepstate_geojson,
    deepstate_kml,
    geopackage,
    isw_geojson,
    kmz,
)

from sitmap.overlay_dates import NoLayerDate, date_from_name, layer_date
from sitmap.overlay_import import classify, kml_styles, read_overlay, report_lines, style_colour

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::UserWarning")


# -- the day -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "day", "stamp"),
    [
        ("2024-08-20.geojson", date(2024, 8, 20), None),
        ("isw_kursk_2024-09-11_assessed.geojson", date(2024, 9, 11), None),
        ("20240820.kml", date(2024, 8, 20), None),
        ("deepstate-20240820.kmz", date(2024, 8, 20), None),
        ("1724184993_20240820T2016Z.geojson", date(2024, 8, 20), datetime(2024, 8, 20, 20, 16)),
        ("1724184993_20240820T201603Z.kml", date(2024, 8, 20), datetime(2024, 8, 20, 20, 16, 3)),
        ("2024-13-40.geojson", None, None),  # no such day
        ("202408201.geojson", None, None),  # nine digits are no day
        ("layer.geojson", None, None),
        ("v3.kml", None, None),
    ],
)
def test_the_file_name_gives_the_day_and_deepstates_time(name, day, stamp):
    found = date_from_name(name)
    assert (found[0] if found else None) == day
    assert (found[1] if found else None) == stamp


def test_each_source_of_the_day_and_which_wins():
    option = date(2024, 8, 1)
    assert layer_date("x.kml", [], option).origin == "--date"
    # --date wins over a name and a property that agree with each other
    assert layer_date("2024-08-20.kml", ["2024-08-20"], option).day == option
    found = layer_date("x.geojson", ["2024-09-11", "2024-09-11", None])
    assert (found.day, found.origin) == (date(2024, 9, 11), "date property")
    found = layer_date("2024-09-11.geojson", ["2024-09-11"])
    assert (found.day, found.origin) == (date(2024, 9, 11), "date property")
    found = layer_date("1724184993_20240820T2016Z.geojson", [])
    assert (found.day, found.origin, found.stamp) == (
        date(2024, 8, 20),
        "file name",
        datetime(2024, 8, 20, 20, 16),
    )


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        ("layer.geojson", [], "no date for this layer: give --date"),
        ("layer.geojson", [None, ""], "no date for this layer"),
        ("2024-09-12.geojson", ["2024-09-11"], "says 2024-09-11 but the file name"),
        ("layer.geojson", ["2024-09-11", "2024-09-12"], "disagree (2024-09-11, 2024-09-12)"),
        ("layer.geojson", ["11/09/2024"], "'11/09/2024' is not a date"),
    ],
)
def test_a_file_without_one_day_is_refused_with_the_reason(name, values, message):
    with pytest.raises(NoLayerDate, match=None) as refused:
        layer_date(name, values)
    assert message in str(refused.value)


def test_a_disagreeing_file_is_rejected_naming_both_dates():
    plan = read_overlay(isw_geojson("2024-09-11"), "2024-09-12.geojson")
    assert not plan.features and plan.day is None
    assert "2024-09-11" in plan.problems[0] and "2024-09-12" in plan.problems[0]


def test_a_file_with_no_day_is_rejected_and_dated_with_the_option():
    assert "no date" in read_overlay(isw_geojson(None), "isw.geojson").problems[0]
    plan = read_overlay(isw_geojson(None), "isw.geojson", day=date(2024, 9, 11))
    assert plan.problems == [] and plan.day == date(2024, 9, 11) and plan.day_origin == "--date"


# -- classes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        ({"name": "Звільнено /// Liberated /// geoJSON.status.dismissed"}, "ukrainian_held"),
        ({"name": "Окуповано /// Occupied /// geoJSON.status.occupied"}, "russian_held"),
        (
            {"name": "Окуповано /// Occupied /// geoJSON.status.occupied_after_24_02_2022"},
            "russian_held",
        ),
        ({"name": "Сіра зона /// Grey zone /// geoJSON.status.unknown"}, "grey_zone"),
        ({"name": "X /// Something /// geoJSON.status.newcode"}, "other"),
        ({"name": "810 /// 810th Brigade /// geoJSON.units.brigade.810-marine"}, None),
        ({"layer_type": "kursk_russian_advances"}, "russian_held"),
        ({"layer_type": "kursk_claimed_russian_advances"}, "russian_claimed"),
        ({"layer_type": "kursk_ukrainian_control"}, "ukrainian_held"),
        ({"layer_type": "kursk_claimed_ukrainian_advances"}, "ukrainian_claimed"),
        ({"layer_type": "kursk_contested"}, "grey_zone"),
        ({"layer_type": "kursk_flot"}, "front_line"),
        ({"name": "My polygon"}, "other"),
    ],
)
def test_the_class_of_each_kind_of_feature(properties, expected):
    assert classify(properties)[0] == expected


def test_claimed_and_assessed_stay_apart_in_one_layer():
    plan = read_overlay(isw_geojson(), "2024-09-11.geojson")
    classes = {f.overlay_class for f in plan.features}
    assert {"russian_held", "russian_claimed"} <= classes
    assert plan.source == "ISW"


@pytest.mark.parametrize(
    ("url", "colour"),
    [
        ("#poly-0F9D58-2000-77-nodesc", "#0f9d58"),
        ("#line-BDBDBD-1200-nodesc", "#bdbdbd"),
        ("#icon-1", None),
        (None, None),
    ],
)
def test_the_colour_is_read_from_the_style_url(url, colour):
    assert style_colour(url) == colour


def test_kml_styles_are_read_though_gdal_drops_them():
    styles = kml_styles(deepstate_kml())
    assert styles[DEEPSTATE_FEATURES[0][0]][0] == "#poly-0F9D58-2000-77-nodesc"


def test_a_style_without_colour_in_its_id_is_resolved_through_its_style_element():
    kml = deepstate_kml(
        features=[(DEEPSTATE_FEATURES[0][0], "#liberated", DEEPSTATE_FEATURES[0][2])]
    ).replace(b"<color>4d000000</color>", b"<color>4d589d0f</color>")
    assert kml_styles(kml)[DEEPSTATE_FEATURES[0][0]][0] == "#0f9d58"


def test_an_xml_entity_in_a_kml_is_never_expanded():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&x;</name>'
        b"<styleUrl>#poly-0F9D58-1-1</styleUrl></Placemark></Document></kml>"
    )
    assert all("root:" not in name for name in kml_styles(evil))


# -- the formats, the same layer ----------------------------------------------


def _summary(plan) -> list[tuple[str, str, str | None]]:
    return sorted((f.overlay_class, f.label, f.colour) for f in plan.features)


def test_kml_kmz_and_geojson_of_deepstate_give_the_same_layer():
    expected = [
        ("grey_zone", "Grey zone", "#bdbdbd"),
        ("russian_held", "Occupied", "#a52714"),
        ("russian_held", "Occupied after", "#880e4f"),
        ("ukrainian_held", "Liberated", "#0f9d58"),
    ]
    for data, name in [
        (deepstate_kml(), "1724184993_20240820T2016Z.kml"),
        (kmz(deepstate_kml()), "1724184993_20240820T2016Z.kmz"),
        (deepstate_geojson(), "1724184993_20240820T2016Z.geojson"),
    ]:
        plan = read_overlay(data, name)
        assert plan.problems == [], name
        assert _summary(plan) == expected, name
        assert plan.report["unit_points_skipped"] == 2, name
        assert plan.source == "DeepStateMap"
        assert plan.stamp == datetime(2024, 8, 20, 20, 16)
        assert all(f.geometry.has_z is False for f in plan.features)
    assert "2 unit icon point(s) skipped" in report_lines(plan)


def test_a_geopackage_uses_its_only_polygon_layer_or_the_one_named(tmp_path):
    one = geopackage(tmp_path / "2024-08-20.gpkg")
    plan = read_overlay(one.read_bytes(), one.name)
    assert plan.problems == [] and _summary(plan) == [("ukrainian_held", "Liberated", "#0f9d58")]
    two = geopackage(tmp_path / "two_2024-08-20.gpkg", second_polygons=True)
    refused = read_overlay(two.read_bytes(), two.name)
    assert "name one with --layer" in refused.problems[0]
    assert read_overlay(two.read_bytes(), two.name, layer="claims").problems == []
    assert "no layer 'nope'" in read_overlay(two.read_bytes(), two.name, layer="nope").problems[0]
    points = read_overlay(two.read_bytes(), two.name, layer="units")
    assert "no polygon or line" in points.problems[0]


def _zip_without_kml() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "no map here")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"not json at all", "2024-08-20.geojson", "GDAL could not read it"),
        (b"PK not a zip", "2024-08-20.kmz", "not a KMZ"),
        (_zip_without_kml(), "2024-08-20.kmz", "holds no .kml document"),
        (b"a,b\n1,2\n", "2024-08-20.csv", "not a control layer file"),
    ],
)
def test_a_broken_file_is_rejected_never_a_crash(data, name, message):
    assert message in read_overlay(data, name).problems[0]


# -- repair ------------------------------------------------------------------


def test_a_bow_tie_ring_is_repaired_counted_and_keeps_its_area():
    plan = read_overlay(isw_geojson(), "2024-09-11.geojson")
    assert plan.report["repaired"] == 1
    assert all(f.geometry.is_valid for f in plan.features)
    bow = shapely.Polygon(BOW_TIE)
    repaired = [f.geometry for f in plan.features if f.geometry.geom_type == "MultiPolygon"]
    assert len(repaired) == 1
    # the two triangles of the bow-tie, not a line and not the raw (self-cancelling) area
    assert repaired[0].area == pytest.approx(0.06, rel=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert abs(bow.area) < repaired[0].area
    assert "1 invalid ring(s) repaired (make_valid)" in report_lines(plan)


def test_a_file_of_points_only_is_rejected():
    plan = read_overlay(deepstate_geojson(features=[]), "2024-08-20.geojson")
    assert "no polygon or line" in plan.problems[0]
