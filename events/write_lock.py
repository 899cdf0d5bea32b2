"""One write at a time: writers queue rather than fail, on either backend.

SQLite: ``BEGIN IMMEDIATE`` takes the write lock before anything is read, so writers
queue (busy timeout, then retries until :data:`WRITE_WAIT_S`).  PostgreSQL: one
transaction-scoped advisory lock does the same.  A caller never sees "database is
locked", only :class:`StoreBusy` after a long wait.  A crash (even SIGKILL) midway
through a write leaves the store as it was before that write.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from events import wal_checkpoint
from events.engine import database_file

WRITE_WAIT_S = 120.0
"""How long a writer queues behind another write before :class:`StoreBusy` is raised."""
WRITE_LOCK_KEY = 0x517_3A9
"""PostgreSQL advisory lock that serialises writers (imports, undo, schema creation)."""

BUSY_MESSAGE = "another import is still being written to the store; try again in a minute"


class StoreBusy(RuntimeError):
    """Another write held the store for longer than :data:`WRITE_WAIT_S`."""


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """One write transaction, committed on success and rolled back on any error; on
    SQLite a commit then asks the background thread for a checkpoint."""
    deadline = time.monotonic() + WRITE_WAIT_S
    while True:
        conn = engine.connect().execution_options(sitmap_write=True)
        try:
            transaction = conn.begin()
            break
        except sa.exc.OperationalError as exc:
            conn.close()
            if not _is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(BUSY_MESSAGE) from exc
            time.sleep(0.05)
    try:
        if engine.dialect.name == "postgresql":
            wait_ms = max(1, int((deadline - time.monotonic()) * 1000))
            conn.execute(sa.text(f"SET LOCAL lock_timeout = {wait_ms}"))
            try:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            except sa.exc.OperationalError as exc:
                raise StoreBusy(BUSY_MESSAGE) from exc
            conn.execute(sa.text("SET LOCAL lock_timeout = 0"))
        yield conn
    except BaseException:
        if transaction.is_active:
            transaction.rollback()
        raise
    else:
        transaction.commit()
        path = database_file(engine)
        if path is not None:
            wal_checkpoint.request_checkpoint(path)
    finally:
        conn.close()


def _is_busy(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text
