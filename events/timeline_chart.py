"""The timeline under the slider: events per week by type, ranges for imprecise events.

Kinetic events that fit in one week are bars; events known only to a wider interval
and region-level developments (a governor dismissed, troops withdrawn) are drawn as
ranges on the same time axis, so political and military events read together.
The chart is a Vega-Lite spec (Altair), not tied to any screen.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

MAX_RANGES = 300
"""Ranges drawn at most (the most recent in the window); the rest are in the table."""


def timeline_chart(
    counts: pd.DataFrame,
    wide: pd.DataFrame,
    window: tuple[date, date],
    colours: dict[str, str],
    *,
    width: int | str = "container",
) -> alt.LayerChart | alt.VConcatChart:
    """Weekly bars by event type, with the selected window shaded, over imprecise ranges.

    ``counts`` and ``wide`` are :func:`events.timeline.bin_counts` and
    :func:`events.timeline.spans` of the filtered events: they do not depend on the
    window, so the dashboard computes them once per filter set, not per slider move.
    """
    domain = list(colours)
    scale = alt.Scale(domain=domain, range=[colours[t] for t in domain])
    shade = (
        alt.Chart(
            pd.DataFrame({"start": [pd.Timestamp(window[0])], "end": [pd.Timestamp(window[1])]})
        )
        .mark_rect(opacity=0.12, color="#1f4e79")
        .encode(x="start:T", x2="end:T")
    )
    bars = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("bin:T", title=None, timeUnit="yearmonthdate"),
            y=alt.Y("sum(events):Q", title="events / week"),
            color=alt.Color("event_type:N", scale=scale, legend=None),
            tooltip=["bin:T", "event_type:N", "sum(events):Q"],
        )
    )
    in_window = (wide["date_end"] >= pd.Timestamp(window[0])) & (
        wide["date_start"] <= pd.Timestamp(window[1])
    )
    ranges_frame = wide[in_window].nlargest(MAX_RANGES, "date_start")
    ranges = (
        alt.Chart(ranges_frame)
        .mark_bar(height=7, opacity=0.75, cornerRadius=3)
        .encode(
            x=alt.X("date_start:T", title=None),
            x2="date_end:T",
            y=alt.Y("event_id:N", title=None, axis=alt.Axis(labels=False, ticks=False)),
            color=alt.Color("event_type:N", scale=scale, legend=None),
            tooltip=["event_id:N", "location:N", "date_start:T", "date_end:T", "event_type:N"],
        )
    )
    top = alt.layer(shade, bars).properties(height=90, width=width)
    bottom = alt.layer(shade, ranges).properties(
        height=min(max(40, 11 * len(ranges_frame)), 240), width=width
    )
    return alt.vconcat(top, bottom, spacing=4).resolve_scale(x="shared")
