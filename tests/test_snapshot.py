"""The columnar snapshot: same frame as the store, rebuilt when the content changes."""

from __future__ import annotations

import pandas as pd
from builders import event_frame, raw_event

from events import snapshot
from events.validation import validate


def test_the_snapshot_gives_back_exactly_the_stores_events(store, tmp_path):
    store.add_batch(event_frame(5, fatalities_low="1"), file_name="a.csv", data_hash="h")
    first = snapshot.load_events(store, folder=tmp_path)
    assert list(tmp_path.glob("*.parquet"))
    again = snapshot.load_events(store, folder=tmp_path)  # from the file this time
    pd.testing.assert_frame_equal(again, first)
    pd.testing.assert_frame_equal(again, store.events())


def test_an_import_or_an_undo_makes_a_new_snapshot_and_old_ones_go(store, tmp_path):
    store.add_batch(event_frame(2), file_name="a.csv", data_hash="h1")
    snapshot.load_events(store, folder=tmp_path)
    batch = store.add_batch(validate([raw_event(9)]), file_name="b.csv", data_hash="h2")
    assert len(snapshot.load_events(store, folder=tmp_path)) == 3
    store.undo(batch.batch_id)
    assert len(snapshot.load_events(store, folder=tmp_path)) == 2
    assert len(list(tmp_path.glob("*.parquet"))) <= snapshot.KEEP


def test_a_damaged_snapshot_is_rebuilt(store, tmp_path):
    store.add_batch(event_frame(2), file_name="a.csv", data_hash="h")
    snapshot.load_events(store, folder=tmp_path)
    [path] = tmp_path.glob("*.parquet")
    path.write_bytes(b"not parquet")
    assert len(snapshot.load_events(store, folder=tmp_path)) == 2


def test_the_version_is_cheap_and_follows_every_batch(store):
    assert store.version() == "0-0-empty"
    batch = store.add_batch(event_frame(2), file_name="a.csv", data_hash="h")
    assert store.version() == f"2-1-{batch.batch_id}"


def test_a_new_version_is_built_from_the_last_snapshot_and_the_new_batches(
    store, tmp_path, monkeypatch
):
    store.add_batch(event_frame(4), file_name="a.csv", data_hash="h1")
    snapshot.load_events(store, folder=tmp_path)
    reads = []
    whole_read = store.events

    def spy(*args, **kwargs):
        reads.append(kwargs.get("batch_ids"))
        return whole_read(*args, **kwargs)

    monkeypatch.setattr(store, "events", spy)
    early = validate([raw_event(20, date_start="2024-09-01", date_end="2024-09-01")])
    second = store.add_batch(early, file_name="b.csv", data_hash="h2")
    third = store.add_batch(validate([raw_event(21)]), file_name="c.csv", data_hash="h3")
    grown = snapshot.load_events(store, folder=tmp_path)
    assert reads == [sorted([second.batch_id, third.batch_id])]  # only the new batches read
    pd.testing.assert_frame_equal(grown, whole_read())  # same rows, same order, same types

    store.undo(second.batch_id)
    shrunk = snapshot.load_events(store, folder=tmp_path)
    assert len(reads) == 1  # an undo reads nothing
    pd.testing.assert_frame_equal(shrunk, whole_read())


def test_a_snapshot_comes_back_as_one_chunk_per_column(tmp_path):
    """Taking rows from one chunk (every slider move) is twice as fast as from several;
    Parquet readers cut files into batches of 131,072 rows unless read by row group."""
    one = event_frame(1)
    frame = one.loc[one.index.repeat(140_000)].reset_index(drop=True)
    frame["event_id"] = pd.Series(
        [f"T-{i}" for i in range(len(frame))], dtype=one["event_id"].dtype
    )
    path = tmp_path / "big.parquet"
    snapshot._write(frame, path)
    back = snapshot._read(path)
    pd.testing.assert_frame_equal(back, frame)
    for name in back.columns:
        chunks = getattr(back[name].array, "_pa_array", None)
        assert chunks is None or chunks.num_chunks == 1, name


def test_a_batch_replacing_versions_and_its_undo_bring_the_snapshot_up_to_date(store, tmp_path):
    store.add_batch(event_frame(4), file_name="a.csv", data_hash="h1")
    snapshot.load_events(store, folder=tmp_path)
    newer = validate([raw_event(2, notes="revised"), raw_event(9)])
    batch = store.add_batch(newer, file_name="b.csv", data_hash="h2", replacing=["T-00002"])
    replaced = snapshot.load_events(store, folder=tmp_path)
    pd.testing.assert_frame_equal(replaced, store.events())
    assert replaced.set_index("event_id").loc["T-00002", "notes"] == "revised"
    store.undo(batch.batch_id)
    # leave only the replacing version's snapshot: the undo's is built from it
    *older, _ = sorted(tmp_path.glob("*.parquet"), key=lambda p: p.stat().st_mtime)
    for path in older:
        path.unlink()
    restored = snapshot.load_events(store, folder=tmp_path)
    pd.testing.assert_frame_equal(restored, store.events())
    assert restored.set_index("event_id").loc["T-00002", "notes"] != "revised"
