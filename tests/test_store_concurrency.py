"""Many writers and readers at once, and a writer killed midway, on both backends.

What must hold: no caller ever sees "database is locked"; a reader never sees part
of a batch; two imports of the same ids end with one batch and one rejection, never
duplicates; and an importer killed with SIGKILL in the middle of its transaction
leaves the store exactly as it was, passing the database's integrity check.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from builders import csv_bytes, event_frame, raw_event
from conftest import ROOT, content
from test_store_backends import backend_store, backend_url, pg_admin, pg_schema_url  # noqa: F401

from events.problems import RejectedInput
from events.store import Store
from sitmap.importer import commit, plan_import

TESTS = Path(__file__).resolve().parent
WRITERS = 8


def numbered(prefix: str, n: int) -> pd.DataFrame:
    """``n`` valid events with ids ``prefix-0`` … (built once, relabelled: fast for big n)."""
    one = event_frame(1)
    frame = pd.concat([one] * n, ignore_index=True)
    frame["event_id"] = [f"{prefix}-{i}" for i in range(n)]
    return frame


def run_child(script: str, url: str, *args: str, **env: str) -> subprocess.Popen:
    """A Python process running ``script`` against the store at ``url``."""
    return subprocess.Popen(
        [sys.executable, "-c", script, url, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{TESTS}", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class Readers:
    """Threads that read all the time and check what they see is whole."""

    def __init__(self, url: str, n: int = 2):
        self.store = Store(url)
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.reads = 0
        self.threads = [threading.Thread(target=self._read) for _ in range(n)]

    def _read(self) -> None:
        while not self.stop.is_set():
            try:
                problems = self.store.check()  # every batch whole, no orphans
                self.store.version()
                frame = self.store.events()
                if frame["event_id"].duplicated().any():
                    problems.append("duplicate ids")
                self.errors.extend(problems)
                self.reads += 1
            except Exception as exc:  # noqa: BLE001 - every failure is a finding
                self.errors.append(f"{type(exc).__name__}: {exc}")

    def __enter__(self) -> Readers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()
        self.store.engine.dispose()


def test_eight_importer_threads_and_two_readers_share_one_store(store):
    batches_each, rows = 5, 300
    errors: list[str] = []
    rejected: list[str] = []

    def importer(k: int) -> None:
        for b in range(batches_each):
            try:
                store.add_batch(numbered(f"w{k}-{b}", rows), file_name=f"{k}-{b}", data_hash="x")
            except Exception as exc:  # noqa: BLE001
                errors.append(f"{type(exc).__name__}: {exc}")
        # everyone also tries the same ids: exactly one of them may win
        try:
            store.add_batch(numbered("shared", 50), file_name=f"shared-{k}", data_hash="s")
        except RejectedInput:
            rejected.append(str(k))
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{type(exc).__name__}: {exc}")

    with Readers(store.url) as readers:
        threads = [threading.Thread(target=importer, args=(k,)) for k in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert readers.errors == []
    assert readers.reads > 0
    assert len(rejected) == WRITERS - 1
    assert store.count() == WRITERS * batches_each * rows + 50
    assert len(store.batches()) == WRITERS * batches_each + 1
    assert store.check() == []


def test_an_id_taken_between_preview_and_commit_is_named_by_its_file_line(store):
    """Another import commits an id after this file was checked: the commit is refused,
    naming the file's own line (a blank line and a two-line note move the rows down)."""
    rows = [raw_event(1), raw_event(2, notes="two\nlines"), raw_event(3)]
    header, first = csv_bytes(rows[:1]).split(b"\n", 1)
    data = header + b"\n\n" + first + csv_bytes(rows[1:]).split(b"\n", 1)[1]
    plan = plan_import(data, "late.csv", store)
    assert plan.ok, plan.problems
    assert plan.lines == [3, 4, 6]
    commit(plan_import(csv_bytes([raw_event(3, notes="first")]), "first.csv", store), store)
    before = content(store)
    with pytest.raises(RejectedInput) as rejected:
        commit(plan, store)
    problems = [(p.line, p.column, p.value) for p in rejected.value.problems]
    assert problems == [(6, "event_id", "T-00003")]
    assert content(store) == before


