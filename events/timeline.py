"""Time windows over events whose dates are intervals.

An event is in a window when its interval [date_start, date_end] overlaps the
window: an event known only to "February" shows in any window touching February,
and is never pinned to a single day.
"""

from __future__ import annotations

from datetime import date

import pandas as pd


def data_span(frame: pd.DataFrame) -> tuple[date, date] | None:
    """The first and last day any event may have happened on, or None for no events."""
    if frame.empty:
        return None
    return frame["date_start"].min().date(), frame["date_end"].max().date()


def overlapping(frame: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """The events whose date interval overlaps [start, end] (both days included)."""
    mask = (frame["date_end"] >= pd.Timestamp(start)) & (frame["date_start"] <= pd.Timestamp(end))
    return frame.loc[mask]


def describe_dates(start: pd.Timestamp, end: pd.Timestamp, precision: int) -> str:
    """The event's date in words, as uncertain as it is (e.g. 'between 21 Jan and 28 Feb 2025')."""
    if start == end:
        return f"{start:%-d %b %Y}"
    if precision == 3 and start.day == 1 and end == start + pd.offsets.MonthEnd(0):
        return f"some day in {start:%B %Y}"
    return f"between {start:%-d %b %Y} and {end:%-d %b %Y} ({(end - start).days + 1} days)"
