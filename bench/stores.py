"""Bench stores: one SQLite file per size under var/bench/, built once and reused.

A store is rebuilt only when its file is missing or holds another number of
events (e.g. after an interrupted run left an import behind); the file is named
after the generator's version, so a changed generator gets new stores.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from events.store import Store
from sitmap.synthetic import VERSION, synthetic_events

ROOT = Path(__file__).resolve().parent.parent

BENCH_DIR = ROOT / "var" / "bench"
CHUNK = 100_000


def store_path(n: int, folder: Path = BENCH_DIR) -> Path:
    """Where the store of ``n`` synthetic events lives."""
    return folder / f"events-{n}-v{VERSION}.sqlite"


def store_url(path: Path) -> str:
    """The SQLAlchemy URL of a store file."""
    return f"sqlite:///{path}"


def _count(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    except sqlite3.Error:
        return -1


def ensure_store(n: int, folder: Path = BENCH_DIR, *, log=print) -> tuple[Path, float | None]:
    """The store file of ``n`` events (built if needed) and its build time (None if reused)."""
    path = store_path(n, folder)
    if path.exists() and _count(path) == n:
        return path, None
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    frame = synthetic_events(n)
    store = Store(store_url(path))
    for first in range(0, n, CHUNK):
        part = frame.iloc[first : first + CHUNK]
        store.add_batch(part, file_name=f"synthetic-{first}.csv", data_hash=f"syn-{n}-{first}")
        log(f"  store {n:,}: {first + len(part):,} events written")
    store.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ANALYZE")
    return path, time.perf_counter() - started
