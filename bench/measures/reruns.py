"""AppTest reruns: the server-side rerun after a slider move, a type filter change and
the points toggle, app.py vs bench/naive_app.py, with each rerun's payload bytes."""

from __future__ import annotations

import os
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from bench.measures.figures import (
    APP,
    NAIVE_APP,
    POINTS_IN_VIEW,
    Figure,
    in_window,
    window_with,
    windows,
)

APPTEST_REPEATS = 5
"""Moves per slider position in the AppTest figures (each to a window new to the caches)."""


def payload_bytes(at) -> dict[str, int]:
    """Serialised bytes of every element of the last run, by element type."""
    sizes: dict[str, int] = {}

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            walk(child)
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            kind = getattr(node, "type", type(node).__name__)
            sizes[kind] = sizes.get(kind, 0) + proto.ByteSize()

    walk(at._tree)
    return sizes


def _apptest(
    script: Path,
    url: str,
    moves: list[tuple[str, date, date]],
    timeout: float,
    points: tuple[date, date] | None = None,
    types: list[str] | None = None,
    repeats: int = APPTEST_REPEATS,
) -> dict:
    """First run, then timed reruns per slider position: ``repeats`` moves to it and to
    the windows starting one, two… days later (each new to the caches but the first,
    when the page showed it already); the median per position.  ``types`` then sets the
    event type filter (timed) and times the moves again; ``points`` ticks "Every event as
    a dot" (no aggregation) and times ``repeats`` moves to that window and its neighbours."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["SITMAP_DATABASE_URL"] = url
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(script), default_timeout=timeout)
    started = time.perf_counter()
    at.run()
    first = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{script.name}: {at.exception[0].message}")

    def move(start: date, end: date) -> float:
        started = time.perf_counter()
        at.slider(key="window").set_range(start, end).run()
        seconds = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"{script.name}: {at.exception[0].message}")
        return seconds

    def moves_near(start: date, end: date) -> list[float]:
        later = [min(start + timedelta(days=k), end) for k in range(repeats)]
        return [move(day, end) for day in later]

    runs, payloads, points_runs, filtered_runs = {}, {}, [], {}
    for label, start, end in moves:
        runs[label] = moves_near(start, end)
        at.slider(key="window").set_range(start, end).run()
        payloads[label] = payload_bytes(at)
    filter_change = None
    if types:
        started = time.perf_counter()
        at.multiselect(key="event_types").set_value(types).run()
        filter_change = time.perf_counter() - started
        for label, start, end in moves:
            filtered_runs[label] = moves_near(start, end)
        at.multiselect(key="event_types").set_value([]).run()
    points_payload = {}
    if points is not None:
        at.checkbox(key="points").check()
        start, end = points
        points_runs = moves_near(start, end)
        at.slider(key="window").set_range(start, end).run()
        points_payload = payload_bytes(at)
    st.cache_data.clear()
    st.cache_resource.clear()
    return {
        "first_run_s": first,
        "rerun_s": {label: statistics.median(times) for label, times in runs.items()},
        "rerun_runs_s": runs,
        "payload_bytes": payloads,
        "points_rerun_s": statistics.median(points_runs) if points_runs else None,
        "points_runs_s": points_runs,
        "points_payload_bytes": points_payload,
        "filter_change_s": filter_change,
        "filtered_rerun_s": {k: statistics.median(v) for k, v in filtered_runs.items()},
        "filtered_runs_s": filtered_runs,
    }


def measure_apptest(
    events: pd.DataFrame,
    url: str,
    n: int,
    *,
    naive: bool = True,
    timeout: float = 600,
    moves: int | None = None,
) -> list[Figure]:
    """Server-side rerun after a slider move (AppTest), app.py vs bench/naive_app.py.

    Each position is the median of :data:`APPTEST_REPEATS` moves, to it and to the windows
    starting a day or more later, so each but the first is new to the caches (the naive
    app, seconds a move, gets one).  The whole span is the page's first view, so its first
    move is answered from the caches; the whole span but its last day is new from the
    first.  The target holds for any window, so the slowest position is the figure
    checked against it."""
    first_day = events["date_start"].min().date()
    last_day = events["date_end"].max().date()
    positions = [
        *windows(events, moves),
        ("whole span but its last day", first_day, last_day - timedelta(days=1)),
    ]
    start, end = window_with(events, POINTS_IN_VIEW)
    in_view = len(in_window(events, start, end))
    types = events["event_type"].value_counts().index[:2].tolist()  # most rows copied
    app = _apptest(APP, url, positions, timeout, points=(start, end), types=types)
    naive_run = _apptest(NAIVE_APP, url, positions, timeout, repeats=1) if naive else None
    median = statistics.median(app["rerun_s"].values())
    naive_median = statistics.median(naive_run["rerun_s"].values()) if naive_run else None
    totals = {label: sum(sizes.values()) for label, sizes in app["payload_bytes"].items()}
    worst = max(totals, key=totals.get)
    naive_totals = (
        {label: sum(s.values()) for label, s in naive_run["payload_bytes"].items()}
        if naive_run
        else {}
    )
    skipped = "" if naive_run else "naive app not run at this size"
    slowest_label = max(app["rerun_s"], key=app["rerun_s"].get)
    slowest = Figure(
        "AppTest rerun per slider move (slowest window)",
        n,
        app["rerun_s"][slowest_label],
        "s",
        max(naive_run["rerun_s"].values()) if naive_run else None,
        target=0.3,
        notes="; ".join(filter(None, [slowest_label, skipped])),
    )
    rerun = Figure(
        "AppTest rerun per slider move (median)",
        n,
        median,
        "s",
        naive_median,
        notes=skipped,
    )
    rerun.details = {"app": app, "naive": naive_run}
    first = Figure(
        "AppTest first run (store load + page)",
        n,
        app["first_run_s"],
        "s",
        naive_run["first_run_s"] if naive_run else None,
        notes=skipped,
    )
    whole = Figure(
        f"rerun payload, all elements ({worst})",
        n,
        totals[worst] / 1e6,
        "MB",
        naive_totals[worst] / 1e6 if naive_totals else None,
        target=5.0,
        notes=skipped,
    )
    whole.details = {"by_window": app["payload_bytes"], "naive": naive_totals}

    points_fig = Figure(
        f"AppTest rerun with points, {in_view:,} in view",
        n,
        app["points_rerun_s"],
        "s",
        naive_median,
        target=0.5,
        notes="every event a dot; naive = naive app's median rerun"
        + (f"; {skipped}" * bool(skipped)),
    )
    points_fig.details = {"rows": in_view, "rerun_s": app["points_runs_s"]}
    points_payload = Figure(
        f"rerun payload with points, {in_view:,} in view",
        n,
        sum(app["points_payload_bytes"].values()) / 1e6,
        "MB",
        notes="every event a dot; the 5 MB budget is for the default (cells above 20,000)",
    )
    points_payload.details = {"by_element": app["points_payload_bytes"]}
    filtered, change = app["filtered_rerun_s"], app["filter_change_s"]
    type_names = " and ".join(types)
    filtered_moves = Figure(
        "AppTest rerun per slider move with a type filter set (slowest window)",
        n,
        max(filtered.values()),
        "s",
        max(naive_run["rerun_s"].values()) if naive_run else None,
        target=0.3,
        notes=f"{type_names}; naive = its slowest move, unfiltered"
        + (f"; {skipped}" * bool(skipped)),
    )
    filter_change = Figure(
        "AppTest rerun for a type filter change",
        n,
        change,
        "s",
        notes=f"to {type_names}: the filter set's copy, map index and timeline built",
    )
    filtered_moves.details = {"rerun_s": filtered, "runs_s": app["filtered_runs_s"]}
    return [slowest, rerun, first, whole, points_fig, points_payload, filtered_moves, filter_change]
