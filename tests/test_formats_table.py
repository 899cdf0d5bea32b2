"""Any other event table through a column mapping: ``sitmap import FILE --format table
--column FIELD=HEADER ... --set FIELD=VALUE ...``.

The two tables are synthetic, shaped like a CIR "Eyes on Russia" list and a table of
geolocated equipment losses (``Geolocation`` as one ``"lat,lon"`` cell).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import random
import re

import pytest

from events.column_mappings import recall, remember
from events.formats.table import ColumnMapping, mapping_from_pairs, read
from events.formats.table_guess import guess_mapping
from events.formats.text import read_table
from events.store import Store
from sitmap.cli import main


def run(*argv: str) -> tuple[int, str]:
    """``sitmap ARGV``: the exit code and everything printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(list(argv))
    return code, out.getvalue()


def csv_file(header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def given(options: list[str], flag: str) -> list[str]:
    """The values of one option (``--column`` or ``--set``) in a list of options."""
    return [value for name, value in zip(options[:-1], options[1:], strict=True) if name == flag]


def listed(db: str) -> dict[str, dict]:
    code, out = run("--db", db, "events", "--json")
    assert code == 0
    return {row["event_id"]: row for row in map(json.loads, out.splitlines())}


CIR = [
    "entry", "date", "event_group", "title", "brief description", "lat", "lon", "country",
    "province", "district", "town/city", "arms/munition", "violence level", "link",
    "geolocation",
]  # fmt: skip
CIR_ROWS = [
    ["ER-0101", "12/08/2024", "Shelling", "Strike on a school", "A school was hit by shelling.",
     "51.1934", "35.2697", "Russia", "Kursk", "Sudzhanskiy", "Sudzha", "Artillery", "High",
     "https://example.org/cir/101", "Confirmed"],
    ["ER-0102", "15/08/2024", "Shelling", "Strike on a bridge", "A bridge was damaged.",
     "50.9077", "34.7981", "Ukraine", "Sumy", "", "Sumy", "Missile", "Medium",
     "https://example.org/cir/102", "Confirmed"],
]  # fmt: skip
CIR_MAPPING = [
    "--column", "event_id=entry", "--column", "date_start=date", "--column", "latitude=lat",
    "--column", "longitude=lon", "--column", "country=country", "--column", "admin1=province",
    "--column", "admin2=district", "--column", "location=town/city",
    "--column", "notes=brief description", "--column", "source_url=link",
    "--set", "event_type=Explosions/Remote violence",
    "--set", "sub_event_type=Shelling/artillery/missile attack",
    "--set", "source=CIR Eyes on Russia",
]  # fmt: skip

LOSSES = [
    "Type", "Model", "Status", "Lost by", "Date", "Nearest location", "Source", "Geolocation",
    "Country", "lat", "lng",
]  # fmt: skip
LOSSES_ROWS = [
    ["Tank", "T-72B3", "Destroyed", "Russia", "2024-08-09", "Goncharovka",
     "https://example.org/loss/1", "51.2101, 35.2312", "Russia", "51.2101", "35.2312"],
    ["IFV", "BMP-2", "Abandoned", "Russia", "2024-08-09", "Goncharovka",
     "https://example.org/loss/2", "51.2101,35.2312", "Russia", "51.2101", "35.2312"],
    ["Truck", "KamAZ", "Damaged", "Russia", "2024-08-10", "",
     "https://example.org/loss/3", "(51.3104, 35.0011)", "Russia", "51.3104", "35.0011"],
    ["Tank", "T-80BV", "Destroyed", "Russia", "2024-08-11", "Korenevo",
     "https://example.org/loss/4", "see the link", "Russia", "", ""],
]  # fmt: skip
LOSSES_MAPPING = [
    "--column", "date_start=Date", "--column", "position=Geolocation",
    "--column", "location=Nearest location", "--column", "source_url=Source",
    "--column", "country=Country", "--set", "event_type=Battles",
    "--set", "sub_event_type=Armed clash", "--set", "source=Geolocated losses",
]  # fmt: skip

FIELDS = (
    "date_start", "date_end", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "country", "admin1", "admin2", "location", "latitude",
    "longitude", "geo_precision", "fatalities", "source", "source_url", "notes",
)  # fmt: skip

CLASSES = [
    # (class, header, rows, mapping, expected events by id (None: a content id), notes)
    ("CIR 'Eyes on Russia' list", CIR, CIR_ROWS, CIR_MAPPING, {
        "ER-0101": ("2024-08-12", "2024-08-12", 1, "Political violence",
                    "Explosions/Remote violence", "Shelling/artillery/missile attack",
                    "Unknown", "Russia", "Kursk", "Sudzhanskiy", "Sudzha", 51.1934, 35.2697,
                    1, 0, "CIR Eyes on Russia", "https://example.org/cir/101",
                    "A school was hit by shelling."),
        "ER-0102": ("2024-08-15", "2024-08-15", 1, "Political violence",
                    "Explosions/Remote violence", "Shelling/artillery/missile attack",
                    "Unknown", "Ukraine", "Sumy", None, "Sumy", 50.9077, 34.7981,
                    1, 0, "CIR Eyes on Russia", "https://example.org/cir/102",
                    "A bridge was damaged."),
     }, ["date_start read as dd/mm/yyyy", "actor1 'Unknown'", "fatalities 0 (unknown)",
         "time precision from the dates: 1 (a day) for a single day"]),
    ("geolocated losses, Geolocation as 'lat,lon'", LOSSES, LOSSES_ROWS, LOSSES_MAPPING, {
        None: [
            ("2024-08-09", "2024-08-09", 1, "Political violence", "Battles", "Armed clash",
             "Unknown", "Russia", "Kursk Oblast", "Sudzhanskiy District", "Goncharovka",
             51.2101, 35.2312, 1, 0, "Geolocated losses", "https://example.org/loss/1", None),
            ("2024-08-09", "2024-08-09", 1, "Political violence", "Battles", "Armed clash",
             "Unknown", "Russia", "Kursk Oblast", "Sudzhanskiy District", "Goncharovka",
             51.2101, 35.2312, 1, 0, "Geolocated losses", "https://example.org/loss/2", None),
            ("2024-08-10", "2024-08-10", 1, "Political violence", "Battles", "Armed clash",
             "Unknown", "Russia", "Kursk Oblast", "Sudzhanskiy District", "51.3104, 35.0011",
             51.3104, 35.0011, 1, 0, "Geolocated losses", "https://example.org/loss/3", None),
        ],
     }, ["geo precision 1 (the place itself) for each row with a point",
         "ids made from each row's content (TABLE-<hash>-<n>)",
         "each point without a place name is named by its coordinates",
         "no admin1 or admin2 column: taken from each row's point, 4 row(s) in a mapped oblast",
         "not a position 'latitude,longitude' (like 51.0561,35.1364)"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "header", "rows", "mapping", "expected", "said"), CLASSES, ids=[c[0] for c in CLASSES]
)
def test_a_table_imports_through_its_column_mapping(
    tmp_path, case, header, rows, mapping, expected, said
):
    path = tmp_path / "table.csv"
    path.write_bytes(csv_file(header, rows))
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    code, out = run("--db", db, "import", str(path), "--format", "table", *mapping)
    assert code == 0, out
    assert "format table" in out
    for words in said:
        assert words in out
    events = listed(db)
    got = {event_id: tuple(event[f] for f in FIELDS) for event_id, event in events.items()}
    if None in expected:  # ids from content: compare the events, in order of their lines
        assert all(re.fullmatch(r"TABLE-[0-9a-f]{12}-1", event_id) for event_id in got)
        ordered = sorted(got.values(), key=lambda e: (e[0], e[16]))
        assert ordered == expected[None]
        assert f"{len(expected[None])} imported, {len(rows) - len(expected[None])} set aside" in out
    else:
        assert got == expected


def test_the_source_columns_a_mapping_leaves_out_are_kept_with_each_event(tmp_path):
    path = tmp_path / "losses.csv"
    path.write_bytes(csv_file(LOSSES, LOSSES_ROWS[:1]))
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert run("--db", db, "import", str(path), "--format", "table", *LOSSES_MAPPING)[0] == 0
    mapping = mapping_from_pairs(given(LOSSES_MAPPING, "--column"), given(LOSSES_MAPPING, "--set"))
    rows = read(read_table(path.read_bytes()), mapping=mapping)
    assert rows.extras == [
        {"type": "Tank", "model": "T-72B3", "status": "Destroyed", "lost by": "Russia",
         "lat": "51.2101", "lng": "35.2312"},
    ]  # fmt: skip


def test_the_same_rows_again_in_another_order_and_encoding_add_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    first = tmp_path / "losses.csv"
    first.write_bytes(csv_file(LOSSES, LOSSES_ROWS))
    assert run("--db", db, "import", str(first), "--format", "table", *LOSSES_MAPPING)[0] == 0
    before = listed(db)
    columns = list(range(len(LOSSES)))
    random.Random(7).shuffle(columns)
    rows = list(LOSSES_ROWS)
    random.Random(8).shuffle(rows)
    again = tmp_path / "losses (1).csv"
    again.write_bytes(
        csv_file([LOSSES[c] for c in columns], [[r[c] for c in columns] for r in rows], "cp1252")
    )
    code, out = run("--db", db, "import", str(again), "--format", "table", *LOSSES_MAPPING)
    assert code == 1 and "0 will be imported, 1 set aside, 3 already stored" in out
    assert listed(db) == before


BAD_MAPPINGS = [
    # (case, options after --format table, exit code, what is said)
    ("an unknown field", ["--column", "when=Date"], 2, "'when' is not a field"),
    ("not FIELD=HEADER", ["--column", "date_start"], 2, "write FIELD=HEADER"),
    ("a field given twice", ["--column", "date_start=Date", "--column", "date_start=Model"], 2,
     "date_start is given twice"),
    ("a header the file lacks", ["--column", "date_start=Day", "--set", "event_type=Battles"], 1,
     "line 1, column Day: no such column in the file, mapped to date_start"),
    ("no date", ["--column", "position=Geolocation", "--set", "event_type=Battles"], 1,
     "map date_start to a column (--column date_start=HEADER) or set it"),
    ("no event type", ["--column", "date_start=Date"], 1, "map event_type to a column"),
    ("a field both mapped and set", ["--column", "date_start=Date", "--set",
     "date_start=2024-08-01", "--set", "event_type=Battles"], 1,
     "date_start is both mapped to a column and set"),
    ("position and latitude", ["--column", "date_start=Date", "--column", "position=Geolocation",
     "--column", "latitude=lat", "--set", "event_type=Battles"], 1,
     "map either position or them"),
    ("no mapping at all", [], 1, "the table format needs a column mapping"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "options", "code", "said"), BAD_MAPPINGS, ids=[c[0] for c in BAD_MAPPINGS]
)
def test_a_bad_mapping_is_refused_before_any_row_is_read(tmp_path, case, options, code, said):
    path = tmp_path / "losses.csv"
    path.write_bytes(csv_file(LOSSES, LOSSES_ROWS))
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    got, out = run("--db", db, "import", str(path), "--format", "table", *options)
    assert (got, said in out) == (code, True), out
    assert listed(db) == {}


def test_a_mapping_without_format_table_is_a_usage_error(tmp_path):
    path = tmp_path / "losses.csv"
    path.write_bytes(csv_file(LOSSES, LOSSES_ROWS))
    code, out = run("import", str(path), "--column", "date_start=Date")
    assert code == 2 and "--column and --set map the columns of --format table" in out


def test_a_table_is_never_detected_and_the_refusal_says_how_to_map_it(tmp_path):
    path = tmp_path / "cir.csv"
    path.write_bytes(csv_file(CIR, CIR_ROWS))
    code, out = run("--db", f"sqlite:///{tmp_path / 's.sqlite'}", "import", str(path))
    assert code == 1
    assert "unrecognised header" in out and "--format table --column FIELD=HEADER" in out


def test_header_names_match_without_regard_to_case_or_spaces():
    table = read_table(csv_file(LOSSES, LOSSES_ROWS[:1]))
    rows = read(
        table,
        mapping=ColumnMapping(
            {"date_start": " DATE ", "position": "geolocation"}, {"event_type": "Battles"}
        ),
    )
    assert rows.problems == []
    assert {k: rows.records[0][k] for k in ("date_start", "latitude", "longitude")} == {
        "date_start": "2024-08-09",
        "latitude": "51.2101",
        "longitude": "35.2312",
    }


GUESSES = [
    # (table, header, first rows, the columns guessed)
    ("CIR list: lat/lon win over a 'geolocation' that says Confirmed", CIR, CIR_ROWS, {
        "event_id": "entry", "date_start": "date", "latitude": "lat", "longitude": "lon",
        "location": "town/city", "admin1": "province", "admin2": "district",
        "country": "country", "notes": "brief description", "source_url": "link"}),
    ("losses: links under Source, lat and lng beside the Geolocation", LOSSES, LOSSES_ROWS, {
        "date_start": "Date", "latitude": "lat", "longitude": "lng",
        "location": "Nearest location", "country": "Country", "source_url": "Source"}),
    ("losses without lat and lng: the 'lat,lon' Geolocation", LOSSES[:8],
     [row[:8] for row in LOSSES_ROWS[:3]], {
        "date_start": "Date", "position": "Geolocation", "location": "Nearest location",
        "source_url": "Source"}),
    ("names as spreadsheets write them", ["Event ID", "Start_Date", "End-Date", "LATITUDE",
     "Longitude ", "Oblast", "Raion", "Killed", "Description", "Source"],
     [["a1", "2024-08-01", "2024-08-01", "51", "35", "Kursk", "", "0", "x", "Suspilne"]], {
        "event_id": "Event ID", "date_start": "Start_Date", "date_end": "End-Date",
        "latitude": "LATITUDE", "longitude": "Longitude ", "admin1": "Oblast",
        "admin2": "Raion", "fatalities": "Killed", "notes": "Description",
        "source": "Source"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "header", "rows", "columns"), GUESSES, ids=[g[0] for g in GUESSES]
)
def test_a_first_mapping_is_guessed_from_the_header_names(case, header, rows, columns):
    assert guess_mapping(header, rows) == ColumnMapping(columns, {})


def test_a_committed_mapping_is_remembered_for_the_same_headers_and_shared(tmp_path):
    url = f"sqlite:///{tmp_path / 'team.sqlite'}"
    mine, theirs = Store(url), Store(url)  # two analysts, one store
    mapping = mapping_from_pairs(given(LOSSES_MAPPING, "--column"), given(LOSSES_MAPPING, "--set"))
    assert recall(theirs, LOSSES) is None
    remember(mine, LOSSES, mapping, "ana")
    shuffled_upper = [name.upper() for name in reversed(LOSSES)]
    back = recall(theirs, shuffled_upper)
    assert back.values == mapping.values
    assert back.columns == {field: name.upper() for field, name in mapping.columns.items()}
    assert recall(theirs, [*LOSSES, "Notes"]) is None  # another set of headers
    remember(theirs, LOSSES, ColumnMapping({"date_start": "Date"}, {"event_type": "Battles"}))
    assert recall(mine, LOSSES) == ColumnMapping({"date_start": "Date"}, {"event_type": "Battles"})
