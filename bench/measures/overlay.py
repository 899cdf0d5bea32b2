"""The map with a control layer in force: first paint and a slider move.

The bench store gets a synthetic series, "Bench overlay" (:data:`SERIES`), once: a
layer every two weeks across the events' span, each a salient of
:data:`SALIENT_VERTICES` vertices that shrinks from layer to layer, a grey-zone band
along it, and a Russian-held area reaching far outside the map (clipped before it
travels), as a DeepStateMap day has.  Other figures are unaffected: the overlay is
drawn only when a view names its series.

- "AppTest rerun per slider move with a control layer": the app with the series
  chosen, the window's end moved across layer changes (each move new to the caches);
- "browser: page load → map drawn with a control layer": ``?overlay=...`` in the URL.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import timedelta
from urllib.parse import quote

import numpy as np
import pandas as pd
import shapely

from bench import browser
from bench.measures.figures import APP, Figure
from events.overlay_store import OverlayStore
from events.overlays import OverlayFeature
from events.store import Store

SERIES = "Bench overlay"
SALIENT_VERTICES = 2_000
"""About what DeepStateMap's Kursk salient polygon holds."""
STEP_DAYS = 14
CENTRE = (35.27, 51.30)  # Sudzha's north, lon/lat


def _salient(scale: float, vertices: int = SALIENT_VERTICES) -> shapely.Polygon:
    """A wobbly ring around the centre, ``scale`` degrees across."""
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    radius = scale * (1 + 0.08 * np.sin(7 * angles) + 0.03 * np.sin(53 * angles))
    x = CENTRE[0] + radius * np.cos(angles) / np.cos(np.radians(CENTRE[1]))
    y = CENTRE[1] + radius * np.sin(angles) * 0.8
    return shapely.make_valid(shapely.Polygon(np.column_stack([x, y])))


def ensure_layers(url: str, events: pd.DataFrame) -> int:
    """Add the bench series to the store unless it is there; how many layers it has."""
    store = OverlayStore(Store(url).engine)
    have = store.layers(SERIES)
    if have:
        return len(have)
    first = events["date_start"].min().date()
    last = events["date_end"].max().date()
    days = []
    day = first
    while day <= last:
        days.append(day)
        day += timedelta(days=STEP_DAYS)
    for i, day in enumerate(days):
        scale = 0.45 * (1 - 0.8 * i / max(len(days), 1))
        held = _salient(scale)
        grey = shapely.difference(_salient(scale * 1.08), held)
        russian = shapely.difference(shapely.box(30.0, 44.0, 40.5, 53.0), _salient(scale * 1.08))
        features = [
            OverlayFeature("ukrainian_held", "Liberated", "#0f9d58", held),
            OverlayFeature("grey_zone", "Grey zone", "#bdbdbd", grey),
            OverlayFeature("russian_held", "Occupied", "#a52714", russian),
        ]
        store.add_layer(
            features, series=SERIES, day=day, source="bench (synthetic)",
            file_name=f"bench-{day}.geojson", data_hash=f"bench-{day}", file_format="geojson",
        )  # fmt: skip
    return len(days)


def _apptest_moves(url: str, events: pd.DataFrame, repeats: int, timeout: float) -> dict:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["SITMAP_DATABASE_URL"] = url
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    started = time.perf_counter()
    at.selectbox(key="overlay").set_value(SERIES).run()
    chosen = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    first = events["date_start"].min().date()
    times = []
    for k in range(repeats):  # a 30-day window whose end crosses a layer change each move
        end = first + timedelta(days=STEP_DAYS * (k + 1) + k % 3)
        started = time.perf_counter()
        at.slider(key="window").set_range(end - timedelta(days=30), end).run()
        times.append(time.perf_counter() - started)
        if at.exception:
            raise RuntimeError(at.exception[0].message)
    st.cache_data.clear()
    st.cache_resource.clear()
    return {"choose_series_s": chosen, "moves_s": times}


def measure_overlay(
    events: pd.DataFrame, url: str, n: int, *, repeats: int = 5, skip_browser: bool = False
) -> list[Figure]:
    """Rerun per slider move and first paint, with a control layer in force."""
    layers = ensure_layers(url, events)
    runs = _apptest_moves(url, events, repeats, timeout=600)
    note = f"{layers} layers of {SALIENT_VERTICES:,}-vertex salients"
    rerun = Figure(
        "AppTest rerun per slider move with a control layer (median)",
        n,
        statistics.median(runs["moves_s"]),
        "s",
        target=0.3,
        notes=note,
    )
    rerun.details = runs
    figures = [rerun]
    if not skip_browser:
        first = events["date_start"].min().date()
        end = first + timedelta(days=STEP_DAYS + 3)
        query = f"?overlay={quote(SERIES)}&start={end - timedelta(days=30)}&end={end}"
        page = browser.measure_page_load(APP, url, warm_runs=3, query=query)
        paint = Figure(
            "browser: page load → map drawn with a control layer (warm, median)",
            n,
            page.get("warm_s"),
            "s",
            target=5.0,
            notes="; ".join(filter(None, [note, page.get("warm_error", "")])),
        )
        paint.details = {"app": page}
        figures.append(paint)
    return figures
