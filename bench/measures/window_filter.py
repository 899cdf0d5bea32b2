"""Filter per slider move: the app's in-memory window filter vs re-querying SQL per move."""

from __future__ import annotations

import statistics

import pandas as pd

from bench.measures.figures import Figure, in_window, naive_load, timed, windows


def measure_filter(
    events: pd.DataFrame, url: str, n: int, repeats: int = 5, moves: int | None = None
) -> list[Figure]:
    """The app's in-memory window filter per slider move vs re-querying SQL per move."""
    app, naive, rows = [], [], {}
    for label, start, end in windows(events, moves):
        seconds, shown = timed(lambda s=start, e=end: in_window(events, s, e), repeats, 5)
        app.append(seconds)
        rows[label] = len(shown)
        where = "WHERE date_end >= ? AND date_start <= ?"
        params = (start.isoformat(), end.isoformat())
        seconds, _ = timed(lambda w=where, p=params: naive_load(url, w, p), 3, 5)
        naive.append(seconds)
    figure = Figure(
        "filter per slider move (median)", n, statistics.median(app), "s", statistics.median(naive)
    )
    figure.details = {"rows_in_window": rows}
    return [figure]
