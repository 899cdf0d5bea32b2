"""The event store: SQLAlchemy Core over SQLite (default) or PostgreSQL, one code path.

Every write is one transaction: a batch goes in whole or not at all, and an undo
removes exactly that batch.  The database URL comes from the caller, else from
``SITMAP_DATABASE_URL``, else the embedded file ``var/sitmap.sqlite``.

Writers queue rather than fail: SQLite runs in WAL mode with a busy timeout and
takes the write lock up front (``BEGIN IMMEDIATE``), retrying for up to
:data:`WRITE_WAIT_S`; PostgreSQL writers take one transaction-scoped advisory lock.
Readers never wait for a writer on either backend.  A crash (even SIGKILL) midway
through a write leaves the store as it was before that write.  On SQLite a background
thread, not the commit, copies the log into the database file
(:mod:`events.wal_checkpoint`).

On PostgreSQL the events table also has a PostGIS column ``geom`` — a Point in
EPSG:4326 generated from (longitude, latitude), x being longitude — with a GiST
index.  SQLite keeps only the two coordinate columns.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from events import bulk_write, wal_checkpoint
from events.duplicates.lookup import duplicate_matches
from events.problems import Problem, RejectedInput
from events.schema import to_frame
from events.tables import (
    EVENT_COLUMNS,
    INSERT_COLUMNS,
    OBSOLETE_INDEXES,
    batches,
    events,
    geocodes,
    metadata,
)

DEFAULT_URL = "sqlite:///var/sitmap.sqlite"
BUSY_TIMEOUT_MS = 10_000
WRITE_WAIT_S = 120.0
"""How long a writer queues behind another write before :class:`StoreBusy` is raised."""
WRITE_LOCK_KEY = 0x517_3A9
"""PostgreSQL advisory lock that serialises writers (imports, undo, schema creation)."""
SRID = 4326
READ_CHUNK_ROWS = 100_000
"""Rows turned into typed columns at a time when the whole store is read."""


class StoreBusy(RuntimeError):
    """Another write held the store for longer than :data:`WRITE_WAIT_S`."""


@dataclass(frozen=True)
class Batch:
    """One committed import: who, when, which file, how many events."""

    batch_id: str
    committed_at: datetime
    committed_by: str
    file_name: str
    file_hash: str
    file_format: str
    row_count: int

    def to_json(self) -> dict:
        """The batch as JSON-ready values."""
        values = asdict(self)
        values["committed_at"] = self.committed_at.isoformat(timespec="seconds")
        return values


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``SITMAP_DATABASE_URL``, else the default file."""
    return url or os.environ.get("SITMAP_DATABASE_URL") or DEFAULT_URL


