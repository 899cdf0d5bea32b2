"""The bench's measures, each against a naive approach in the same run.

Every measure takes an event frame or a store and returns a list of :class:`Figure`;
timings are medians of a few repeats (fewer when one run is already expensive), and
the naive figure is what the same step costs when every row and every column goes
through as JSON / plain SQL.  Nothing here asserts a target: ``run.py`` compares.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from bench.import_throughput import acled_csv
from events import snapshot
from events.duplicates.index import DuplicateIndex
from events.formats import native
from events.store import Store
from events.timeline import overlapping
from events.view import View, apply_filters
from geo.layers import PAGE_COLUMNS, deck_payload, event_deck
from geo.map_index import MapIndex
from sitmap.briefing import render_briefing
from sitmap.importer import commit, plan_import
from sitmap.synthetic import synthetic_events

ROOT = Path(__file__).resolve().parent.parent

APP = ROOT / "app.py"
NAIVE_APP = Path(__file__).resolve().parent / "naive_app.py"
NAIVE_DECK_MAX_ROWS = 100_000
"""Above this many rows the naive deck is measured on a sample and scaled linearly."""
POINTS_IN_VIEW = 100_000
"""The 'points, not cells' figure: about this many events in view, every one a dot."""
APPTEST_REPEATS = 5
"""Moves per slider position in the AppTest figures (each to a window new to the caches)."""


@dataclass
class Figure:
    """One measured figure; ``ratio`` is value ÷ naive (lower is better unless noted)."""

    figure: str
    n: int
    value: float | None
    unit: str
    naive: float | None = None
    target: float | None = None
    higher_is_better: bool = False
    notes: str = ""
    details: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.naive:
            return None
        return self.value / self.naive

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def to_json(self) -> dict:
        out = asdict(self)
        out["ratio"] = self.ratio
        out["passed"] = self.passed
        return out


def timed(fn: Callable[[], object], repeats: int, budget_s: float = 20.0) -> tuple[float, object]:
    """Median seconds of up to ``repeats`` calls (stopping once ``budget_s`` is spent)."""
    times, result, spent = [], None, 0.0
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        spent += elapsed
        if spent >= budget_s:
            break
    return statistics.median(times), result


def windows(events: pd.DataFrame, limit: int | None = None) -> list[tuple[str, date, date]]:
    """Slider positions an analyst moves through: narrow, wide, the whole span.

    ``limit`` keeps the first few and the whole span (for the smoke test)."""
    first = events["date_start"].min().date()
    last = events["date_end"].max().date()
    middle = first + (last - first) / 2

    def clip(day: date) -> date:
        return min(max(day, first), last)

    moves = [
        ("last 30 d", clip(last - timedelta(days=29)), last),
        ("last 7 d", clip(last - timedelta(days=6)), last),
        ("middle 30 d", clip(middle - timedelta(days=15)), clip(middle + timedelta(days=14))),
        ("last 90 d", clip(last - timedelta(days=89)), last),
        ("first 180 d", first, clip(first + timedelta(days=179))),
        ("whole span", first, last),
    ]
    return moves if limit is None else moves[: max(limit - 1, 0)] + moves[-1:]


def window_with(events: pd.DataFrame, rows: int) -> tuple[date, date]:
    """A window ending on the last day that holds about ``rows`` events (all if fewer)."""
    ends = events["date_end"].sort_values(ascending=False).reset_index(drop=True)
    last = ends.iloc[0].date()
    if rows >= len(ends):
        return events["date_start"].min().date(), last
    return ends.iloc[rows - 1].date(), last


def in_window(events: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """What the app shows for a window with no filter set (apply_filters + overlapping)."""
    return overlapping(apply_filters(events, View(start=start, end=end)), start, end)


# -- store load --------------------------------------------------------------------


def _sqlite_file(url: str) -> str:
    return url.removeprefix("sqlite:///")


def naive_load(url: str, where: str = "", params: tuple = ()) -> pd.DataFrame:
    """Every column of every row (in the window) straight from the driver, untyped."""
    with sqlite3.connect(_sqlite_file(url)) as conn:
        return pd.read_sql_query(f"SELECT * FROM events {where}", conn, params=params)


def measure_store_load(url: str, n: int, repeats: int = 3) -> tuple[list[Figure], pd.DataFrame]:
    """What the app loads per store version — the Parquet snapshot, once it exists — vs a
    raw ``SELECT *`` into pandas; the first (uncached) read is reported alongside."""
    import tempfile

    store = Store(url)
    folder = Path(tempfile.mkdtemp(prefix="bench-snapshot-"))
    first_s, _ = timed(lambda: snapshot.load_events(store, folder=folder), 1)
    app_s, events = timed(lambda: snapshot.load_events(store, folder=folder), repeats)
    naive_s, _ = timed(lambda: naive_load(url), repeats)
    store.engine.dispose()
    figure = Figure("store load (all events, snapshot)", n, app_s, "s", naive_s, target=5.0)
    figure.details = {
        "rows": len(events),
        "frame_mb": events.memory_usage(deep=True).sum() / 1e6,
        "first_load_from_sqlite_s": first_s,
    }
    first = Figure("store load, first read of a new version", n, first_s, "s", naive_s)
    return [figure, first], events


# -- filter per slider move ----------------------------------------------------------


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


# -- deck build and payload ------------------------------------------------------------


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


# -- briefing --------------------------------------------------------------------------


def naive_briefing(shown: pd.DataFrame) -> bytes:
    """A scatter of every located event on a figure of the briefing's size, as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(19.2, 10.8), dpi=100)
    for kind, part in shown.groupby("event_type", observed=True):
        ax.scatter(part["longitude"], part["latitude"], s=6, label=str(kind))
    ax.legend(loc="lower right")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def measure_briefing(events: pd.DataFrame, n: int, repeats: int = 3) -> list[Figure]:
    """render_briefing (PNG) of the last 30 days and of the whole span, vs a plain scatter."""
    out = []
    for label, start, end in (windows(events)[0], windows(events)[-1]):
        view = View(start=start, end=end)
        shown = in_window(events, start, end)
        app_s, png = timed(lambda v=view: render_briefing(events, v, file_format="png"), repeats)
        naive_s, _ = timed(lambda s=shown: naive_briefing(s), repeats)
        figure = Figure(f"briefing PNG, {label}", n, app_s, "s", naive_s)
        figure.details = {"rows": len(shown), "png_bytes": len(png)}
        out.append(figure)
    return out


