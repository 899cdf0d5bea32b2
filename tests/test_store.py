"""The store: batches go in whole or not at all, undo removes exactly one batch.

Every test that takes ``store`` or ``store_url`` runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from builders import event_frame, raw_event
from conftest import content
from test_store_backends import backend_store, backend_url, pg_admin, pg_schema_url  # noqa: F401

from events import bulk_write
from events.engine import database_url
from events.problems import RejectedInput
from events.store import Store
from events.validation import validate


def test_a_batch_is_stored_with_its_provenance(store):
    batch = store.add_batch(event_frame(3), file_name="a.csv", data_hash="h1")
    frame = store.events()
    assert len(frame) == 3
    assert set(frame["batch_id"]) == {batch.batch_id}
    assert frame["imported_at"].notna().all()
    assert [b.file_name for b in store.batches()] == ["a.csv"]
    assert store.batches()[0].row_count == 3


def test_events_round_trip_through_the_store_unchanged(store):
    frame = event_frame(5, fatalities_low="1", fatalities_high="9")
    store.add_batch(frame, file_name="a.csv", data_hash="h1")
    back = store.events().drop(columns=["batch_id", "imported_at"])
    pd.testing.assert_frame_equal(back, frame.drop(columns=["batch_id", "imported_at"]))


@pytest.mark.parametrize(
    "notes",
    [
        "tab\there, newline\nthere, carriage return\r too",
        "backslashes \\ and the COPY null marker \\N and \\.",
        "\"quoted\", 'single', comma; semicolon",
        "Суджа, Курська область — 47-ма бригада 🇺🇦",
        '=HYPERLINK("http://x")',
    ],
)
def test_awkward_text_round_trips_unchanged(store, notes):
    """Bulk writes (PostgreSQL's COPY has its own escapes) keep every character."""
    frame = event_frame(2, notes=notes, actor2=notes)
    store.add_batch(frame, file_name="a.csv", data_hash="h1")
    back = store.events()
    assert back["notes"].tolist() == [notes.strip()] * 2
    assert back["actor2"].tolist() == [notes.strip()] * 2


def test_taken_ids_and_extras_find_exactly_the_stored_ones_among_thousands(store):
    """One lookup for a whole file's ids, awkward characters included."""
    odd = ['quote"d', "back\\slash", "Суджа-1", "[1, 2]", "it's", "tab\tid"]
    frame = event_frame(len(odd))
    frame["event_id"] = odd
    store.add_batch(frame, file_name="a.csv", data_hash="h1")
    asked = [f"NEW-{i}" for i in range(2_500)] + odd + ["Суджа-2", 'quote"'] + odd[:2]
    assert store.taken_ids(asked) == set(odd)
    assert set(store.extras(asked)) == set(odd)  # the same lookup, with the source columns
    assert store.taken_ids([]) == set()
    assert store.taken_ids(["NEW-1"]) == set()


def test_a_batch_with_a_taken_id_is_rejected_and_changes_nothing(store):
    store.add_batch(event_frame(3), file_name="a.csv", data_hash="h1")
    before = content(store)
    clash = validate([raw_event(9), raw_event(2)])
    with pytest.raises(RejectedInput) as rejected:
        store.add_batch(clash, file_name="b.csv", data_hash="h2")
    assert [p.value for p in rejected.value.problems] == ["T-00002"]
    assert content(store) == before


def test_a_failure_midway_leaves_the_store_as_it_was(store, monkeypatch):
    store.add_batch(event_frame(2), file_name="a.csv", data_hash="h1")
    before = content(store)

    original = bulk_write.chunks
    calls = {"n": 0}

    def failing_chunks(items, size):
        for chunk in original(items, 1):
            calls["n"] += 1
            if calls["n"] > 3:
                raise RuntimeError("disk pulled out")
            yield chunk

    monkeypatch.setattr(bulk_write, "chunks", failing_chunks)
    frame = validate([raw_event(i) for i in range(10, 20)])
    with pytest.raises(RuntimeError):
        store.add_batch(frame, file_name="b.csv", data_hash="h2")
    assert content(store) == before


def test_undo_removes_exactly_one_batch(store):
    first = store.add_batch(event_frame(2), file_name="a.csv", data_hash="h1")
    second = store.add_batch(
        validate([raw_event(i) for i in (7, 8, 9)]), file_name="b.csv", data_hash="h2"
    )
    assert store.undo(second.batch_id) == 3
    assert set(store.events()["batch_id"]) == {first.batch_id}
    assert [b.batch_id for b in store.batches()] == [first.batch_id]
    with pytest.raises(KeyError):
        store.undo(second.batch_id)


def versions(store, event_id: str) -> tuple:
    """What is stored for one id: (notes, batch) of the event."""
    row = store.events(event_ids=[event_id]).iloc[0]
    return row.notes, row.batch_id


def test_a_batch_replaces_stored_versions_and_its_undo_puts_them_back(store):
    first = store.add_batch(
        event_frame(4), file_name="a.csv", data_hash="h1", extras=[{"n": str(i)} for i in range(4)]
    )
    before = content(store)
    newer = validate([raw_event(2, notes="revised"), raw_event(3, notes="revised"), raw_event(9)])
    second = store.add_batch(
        newer, file_name="b.csv", data_hash="h2", replacing=["T-00002", "T-00003"]
    )
    assert store.count() == 5 and second.row_count == 3
    assert versions(store, "T-00002") == ("revised", second.batch_id)
    assert versions(store, "T-00001")[1] == first.batch_id
    assert store.replaced_count(second.batch_id) == 2 and store.check() == []

    assert store.undo(second.batch_id) == 3
    assert content(store) == before  # the earlier versions exactly, with their batch and time
    assert store.extras(["T-00002"]) == {"T-00002": {"n": "1"}}
    assert store.check() == []


def test_undoing_a_middle_batch_of_a_chain_of_versions_keeps_the_chain(store):
    a = store.add_batch(validate([raw_event(1, notes="a")]), file_name="a", data_hash="a")
    b = store.add_batch(
        validate([raw_event(1, notes="b")]), file_name="b", data_hash="b", replacing=["T-00001"]
    )
    c = store.add_batch(
        validate([raw_event(1, notes="c")]), file_name="c", data_hash="c", replacing=["T-00001"]
    )
    store.undo(b.batch_id)  # b's version was already replaced: the current one is c's
    assert versions(store, "T-00001") == ("c", c.batch_id) and store.check() == []
    store.undo(c.batch_id)  # the version before c is now a's
    assert versions(store, "T-00001") == ("a", a.batch_id) and store.check() == []


def test_undoing_the_batch_whose_version_was_replaced_removes_only_its_events(store):
    a = store.add_batch(event_frame(2), file_name="a", data_hash="a")
    b = store.add_batch(
        validate([raw_event(1, notes="b")]), file_name="b", data_hash="b", replacing=["T-00001"]
    )
    assert store.undo(a.batch_id) == 1  # T-00002; T-00001 is b's now
    assert versions(store, "T-00001") == ("b", b.batch_id) and store.check() == []
    store.undo(b.batch_id)
    assert store.count() == 0 and store.check() == []


def test_a_batch_can_replace_only_ids_it_brings_and_a_failed_one_changes_nothing(
    store, monkeypatch
):
    store.add_batch(event_frame(3), file_name="a.csv", data_hash="h1")
    before = content(store)
    with pytest.raises(ValueError, match="only replace events it brings"):
        store.add_batch(event_frame(1), file_name="b.csv", data_hash="h2", replacing=["T-00003"])

    def failing(items, size):
        yield items[:1]
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(bulk_write, "chunks", failing)
    with pytest.raises(RuntimeError):
        store.add_batch(
            validate([raw_event(2, notes="x"), raw_event(7)]),
            file_name="b.csv",
            data_hash="h2",
            replacing=["T-00002"],
        )
    assert content(store) == before


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # an event is in a window when its date interval overlaps it
        (date(2025, 2, 1), date(2025, 2, 1), {"day", "month"}),
        (date(2025, 2, 10), date(2025, 2, 12), {"month"}),
        (date(2025, 3, 1), date(2025, 3, 31), set()),
        (None, None, {"day", "month"}),
    ],
)
def test_the_window_selects_events_whose_interval_overlaps_it(store, start, end, expected):
    frame = validate(
        [
            raw_event(1, event_id="day"),
            raw_event(
                2,
                event_id="month",
                date_start="2025-02-01",
                date_end="2025-02-28",
                time_precision="3",
            ),
        ]
    )
    store.add_batch(frame, file_name="a.csv", data_hash="h")
    assert set(store.events(start, end)["event_id"]) == expected


def test_the_version_changes_with_every_commit_and_undo(store):
    empty = store.version()
    first = store.add_batch(event_frame(1), file_name="a.csv", data_hash="h")
    one = store.version()
    store.add_batch(validate([raw_event(5)]), file_name="b.csv", data_hash="h2")
    two = store.version()
    store.undo(first.batch_id)
    after_undo = store.version()
    assert len({empty, one, two, after_undo}) == 4


def test_the_database_url_comes_from_the_argument_then_the_environment(monkeypatch):
    monkeypatch.setenv("SITMAP_DATABASE_URL", "sqlite:///from-env.sqlite")
    assert database_url("sqlite:///arg.sqlite") == "sqlite:///arg.sqlite"
    assert database_url() == "sqlite:///from-env.sqlite"
    monkeypatch.delenv("SITMAP_DATABASE_URL")
    assert database_url() == "sqlite:///var/sitmap.sqlite"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_two_stores_on_one_database_see_each_others_writes(store_url):
    url = store_url
    Store(url).add_batch(event_frame(2), file_name="a.csv", data_hash="h")
    assert Store(url).count() == 2
