"""Deck build and payload: the map's pydeck JSON per window, from the app's map index,
vs one ScatterplotLayer carrying every column of every row (as naive pydeck sends it)."""

from __future__ import annotations

import json
import statistics
from datetime import date

import pandas as pd

from bench.measures.figures import (
    POINTS_IN_VIEW,
    Figure,
    in_window,
    timed,
    window_with,
    windows,
)
from events.view import View, apply_filters
from geo.layers import PAGE_COLUMNS, deck_payload, event_deck
from geo.map_index import MapIndex

NAIVE_DECK_MAX_ROWS = 100_000
"""Above this many rows the naive deck is measured on a sample and scaled linearly."""


def app_map_index(events: pd.DataFrame):
    """What ui.data holds for the map with no filter set: a MapIndex of the page's
    columns of every event (built once per filter set, not per slider move)."""
    return MapIndex(apply_filters(events, View(), columns=PAGE_COLUMNS))


def app_deck_json(index, start: date, end: date, *, aggregate: bool | None = None) -> str:
    """Exactly what ui.data.map_json sends for a window: event_deck as compact JSON."""
    return deck_payload(event_deck(index, window=(start, end), aggregate=aggregate))


def naive_deck_json(shown: pd.DataFrame) -> str:
    """The naive map: one ScatterplotLayer with every column of every row, as pydeck sends."""
    import pydeck as pdk

    records = json.loads(shown.to_json(orient="records", date_format="iso"))
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=records,
        get_position=["longitude", "latitude"],
        get_radius=200,
        radius_min_pixels=2,
        get_fill_color=[230, 159, 0, 200],
        pickable=True,
    )
    return pdk.Deck(layers=[layer]).to_json()


def _naive_deck(shown: pd.DataFrame, repeats: int) -> tuple[float, int, bool]:
    """Naive seconds and bytes; a sample scaled linearly when the window is big."""
    scaled = len(shown) > NAIVE_DECK_MAX_ROWS
    sample = shown.sample(NAIVE_DECK_MAX_ROWS, random_state=0) if scaled else shown
    seconds, spec = timed(lambda: naive_deck_json(sample), repeats, 10)
    factor = len(shown) / max(len(sample), 1)
    return seconds * factor, int(len(spec) * factor), scaled


def measure_deck(
    events: pd.DataFrame, n: int, repeats: int = 5, moves: int | None = None
) -> list[Figure]:
    """Deck build + serialisation time and payload bytes per window, app vs naive (the
    app's map index, built once per filter set, is timed on its own)."""
    index_s, index = timed(lambda: app_map_index(events), 3, 8)
    app_s, app_bytes, naive_s, naive_bytes, per_window, scaled_any = [], [], [], [], {}, False
    for label, start, end in windows(events, moves):
        shown = in_window(events, start, end)
        seconds, spec = timed(lambda s=start, e=end: app_deck_json(index, s, e), repeats, 8)
        nsec, nbytes, scaled = _naive_deck(shown, 1 if len(shown) > 20_000 else 3)
        scaled_any |= scaled
        app_s.append(seconds)
        app_bytes.append(len(spec))
        naive_s.append(nsec)
        naive_bytes.append(nbytes)
        per_window[label] = {
            "rows": len(shown),
            "app_s": seconds,
            "app_bytes": len(spec),
            "naive_s": nsec,
            "naive_bytes": nbytes,
            "naive_scaled": scaled,
        }
    note = "naive scaled from a 100k sample" if scaled_any else ""
    time_fig = Figure(
        "deck build+JSON per rerun (median)",
        n,
        statistics.median(app_s),
        "s",
        statistics.median(naive_s),
        notes=note,
    )
    worst = max(range(len(app_bytes)), key=app_bytes.__getitem__)
    bytes_fig = Figure(
        "deck payload, largest window",
        n,
        app_bytes[worst] / 1e6,
        "MB",
        naive_bytes[worst] / 1e6,
        target=5.0,
        notes=note,
    )
    time_fig.details = bytes_fig.details = {"windows": per_window}

    start, end = window_with(events, POINTS_IN_VIEW)
    shown = in_window(events, start, end)
    seconds, spec = timed(lambda: app_deck_json(index, start, end, aggregate=False), 3, 10)
    nsec, nbytes, scaled = _naive_deck(shown, 1)
    points = Figure(
        f"deck with points (aggregate=False), {len(shown):,} in view",
        n,
        seconds,
        "s",
        nsec,
        notes="naive scaled from a 100k sample" if scaled else "",
    )
    points.details = {"rows": len(shown), "app_bytes": len(spec), "naive_bytes": nbytes}
    points_bytes = Figure(
        "deck payload with points", n, len(spec) / 1e6, "MB", nbytes / 1e6, notes=points.notes
    )
    index_fig = Figure(
        "map index build, once per filter set",
        n,
        index_s,
        "s",
        notes="footprints, cells and area ranks of every event; each window's deck reads it",
    )
    return [time_fig, bytes_fig, points, points_bytes, index_fig]