def file_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes, used to recognise a file imported before."""
    return hashlib.sha256(data).hexdigest()


class Store:
    """Events and import batches in one database."""

    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        self.engine = _make_engine(self.url)
        database = self.engine.url.database if self.backend == "sqlite" else None
        self._database_file = database if database and database != ":memory:" else None
        self._create_schema()

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    def _create_schema(self) -> None:
        """Create missing tables (and PostGIS) under the write lock, so that several
        processes opening a new store at once do not race each other.  A store made
        before an index was added gets it here (once; seconds on a million events), and
        loses the indexes this version no longer keeps (:data:`OBSOLETE_INDEXES`) when
        the user may drop them; when not (PostgreSQL: only the owner may) they stay."""
        with self.engine.connect() as conn:
            inspector = sa.inspect(conn)
            present = set(inspector.get_table_names())
            indexed = (
                {index["name"] for index in inspector.get_indexes("events")}
                if "events" in present
                else set()
            )
        missing_indexes = [index for index in events.indexes if index.name not in indexed]
        obsolete = [name for name in OBSOLETE_INDEXES if name in indexed]
        if present >= set(metadata.tables) and not missing_indexes and not obsolete:
            return
        with self._writing() as conn:
            if self.backend == "postgresql":
                installed = conn.execute(
                    sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
                ).scalar()
                if not installed:
                    conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
            had_events = sa.inspect(conn).has_table("events")
            metadata.create_all(conn)
            if had_events:
                for index in missing_indexes:
                    index.create(conn, checkfirst=True)
                for name in obsolete:
                    _drop_index_if_allowed(conn, name)

    # -- reading ---------------------------------------------------------

    def count(self) -> int:
        """How many events the store holds."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()

    def events(
        self,
        start: date | None = None,
        end: date | None = None,
        *,
        batch_ids: Collection[str] | None = None,
    ) -> pd.DataFrame:
        """Events whose date interval overlaps [start, end] (and, given ``batch_ids``,
        that those batches imported), as the schema's frame, by date then id."""
        query = sa.select(*(events.c[name] for name in EVENT_COLUMNS))
        if batch_ids is not None:
            query = query.where(events.c.batch_id.in_(list(batch_ids)))
        if start is not None:
            query = query.where(events.c.date_end >= start)
        if end is not None:
            query = query.where(events.c.date_start <= end)
        query = query.order_by(events.c.date_start, events.c.event_id)
        parts = []
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(query)
            # typed columns a chunk at a time: a million rows as Python tuples at once
            # would need several GB
            for rows in result.partitions(READ_CHUNK_ROWS):
                # column by column: from_records would probe every Row for dict-like keys
                columns = zip(EVENT_COLUMNS, zip(*rows, strict=True), strict=True)
                parts.append(to_frame(pd.DataFrame(dict(columns))))
        if not parts:
            return to_frame(pd.DataFrame(columns=EVENT_COLUMNS))
        return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)

    def duplicate_matches(
        self, boxes: pd.DataFrame, keys: pd.DataFrame
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Stored events that may be a file's events (see
        :func:`events.duplicates.lookup.duplicate_matches`)."""
        return duplicate_matches(self.engine, boxes, keys)

    def taken_ids(self, event_ids: Iterable[str]) -> set[str]:
        """Which of these event ids the store already holds."""
        ids = list(event_ids)
        if not ids:
            return set()
        with self.engine.connect() as conn:
            query = sa.select(events.c.event_id).where(self._among(ids))
            return set(conn.execute(query).scalars())

    def extras(self, event_ids: Iterable[str]) -> dict[str, dict]:
        """Source columns kept for the given events (empty dict when none)."""
        ids = list(event_ids)
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(events.c.event_id, events.c.extra).where(self._among(ids))
            ).all()
        return {event_id: json.loads(extra) if extra else {} for event_id, extra in rows}

    def _among(self, ids: list[str]) -> sa.ColumnElement[bool]:
        """``event_id`` is one of ``ids``, the ids travelling as one value (a JSON array
        on SQLite, an array on PostgreSQL): one statement however many ids a file has,
        with no limit on bound parameters."""
        if self.backend == "postgresql":
            given = sa.bindparam("ids", ids, type_=postgresql.ARRAY(sa.Text))
            return events.c.event_id == sa.any_(given)
        listed = sa.func.json_each(sa.bindparam("ids", json.dumps(ids)))
        return events.c.event_id.in_(sa.select(sa.column("value", sa.Text)).select_from(listed))

    def event_ids(self) -> set[str]:
        """Every event id in the store."""
        with self.engine.connect() as conn:
            return set(conn.execute(sa.select(events.c.event_id)).scalars())

    def batches(self) -> list[Batch]:
        """Committed batches, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(batches).order_by(batches.c.committed_at, batches.c.batch_id)
            ).mappings()
            return [Batch(**row) for row in rows]

    def find_batch(self, data_hash: str) -> Batch | None:
        """The batch that imported a file with this hash, if any."""
        with self.engine.connect() as conn:
            row = (
                conn.execute(sa.select(batches).where(batches.c.file_hash == data_hash))
                .mappings()
                .first()
            )
        return Batch(**row) if row else None

    def version(self) -> str:
        """A token that changes whenever the content changes (for cache keys).

        Read from the small batches table only (events are only ever added or removed
        a whole batch at a time, and ``check()`` verifies each batch's row count), so it
        costs the same at ten events or ten million — it runs on every screen rerun.
        """
        with self.engine.connect() as conn:
            count, n_batches = conn.execute(
                sa.select(sa.func.coalesce(sa.func.sum(batches.c.row_count), 0), sa.func.count())
            ).one()
            last = conn.execute(
                sa.select(batches.c.batch_id)
                .order_by(batches.c.committed_at.desc(), batches.c.batch_id.desc())
                .limit(1)
            ).scalar()
        return f"{count}-{n_batches}-{last or 'empty'}"

    def events_in_box(self, west: float, south: float, east: float, north: float) -> set[str]:
        """Ids of events whose point lies in a lon/lat box (edges included).

        PostgreSQL answers from the PostGIS geometry and its GiST index; SQLite
        compares the coordinate columns.
        """
        if self.backend == "postgresql":
            query = sa.select(events.c.event_id).where(
                sa.func.ST_Intersects(
                    sa.literal_column("geom"),
                    sa.func.ST_MakeEnvelope(west, south, east, north, SRID),
                )
            )
        else:
            query = sa.select(events.c.event_id).where(
                events.c.longitude.between(west, east), events.c.latitude.between(south, north)
            )
        with self.engine.connect() as conn:
            return set(conn.execute(query).scalars())

    def check(self) -> list[str]:
        """Problems with the stored data (empty when sound): the database's own
        integrity check on SQLite, and on both backends every batch holding exactly
        its recorded number of events and every event belonging to a batch."""
        problems: list[str] = []
        counted = (
            sa.select(events.c.batch_id, sa.func.count().label("n"))
            .group_by(events.c.batch_id)
            .subquery()
        )
        with self.engine.connect() as conn:
            if self.backend == "sqlite":
                result = [r for (r,) in conn.exec_driver_sql("PRAGMA integrity_check")]
                if result != ["ok"]:
                    problems.extend(f"integrity_check: {r}" for r in result)
                for row in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                    problems.append(f"foreign_key_check: {tuple(row)}")
            mismatched = conn.execute(
                sa.select(batches.c.batch_id, batches.c.row_count, counted.c.n)
                .select_from(batches.outerjoin(counted, counted.c.batch_id == batches.c.batch_id))
                .where(sa.func.coalesce(counted.c.n, 0) != batches.c.row_count)
            ).all()
            problems.extend(
                f"batch {b} records {want} events but holds {got or 0}"
                for b, want, got in mismatched
            )
            orphans = conn.execute(
                sa.select(sa.func.count())
                .select_from(events)
                .where(~events.c.batch_id.in_(sa.select(batches.c.batch_id)))
            ).scalar_one()
            if orphans:
                problems.append(f"{orphans} events belong to no batch")
        return problems

    # -- writing ---------------------------------------------------------

    def add_batch(
        self,
        frame: pd.DataFrame,
        *,
        file_name: str,
        data_hash: str,
        file_format: str = "native",
        committed_by: str = "",
        extras: list[dict] | None = None,
        lines: Sequence[int] | None = None,
    ) -> Batch:
        """Commit a validated event frame as one batch, all rows or none.

        Raises :class:`RejectedInput` if an event id is already in the store; the
        store is then exactly as it was.  ``lines`` are the file lines of the frame's
        rows, for that error (default: header on line 1, one row per line after it).
        """
        batch = Batch(
            batch_id=_new_batch_id(),
            committed_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
            committed_by=committed_by or _default_user(),
            file_name=file_name,
            file_hash=data_hash,
            file_format=file_format,
            row_count=len(frame),
        )
        rows = _to_rows(frame, batch, extras)
        try:
            with self._writing() as conn, bulk_write.sort_memory(conn):
                conn.execute(batches.insert(), [asdict(batch)])
                for chunk in bulk_write.chunks(rows, 5_000):
                    bulk_write.insert_many(conn, events, INSERT_COLUMNS, chunk)
        except sa.exc.IntegrityError:
            # the primary key turned an id away (validation checked the ids, but another
            # import may have committed them since): the transaction is rolled back; say which
            ids = [row[0] for row in rows]
            taken = self.taken_ids(ids)
            if not taken:
                raise
            line_numbers = lines if lines is not None else range(2, len(ids) + 2)
            raise RejectedInput(
                Problem(line, "event_id", event_id, "event_id already in the store")
                for line, event_id in zip(line_numbers, ids, strict=True)
                if event_id in taken
            ) from None
        return batch

    def undo(self, batch_id: str) -> int:
        """Remove exactly the events of one batch, and the batch; returns how many."""
        with self._writing() as conn, bulk_write.sort_memory(conn):
            found = conn.execute(
                sa.select(batches.c.batch_id).where(batches.c.batch_id == batch_id)
            ).scalar()
            if found is None:
                raise KeyError(batch_id)
            removed = conn.execute(events.delete().where(events.c.batch_id == batch_id)).rowcount
            conn.execute(batches.delete().where(batches.c.batch_id == batch_id))
        return removed

    def cached_geocode(self, query: str) -> tuple[bool, str | None]:
        """(found, answer JSON) for a geocoder query kept in the store."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(geocodes.c.answer).where(geocodes.c.query == query)
            ).first()
        return (row is not None, row[0] if row is not None else None)

    def cache_geocode(self, query: str, answer: str | None) -> None:
        """Keep a geocoder's answer (JSON, or None for "no such place")."""
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        with self._writing() as conn:
            conn.execute(geocodes.delete().where(geocodes.c.query == query))
            conn.execute(geocodes.insert(), [{"query": query, "answer": answer, "cached_at": now}])

    @contextmanager
    def _writing(self) -> Iterator[sa.Connection]:
        """One write transaction, committed on success and rolled back on any error.

        SQLite: ``BEGIN IMMEDIATE`` takes the write lock before anything is read, so
        writers queue (busy timeout, then retries until :data:`WRITE_WAIT_S`) instead
        of failing.  PostgreSQL: a transaction-scoped advisory lock does the same.
        Either way a caller never sees "database is locked", only :class:`StoreBusy`
        after a long wait.
        """
        deadline = time.monotonic() + WRITE_WAIT_S
        while True:
            conn = self.engine.connect().execution_options(sitmap_write=True)
            try:
                transaction = conn.begin()
                break
            except sa.exc.OperationalError as exc:
                conn.close()
                if not _is_busy(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreBusy(_BUSY_MESSAGE) from exc
                time.sleep(0.05)
        try:
            if self.backend == "postgresql":
                wait_ms = max(1, int((deadline - time.monotonic()) * 1000))
                conn.execute(sa.text(f"SET LOCAL lock_timeout = {wait_ms}"))
                try:
                    conn.execute(
                        sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY}
                    )
                except sa.exc.OperationalError as exc:
                    raise StoreBusy(_BUSY_MESSAGE) from exc
                conn.execute(sa.text("SET LOCAL lock_timeout = 0"))
            yield conn
        except BaseException:
            if transaction.is_active:
                transaction.rollback()
            raise
        else:
            transaction.commit()
            if self._database_file is not None:
                wal_checkpoint.request_checkpoint(self._database_file)
        finally:
            conn.close()