# -- import throughput -------------------------------------------------------------------


def _native_csv(rows: int) -> bytes:
    frame = synthetic_events(rows, seed=7)
    frame["event_id"] = frame["event_id"].str.replace("SYN-", "IMP-", regex=False)
    return native.write(frame)


def _acled_csv(rows: int) -> bytes:
    return acled_csv(rows)


def naive_import(data: bytes, path: Path) -> int:
    """pandas.read_csv then to_sql: no validation, no types, no duplicate checks."""
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    with sqlite3.connect(path) as conn:
        frame.to_sql("raw_events", conn, if_exists="replace", index=False, chunksize=5_000)
    return len(frame)


IMPORT_REPEATS = 5
"""Imports timed per file (each planned, committed, then undone); the figure is their median."""


def measure_import(
    url: str, n: int, rows: int, scratch: Path, repeats: int = IMPORT_REPEATS
) -> list[Figure]:
    """plan_import + commit into the bench store (then undone), rows/s, native and ACLED:
    the median of ``repeats`` imports of the same file, each undone before the next.

    As on the Import page, probable duplicates are looked up in the index of the
    store's events that the page builds when it is shown (once per store version; an
    undo brings the version back); its build time is reported, not counted."""
    out = []
    for label, make in (("native", _native_csv), ("ACLED", _acled_csv)):
        data = make(rows)
        store = Store(url)
        version = store.version()
        events = snapshot.load_events(store, version)
        built = time.perf_counter()
        known = DuplicateIndex.from_events(events)
        index_s = time.perf_counter() - built
        del events
        # a server has its outlines and gazetteer loaded; throughput, not the first call's
        # set-up, is measured (a 20-row file is planned first and thrown away)
        plan_import(make(20), f"warm-{label}.csv", store, known=known)
        plan_s, commit_s = [], []
        for _ in range(max(1, repeats)):
            if store.version() != version:
                raise RuntimeError("the store changed under the benchmark")
            started = time.perf_counter()
            plan = plan_import(data, f"bench-{label}.csv", store, known=known)
            planned = time.perf_counter()
            if plan.problems:
                raise RuntimeError(f"{label}: {plan.problems[:3]}")
            batch = commit(plan, store)
            done = time.perf_counter()
            store.undo(batch.batch_id)
            plan_s.append(planned - started)
            commit_s.append(done - planned)
        store.engine.dispose()
        totals = [p + c for p, c in zip(plan_s, commit_s, strict=True)]
        naive_path = scratch / f"naive-import-{label}.sqlite"
        naive_path.unlink(missing_ok=True)
        naive_s, _ = timed(lambda d=data, p=naive_path: naive_import(d, p), 1)
        naive_path.unlink(missing_ok=True)
        figure = Figure(
            f"import {label} ({rows:,} rows into the store)",
            n,
            rows / statistics.median(totals),
            "rows/s",
            rows / naive_s,
            target=10_000,
            higher_is_better=True,
            notes=f"median of {len(totals)}" if len(totals) > 1 else "",
        )
        figure.details = {
            "rows": rows,
            "csv_mb": len(data) / 1e6,
            "plan_s": statistics.median(plan_s),
            "duplicate_index_s": round(index_s, 4),
            "commit_s": statistics.median(commit_s),
            "runs_s": [round(t, 4) for t in totals],
        }
        out.append(figure)
    return out


# -- AppTest rerun ----------------------------------------------------------------------


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
