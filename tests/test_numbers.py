"""Numeric cells checked before validation: each distinct cell is judged once per column kind."""

from __future__ import annotations

import pytest

from events.formats.numbers import check_numbers


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a cell seen as a good decimal is still not a whole number in a later row
        (
            [{"latitude": "3.5", "fatalities": "1"}, {"latitude": "51.2", "fatalities": "3.5"}],
            [(3, "fatalities", "not a whole number")],
        ),
        # the same bad cell on every row is reported on every row
        (
            [{"longitude": "1e3"}, {"longitude": "1e3"}],
            [(2, "longitude", "not a plain decimal number (like 51.19)")]
            + [(3, "longitude", "not a plain decimal number (like 51.19)")],
        ),
        # a decimal comma in a comma-separated file, after the same number with a point
        (
            [{"latitude": "51.19"}, {"latitude": "51,19"}],
            [(3, "latitude", "decimal comma in a comma-separated file; write 51.19, not 51,19")],
        ),
    ],
)
def test_each_row_is_judged_whatever_rows_before_it_held(rows, expected):
    problems = check_numbers(rows, list(range(2, len(rows) + 2)), ",")
    assert [(p.line, p.column, p.reason) for p in problems] == expected


def test_a_decimal_comma_is_rewritten_in_every_row_of_a_semicolon_file():
    rows = [{"latitude": "51,19"}, {"latitude": "51,19"}]
    assert check_numbers(rows, [2, 3], ";") == []
    assert [row["latitude"] for row in rows] == ["51.19", "51.19"]