_BUSY_MESSAGE = "another import is still being written to the store; try again in a minute"


def _is_busy(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text


def _drop_index_if_allowed(conn: sa.Connection, name: str) -> None:
    """Drop an index; one this user may not drop (not its owner) is left as it is."""
    try:
        with conn.begin_nested():  # a refusal must not abort the schema's transaction
            conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
    except sa.exc.DBAPIError:
        pass  # the index only costs imports some time; opening the store goes on


def _make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @sa.event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            # Let SQLAlchemy, not the driver, decide when transactions begin.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            # commits leave the checkpoint to a background thread (events.wal_checkpoint)
            cursor.execute(f"PRAGMA wal_autocheckpoint={wal_checkpoint.AUTOCHECKPOINT_PAGES}")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _on_begin(conn):
            immediate = conn.get_execution_options().get("sitmap_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_size=int(os.environ.get("SITMAP_DB_POOL_SIZE", "5")),
        max_overflow=int(os.environ.get("SITMAP_DB_MAX_OVERFLOW", "5")),
        pool_recycle=1800,
    )


def _new_batch_id() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return f"b{stamp}-{uuid.uuid4().hex[:8]}"


def _default_user() -> str:
    return os.environ.get("SITMAP_USER") or os.environ.get("USER") or "analyst"


def _to_rows(frame: pd.DataFrame, batch: Batch, extras: list[dict] | None) -> list[tuple]:
    """The batch's rows as tuples in :data:`INSERT_COLUMNS` order: the frame's plain
    values, the batch's id and time, and each row's extra source columns as JSON."""
    columns = {
        name: bulk_write.plain_values(frame[name])
        for name in INSERT_COLUMNS
        if name not in _SET_ON_COMMIT
    }
    columns["batch_id"] = [batch.batch_id] * len(frame)
    columns["imported_at"] = [batch.committed_at] * len(frame)
    if extras is None:
        columns["extra"] = [None] * len(frame)
    else:
        # what json.dumps(extra, ensure_ascii=False) writes, without a new encoder a row
        columns["extra"] = [_EXTRA_JSON.encode(extra) if extra else None for extra in extras]
    return list(zip(*(columns[name] for name in INSERT_COLUMNS), strict=True))


_SET_ON_COMMIT = {"batch_id", "imported_at", "extra"}
_EXTRA_JSON = json.JSONEncoder(ensure_ascii=False)
