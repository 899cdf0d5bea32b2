"""Date cells as Excel, R and locales leave them: each form, the day/month order per
written pattern, Excel's two-digit-year window, and the notes the preview shows."""

from __future__ import annotations

from datetime import date

import pytest

from events.formats.dates import read_dates


def day_of(cell: str, *column: str, order: str | None = None) -> date:
    """The day a cell reads as, in a column holding it and ``column``'s other cells."""
    return read_dates({"event_date": [cell, *column]}, order=order).day(cell)


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        # accepted before: ISO, UCDP's ISO with a time, a spelled month, dotted day first
        ("2025-02-07", date(2025, 2, 7)),
        ("2022-03-01 00:00:00.000", date(2022, 3, 1)),
        ("2022-03-01T00:00:00", date(2022, 3, 1)),
        ("07 February 2025", date(2025, 2, 7)),
        ("7 february 2025", date(2025, 2, 7)),
        ("07.02.2025", date(2025, 2, 7)),
        # Excel writes back day-Mon-year, two- or four-digit years
        ("9-May-20", date(2020, 5, 9)),
        ("09-May-2020", date(2020, 5, 9)),
        ("21-Sep-24", date(2024, 9, 21)),
        ("1-DEC-99", date(1999, 12, 1)),
        # slashed with a day above 12: day first, whatever the time part
        ("14/08/2020 00:00:00", date(2020, 8, 14)),
        ("14/08/2020", date(2020, 8, 14)),
        ("31/12/2021 00:00", date(2021, 12, 31)),
        # slashed with a month... above 12 in the second field: month first
        ("3/14/2022 12:00:00 AM", date(2022, 3, 14)),
        # AM/PM alone: month first (US Excel)
        ("3/1/2022 12:00:00 AM", date(2022, 3, 1)),
        ("12/11/2023 11:30 PM", date(2023, 12, 11)),
        # nothing settles it: day first (and a note says so)
        ("01/03/2022 00:00", date(2022, 3, 1)),
        ("03/04/2025", date(2025, 4, 3)),
        # leading and trailing spaces do not matter
        (" 9-May-20 ", date(2020, 5, 9)),
    ],
)
def test_each_form_reads_as_its_day(cell, day):
    assert day_of(cell) == day


@pytest.mark.parametrize(
    ("year", "full"),
    [("00", 2000), ("20", 2020), ("29", 2029), ("30", 1930), ("99", 1999)],
)
def test_two_digit_years_follow_excels_window(year, full):
    assert day_of(f"9-May-{year}").year == full
    assert day_of(f"14/05/{year}").year == full


@pytest.mark.parametrize(
    ("cell", "column", "day"),
    [
        # one cell with a first field above 12 settles the whole pattern day first
        ("03/04/2025", ["25/04/2025"], date(2025, 4, 3)),
        # one with a second field above 12 settles it month first
        ("03/04/2025", ["04/25/2025"], date(2025, 3, 4)),
        # ... but only its own pattern: the time part makes another one
        ("03/04/2025 00:00", ["04/25/2025"], date(2025, 4, 3)),
        # an AM/PM pattern is month first even next to a day-first one
        ("3/1/2022 12:00:00 AM", ["13/03/2022 00:00"], date(2022, 3, 1)),
        ("01/03/2022 00:00", ["3/1/2022 12:00:00 AM", "13/03/2022 00:00"], date(2022, 3, 1)),
        # AM/PM with a first field above 12 (an Australian clock) is day first
        ("3/1/2022 12:00:00 AM", ["13/1/2022 12:00:00 AM"], date(2022, 1, 3)),
        # when cells disagree, the majority decides
        ("03/04/2025", ["25/04/2025", "26/04/2025", "04/27/2025"], date(2025, 4, 3)),
    ],
)
def test_the_order_is_decided_per_written_pattern(cell, column, day):
    assert day_of(cell, *column) == day


@pytest.mark.parametrize(
    ("order", "cell", "day"),
    [
        ("mdy", "03/04/2025", date(2025, 3, 4)),
        ("dmy", "03/04/2025", date(2025, 4, 3)),
        ("dmy", "3/1/2022 12:00:00 AM", date(2022, 1, 3)),
        ("mdy", "07.02.2025", date(2025, 2, 7)),  # dotted dates are day first everywhere
        ("mdy", "9-May-20", date(2020, 5, 9)),
    ],
)
def test_date_order_overrides_the_guess(order, cell, day):
    assert day_of(cell, "25/04/2025", order=order) == day


def test_a_wrong_override_makes_impossible_dates_not_silent_ones():
    dates = read_dates({"event_date": ["25/04/2025"]}, order="mdy")
    with pytest.raises(ValueError, match=r"impossible date \(read as mm/dd/yyyy\)"):
        dates.day("25/04/2025")


def test_date_end_not_before_date_start_settles_an_order():
    starts = ["02/03/2022 00:00", "3/1/2022 12:00:00 AM"]
    ends = ["3/1/2022 12:00:00 AM", "3/1/2022 12:00:00 AM"]
    dates = read_dates({"date_start": starts, "date_end": ends}, span=("date_start", "date_end"))
    # day first would make 2 March end on 1 March: month first, 3 February
    assert dates.day("02/03/2022 00:00") == date(2022, 2, 3)
    assert not any("nothing in the file shows" in note for note in dates.notes)
    assert "so that date_end ≥ date_start" in dates.notes[0]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("31/02/2025", "impossible date (read as dd/mm/yyyy)"),
        ("29-Feb-23", "impossible date (read as dd-Mon-yy)"),
        ("2025-02-30", "impossible date (read as yyyy-mm-dd)"),
        ("32.01.2025", "impossible date (read as dd.mm.yyyy)"),
        ("14/08/2020 25:00:00", "impossible time of day"),
        ("late January 2025", "not a date"),
        ("2025-01", "not a date"),
        ("Q1 2025", "not a date"),
        ("9-Mai-20", "not a date"),
        ("07/02", "not a date"),
        ("1.23E+11", "not a date"),
        ("", "required value is missing"),
    ],
)
def test_a_cell_that_is_no_day_is_an_error_never_a_guess(cell, reason):
    dates = read_dates({"event_date": [cell, "2025-02-07"]})
    with pytest.raises(ValueError) as error:
        dates.day(cell)
    assert str(error.value).startswith(reason)


def test_the_notes_name_each_pattern_read_with_an_example():
    cells = ["9-May-20", "14/08/2020 00:00:00", "10-May-20", "2025-02-07"]
    notes = read_dates({"event_date": cells}).notes
    assert notes == [
        "event_date read as d-Mon-yy (9-May-20), "
        "dd/mm/yyyy hh:mm:ss (14/08/2020 00:00:00; some first fields are above 12), "
        "yyyy-mm-dd (2025-02-07)"
    ]


def test_an_assumed_order_is_said_with_the_way_to_change_it():
    notes = read_dates({"event_date": ["03/04/2025", "05/06/2025"]}).notes
    assert notes[1] == (
        "event_date: nothing in the file shows whether dd/mm/yyyy writes the day or the "
        "month first; read day first. If the month comes first, import with "
        "--date-order mdy"
    )


def test_iso_dates_alone_need_no_note():
    assert read_dates({"event_date": ["2025-02-07", "2025-02-08"]}).notes == []


def test_an_unknown_order_is_refused():
    with pytest.raises(ValueError, match="dmy, mdy"):
        read_dates({"event_date": []}, order="ymd")
