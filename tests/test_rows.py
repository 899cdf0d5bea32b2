"""Helpers every format's reader shares (events.formats.rows)."""

from __future__ import annotations

import pytest

from events.formats.rows import cells_at, without_missing_marks


@pytest.mark.parametrize(
    ("positions", "expected"),
    [([], ()), ([2], ("c",)), ([0, 2], ("a", "c")), ([3, 0, 1], ("d", "a", "b"))],
)
def test_cells_at_gives_a_tuple_for_any_number_of_positions(positions, expected):
    assert cells_at(positions)(["a", "b", "c", "d"]) == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["NA", "x", "N/A", "NaN", "nan"], ["", "x", "", "", ""]),
        (["NAN", "na", "Nan"], ["NAN", "na", "Nan"]),  # only the spellings tools write
    ],
)
def test_missing_marks_are_cleared(row, expected):
    assert without_missing_marks(row) == expected
