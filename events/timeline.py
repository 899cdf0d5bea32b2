"""Time windows over events whose dates are intervals.

An event is in a window when its interval [date_start, date_end] overlaps the
window: an event known only to "February" shows in any window touching February,
and is never pinned to a single day.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from events.key_events import ranked


def data_span(frame: pd.DataFrame) -> tuple[date, date] | None:
    """The first and last day any event may have happened on, or None for no events."""
    if frame.empty:
        return None
    return frame["date_start"].min().date(), frame["date_end"].max().date()


def overlapping(frame: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """The events whose date interval overlaps [start, end] (both days included).

    When the frame is sorted by date_start (as the store returns it), the events that
    begin inside the window are one slice found by binary search, shared rather than
    copied (:func:`window_rows`).  The result may share memory with ``frame``: read it,
    don't write to it.
    """
    rows = window_rows(
        frame["date_start"].to_numpy(),
        frame["date_end"].to_numpy(),
        start,
        end,
        starts_sorted=frame["date_start"].is_monotonic_increasing,
    )
    return take_window(frame, rows)


def take_window(frame: pd.DataFrame, rows: tuple[np.ndarray, slice]) -> pd.DataFrame:
    """The rows of ``frame`` that :func:`window_rows` names, in its order; the slice is
    shared, not copied, when no event begun earlier is still running."""
    running, inside = rows
    if not len(running):
        return frame.iloc[inside]
    return pd.concat([frame.iloc[running], frame.iloc[inside]])


def window_rows(
    starts: np.ndarray, ends: np.ndarray, start: date, end: date, *, starts_sorted: bool
) -> tuple[np.ndarray, slice]:
    """The rows of the events overlapping [start, end], in order: the positions of those
    begun earlier and still running, then the slice of those begun inside the window.

    With ``starts_sorted``, the slice is found by binary search and only the events begun
    earlier are tested one by one; otherwise every event is tested and the slice is empty.
    """
    first, last = _days(start, end, starts.dtype)
    if first > last or not starts_sorted:
        return np.flatnonzero(overlaps(starts, ends, start, end)), slice(0, 0)
    lo = int(starts.searchsorted(first, "left"))
    hi = int(starts.searchsorted(last, "right"))
    return np.flatnonzero(ends[:lo] >= first), slice(lo, hi)


def overlaps(starts: np.ndarray, ends: np.ndarray, start: date, end: date) -> np.ndarray:
    """Which of the intervals [starts, ends] overlap [start, end] (both days included)."""
    first, last = _days(start, end, starts.dtype)
    return (ends >= first) & (starts <= last)


def _days(start: date, end: date, dtype: np.dtype) -> tuple[np.datetime64, np.datetime64]:
    return tuple(np.datetime64(pd.Timestamp(day)).astype(dtype) for day in (start, end))


def describe_dates(start: pd.Timestamp, end: pd.Timestamp, precision: int) -> str:
    """The event's date in words, as uncertain as it is (e.g. 'between 21 Jan and 28 Feb 2025')."""
    if start == end:
        return f"{start:%-d %b %Y}"
    if precision == 3 and start.day == 1 and end == start + pd.offsets.MonthEnd(0):
        return f"some day in {start:%B %Y}"
    return f"between {start:%-d %b %Y} and {end:%-d %b %Y} ({(end - start).days + 1} days)"


def quick_window(span: tuple[date, date], days: int | None) -> tuple[date, date]:
    """The last ``days`` days of the data (the whole span when None), clipped to the span."""
    first, last = span
    if days is None:
        return first, last
    return max(first, last - pd.Timedelta(days=days - 1).to_pytimedelta()), last


def step_window(
    window: tuple[date, date],
    span: tuple[date, date],
    *,
    step_days: int,
    cumulative: bool = False,
) -> tuple[date, date] | None:
    """The next playback window, or None once the window has reached the end of the data.

    A moving window keeps its width and slides by ``step_days``; a cumulative one keeps
    its start and grows.
    """
    start, end = window
    if end >= span[1]:
        return None
    step = pd.Timedelta(days=step_days).to_pytimedelta()
    new_end = min(end + step, span[1])
    new_start = start if cumulative else start + (new_end - end)
    return new_start, new_end


def week_starts(dates: pd.Series) -> np.ndarray:
    """The Monday starting each date's week (weeks run Monday to Sunday), as
    datetime64[D]: day arithmetic in numpy, a million dates in milliseconds (pandas'
    weekly periods are a hundred times slower)."""
    days = dates.to_numpy("datetime64[D]").astype(np.int64)
    monday = (days + 3) // 7 * 7 - 3  # 1 January 1970 was a Thursday
    return monday.astype("datetime64[D]")


def bin_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Events per week and event type, for the histogram under the slider.

    Only events whose whole interval fits in one week are counted in it; wider
    intervals are returned by :func:`spans` and drawn as ranges, not as a bar on a
    day they may not have happened.
    """
    if frame.empty:
        return pd.DataFrame(columns=["bin", "event_type", "events"])
    starts = week_starts(frame["date_start"])
    fits = starts == week_starts(frame["date_end"])
    counts = (
        pd.DataFrame(
            {
                "bin": starts[fits].astype("datetime64[ns]"),
                "event_type": frame["event_type"].array[fits],
            }
        )
        .value_counts()
        .rename("events")
        .reset_index()
        .sort_values(["bin", "event_type"], ignore_index=True)
    )
    return counts


SPAN_COLUMNS = ["event_id", "date_start", "date_end", "event_type", "location", "fatalities"]


def spans(frame: pd.DataFrame) -> pd.DataFrame:
    """Events whose interval is wider than one week, and area-level events (a district,
    an oblast, a region or a whole country: geo precision 3 or 4, which the map cannot
    pin): timeline ranges, most significant first (:func:`events.key_events.ranked`),
    so a panel that can draw only some draws those."""
    wide = (week_starts(frame["date_start"]) != week_starts(frame["date_end"])) | (
        frame["geo_precision"] >= 3
    ).to_numpy(dtype=bool, na_value=False)
    return ranked(frame.loc[wide, [*SPAN_COLUMNS, "time_precision", "geo_precision"]])[SPAN_COLUMNS]
