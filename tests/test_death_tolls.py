"""The detail panel's death toll says what the sources gave: a number, a range, a floor."""

from __future__ import annotations

import pandas as pd
import pytest

from events.death_tolls import describe_toll


@pytest.mark.parametrize(
    ("best", "low", "high", "words"),
    [
        (12, None, None, "12"),
        (0, pd.NA, pd.NA, "0"),
        (12, 10, 15, "12 (reported range 10–15)"),
        (100, 100, None, "100 (reported: at least 100)"),
        (0, float("nan"), 40, "0 (reported: at most 40)"),
        (pd.NA, None, None, "not reported"),
    ],
)
def test_a_toll_reads_as_the_sources_gave_it(best, low, high, words):
    assert describe_toll(best, low, high) == words


def test_a_stored_event_row_is_described_from_its_columns():
    row = pd.Series(
        {"fatalities": 100, "fatalities_low": 100, "fatalities_high": pd.NA}, dtype="Int64"
    )
    assert describe_toll(row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == (
        "100 (reported: at least 100)"
    )
