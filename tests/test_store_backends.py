"""The store on both backends: fixtures that run a test on SQLite and on PostgreSQL +
PostGIS, and what only a backend has (the PostGIS geometry, SQLite's pragmas).

Other store test modules use the fixtures by importing them (all four)::

    from test_store_backends import backend_store, backend_url, pg_admin, pg_schema_url

``store`` is then an empty store and ``store_url`` a fresh database URL, once per
backend; ``postgres_url`` is a fresh PostgreSQL database URL alone.  PostgreSQL
needs ``SITMAP_TEST_POSTGRES_URL`` (a database where PostGIS is available;
``.ci/run`` starts one); without it those cases skip on a developer machine and
fail in CI.  Each PostgreSQL case gets a schema of its own, dropped afterwards, so
tests never see each other's rows.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa
from builders import event_frame, raw_event

import events.store
from events import engine, write_lock
from events.store import Store
from events.validation import validate
from events.write_lock import StoreBusy

BACKENDS = ("sqlite", "postgresql")


def require_postgres() -> str:
    """The test server's URL; skip without one on a developer machine, fail in CI."""
    url = os.environ.get("SITMAP_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail("SITMAP_TEST_POSTGRES_URL is unset: .ci/run must start PostgreSQL")
    pytest.skip("SITMAP_TEST_POSTGRES_URL not set (no PostgreSQL to test against)")


@pytest.fixture(name="postgres_admin", scope="session")
def pg_admin() -> Iterator[sa.Engine]:
    """An engine on the test database, for creating and dropping per-test schemas."""
    engine = sa.create_engine(require_postgres(), poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
    yield engine
    engine.dispose()


@pytest.fixture(name="postgres_url")
def pg_schema_url(postgres_admin) -> Iterator[str]:
    """A URL whose connections work in a new, empty schema (PostGIS from ``public``)."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with postgres_admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = sa.engine.make_url(require_postgres()).update_query_dict(
        {"options": f"-csearch_path={schema},public"}
    )
    yield url.render_as_string(hide_password=False)
    with postgres_admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture(name="store_url", params=BACKENDS)
def backend_url(request, tmp_path) -> str:
    """A database URL for an empty store, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(name="store")
def backend_store(store_url) -> Iterator[Store]:
    """An empty store, once per backend."""
    store = Store(store_url)
    yield store
    store.engine.dispose()


# -- both backends -----------------------------------------------------------


def test_the_database_refuses_rows_that_validation_would_refuse(store):
    store.add_batch(event_frame(1), file_name="a.csv", data_hash="h")
    before = store.events()
    for column, value in [
        ("latitude", 91.0),
        ("longitude", -180.5),
        ("fatalities", -1),
        ("date_start", date(2030, 1, 1)),  # after date_end
    ]:
        table = sa.table("events", sa.column(column))
        with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
            conn.execute(table.update().values({column: value}))
    pd.testing.assert_frame_equal(store.events(), before)
    assert store.check() == []


def test_the_box_query_finds_points_by_longitude_then_latitude(store):
    frame = validate(
        [
            raw_event(1, event_id="kursk", latitude="51.7304", longitude="36.1926"),
            raw_event(2, event_id="sumy", latitude="50.9077", longitude="34.7981"),
            # swapped coordinates land far away: the box must not find this one
            raw_event(3, event_id="swapped", latitude="36.1926", longitude="51.7304"),
            raw_event(
                4, event_id="nowhere", latitude="", longitude="", geo_precision="3", admin2=""
            ),
        ]
    )
    store.add_batch(frame, file_name="a.csv", data_hash="h")
    assert store.events_in_box(35.5, 51.0, 37.0, 52.0) == {"kursk"}
    assert store.events_in_box(34.0, 50.0, 37.0, 52.0) == {"kursk", "sumy"}
    assert store.events_in_box(50.0, 35.0, 53.0, 37.0) == {"swapped"}


def queue_watch(store: Store, monkeypatch) -> Callable[[], bool]:
    """A function that waits (up to 10 s) until a writer has found the write lock taken.

    SQLite: ``BEGIN IMMEDIATE`` was refused as busy.  PostgreSQL: a backend of this
    database waits for an advisory lock.  Either is what the database does, not a time.
    """
    if store.backend == "sqlite":
        refused = threading.Event()
        is_busy = write_lock._is_busy

        def watched(exc: Exception) -> bool:
            busy = is_busy(exc)
            if busy:
                refused.set()
            return busy

        monkeypatch.setattr(write_lock, "_is_busy", watched)
        return lambda: refused.wait(10)

    waiting = sa.text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )

    def wait_for_waiter() -> bool:
        deadline = time.monotonic() + 10
        with store.engine.connect() as conn:
            while time.monotonic() < deadline:
                if conn.execute(waiting).scalar():
                    return True
                time.sleep(0.02)
        return False

    return wait_for_waiter


def test_a_writer_queues_behind_another_and_gives_up_only_after_the_wait(store, monkeypatch):
    store.add_batch(event_frame(1), file_name="a.csv", data_hash="h")
    monkeypatch.setattr(write_lock, "WRITE_WAIT_S", 60.0)  # the release, not the clock, ends it
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)  # SQLite's own wait, per attempt
    store = Store(store.url)
    held = threading.Event()
    release = threading.Event()

    def hold_the_lock() -> None:
        with write_lock.write_transaction(store.engine):
            held.set()
            release.wait(30)

    # held: the second writer meets the lock, is still waiting, and commits after release
    queued = queue_watch(store, monkeypatch)
    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert held.wait(10)
    written, errors = threading.Event(), []

    def write() -> None:
        try:
            store.add_batch(validate([raw_event(2)]), file_name="b.csv", data_hash="h2")
            written.set()
        except Exception as exc:  # shown by the assertion below
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert queued(), "the second writer never found the lock taken"
        assert not written.is_set() and not errors, "it wrote while the lock was held"
    finally:
        release.set()
        holder.join()
        writer.join(30)
    assert written.is_set() and not errors, errors
    assert store.count() == 2

    # held past the wait: StoreBusy, a message for people, and nothing written
    monkeypatch.setattr(write_lock, "WRITE_WAIT_S", 0.3)
    held.clear()
    release.clear()
    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    assert held.wait(10)
    try:
        with pytest.raises(StoreBusy, match="another import"):
            store.add_batch(validate([raw_event(3)]), file_name="c.csv", data_hash="h3")
    finally:
        release.set()
        holder.join()
    assert store.count() == 2
    assert store.check() == []


