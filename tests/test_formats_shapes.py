"""Other file shapes: Excel workbooks and ACLED/UCDP API JSON import like their CSVs.

Every workbook and response is built here, shaped like the real ones (an ACLED export
opened and saved by Excel: date cells, numbers, blank cells; the APIs' envelopes and
value types); every ACLED-shaped row is synthetic.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time

import pandas as pd
import pytest
from exports import (
    ACLED_COLUMNS,
    acled_api,
    acled_values,
    ucdp_api,
    ucdp_record,
    workbook,
)

from events.formats.api_json import value_text
from events.formats.readers import read_any
from events.formats.workbook import cell_text
from events.problems import RejectedInput
from sitmap.cli import main
from sitmap.importer import plan_import


def acled_sheet() -> list[list[object]]:
    """An ACLED export as Excel leaves it: date cells, numbers, blanks, a blank row."""
    rows = [acled_values(1, date(2024, 8, 6)), acled_values(2, date(2024, 8, 7))]
    third = acled_values(3, date(2024, 8, 9))
    third["event_date"] = datetime(2024, 8, 9)  # a date-time cell at midnight
    third["latitude"], third["longitude"] = 51.1919, 35.2706
    third["admin1"], third["admin2"], third["location"] = "Kursk", "Sudzhanskiy", "Sudzha"
    third["country"] = "Russia"
    return [
        ACLED_COLUMNS,
        *([row[c] for c in ACLED_COLUMNS] for row in rows),
        [None] * len(ACLED_COLUMNS),
        [third[c] for c in ACLED_COLUMNS],
    ]


def test_an_acled_workbook_imports_with_the_values_of_its_cells(store):
    plan = plan_import(workbook({"Data": acled_sheet()}), "acled.xlsx", store)
    assert plan.ok, plan.problems
    assert (plan.file_format, plan.encoding) == ("acled", "xlsx")
    assert plan.notes == ["Excel workbook: sheet 'Data'"]
    assert plan.lines == [2, 3, 5]  # sheet rows; the blank row 4 is skipped
    frame = plan.frame
    assert frame["event_id"].tolist() == ["UKR9001", "UKR9002", "UKR9003"]
    assert frame["date_start"].tolist() == [
        pd.Timestamp("2024-08-06"),
        pd.Timestamp("2024-08-07"),
        pd.Timestamp("2024-08-09"),
    ]
    assert frame["fatalities"].tolist() == [2, 3, 1]
    assert frame["geo_precision"].tolist() == [1, 1, 1]
    assert frame.loc[2, ["latitude", "longitude", "admin1"]].tolist() == [51.1919, 35.2706, "Kursk"]
    assert frame["actor2"].tolist() == ["Civilians (Ukraine)"] * 3
    assert frame["assoc_actor_1"].isna().all()  # blank cells are empty, not "None"
    assert plan.extras[0]["event_id_no_cnty"] == "9001"  # a whole number, not 9001.0
    assert plan.extras[0]["iso"] == "804" and plan.extras[0]["timestamp"] == "1723000001"
    assert plan.extras[0]["year"] == "2024"


def test_the_first_sheet_is_read_unless_another_is_named(store):
    data = workbook({"About": [["Exported for the weekly brief"]], "Data": acled_sheet()})
    first = plan_import(data, "acled.xlsx", store)
    assert not first.ok and "unrecognised header" in first.problems[0].reason
    for name in ("Data", "data"):
        plan = plan_import(data, "acled.xlsx", store, sheet=name)
        assert plan.ok and plan.row_count == 3
        assert plan.notes == ["Excel workbook: sheet 'Data' of 2 ('About', 'Data')"]
    missing = plan_import(data, "acled.xlsx", store, sheet="Events")
    assert [(p.value, p.reason) for p in missing.problems] == [
        ("Events", "no such sheet; the workbook has 'About', 'Data'")
    ]


def test_a_header_below_blank_rows_keeps_sheet_row_numbers():
    rows = acled_sheet()
    table = read_any(workbook({"Data": [[None], [None], *rows]}), "acled.xlsx")
    assert table.header == [c.lower() for c in ACLED_COLUMNS]
    assert table.lines == [4, 5, 7]


def test_a_workbook_pandas_wrote_with_its_index_imports_without_it(store):
    """``DataFrame.to_excel`` writes the index as a first column with an empty header."""
    header, *rows = acled_sheet()
    frame = pd.DataFrame([row for row in rows if any(row)], columns=header)
    out = io.BytesIO()
    frame.to_excel(out, sheet_name="Sheet1")  # index=True, pandas' default
    plan = plan_import(out.getvalue(), "acled.xlsx", store)
    assert plan.ok, plan.problems
    assert plan.frame["event_id"].tolist() == ["UKR9001", "UKR9002", "UKR9003"]
    assert "the first column (unnamed), an index as pandas writes it, is ignored" in plan.notes
    assert "" not in plan.extras[0] and "unnamed: 0" not in plan.extras[0]


def test_a_workbook_from_hdx_skips_its_hxl_row(store):
    header, *rows = acled_sheet()
    tags = ["#event+id", "#date", *(f"#x+{i}" for i in range(len(header) - 2))]
    plan = plan_import(workbook({"Data": [header, tags, *rows]}), "acled.xlsx", store)
    assert plan.ok, plan.problems
    assert plan.row_count == 3 and plan.lines == [3, 4, 6]
    assert "line 2 holds HXL hashtags (an HDX copy) and is skipped" in plan.notes


def test_the_command_line_imports_a_chosen_sheet(tmp_path, capsys):
    path = tmp_path / "acled.xlsx"
    path.write_bytes(workbook({"About": [["notes"]], "Data": acled_sheet()}))
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert main(["--db", db, "import", str(path), "--sheet", "Data"]) == 0
    out = capsys.readouterr().out
    assert "format acled, encoding xlsx" in out and "3 event(s) imported" in out


def test_acled_api_json_imports_like_its_csv(store):
    first, second = acled_values(1, date(2024, 8, 6)), acled_values(2, date(2024, 8, 7))
    del second["tags"], second["assoc_actor_2"]  # a record may lack a key
    plan = plan_import(acled_api([first, second]), "acled.json", store)
    assert plan.ok, plan.problems
    assert (plan.file_format, plan.encoding) == ("acled", "UTF-8")
    assert plan.notes == ['ACLED API JSON: 2 records under "data"']
    assert plan.lines == [2, 3]
    assert plan.frame["event_id"].tolist() == ["UKR9001", "UKR9002"]
    assert plan.frame["date_start"].tolist() == [
        pd.Timestamp("2024-08-06"),
        pd.Timestamp("2024-08-07"),
    ]
    assert plan.frame["fatalities"].tolist() == [2, 3]
    assert plan.frame["latitude"].tolist() == [51.0561, 51.0561]
    assert plan.frame["tags"].isna().all()


def test_ucdp_api_json_imports_like_its_csv(store):
    plan = plan_import(ucdp_api([ucdp_record(1), ucdp_record(2)]), "ged.json", store)
    assert plan.ok, plan.problems
    assert plan.file_format == "ucdp"
    assert plan.notes == ['UCDP API JSON: 2 records under "Result"']
    assert plan.lines == [2, 3]
    frame = plan.frame
    assert frame["event_id"].tolist() == ["UCDP-500001", "UCDP-500002"]
    assert frame["date_start"].tolist() == [pd.Timestamp("2025-02-01"), pd.Timestamp("2025-02-02")]
    assert frame.loc[0, ["fatalities", "fatalities_low", "fatalities_high"]].tolist() == [8, 6, 12]
    assert frame.loc[0, ["latitude", "longitude", "geo_precision"]].tolist() == [
        51.1914,
        35.2706,
        1,
    ]
    assert plan.extras[0]["active_year"] == "true" and plan.extras[0]["gwnob"] == ""
    assert plan.extras[0]["number_of_sources"] == "-1"


def test_one_page_of_a_larger_ucdp_answer_says_so(store):
    plan = plan_import(ucdp_api([ucdp_record(1), ucdp_record(2)], total=2400), "ged.json", store)
    assert plan.ok
    assert plan.notes == [
        'UCDP API JSON: 2 records under "Result" of the 2,400 the query matched '
        "(one page of the answer; get the rest)"
    ]


@pytest.mark.parametrize(
    ("data", "name", "note"),
    [
        (workbook({"Data": acled_sheet()}), "acled.csv", "named .csv but the content is an Excel"),
        (ucdp_api([ucdp_record(1)]), "ged.csv", "named .csv but the content is JSON"),
        (ucdp_api([ucdp_record(1)]), "download", 'UCDP API JSON: 1 record under "Result"'),
    ],
)
def test_the_content_chooses_the_reader_not_the_name(store, data, name, note):
    plan = plan_import(data, name, store)
    assert plan.ok, plan.problems
    assert note in plan.notes[0]


def test_a_csv_named_xlsx_reads_as_text():
    table = read_any(b"event_id_cnty,event_date\nUKR1,2024-08-06\n", "export.xlsx")
    assert table.rows == [["UKR1", "2024-08-06"]] and table.delimiter == ","
    assert table.note == "named .xlsx but the content is delimited text: read as delimited text"


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


XLSX = workbook({"Data": acled_sheet()})

BAD_INPUT = [
    (XLSX[: len(XLSX) // 2], "but is damaged or cut short"),
    (_zip({"acled.csv": b"event_id_cnty\n"}), "a zip archive, not an Excel workbook"),
    (
        _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "x": b""}),
        "an OpenDocument spreadsheet (.ods)",
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "an Excel 97-2003 (.xls)"),
    (workbook({"Data": []}), "sheet 'Data' is empty"),
    (b'[{"event_id_cnty": "UKR1"}]', "a JSON list; expected an ACLED API response"),
    (b'{"TotalCount": 0, "Records": []}', "a JSON object without records (its keys: TotalCount"),
    (
        b'{"status": 403, "success": false, "error": {"message": "Access denied"}}',
        'the API answered with an error, not records: {"message": "Access denied"}',
    ),
    (b'{"data": {"event_id_cnty": "UKR1"}}', '"data" holds a JSON object, not a list'),
    (b'{"Result": []}', '"Result" holds no records'),
    (b'{"data": [{"event_id_cnty": "UKR1"}, "UKR2"]}', "this record is not a JSON object"),
    (b'{"data": [{"event_id_cnty": "UKR1",', "not valid JSON"),
    (b'{"data": [{"Event_ID_Cnty": "UKR1", "event_id_cnty": "UKR2"}]}', "appears twice"),
]


@pytest.mark.parametrize(("data", "reason"), BAD_INPUT, ids=[reason for _, reason in BAD_INPUT])
def test_bad_input_is_a_clear_rejection_never_a_traceback(store, data, reason):
    plan = plan_import(data, "upload.bin", store)
    assert plan.frame is None
    assert any(reason in p.reason for p in plan.problems), plan.problems


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (workbook({"Data": acled_sheet()}), 5),  # the third data row, on sheet row 5
        (acled_api([acled_values(i, date(2024, 8, 6)) for i in range(1, 4)]), 4),
    ],
)
def test_more_rows_than_the_limit_are_rejected(data, line):
    with pytest.raises(RejectedInput) as caught:
        read_any(data, "big", max_rows=2)
    [problem] = caught.value.problems
    assert (problem.line, problem.reason) == (line, "more than 2 rows; split the file")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2024, 8, 6), "2024-08-06"),
        (datetime(2024, 8, 6), "2024-08-06"),
        (datetime(2024, 8, 6, 13, 5), "2024-08-06 13:05:00"),
        (time(13, 5), "13:05:00"),
        (12.0, "12"),
        (12, "12"),
        (51.1919, "51.1919"),
        (-0.5, "-0.5"),
        (True, "TRUE"),
        ("", ""),
        (" NA ", " NA "),  # text is kept exactly as written
    ],
)
def test_workbook_cells_read_as_a_csv_export_writes_them(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (True, "true"), (3, "3"), (3.0, "3"), (51.19, "51.19"), ([1, "a"], '[1, "a"]')],
)
def test_json_values_read_as_a_csv_export_writes_them(value, text):
    assert value_text(value) == text
