"""SQLite checkpoints: a commit leaves its pages in the log and asks; the thread copies
them into the database file; nothing is lost either way."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from builders import event_frame

from events import wal_checkpoint
from events.store import Store


def events_in_the_database_file(path: Path) -> int:
    """Events in the main file alone, as if the log were not there (``immutable``)."""
    with sqlite3.connect(f"file:{quote(str(path))}?immutable=1", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The checkpoints the store asks for, recorded instead of run."""
    calls: list[str] = []
    monkeypatch.setattr(wal_checkpoint, "request_checkpoint", calls.append)
    return calls


def test_a_commit_asks_for_a_checkpoint_instead_of_running_one(tmp_path, asked):
    path = tmp_path / "store.sqlite"
    store = Store(f"sqlite:///{path}")
    wal_checkpoint.checkpoint(path)  # the schema's pages are in the file
    asked.clear()
    store.add_batch(event_frame(3), file_name="a.csv", data_hash="h1")
    assert asked == [str(path)]
    assert events_in_the_database_file(path) == 0, "the commit checkpointed its own pages"
    assert store.count() == 3  # readers find the rows in the log
    wal_checkpoint.checkpoint(path)
    assert events_in_the_database_file(path) == 3


def test_undo_asks_too(tmp_path, asked):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    batch = store.add_batch(event_frame(3), file_name="a.csv", data_hash="h1")
    asked.clear()
    store.undo(batch.batch_id)
    assert asked == [str(tmp_path / "store.sqlite")]


def test_the_thread_copies_every_commit_into_the_database_file(tmp_path):
    path = tmp_path / "store.sqlite"
    store = Store(f"sqlite:///{path}")
    for i in range(3):
        frame = event_frame(2)
        frame["event_id"] = [f"b{i}-1", f"b{i}-2"]
        store.add_batch(frame, file_name=f"{i}.csv", data_hash=f"h{i}")
    assert wal_checkpoint.wait_for_checkpoints(timeout=30)
    assert events_in_the_database_file(path) == 6
    store.engine.dispose()


def test_sqlites_own_checkpoint_stays_as_a_safety_net(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    assert pages == wal_checkpoint.AUTOCHECKPOINT_PAGES


def test_a_store_whose_folder_name_has_uri_characters_is_checkpointed(tmp_path, asked):
    folder = tmp_path / "cases #1 draft 100%"  # a database URL cannot hold a "?"
    folder.mkdir()
    path = folder / "store.sqlite"
    store = Store(f"sqlite:///{path}")
    store.add_batch(event_frame(2), file_name="a.csv", data_hash="h1")
    wal_checkpoint.checkpoint(path)
    assert events_in_the_database_file(path) == 2
    assert sorted(p.name for p in folder.iterdir() if "sqlite" in p.name)[0] == "store.sqlite"


def test_a_checkpoint_of_a_file_that_is_gone_creates_nothing(tmp_path):
    wal_checkpoint.request_checkpoint(tmp_path / "gone.sqlite")
    assert wal_checkpoint.wait_for_checkpoints(timeout=30)
    assert not (tmp_path / "gone.sqlite").exists()


def test_an_in_memory_store_asks_for_nothing(asked):
    Store("sqlite://").add_batch(event_frame(1), file_name="a.csv", data_hash="h1")
    assert asked == []
