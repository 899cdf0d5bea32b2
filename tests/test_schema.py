"""The schema's validation, read as a spec: each bad cell gives one clear problem."""

from __future__ import annotations

import pandas as pd
import pytest

from events.problems import Problem, RejectedInput
from events.schema import COLUMNS, REQUIRED, to_frame
from events.validation import validate, validate_frame


def good_record(**changes: str) -> dict[str, str]:
    """A valid raw record (cells as text), with some cells changed."""
    record = {
        "event_id": "T-1",
        "date_start": "2025-02-07",
        "date_end": "2025-02-07",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Russia (2000-)",
        "inter1": "State forces",
        "actor2": "Military Forces of Ukraine (2019-)",
        "inter2": "External/Other forces",
        "country": "Russia",
        "admin1": "Kursk Oblast",
        "admin2": "Sudzhanskiy District",
        "location": "Sudzha",
        "latitude": "51.19194",
        "longitude": "35.27194",
        "geo_precision": "1",
        "fatalities": "3",
        "source": "Test source",
        "source_url": "https://example.org/a",
    }
    record.update(changes)
    return record


def test_a_good_record_passes_and_gets_the_schema_dtypes():
    frame = validate([good_record()])
    assert list(frame.columns) == list(COLUMNS)
    assert frame.loc[0, "date_start"] == pd.Timestamp("2025-02-07")
    assert frame["fatalities"].dtype == "Int64"
    assert frame["latitude"].dtype == "float64"
    assert frame.loc[0, "longitude"] == pytest.approx(35.27194)


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"date_start": "07/02/2025"}, "date_start", "not a date in the form YYYY-MM-DD"),
        ({"date_start": "2025-02-30", "date_end": "2025-02-30"}, "date_start", "impossible date"),
        ({"date_end": "2025-02-01"}, "date_end", "date_end is before date_start"),
        ({"date_end": "2025-02-20"}, "time_precision", "cannot have precision 1"),
        ({"time_precision": "7"}, "time_precision", "must be 1 (day)"),
        ({"latitude": "95"}, "latitude", "out of range"),
        ({"longitude": "-200"}, "longitude", "out of range"),
        ({"latitude": "0", "longitude": "0"}, "latitude", "0,0 is a missing-value placeholder"),
        ({"latitude": ""}, "latitude", "must be given together"),
        ({"latitude": "", "longitude": ""}, "latitude", "needs coordinates"),
        ({"event_type": "Skirmish"}, "event_type", "unknown event type"),
        ({"sub_event_type": "Peaceful protest"}, "sub_event_type", "not a sub-event type"),
        ({"disorder_type": "War"}, "disorder_type", "unknown disorder type"),
        ({"inter1": "9"}, "inter1", "unknown actor category"),
        ({"geo_precision": "5"}, "geo_precision", "must be 1 (place)"),
        ({"geo_precision": "4"}, "latitude", "region/country-level event (geo precision 4) has"),
        ({"geo_precision": "4", "latitude": ""}, "longitude", "has no position"),
        ({"geo_precision": "3", "admin1": ""}, "admin1", "required value is missing"),
        ({"fatalities": "-1"}, "fatalities", "cannot be negative"),
        ({"fatalities": "2.5"}, "fatalities", "not a whole number"),
        ({"fatalities": "several"}, "fatalities", "not a whole number"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "only http:// and https://"),
        ({"actor1": ""}, "actor1", "required value is missing"),
        ({"source": "   "}, "source", "required value is missing"),
    ],
)
def test_a_bad_cell_is_reported_with_line_column_value_and_reason(changes, column, reason):
    record = good_record(**changes)
    _, problems = validate_frame([record], lines=[7])
    matching = [p for p in problems if p.column == column and reason in p.reason]
    assert matching, problems
    assert matching[0].line == 7
    assert matching[0].value == record.get(column, "").strip()


@pytest.mark.parametrize("column", REQUIRED)
def test_every_required_column_is_enforced(column):
    _, problems = validate_frame([good_record(**{column: ""})])
    assert Problem(2, column, "", "required value is missing") in problems