IMPORTER = """
import sys
from test_store_concurrency import numbered
from events.problems import RejectedInput
from events.store import Store

url, k = sys.argv[1], sys.argv[2]
store = Store(url)  # several processes may create the schema at once
for b in range(4):
    store.add_batch(numbered(f"p{k}-{b}", 250), file_name=f"{k}-{b}", data_hash="x")
try:
    store.add_batch(numbered("shared", 40), file_name=f"shared-{k}", data_hash="s")
    print("won")
except RejectedInput:
    print("rejected")
"""


def test_eight_importer_processes_on_a_new_store(store_url):
    children = [run_child(IMPORTER, store_url, str(k)) for k in range(WRITERS)]
    time.sleep(0.5)  # let the children create the schema (racing each other)
    with Readers(store_url) as readers:
        outcomes = [child.communicate(timeout=120) for child in children]
    for child, (_out, err) in zip(children, outcomes, strict=True):
        assert child.returncode == 0, err
        assert "locked" not in err
    assert sorted(out.strip() for out, _ in outcomes) == ["rejected"] * (WRITERS - 1) + ["won"]
    assert readers.errors == []
    store = Store(store_url)
    assert store.count() == WRITERS * 4 * 250 + 40
    assert len(store.event_ids()) == store.count()
    assert store.check() == []
    store.engine.dispose()


KILLED_IMPORTER = """
import sys, time
import events.store as module
from events import bulk_write
from test_store_concurrency import numbered

url, n = sys.argv[1], int(sys.argv[2])
original = bulk_write.chunks

def slow_chunks(items, size):
    # the test's slow path: announce each chunk written, then dawdle so the parent
    # can kill this process with the transaction open
    for i, chunk in enumerate(original(items, size)):
        yield chunk
        if len(chunk) and isinstance(chunk[0], tuple):  # rows of events, not ids
            print(f"chunk {i}", flush=True)
            time.sleep(0.3 if i < 3 else 60)  # from chunk 3 on, wait to be killed

bulk_write.chunks = slow_chunks
# SQLite's default 2 MB page cache, so the open transaction's pages spill to the WAL as a
# large import's do (the import's own 64 MB would hold 20,000 rows in memory until commit)
bulk_write.SORT_MEMORY_KB = 2_000
store = module.Store(url)
store.add_batch(numbered("big", n), file_name="big.csv", data_hash="big")
print("committed", flush=True)
"""


def test_an_importer_killed_midway_leaves_the_store_as_it_was(store_url, tmp_path):
    store = Store(store_url)
    store.add_batch(event_frame(20), file_name="before.csv", data_hash="h")
    before = content(store)
    wal = Path(str(store.engine.url.database) + "-wal") if store.backend == "sqlite" else None
    wal_before = wal.stat().st_size if wal and wal.exists() else 0

    child = run_child(KILLED_IMPORTER, store_url, "40000")
    seen = []
    for line in child.stdout:
        seen.append(line.strip())
        if line.startswith("chunk 3"):  # 20,000 rows written inside the open transaction
            break
    if wal is not None:  # on SQLite the uncommitted pages have reached the WAL file
        deadline = time.monotonic() + 10
        while wal.stat().st_size <= wal_before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert wal.stat().st_size > wal_before, "the import wrote nothing before the kill"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert "committed" not in seen, seen

    store.engine.dispose()
    after = Store(store_url)
    assert after.check() == []  # PRAGMA integrity_check "ok" on SQLite, batches whole
    assert content(after) == before
    # and the store takes the next import (no lock left behind)
    after.add_batch(numbered("next", 10), file_name="next.csv", data_hash="n")
    assert after.count() == 30
    after.engine.dispose()


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_sqlite_integrity_check_reads_ok_after_the_kill(store_url):
    """``check()`` really runs SQLite's integrity check (so the test above means it)."""
    store = Store(store_url)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.engine.dispose()
