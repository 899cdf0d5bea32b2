"""The `sitmap` command line: listing, importing, exporting, batches and undo."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3

import geopandas as gpd
import pytest
from builders import csv_bytes, event_frame, native_file, raw_event
from exports import acled_file, acled_row
from test_import_report import messy_export

from events.store import Store
from sitmap.cli import main


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_then_list_as_json_lines(tmp_path, db, capsys):
    path = tmp_path / "new.csv"
    path.write_bytes(native_file(event_frame(4)))
    code, out, _ = run(capsys, "--db", db, "import", str(path))
    assert code == 0 and "4 event(s) imported as batch" in out
    code, out, _ = run(capsys, "--db", db, "events", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["event_id"] for r in rows] == ["T-00001", "T-00002", "T-00003", "T-00004"]
    assert rows[0]["date_start"] == "2025-02-01" and rows[0]["latitude"] == 50.7736


def test_events_window_from_to(tmp_path, db, capsys):
    path = tmp_path / "new.csv"
    path.write_bytes(native_file(event_frame(10)))
    run(capsys, "--db", db, "import", str(path))
    _, out, _ = run(capsys, "--db", db, "events", "--from", "2025-02-03", "--to", "2025-02-04")
    assert [json.loads(line)["event_id"] for line in out.splitlines()] == ["T-00003", "T-00004"]


def test_a_file_with_a_bad_row_is_rejected_whole_and_the_store_is_unchanged(tmp_path, db, capsys):
    good = tmp_path / "good.csv"
    good.write_bytes(native_file(event_frame(2)))
    run(capsys, "--db", db, "import", str(good))
    store_file = db.removeprefix("sqlite:///")
    before = sqlite3.connect(store_file).execute("SELECT * FROM events ORDER BY 1").fetchall()

    records = [raw_event(i) for i in range(10, 15)]
    records[2]["fatalities"] = "-4"
    records[4]["date_end"] = "2024-01-01"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(records))
    code, out, err = run(capsys, "--db", db, "import", str(bad))

    assert code == 1
    assert "rejected" in out and "nothing imported" in out
    assert err.splitlines() == [
        "line 4, column fatalities: a death toll cannot be negative ('-4')",
        "line 6, column date_end: date_end is before date_start ('2024-01-01')",
    ]
    after = sqlite3.connect(store_file).execute("SELECT * FROM events ORDER BY 1").fetchall()
    assert after == before
    assert len(Store(db).batches()) == 1


def test_dry_run_validates_without_writing(tmp_path, db, capsys):
    path = tmp_path / "new.csv"
    path.write_bytes(native_file(event_frame(3)))
    code, out, _ = run(capsys, "--db", db, "import", "--dry-run", str(path))
    assert code == 0 and "3 new event(s); dry run" in out
    assert Store(db).count() == 0


def test_importing_the_same_file_twice_adds_nothing_and_exits_1(tmp_path, db, capsys):
    path = tmp_path / "new.csv"
    path.write_bytes(native_file(event_frame(3)))
    run(capsys, "--db", db, "import", str(path))
    code, out, _ = run(capsys, "--db", db, "import", str(path))
    assert code == 1 and "already imported" in out  # no batch committed
    assert Store(db).count() == 3


def test_native_round_trip_export_import_gives_identical_events(tmp_path, db, capsys):
    frame = event_frame(6, notes='=HYPERLINK("http://x")', tags="-risky;+tag")
    first = tmp_path / "first.csv"
    first.write_bytes(native_file(frame))
    run(capsys, "--db", db, "import", str(first))
    exported = tmp_path / "exported.csv"
    code, _, _ = run(capsys, "--db", db, "export", "-o", str(exported))
    assert code == 0
    assert b"'=HYPERLINK" in exported.read_bytes()  # safe in Excel

    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    code, _, _ = run(capsys, "--db", other, "import", str(exported))
    assert code == 0
    keep = [c for c in frame.columns if c not in ("batch_id", "imported_at")]
    original = Store(db).events()
    copy = Store(other).events()
    assert copy[keep].equals(original[keep])
    assert copy["notes"].iloc[0] == '=HYPERLINK("http://x")'


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_spatial_exports_open_with_gdal(tmp_path, db, capsys, suffix):
    records = [raw_event(1), raw_event(2, latitude="", longitude="", geo_precision="3")]
    path = tmp_path / "new.csv"
    path.write_bytes(csv_bytes(records))
    run(capsys, "--db", db, "import", str(path))
    out_path = tmp_path / f"events{suffix}"
    code, out, _ = run(capsys, "--db", db, "export", "-o", str(out_path))
    assert code == 0 and "2 event(s)" in out
    back = gpd.read_file(out_path)
    assert len(back) == 2
    assert back.crs.to_epsg() == 4326
    assert back.geometry.iloc[0].x == pytest.approx(35.2669)  # x is longitude
    assert back.geometry.iloc[1] is None or back.geometry.iloc[1].is_empty


def test_unknown_export_suffix_is_a_usage_error(tmp_path, db, capsys):
    code, _, err = run(capsys, "--db", db, "export", "-o", str(tmp_path / "x.xlsx"))
    assert code == 2 and "use .csv" in err


def test_batches_and_undo(tmp_path, db, capsys):
    path = tmp_path / "new.csv"
    path.write_bytes(native_file(event_frame(3)))
    run(capsys, "--db", db, "import", str(path))
    _, out, _ = run(capsys, "--db", db, "batches", "--json")
    batch = json.loads(out)
    assert batch["row_count"] == 3 and batch["file_name"] == "new.csv"
    code, out, _ = run(capsys, "--db", db, "undo", batch["batch_id"])
    assert code == 0 and "3 event(s) removed" in out
    assert Store(db).count() == 0
    code, _, err = run(capsys, "--db", db, "undo", batch["batch_id"])
    assert code == 1 and "no batch" in err


def test_a_missing_file_is_reported_not_raised(tmp_path, db, capsys):
    code, _, err = run(capsys, "--db", db, "import", str(tmp_path / "nope.csv"))
    assert code == 1 and "cannot read" in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["events", "--from", "yesterday"])
    assert exit_.value.code == 2


def acled_with_bad_rows(tmp_path, n: int = 6, bad: tuple[int, ...] = (2, 4)):
    rows = [acled_row(i) for i in range(1, n + 1)]
    for i in bad:
        rows[i - 1]["event_date"] = ""
    path = tmp_path / "acled.csv"
    path.write_bytes(acled_file(rows))
    return path


def test_an_export_with_unusable_rows_commits_the_rest_and_exits_0(tmp_path, db, capsys):
    code, out, _ = run(capsys, "--db", db, "import", str(acled_with_bad_rows(tmp_path)))
    assert code == 0
    assert "4 event(s) imported as batch" in out and "4 imported, 2 set aside" in out
    assert "  no date: 2" in out
    assert Store(db).count() == 4


def test_an_export_with_no_usable_row_commits_nothing_and_exits_1(tmp_path, db, capsys):
    path = acled_with_bad_rows(tmp_path, n=2, bad=(1, 2))
    code, out, _ = run(capsys, "--db", db, "import", str(path))
    assert code == 1 and "nothing to import" in out and "0 imported, 2 set aside" not in out
    assert "0 will be imported, 2 set aside" in out
    assert Store(db).batches() == []


def native_with_bad_rows(n: int) -> bytes:
    records = [raw_event(i) for i in range(1, n + 1)]
    for record in records[::2]:
        record["fatalities"] = "-1"
    return csv_bytes(records)


@pytest.mark.parametrize(
    ("case", "data", "options"),
    [
        ("a messy country-wide export", messy_export(300), []),
        ("a messy export, dry run", messy_export(300), ["--dry-run"]),
        ("a native file with 3,000 bad rows", native_with_bad_rows(6_000), []),
        ("a native file with 3,000 bad rows, partial", native_with_bad_rows(6_000), ["--partial"]),
    ],
)
def test_import_prints_at_most_100_lines_whatever_the_file(
    tmp_path, db, capsys, case, data, options
):
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    _, out, err = run(capsys, "--db", db, "import", *options, str(path))
    assert len(out.splitlines()) + len(err.splitlines()) <= 100, out + err


def test_the_report_option_writes_every_row_to_a_csv_file(tmp_path, db, capsys):
    report = tmp_path / "report.csv"
    path = tmp_path / "messy.csv"
    path.write_bytes(messy_export(50))
    code, out, _ = run(capsys, "--db", db, "import", "--report", str(report), str(path))
    assert code == 0 and f"report written to {report}" in out
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    set_aside = {row["line"] for row in rows if row["section"] == "set aside"}
    assert len(set_aside) == 50 * 7
    assert {row["file"] for row in rows} == {"messy.csv"}


def test_a_rejected_file_still_gets_its_full_report(tmp_path, db, capsys):
    report = tmp_path / "report.csv"
    path = tmp_path / "ours.csv"
    path.write_bytes(native_with_bad_rows(100))
    code, _, err = run(capsys, "--db", db, "import", "--report", str(report), str(path))
    assert code == 1 and "and 30 more problem(s)" in err
    rows = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 50 and {row["section"] for row in rows} == {"rejected"}


def test_replace_changed_then_undo_from_the_command_line(tmp_path, db, capsys):
    first = tmp_path / "week1.csv"
    first.write_bytes(acled_file([acled_row(i) for i in (1, 2, 3)]))
    run(capsys, "--db", db, "import", str(first))
    second = tmp_path / "week2.csv"
    second.write_bytes(acled_file([acled_row(1, fatalities="9"), acled_row(2), acled_row(3)]))

    code, out, _ = run(capsys, "--db", db, "import", str(second))
    assert code == 1 and "2 already stored, 1 changed by the source" in out
    assert "--replace-changed" in out

    code, out, _ = run(capsys, "--db", db, "import", "--replace-changed", str(second))
    assert code == 0 and "1 imported" in out
    assert Store(db).events().set_index("event_id").loc["UKR9001", "fatalities"] == 9
    batch = re.search(r"imported as batch (\S+)", out).group(1)
    code, out, _ = run(capsys, "--db", db, "undo", batch)
    assert "1 event(s) removed, 1 earlier version(s) put back" in out
    assert Store(db).events().set_index("event_id").loc["UKR9001", "fatalities"] == 1


def test_only_region_leaves_out_the_rows_off_the_map(tmp_path, db, capsys):
    rows = [acled_row(1), acled_row(2, admin1="Donetsk", latitude="48.0", longitude="37.8")]
    path = tmp_path / "ukraine.csv"
    path.write_bytes(acled_file(rows))
    code, out, _ = run(capsys, "--db", db, "import", "--only-region", str(path))
    assert code == 0 and "1 outside the mapped region left out" in out
    assert "Donetsk (Ukraine): 1" in out
    assert list(Store(db).events()["event_id"]) == ["UKR9001"]
