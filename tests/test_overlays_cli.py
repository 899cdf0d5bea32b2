"""`sitmap overlays` import, list, area and undo — on SQLite and on PostgreSQL + PostGIS,
where the geometry is a PostGIS column generated from the stored WKB."""

from __future__ import annotations

import json
from datetime import date

import pytest
import shapely
import sqlalchemy as sa
from overlay_fixtures import HELD, OCCUPIED, deepstate_kml, isw_geojson
from pyproj import Geod
from test_store_backends import backend_url, pg_admin, pg_schema_url  # noqa: F401

from events.overlay_store import OverlayStore
from events.overlays import OverlayFeature
from events.store import Store
from geo.overlay_geometry import oblast_shape
from sitmap.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::UserWarning")
DEEPSTATE_NAME = "1724184993_20240820T2016Z.kml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys, db: str, *extra: str) -> list[dict]:
    code, out, _ = run(capsys, "--db", db, "overlays", "list", "--json", *extra)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture
def files(tmp_path):
    (tmp_path / DEEPSTATE_NAME).write_bytes(deepstate_kml())
    (tmp_path / "2024-09-11.geojson").write_bytes(isw_geojson())
    (tmp_path / "isw-undated.geojson").write_bytes(isw_geojson(None))
    (tmp_path / "2024-09-12.geojson").write_bytes(isw_geojson("2024-09-11"))
    return tmp_path


def test_import_list_area_undo(store_url, files, capsys):
    db = store_url
    code, out, _ = run(
        capsys, "--db", db, "overlays", "import", str(files / DEEPSTATE_NAME), "--series", "DS"
    )
    assert code == 0 and "4 feature(s) imported as layer" in out
    assert "2 unit icon point(s) skipped" in out and "source DeepStateMap" in out
    code, out, _ = run(
        capsys, "--db", db, "overlays", "import", str(files / "2024-09-11.geojson"),
        "--series", "ISW Kursk",
    )  # fmt: skip
    assert code == 0 and "1 invalid ring(s) repaired (make_valid)" in out

    rows = listed(capsys, db)
    assert [(r["series"], r["date"], r["features"]) for r in rows] == [
        ("DS", "2024-08-20", 4),
        ("ISW Kursk", "2024-09-11", 4),
    ]
    assert rows[0]["classes"] == {"grey_zone": 1, "russian_held": 2, "ukrainian_held": 1}
    assert rows[0]["stamp"] == "2024-08-20T20:16:00"
    assert [r["series"] for r in listed(capsys, db, "--series", "ISW Kursk")] == ["ISW Kursk"]

    code, out, _ = run(
        capsys, "--db", db, "overlays", "area", "--series", "DS", "--within", "Kursk Oblast",
        "--json",
    )  # fmt: skip
    (area,) = [json.loads(line) for line in out.splitlines()]
    assert area["date"] == "2024-08-20"
    kursk = oblast_shape("Kursk Oblast")
    geod = Geod(ellps="WGS84")
    held = abs(geod.geometry_area_perimeter(shapely.Polygon(HELD).intersection(kursk))[0]) / 1e6
    assert area["areas_km2"]["ukrainian_held"] == pytest.approx(held, rel=1e-4)
    assert area["total_km2"] == pytest.approx(sum(area["areas_km2"].values()), abs=0.01)

    code, out, _ = run(capsys, "--db", db, "overlays", "undo", rows[0]["layer_id"])
    assert code == 0 and "4 feature(s) removed" in out
    assert [r["series"] for r in listed(capsys, db)] == ["ISW Kursk"]
    code, _, err = run(capsys, "--db", db, "overlays", "undo", rows[0]["layer_id"])
    assert code == 1 and "no layer" in err


