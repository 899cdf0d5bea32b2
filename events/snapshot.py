"""A columnar snapshot of the store's events per content version, for fast loading.

Reading a million rows out of SQLite row by row takes tens of seconds; reading the same
frame back from a Parquet file takes well under one.  The snapshot is named by the
store's content version (``Store.version()``), so an import or an undo makes a new one
and the old one is never read again; it lives under ``var/cache`` (or
``$SITMAP_CACHE_DIR``), is written atomically, and can be deleted at any time.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from events.schema import COLUMNS, to_frame
from events.store import Store

DEFAULT_DIR = Path("var/cache")
KEEP = 2  # snapshots kept per store (the current one and the one before)


def cache_dir() -> Path:
    """Where snapshots are kept: ``$SITMAP_CACHE_DIR``, else ``var/cache``."""
    return Path(os.environ.get("SITMAP_CACHE_DIR") or DEFAULT_DIR)


def _name(store: Store, version: str) -> str:
    place = re.sub(r"[^A-Za-z0-9]+", "_", store.url)[-60:]
    return f"events-{place}-{re.sub(r'[^A-Za-z0-9-]+', '_', version)}.parquet"


def load_events(
    store: Store, version: str | None = None, folder: Path | None = None
) -> pd.DataFrame:
    """Every event of the store, from the snapshot of this version if there is one."""
    version = version or store.version()
    folder = folder or cache_dir()
    path = folder / _name(store, version)
    if path.exists():
        try:
            # one contiguous chunk per column: taking rows from it (every slider move)
            # is about twice as fast as from the reader's eight batches
            frame = pq.read_table(path).combine_chunks().to_pandas()
            if list(frame.columns) == list(COLUMNS):
                return to_frame(frame)
        except (OSError, ValueError):
            pass  # a damaged snapshot is rebuilt below
    frame = store.events()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        frame.to_parquet(partial, index=False)
        partial.replace(path)
        _prune(folder, store, keep=path)
    except OSError:
        pass  # no writable cache: the store is still read correctly, only slower
    return frame


def _prune(folder: Path, store: Store, keep: Path) -> None:
    prefix = _name(store, "").rsplit("-", 1)[0]
    others = sorted(
        (p for p in folder.glob(prefix + "-*.parquet") if p != keep),
        key=lambda p: p.stat().st_mtime,
    )
    for old in others[: max(0, len(others) - (KEEP - 1))]:
        old.unlink(missing_ok=True)
