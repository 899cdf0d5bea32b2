"""A SQLite store copies its write-ahead log into the database after a write, not in it.

What must hold: a commit returns without waiting for the copy; the batch is visible
to other readers and survives reopening whether or not the copy has run; the copy
does run soon after, leaving nothing in the log; and the background thread serves
requests that arrive while it runs or after it has gone idle.
"""

from __future__ import annotations

import threading

import pytest
from builders import event_frame

from events import wal_checkpoint
from events.store import Store


def events_named(prefix: str, n: int = 2):
    frame = event_frame(n)
    frame["event_id"] = [f"{prefix}-{i}" for i in range(n)]
    return frame


@pytest.fixture
def sqlite_store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'events.sqlite'}")
    store.checkpoints.wait(10)
    yield store
    store.checkpoints.wait(10)
    store.engine.dispose()


def test_store_connections_leave_checkpoints_to_the_background(sqlite_store):
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0


def test_a_commit_returns_before_the_log_is_copied_and_loses_nothing(sqlite_store, monkeypatch):
    release = threading.Event()
    original = wal_checkpoint.checkpoint
    results = []

    def held(engine):
        release.wait(10)
        results.append(original(engine))
        return results[-1]

    monkeypatch.setattr(wal_checkpoint, "checkpoint", held)
    batch = sqlite_store.add_batch(event_frame(30), file_name="a.csv", data_hash="a")

    # committed, while the copy waits: other readers and a reopened store see all of it
    assert not sqlite_store.checkpoints.wait(0.05)
    reopened = Store(sqlite_store.url)
    assert reopened.count() == 30
    assert set(reopened.events()["batch_id"]) == {batch.batch_id}
    reopened.engine.dispose()

    release.set()
    assert sqlite_store.checkpoints.wait(10)
    busy, logged, copied = results[-1]
    assert busy == 0 and logged > 0 and copied == logged  # the whole log, copied
    assert sqlite_store.check() == []


def test_requests_during_a_copy_and_after_idling_are_served(sqlite_store, monkeypatch):
    monkeypatch.setattr(wal_checkpoint, "IDLE_S", 0.05)
    calls = []
    original = wal_checkpoint.checkpoint
    monkeypatch.setattr(
        wal_checkpoint, "checkpoint", lambda engine: calls.append(1) or original(engine)
    )
    checkpoints = sqlite_store.checkpoints
    for n in range(3):  # back to back: the later ones may share a copy
        sqlite_store.add_batch(events_named(f"x{n}"), file_name=f"{n}", data_hash=f"{n}")
    assert checkpoints.wait(10)
    assert 1 <= len(calls) <= 3

    threading.Event().wait(0.3)  # the thread has gone idle and ended
    assert checkpoints._thread is None
    sqlite_store.add_batch(events_named("late"), file_name="late", data_hash="late")
    assert checkpoints.wait(10)
    assert len(calls) >= 2


def test_an_in_memory_store_has_no_log_to_copy():
    assert Store("sqlite://").checkpoints is None