def test_import_refusals_and_their_exit_codes(tmp_path, files, capsys):
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    code, out, err = run(
        capsys, "--db", db, "overlays", "import", str(files / "isw-undated.geojson"),
        str(files / "2024-09-12.geojson"), "--series", "ISW",
    )  # fmt: skip
    assert code == 1 and out.count("rejected, nothing imported") == 2
    assert "no date for this layer" in err
    assert "2024-09-11" in err and "2024-09-12" in err  # the conflict names both
    code, _, err = run(
        capsys, "--db", db, "overlays", "import", str(files / "isw-undated.geojson"),
        str(files / "2024-09-11.geojson"), "--series", "ISW", "--date", "2024-09-11",
    )  # fmt: skip
    assert code == 2 and "--date applies to one file" in err
    code, out, _ = run(
        capsys, "--db", db, "overlays", "import", str(files / "isw-undated.geojson"),
        "--series", "ISW", "--date", "2024-09-11",
    )  # fmt: skip
    assert code == 0 and "date 2024-09-11 (from the --date)" in out
    code, out, _ = run(
        capsys, "--db", db, "overlays", "import", str(files / "isw-undated.geojson"),
        "--series", "ISW", "--date", "2024-09-11",
    )  # fmt: skip
    assert code == 1 and "already imported as layer" in out
    assert listed(capsys, db)[0]["date"] == "2024-09-11"
    code, _, err = run(
        capsys, "--db", db, "overlays", "area", "--series", "ISW", "--within", "Atlantis"
    )
    assert code == 2 and "no oblast 'Atlantis'" in err


def test_the_store_keeps_geometry_exactly_and_undo_removes_the_layer(store_url):
    store = Store(store_url)
    overlays = OverlayStore(store.engine)
    shapes = [shapely.Polygon(HELD), shapely.LineString([(35.0, 51.0), (35.5, 51.2)])]
    features = [
        OverlayFeature("ukrainian_held", "Liberated", "#0f9d58", shapes[0]),
        OverlayFeature("front_line", "line", None, shapes[1]),
    ]
    layer = overlays.add_layer(
        features, series="S", day=date(2024, 8, 20), source="test", file_name="f.kml",
        data_hash="h", file_format="kml", report={"repaired": 0},
    )  # fmt: skip
    assert overlays.layers() == [layer]
    back = overlays.features(layer.layer_id)
    assert [(f.overlay_class, f.label, f.colour) for f in back] == [
        ("ukrainian_held", "Liberated", "#0f9d58"),
        ("front_line", "line", None),
    ]
    assert all(a.equals_exact(b.geometry, 0) for a, b in zip(shapes, back, strict=True))
    assert overlays.find_layer("h", "S") == layer and overlays.find_layer("h", "T") is None
    before = overlays.version()
    assert overlays.undo(layer.layer_id) == 2
    assert overlays.layers() == [] and overlays.features(layer.layer_id) == []
    assert overlays.version() != before
    with pytest.raises(KeyError):
        overlays.undo(layer.layer_id)
    store.engine.dispose()


def test_postgis_holds_the_geometry_generated_from_the_wkb(postgres_url):
    store = Store(postgres_url)
    overlays = OverlayStore(store.engine)
    layer = overlays.add_layer(
        [OverlayFeature("russian_held", "occ", None, shapely.Polygon(OCCUPIED))],
        series="S", day=date(2024, 8, 20), source="t", file_name="f", data_hash="h",
        file_format="geojson",
    )  # fmt: skip
    with store.engine.connect() as conn:
        srid, kind, km2, hit = conn.execute(
            sa.text(
                "SELECT ST_SRID(geom), GeometryType(geom), ST_Area(geom::geography) / 1e6,"
                " ST_Intersects(geom, ST_SetSRID(ST_MakePoint(34.15, 51.7), 4326))"
                " FROM overlay_features WHERE layer_id = :id"
            ),
            {"id": layer.layer_id},
        ).one()
        indexed = conn.execute(
            sa.text("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_overlay_features_geom'")
        ).scalar()
    geod = abs(Geod(ellps="WGS84").geometry_area_perimeter(shapely.Polygon(OCCUPIED))[0]) / 1e6
    assert (srid, kind, hit, indexed) == (4326, "POLYGON", True, 1)
    assert km2 == pytest.approx(geod, rel=1e-3)  # PostGIS's geography area, on the spheroid
    overlays.undo(layer.layer_id)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM overlay_features")).scalar() == 0
    store.engine.dispose()
