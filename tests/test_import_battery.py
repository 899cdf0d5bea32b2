"""The bad-input battery (security.md §6) for files: each is rejected whole, naming
line, column and reason, and the store is exactly as it was before.

Cases of the battery not here: 9 (swapped coordinates: a geo check against the
row's country), 15 (future or pre-coverage dates: no policy yet), 31/35/38 and the
other accepted inputs are in ``test_import_accepted.py``; 40 (an interrupted write)
is the store's transaction.
"""

from __future__ import annotations

import pytest
from builders import csv_bytes, event_frame, native_file, raw_event
from conftest import content
from exports import acled_file, acled_row

from events.problems import RejectedInput
from sitmap import importer
from sitmap.importer import commit, plan_import


def native(*records: dict[str, str]) -> bytes:
    """Records as a native CSV file (comma, LF, UTF-8)."""
    return csv_bytes(list(records))


def with_cell(column: str, value: str, *, row: int = 2, rows: int = 3) -> bytes:
    """A native file of ``rows`` events (ids T-00101...) with one cell changed."""
    records = [raw_event(100 + i) for i in range(1, rows + 1)]
    records[row - 2][column] = value
    return native(*records)


def without(column: str) -> bytes:
    records = [raw_event(101)]
    del records[0][column]
    return native(*records)


def renamed_header(old: str, new: str) -> bytes:
    data = native(raw_event(101))
    header, rest = data.split(b"\n", 1)
    return header.replace(old.encode(), new.encode()) + b"\n" + rest


def ragged() -> bytes:
    good = native(raw_event(101), raw_event(102))
    return good + b"T-00103,2025-02-03,extra,cells\n"


def unquoted_decimal_comma() -> bytes:
    return native(raw_event(101), raw_event(102)).replace(b",35.2669,", b",35,2,", 1)


def mixed_encodings() -> bytes:
    data = native(raw_event(101, location="Суджа"), raw_event(102, location="KURSK"))
    return data.replace(b"KURSK", "Курск".encode("cp1251"))


def unterminated_quote() -> bytes:
    return native(raw_event(101)) + b'T-00102,2025-02-02,2025-02-02,1,"Political violence\n'


def quoted_newlines_then_bad_row() -> bytes:
    return native(raw_event(101, notes="one\ntwo\nthree"), raw_event(102, fatalities="-3"))


ROWS = len(raw_event())

