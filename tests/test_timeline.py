"""Windows over interval-dated events."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from builders import raw_event

from events.schema import validate
from events.timeline import data_span, describe_dates, overlapping


@pytest.fixture
def frame() -> pd.DataFrame:
    return validate(
        [
            raw_event(1, event_id="day", date_start="2025-02-10", date_end="2025-02-10"),
            raw_event(
                2,
                event_id="month",
                date_start="2025-01-01",
                date_end="2025-01-31",
                time_precision="3",
            ),
        ]
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 1, 31), date(2025, 2, 9), ["month"]),  # touches the month's last day
        (date(2025, 2, 10), date(2025, 2, 10), ["day"]),
        (date(2025, 1, 15), date(2025, 1, 15), ["month"]),  # never pinned to one day
        (date(2024, 12, 1), date(2025, 3, 1), ["day", "month"]),
        (date(2025, 2, 11), date(2025, 3, 1), []),
    ],
)
def test_an_event_is_shown_when_its_interval_overlaps_the_window(frame, start, end, expected):
    assert sorted(overlapping(frame, start, end)["event_id"]) == expected


def test_the_span_runs_from_the_first_possible_to_the_last_possible_day(frame):
    assert data_span(frame) == (date(2025, 1, 1), date(2025, 2, 10))
    assert data_span(frame.iloc[0:0]) is None


@pytest.mark.parametrize(
    ("start", "end", "precision", "words"),
    [
        ("2025-02-07", "2025-02-07", 1, "7 Feb 2025"),
        ("2025-02-01", "2025-02-28", 3, "some day in February 2025"),
        ("2025-01-21", "2025-01-31", 3, "between 21 Jan 2025 and 31 Jan 2025 (11 days)"),
    ],
)
def test_dates_are_described_as_uncertain_as_they_are(start, end, precision, words):
    assert describe_dates(pd.Timestamp(start), pd.Timestamp(end), precision) == words