# -- SQLite only -------------------------------------------------------------


def test_sqlite_keeps_plain_coordinate_columns(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    columns = {c["name"] for c in sa.inspect(store.engine).get_columns("events")}
    assert {"latitude", "longitude"} <= columns
    assert "geom" not in columns


# -- PostgreSQL + PostGIS only -----------------------------------------------


def test_postgis_geometry_is_a_4326_point_built_from_longitude_and_latitude(postgres_url):
    store = Store(postgres_url)
    frame = validate(
        [
            raw_event(1, event_id="a", latitude="51.7304", longitude="36.1926"),
            raw_event(
                2, event_id="no-point", latitude="", longitude="", geo_precision="3", admin2=""
            ),
        ]
    )
    store.add_batch(frame, file_name="a.csv", data_hash="h")
    with store.engine.connect() as conn:
        column_type = conn.execute(
            sa.text(
                "SELECT type, srid, coord_dimension FROM geometry_columns"
                " WHERE f_table_schema = current_schema() AND f_table_name = 'events'"
                " AND f_geometry_column = 'geom'"
            )
        ).one()
        assert tuple(column_type) == ("POINT", 4326, 2)
        rows = dict(
            conn.execute(
                sa.text("SELECT event_id, ST_AsText(geom) FROM events ORDER BY event_id")
            ).all()
        )
        assert rows == {"a": "POINT(36.1926 51.7304)", "no-point": None}  # x is longitude
        index = conn.execute(
            sa.text(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                " AND tablename = 'events' AND indexname = 'ix_events_geom'"
            )
        ).scalar_one()
        assert "USING gist (geom)" in index
        # the box query can use that index
        conn.execute(sa.text("SET enable_seqscan = off"))
        plan = "\n".join(
            conn.execute(
                sa.text(
                    "EXPLAIN SELECT event_id FROM events WHERE ST_Intersects(geom,"
                    " ST_MakeEnvelope(35, 51, 37, 52, 4326))"
                )
            ).scalars()
        )
        assert "ix_events_geom" in plan


def test_postgis_is_created_only_on_postgresql_and_opening_twice_is_harmless(postgres_url):
    Store(postgres_url).add_batch(event_frame(2), file_name="a.csv", data_hash="h")
    again = Store(postgres_url)
    assert again.count() == 2
    assert again.backend == "postgresql"
    assert again.check() == []


@pytest.mark.parametrize("chunk_rows", [1, 2, 5, 100_000])
def test_the_store_is_read_a_chunk_at_a_time_into_one_frame(store, monkeypatch, chunk_rows):
    from builders import event_frame

    store.add_batch(event_frame(5), file_name="five.csv", data_hash="h5")
    whole = store.events()
    monkeypatch.setattr(events.store, "READ_CHUNK_ROWS", chunk_rows)
    chunked = store.events()
    pd.testing.assert_frame_equal(chunked, whole)
    assert list(chunked["event_id"]) == sorted(chunked["event_id"])  # date order, then id