BATTERY = [
    # (case, file bytes, [(line, column, reason fragment), ...])
    ("1 empty file", b"", [(0, "", "the file is empty")]),
    ("2 header only", native(raw_event())[: native(raw_event()).index(b"\n") + 1],
     [(0, "", "the file has a header but no events")]),
    ("3 missing required column", without("event_type"),
     [(1, "event_type", "required column is missing from the header")]),
    ("3 missing column, ACLED", acled_file([{k: v for k, v in acled_row().items()
                                             if k != "event_type"}]),
     [(1, "event_type", "required column is missing from the header (detected format: ACLED)")]),
    ("4 unknown format", b"foo,bar\n1,2\n", [(1, "", "unrecognised header; expected")]),
    ("5 duplicate header", renamed_header("coded_by", "event_id"),
     [(1, "event_id", "column appears twice in the header")]),
    ("5 duplicate header, other case", renamed_header("coded_by", "EVENT_ID"),
     [(1, "event_id", "column appears twice in the header")]),
    ("6 ragged row", ragged(), [(4, "", f"row has 4 cells, the header has {ROWS}")]),
    ("7 latitude 91", with_cell("latitude", "91"), [(2, "latitude", "out of range")]),
    ("7 latitude -90.0001", with_cell("latitude", "-90.0001", row=3),
     [(3, "latitude", "out of range")]),
    ("7 longitude 180.5", with_cell("longitude", "180.5", row=4),
     [(4, "longitude", "out of range")]),
    ("8 unquoted decimal comma", unquoted_decimal_comma(),
     [(2, "", f"row has {ROWS + 1} cells, the header has {ROWS}")]),
    ("8 quoted decimal comma", with_cell("longitude", "35,2"),
     [(2, "longitude", "decimal comma in a comma-separated file")]),
    ("10 null island", native(raw_event(101, latitude="0", longitude="0")),
     [(2, "latitude", "0,0 is a missing-value placeholder")]),
    ("10 no coordinates at precision 1",
     native(raw_event(101, latitude="", longitude="", location="Xqzzyvillezz")),
     [(2, "latitude", "geo precision 1 needs coordinates"),
      (2, "location", "place not found in the gazetteer")]),
    ("11 NaN", with_cell("latitude", "NaN"), [(2, "latitude", "not a plain decimal number")]),
    ("11 inf", with_cell("longitude", "inf"), [(2, "longitude", "not a plain decimal number")]),
    ("11 exponent", with_cell("latitude", "5.1e1"),
     [(2, "latitude", "not a plain decimal number")]),
    ("11 full-width digits", with_cell("latitude", "５１"),
     [(2, "latitude", "not a plain decimal number")]),
    ("11 full-width fatalities", with_cell("fatalities", "１２"),
     [(2, "fatalities", "not a whole number")]),
    ("12 31/02/2025", with_cell("date_start", "31/02/2025"),
     [(2, "date_start", "not a date in the form YYYY-MM-DD")]),
    ("12 2025-02-30", with_cell("date_end", "2025-02-30"), [(2, "date_end", "impossible date")]),
    ("13 late January", with_cell("date_start", "late January 2025"),
     [(2, "date_start", "not a date in the form YYYY-MM-DD")]),
    ("13 a month", with_cell("date_start", "2025-01"),
     [(2, "date_start", "not a date in the form YYYY-MM-DD")]),
    ("13 a quarter", with_cell("date_end", "Q1 2025"),
     [(2, "date_end", "not a date in the form YYYY-MM-DD")]),
    ("14 ambiguous day", with_cell("date_start", "03/04/2025"),
     [(2, "date_start", "not a date in the form YYYY-MM-DD")]),
    ("16 negative toll", with_cell("fatalities", "-3"),
     [(2, "fatalities", "a death toll cannot be negative")]),
    ("17 range", with_cell("fatalities", "10-20"), [(2, "fatalities", "not a whole number")]),
    ("17 about", with_cell("fatalities", "~10"), [(2, "fatalities", "not a whole number")]),
    ("17 unknown", with_cell("fatalities", "unknown"), [(2, "fatalities", "not a whole number")]),
    ("17 fraction", with_cell("fatalities", "3.5"), [(2, "fatalities", "not a whole number")]),
    ("17 beyond 64 bits", with_cell("fatalities", "99999999999999999999999"),
     [(2, "fatalities", "too large a number")]),
    ("18 duplicate id in the file", with_cell("event_id", "T-00101", row=4),
     [(4, "event_id", "duplicate event_id in this file (first on line 2)")]),
    ("19 id already in the store", native(raw_event(1, notes="same id, other file")),
     [(2, "event_id", "event_id already in the store")]),
    ("21 very long field", with_cell("notes", "x" * 200_000),
     [(2, "", "field too long (max 131,072 characters)")]),
    ("22 NUL byte", with_cell("actor2", "ab\x00cd"), [(2, "", "NUL byte in the file")]),
    ("25 mixed encodings", mixed_encodings(), [(3, "", "not valid UTF-8, though line 2 is")]),
    ("28 line numbers after quoted newlines", quoted_newlines_then_bad_row(),
     [(5, "fatalities", "a death toll cannot be negative")]),
    ("29 unterminated quote", unterminated_quote(),
     [(3, "", "unterminated quoted field in the row starting on line 3")]),
    ("36 Excel-mangled UCDP id", None, None),
    ("37 xlsx cut short", b"PK\x03\x04\x14\x00\x06\x00", [(0, "", "but is damaged or cut short")]),
    ("37 xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", [(0, "", "an Excel 97-2003 (.xls)")]),
    ("37 gzip", b"\x1f\x8b\x08\x00", [(0, "", "a gzip archive")]),
    ("37 pdf", b"%PDF-1.7\n", [(0, "", "a PDF document")]),
    ("several problems at once", native(
        raw_event(101, fatalities="-1"), raw_event(102), raw_event(103, latitude="91",
                                                                   source_url="javascript:x")),
     [(2, "fatalities", "negative"), (4, "latitude", "out of range"),
      (4, "source_url", "only http:// and https://")]),
]  # fmt: skip
BATTERY = [case for case in BATTERY if case[1] is not None]  # 36: see test_formats_ucdp


@pytest.fixture
def seeded(store):
    """A store holding three events (T-00001..3) from one earlier batch."""
    commit(plan_import(native_file(event_frame(3)), "earlier.csv", store), store)
    return store


@pytest.mark.parametrize(("case", "data", "expected"), BATTERY, ids=[c[0] for c in BATTERY])
def test_bad_files_are_rejected_whole_naming_line_column_and_reason(seeded, case, data, expected):
    before = content(seeded)
    plan = plan_import(data, "bad.csv", seeded)
    found = [(p.line, p.column, p.reason) for p in plan.problems]
    assert len(found) == len(expected), found
    for (line, column, reason), (want_line, want_column, fragment) in zip(
        found, expected, strict=True
    ):
        assert (line, column) == (want_line, want_column), found
        assert fragment in reason, found
    with pytest.raises(RejectedInput):
        commit(plan, seeded)
    assert content(seeded) == before


def test_more_rows_than_the_limit_are_rejected(seeded, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 3)
    before = content(seeded)
    plan = plan_import(native(*(raw_event(100 + i) for i in range(5))), "big.csv", seeded)
    assert [(p.line, p.reason) for p in plan.problems] == [(5, "more than 3 rows; split the file")]
    assert content(seeded) == before


def test_the_unknown_header_problem_shows_the_headers_found_and_every_format(seeded):
    plan = plan_import(b"Date,Place,Killed\n2025-02-01,Sudzha,3\n", "x.csv", seeded)
    [problem] = plan.problems
    assert problem.value == "date, place, killed"
    for expected in (
        "sitmap native (event_id",
        "ACLED (event_date",
        "UCDP GED (type_of",
        "--format table --column FIELD=HEADER",
    ):
        assert expected in problem.reason


def test_an_unknown_format_name_is_a_problem_not_an_exception(seeded):
    plan = plan_import(native(raw_event(101)), "x.csv", seeded, file_format="gdelt")
    assert [p.reason for p in plan.problems] == ["unknown format; use native, acled, ucdp, table"]
