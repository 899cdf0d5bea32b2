"""SQLite's write-ahead log copied back into the database file after a write, off the
writer's path.

In WAL mode a commit appends the changed pages to ``<store>-wal``; a *checkpoint* later
copies them into the database file and syncs it.  SQLite's default runs that checkpoint
inside the commit that takes the log past 1,000 pages (4 MB), so a large import into a
big store (its rows land all over the probable-duplicate index) waits for its own
checkpoint, about half its commit time (docs/performance.md).  Here a commit only asks
for a checkpoint
(:func:`request_checkpoint`) and one background thread runs it, as SQLite's
documentation suggests for applications that mind commit latency.

*Trade-offs:* the log holds a write's pages a moment longer (readers find them there,
as they do now until a checkpoint).  SQLite's own checkpoint stays as a safety net at
:data:`AUTOCHECKPOINT_PAGES`, so the log stays bounded when the thread falls behind, or
when a process exits before its thread ran; a checkpoint interrupted by a crash is
redone from the log on the next open, as SQLite guarantees.
"""

from __future__ import annotations

import atexit
import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

AUTOCHECKPOINT_PAGES = 16_384
"""SQLite's own checkpoint, in the committing connection, once the log passes 64 MB
(4 KB pages): only a write larger than that (or a thread far behind) waits for one."""

_pending: set[str] = set()
_wake = threading.Condition()
_busy = False
_worker: threading.Thread | None = None


def request_checkpoint(path: str | Path) -> None:
    """Ask for the log of the SQLite file at ``path`` to be checkpointed soon."""
    global _worker
    with _wake:
        _pending.add(str(path))
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="sitmap-wal-checkpoint", daemon=True)
            _worker.start()
        _wake.notify()


def wait_for_checkpoints(timeout: float = 30.0) -> bool:
    """Wait until every requested checkpoint has run; False if ``timeout`` passed first."""
    with _wake:
        return _wake.wait_for(lambda: not _pending and not _busy, timeout)


def checkpoint(path: str | Path) -> None:
    """Copy what the log holds into the database file, without waiting for readers or
    writers (``PASSIVE``: pages a reader still needs stay in the log until next time).
    A file that is gone (a test's temporary store) is left alone, never created."""
    try:
        # a URI (so that a missing file is not created), its path escaped: "#", "%" and
        # "?" are legal in a folder's name
        uri = f"file:{quote(str(Path(path).absolute()))}?mode=rw"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error:
        pass  # locked or gone: the next write asks again, and SQLite's own net remains
    finally:
        conn.close()


def _run() -> None:
    global _busy
    while True:
        with _wake:
            _wake.wait_for(lambda: bool(_pending))
            path = _pending.pop()
            _busy = True
        try:
            checkpoint(path)
        finally:
            with _wake:
                _busy = False
                _wake.notify_all()


@atexit.register
def _finish() -> None:
    """Give checkpoints asked for just before exit a moment to run (they are safe to cut
    short: SQLite finishes the job on the next open)."""
    if _worker is not None and _worker.is_alive():
        wait_for_checkpoints(timeout=5.0)
