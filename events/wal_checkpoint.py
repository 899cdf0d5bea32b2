"""Copy a SQLite store's write-ahead log into the database file after a write, not in it.

In WAL mode a commit appends the changed pages to the log; a *checkpoint* later copies
them into the database file and syncs it.  SQLite's default is to checkpoint inside
the commit that takes the log past 1,000 pages, which every sizeable import does: a
5,000-row import into a million-event store changes ~5,200 pages (its rows land all
over the date-ordered duplicate index) and its commit spent ~80 ms of its ~200 ms
copying and syncing them (measured).  Here, as in PostgreSQL's checkpointer process,
the copy runs in a background thread once the write has committed, so the analyst's
import returns sooner.

What does not change: a committed batch is in the log before the commit returns, so a
crash of the app (even SIGKILL) keeps it, and readers see it at once; a power cut may
lose the last transactions not yet checkpointed, as it already could with
``synchronous=NORMAL``.  A PASSIVE checkpoint takes no lock that writers or readers
wait for.  If the process ends before the thread runs, the next checkpoint (or
SQLite's own, when the last connection closes) copies the pages.
"""

from __future__ import annotations

import threading

import sqlalchemy as sa

IDLE_S = 30.0
"""A checkpoint thread with nothing to do for this long ends (the next write starts one)."""


class Checkpointer:
    """Runs ``PRAGMA wal_checkpoint(PASSIVE)`` on its own connection after each write."""

    def __init__(self, engine: sa.Engine):
        self._engine = engine
        self._wanted = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Ask for a checkpoint soon; requests made while one runs are served by one more."""
        with self._lock:
            self._idle.clear()
            self._wanted.set()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="sitmap-checkpoint", daemon=True
                )
                self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every requested checkpoint has run; False if ``timeout`` passed."""
        return self._idle.wait(timeout)

    def _serve(self) -> None:
        while True:
            if not self._wanted.wait(IDLE_S):
                with self._lock:
                    if not self._wanted.is_set():
                        self._thread = None
                        return
                continue
            self._wanted.clear()
            checkpoint(self._engine)
            with self._lock:
                if not self._wanted.is_set():
                    self._idle.set()


def checkpoint(engine: sa.Engine) -> tuple[int, int, int] | None:
    """One PASSIVE checkpoint: (busy, pages in the log, pages copied), or None if the
    database could not be opened (a store deleted meanwhile: nothing left to copy)."""
    try:
        with engine.connect() as conn:
            busy, logged, copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
            conn.rollback()
    except sa.exc.SQLAlchemyError:
        return None
    return int(busy), int(logged), int(copied)
