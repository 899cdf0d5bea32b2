"""Store load: what the app loads per store version (the Parquet snapshot) vs a raw
``SELECT *`` into pandas.  Its frame is the one the other measures then work on."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bench.measures.figures import Figure, naive_load, timed
from events import snapshot
from events.store import Store


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
