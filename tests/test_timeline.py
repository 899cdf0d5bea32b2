"""Windows over interval-dated events."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from builders import raw_event

from events.timeline import (
    bin_counts,
    data_span,
    describe_dates,
    overlapping,
    quick_window,
    spans,
    step_window,
)
from events.timeline_chart import MAX_RANGES, ranges_title, timeline_spec
from events.validation import validate
from sitmap.synthetic import synthetic_events


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
@pytest.mark.parametrize("order", ["as given", "sorted by start"])
def test_an_event_is_shown_when_its_interval_overlaps_the_window(
    frame, start, end, expected, order
):
    if order == "sorted by start":  # the store's order: the binary-search path
        frame = frame.sort_values("date_start", ignore_index=True)
    assert sorted(overlapping(frame, start, end)["event_id"]) == expected


def test_the_binary_search_window_matches_testing_every_event():

    events = synthetic_events(3_000, seed=5).sort_values("date_start", ignore_index=True)
    first, last = events["date_start"].min(), events["date_end"].max()
    for days in (0, 6, 29, 200, -3):  # a window given backwards matches testing every event too
        for start in pd.date_range(first, last, periods=7).normalize():
            end = start + pd.Timedelta(days=days)
            naive = events[(events["date_end"] >= start) & (events["date_start"] <= end)]
            fast = overlapping(events, start.date(), end.date())
            assert list(fast["event_id"]) == list(naive["event_id"])


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


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (7, (date(2025, 2, 4), date(2025, 2, 10))),
        (30, (date(2025, 1, 12), date(2025, 2, 10))),
        (90, (date(2025, 1, 1), date(2025, 2, 10))),  # clipped to the data
        (None, (date(2025, 1, 1), date(2025, 2, 10))),
    ],
)
def test_quick_windows_are_the_last_days_of_the_data(days, expected):

    assert quick_window((date(2025, 1, 1), date(2025, 2, 10)), days) == expected


@pytest.mark.parametrize(
    ("cumulative", "expected"),
    [
        (False, [(date(2025, 1, 8), date(2025, 1, 14)), (date(2025, 1, 14), date(2025, 1, 20))]),
        (True, [(date(2025, 1, 1), date(2025, 1, 14)), (date(2025, 1, 1), date(2025, 1, 20))]),
    ],
)
def test_playback_steps_to_the_end_of_the_data_and_stops(cumulative, expected):

    span = (date(2025, 1, 1), date(2025, 1, 20))
    window = (date(2025, 1, 1), date(2025, 1, 7))
    seen = []
    while (window := step_window(window, span, step_days=7, cumulative=cumulative)) is not None:
        seen.append(window)
    assert seen == expected


def test_histogram_counts_only_events_that_fit_in_a_bin(frame):

    counts = bin_counts(frame)
    assert counts["events"].sum() == 1  # the one-day event
    assert counts.loc[0, "bin"] == pd.Timestamp("2025-02-10")  # its week starts on Monday
    assert list(spans(frame)["event_id"]) == ["month"]


@pytest.mark.parametrize(
    ("shown", "total", "title"),
    [
        (0, 0, "Imprecise dates and area-level events: 0 in the window"),
        (12, 12, "Imprecise dates and area-level events: 12 in the window"),
        (300, 12_345, "Imprecise dates and area-level events: the 300 most significant of"
         " 12,345 in the window (most deaths first; all are in the table)"),
    ],
)  # fmt: skip
def test_the_ranges_panel_says_when_it_shows_only_the_most_significant(shown, total, title):

    assert ranges_title(shown, total) == title


def test_the_timeline_is_valid_vega_lite_with_the_window_shaded_and_every_event_counted():
    import altair as alt

    events = synthetic_events(2_000, seed=4)
    counts, wide = bin_counts(events), spans(events)
    window = (date(2025, 1, 1), date(2025, 1, 31))
    spec = timeline_spec(counts, wide, window, {"Battles": "#111111", "Riots": "#222222"})
    alt.VConcatChart.from_dict(spec)  # raises unless it is a valid Vega-Lite document

    (shade, bars), (_, ranges) = (part["layer"] for part in spec["vconcat"])
    assert shade["data"]["values"] == [  # the window's last day is shaded whole
        {"start": "2025-01-01T00:00:00", "end": "2025-02-01T00:00:00"}
    ]
    assert sum(row["events"] for row in bars["data"]["values"]) == counts["events"].sum()
    drawn = ranges["data"]["values"]
    assert 0 < len(drawn) <= MAX_RANGES
    assert spec["vconcat"][1]["title"]["text"].endswith(f": {len(drawn):,} in the window")
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}  # axes inside the width
    assert ranges["encoding"]["y"]["sort"] == {"field": "date_start", "op": "min"}  # not by id
    first, last = "2025-01-01T00:00:00", "2025-01-31T00:00:00"
    assert all(r["date_end"] >= first and r["date_start"] <= last for r in drawn)


def test_a_window_with_more_ranges_than_drawn_says_how_many_it_left_out():

    events = synthetic_events(4_000, seed=4)
    wide = spans(events)
    whole = (events["date_start"].min().date(), events["date_end"].max().date())
    spec = timeline_spec(bin_counts(events), wide, whole, {"Battles": "#111111"})
    ranges = spec["vconcat"][1]
    assert len(wide) > MAX_RANGES
    assert len(ranges["layer"][1]["data"]["values"]) == MAX_RANGES
    assert ranges["title"]["text"] == (
        f"Imprecise dates and area-level events: the {MAX_RANGES} most significant of"
        f" {len(wide):,} in the window (most deaths first; all are in the table)"
    )
    drawn = {row["event_id"] for row in ranges["layer"][1]["data"]["values"]}
    deaths = wide.set_index("event_id")["fatalities"].fillna(0)
    assert deaths[list(drawn)].min() >= deaths.drop(list(drawn)).max()  # the deadliest


def test_a_range_known_only_to_one_day_is_drawn_a_day_wide():

    day = {"date_start": "2025-02-10", "date_end": "2025-02-10"}
    area_day = raw_event(
        1, event_id="oblast-day", latitude="", longitude="", geo_precision="3", **day
    )
    events = validate([area_day])
    spec = timeline_spec(
        bin_counts(events), spans(events), (date(2025, 2, 1), date(2025, 2, 28)), {}
    )
    [drawn] = spec["vconcat"][1]["layer"][1]["data"]["values"]
    assert (drawn["date_start"], drawn["until"]) == ("2025-02-10T00:00:00", "2025-02-11T00:00:00")
    assert drawn["date_end"] == "2025-02-10T00:00:00"  # the tooltip keeps the coded date
