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
    """Every event of the store, from the snapshot of this version if there is one.

    Without one, the latest snapshot of the same store is brought up to date batch by
    batch (events come and go a batch at a time): an import into a million-event store
    reads its own rows, not the million.  The whole store is read when there is no
    snapshot at all, or when the count shows an undo put back versions a batch had
    replaced.
    """
    version = version or store.version()
    folder = folder or cache_dir()
    path = folder / _name(store, version)
    frame = _read(path)
    if frame is not None:
        return frame
    previous = _latest(folder, store)
    frame = _brought_up_to_date(store, previous) if previous is not None else None
    if frame is None:
        frame = store.events()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write(frame, path)
        _prune(folder, store, keep=path)
    except OSError:
        pass  # no writable cache: the store is still read correctly, only slower
    return frame


def _write(frame: pd.DataFrame, path: Path) -> None:
    """Write a snapshot whole or not at all, as one row group (so it is read back as one
    chunk per column)."""
    partial = path.with_suffix(".partial")
    frame.to_parquet(partial, index=False, row_group_size=max(len(frame), 1))
    partial.replace(path)


def _read(path: Path) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        # one contiguous chunk per column: taking rows from it (every slider move) is
        # about twice as fast as from many batches.  Read by row group, a snapshot is
        # one chunk as it comes; read_table would cut it into batches of 131,072 rows,
        # and joining them again costs several times the load itself
        with pq.ParquetFile(path) as snapshot_file:
            frame = snapshot_file.read().combine_chunks().to_pandas()
    except (OSError, ValueError):
        return None  # a damaged snapshot is rebuilt
    return to_frame(frame) if list(frame.columns) == list(COLUMNS) else None


def _latest(folder: Path, store: Store) -> pd.DataFrame | None:
    """The most recent readable snapshot of this store, whatever its version."""
    prefix = _name(store, "").rsplit("-", 1)[0]
    candidates = sorted(
        folder.glob(prefix + "-*.parquet"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for path in candidates:
        frame = _read(path)
        if frame is not None:
            return frame
    return None


def _brought_up_to_date(store: Store, previous: pd.DataFrame) -> pd.DataFrame | None:
    """``previous`` less the batches undone since, plus the batches imported since (and
    less the versions those replaced); None when that does not add up to the store."""
    present = {batch.batch_id for batch in store.batches()}
    held = set(previous["batch_id"].dropna().unique())
    kept = previous if held <= present else previous[previous["batch_id"].isin(present)]
    new = present - held
    if new:
        added = store.events(batch_ids=sorted(new))
        kept = kept[~kept["event_id"].isin(added["event_id"])]
        merged = pd.concat([kept, added], ignore_index=True)
        merged = merged.sort_values(["date_start", "event_id"], kind="stable", ignore_index=True)
    else:
        merged = kept.reset_index(drop=True)
    # an undone batch that had replaced events put their earlier versions back, in
    # batches the snapshot already holds: only the count tells
    return merged if len(merged) == store.count() else None


def _prune(folder: Path, store: Store, keep: Path) -> None:
    prefix = _name(store, "").rsplit("-", 1)[0]
    others = sorted(
        (p for p in folder.glob(prefix + "-*.parquet") if p != keep),
        key=lambda p: p.stat().st_mtime,
    )
    for old in others[: max(0, len(others) - (KEEP - 1))]:
        old.unlink(missing_ok=True)