def test_every_problem_is_collected_at_once():
    records = [
        good_record(event_id="A", fatalities="-3"),
        good_record(event_id="B", date_start="nope"),
        good_record(event_id="A"),
    ]
    _, problems = validate_frame(records, lines=[2, 5, 9])
    assert {(p.line, p.column) for p in problems} >= {
        (2, "fatalities"),
        (5, "date_start"),
        (9, "event_id"),
    }


def test_ids_already_in_the_store_are_duplicates():
    _, problems = validate_frame([good_record(event_id="X")], existing_ids={"X"})
    assert [p.reason for p in problems] == ["event_id already in the store"]


def test_region_level_events_need_no_coordinates():
    frame = validate([good_record(latitude="", longitude="", geo_precision="3", admin2="")])
    assert frame["latitude"].isna().all()


def test_problem_reads_as_line_column_reason_value():
    problem = Problem(12, "fatalities", "-1", "a death toll cannot be negative")
    assert str(problem) == "line 12, column fatalities: a death toll cannot be negative ('-1')"


def test_rejected_input_lists_problems_in_line_order():
    rejected = RejectedInput([Problem(9, "a", "", "x"), Problem(2, "b", "", "y")])
    assert [p.line for p in rejected.problems] == [2, 9]


def test_an_empty_frame_has_the_schema():
    assert list(to_frame([]).columns) == list(COLUMNS)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("latitude", "51,19"),  # a decimal comma is the reader's job, per dialect
        ("latitude", "5e1"),
        ("latitude", "nan"),
        ("fatalities", "３"),  # full-width digit
        ("fatalities", "٣"),  # Arabic-Indic digit
    ],
)
def test_numbers_are_plain_ascii_decimals(column, value):
    _, problems = validate_frame([good_record(**{column: value})])
    assert [p.column for p in problems] == [column]


def test_an_in_file_duplicate_names_the_first_line():
    _, problems = validate_frame([good_record(), good_record()], lines=[2, 5])
    assert problems == [
        Problem(5, "event_id", "T-1", "duplicate event_id in this file (first on line 2)")
    ]


def test_an_event_cannot_start_in_the_future():
    from datetime import date, timedelta

    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    _, problems = validate_frame([good_record(date_start=tomorrow, date_end=tomorrow)])
    assert [(p.column, p.reason) for p in problems] == [
        ("date_start", "the event starts in the future")
    ]


def test_a_text_column_of_pandas_default_str_type_becomes_the_schemas_string():

    frame = validate([good_record()])
    frame["inter2"] = pd.Series([None], dtype="str")  # NaN-backed: "str" == "string" is True
    fixed = to_frame(frame)
    assert str(fixed["inter2"].dtype) == "string" and fixed["inter2"].isna().all()


NO_POSITION = {"geo_precision": "4", "latitude": "", "longitude": "", "admin2": ""}


@pytest.mark.parametrize(
    ("what", "changes"),
    [
        ("a country, no oblast", {**NO_POSITION, "admin1": "", "location": "Russia"}),
        ("a region naming its oblast", {**NO_POSITION, "location": "Kursk-Belgorod border"}),
    ],
)
def test_a_region_or_country_level_event_needs_no_position_and_no_oblast(what, changes):
    frame, problems = validate_frame([good_record(**changes)])
    assert problems == []
    event = frame.iloc[0]
    assert event.geo_precision == 4 and pd.isna(event.latitude) and pd.isna(event.longitude)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"fatalities_low": "9", "fatalities_high": "4"}, (9, 4)),  # once rejected as "above"
        ({"fatalities": "20", "fatalities_high": "12"}, (None, 12)),
    ],
)
def test_figures_out_of_order_are_no_validation_problem(changes, expected):
    frame, problems = validate_frame([good_record(**changes)])
    assert problems == []
    low, high = frame.iloc[0].fatalities_low, frame.iloc[0].fatalities_high
    assert (None if pd.isna(low) else low, high) == expected
