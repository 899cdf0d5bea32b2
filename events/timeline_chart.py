"""The timeline under the slider: events per week by type, ranges for imprecise events.

Kinetic events that fit in one week are bars; events known only to a wider interval
and region-level developments (a governor dismissed, troops withdrawn) are drawn as
ranges on the same time axis, so political and military events read together.

The chart is a plain Vega-Lite document (the one Altair would write for it), built as
a dict: on every slider move Altair's object model and schema checks cost more than
everything else the timeline does.  It is not tied to any screen.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

MAX_RANGES = 300
"""Ranges drawn at most (the most significant in the window); the rest are in the table."""
WINDOW_SHADE = "#1f4e79"
_TIMESTAMP = "%Y-%m-%dT%H:%M:%S"  # as Altair writes dates: local midnight, no zone


def timeline_spec(
    counts: pd.DataFrame,
    wide: pd.DataFrame,
    window: tuple[date, date],
    colours: dict[str, str],
    *,
    width: int | str = "container",
) -> dict:
    """Weekly bars by event type, with the selected window shaded, over imprecise ranges.

    ``counts`` and ``wide`` are :func:`events.timeline.bin_counts` and
    :func:`events.timeline.spans` of the filtered events (the ranges most significant
    first): they do not depend on the window, so the dashboard computes them once per
    filter set, not per slider move.
    """
    first, last = pd.Timestamp(window[0]), pd.Timestamp(window[1])
    colour = {
        "field": "event_type",
        "type": "nominal",
        "legend": None,
        "scale": {"domain": list(colours), "range": list(colours.values())},
    }
    after = last + pd.Timedelta(days=1)  # the window holds its last day whole
    shade = {
        "data": {
            "values": [{"start": first.strftime(_TIMESTAMP), "end": after.strftime(_TIMESTAMP)}]
        },
        "mark": {"type": "rect", "color": WINDOW_SHADE, "opacity": 0.12},
        "encoding": {"x": {"field": "start", "type": "temporal"}, "x2": {"field": "end"}},
    }
    bars = {
        "data": {"values": _records(counts, ["bin"])},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "bin", "type": "temporal", "timeUnit": "yearmonthdate", "title": None},
            "y": {
                "aggregate": "sum",
                "field": "events",
                "type": "quantitative",
                "title": "events / week",
            },
            "color": colour,
            "tooltip": [
                {"field": "bin", "type": "temporal"},
                {"field": "event_type", "type": "nominal"},
                {"aggregate": "sum", "field": "events", "type": "quantitative"},
            ],
        },
    }
    in_window = (wide["date_end"] >= first) & (wide["date_start"] <= last)
    shown = wide[in_window].head(MAX_RANGES)  # ``wide`` comes most significant first
    total = int(in_window.sum())
    ranges = {
        # a range is drawn to the end of its last day: one known only to a day is a day wide
        "data": {
            "values": _records(
                shown.assign(until=shown["date_end"] + pd.Timedelta(days=1)),
                ["date_start", "date_end", "until"],
            )
        },
        "mark": {"type": "bar", "height": 7, "opacity": 0.75, "cornerRadius": 3},
        "encoding": {
            "x": {"field": "date_start", "type": "temporal", "title": None},
            "x2": {"field": "until"},
            "y": {
                "field": "event_id",
                "type": "nominal",
                "title": None,
                "axis": {"labels": False, "ticks": False},
                "sort": {"field": "date_start", "op": "min"},  # earliest on top, whatever the ids
            },
            "color": colour,
            "tooltip": [
                {"field": "event_id", "type": "nominal"},
                {"field": "location", "type": "nominal"},
                {"field": "date_start", "type": "temporal"},
                {"field": "date_end", "type": "temporal"},
                {"field": "event_type", "type": "nominal"},
                {"field": "fatalities", "type": "quantitative"},
            ],
        },
    }
    return {
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300}},
        # the axes inside the given width: without this the plots take all of it and the
        # y axis pushes the chart ~60 px past the page's column
        "autosize": {"type": "fit-x", "contains": "padding"},
        "vconcat": [
            {"layer": [shade, bars], "height": 90, "width": width},
            {
                "layer": [shade, ranges],
                "height": min(max(40, 11 * len(shown)), 240),
                "width": width,
                "title": {
                    "text": ranges_title(len(shown), total),
                    "anchor": "start",
                    "fontSize": 11,
                    "fontWeight": "normal",
                    "color": "#555555",
                },
            },
        ],
        "spacing": 4,
        "resolve": {"scale": {"x": "shared"}},
    }


def ranges_title(shown: int, total: int) -> str:
    """What the ranges panel holds, saying so when it cannot hold every range."""
    if shown < total:
        return (
            f"Imprecise dates and area-level events: the {shown:,} most significant of"
            f" {total:,} in the window (most deaths first; all are in the table)"
        )
    return f"Imprecise dates and area-level events: {total:,} in the window"


def _records(frame: pd.DataFrame, dates: list[str]) -> list[dict]:
    """Rows as JSON-ready dicts: dates as Altair writes them, text as text, no NaN."""
    out = frame.copy()
    for column in dates:
        out[column] = pd.to_datetime(out[column]).dt.strftime(_TIMESTAMP)
    out = out.astype(object).where(out.notna(), None)
    return out.to_dict("records")
