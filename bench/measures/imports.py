"""Import throughput into the bench store: plan_import + commit (then undone), native and
ACLED files, vs pandas.read_csv then to_sql with no validation."""

from __future__ import annotations

import io
import sqlite3
import statistics
import time
from pathlib import Path

import pandas as pd

from bench.import_throughput import acled_csv
from bench.measures.figures import Figure, timed
from events import snapshot
from events.duplicates.index import DuplicateIndex
from events.formats import native
from events.store import Store
from sitmap.importer import commit, plan_import
from sitmap.synthetic import synthetic_events


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
