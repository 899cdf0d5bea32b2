"""The event store: SQLAlchemy Core over SQLite (default) or PostgreSQL, one code path.

Every write is one transaction: a batch goes in whole or not at all, and an undo
removes exactly that batch.  A batch may replace stored events with the source's new
versions (same ids): the old versions are kept aside (``replaced_events``) and an undo
of that batch puts them back exactly.  The engine and its URL are :mod:`events.engine`'s, the
queueing of writers :mod:`events.write_lock`'s, and the schema's upgrades
:mod:`events.migrations`'.  Readers never wait for a writer on either backend.

On PostgreSQL the events table also has a PostGIS column ``geom`` — a Point in
EPSG:4326 generated from (longitude, latitude), x being longitude — with a GiST
index.  SQLite keeps only the two coordinate columns.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from events import bulk_write
from events.duplicates.lookup import duplicate_matches
from events.engine import database_url, make_engine
from events.migrations import migrate
from events.problems import Problem, RejectedInput
from events.schema import to_frame
from events.tables import EVENT_COLUMNS, INSERT_COLUMNS, batches, events, replaced_events
from events.write_lock import write_transaction

SRID = 4326
READ_CHUNK_ROWS = 100_000
"""Rows turned into typed columns at a time when the whole store is read."""


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


def file_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes, used to recognise a file imported before."""
    return hashlib.sha256(data).hexdigest()


class Store:
    """Events and import batches in one database."""

    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        migrate(self.engine)

    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

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
        event_ids: Collection[str] | None = None,
    ) -> pd.DataFrame:
        """Events whose date interval overlaps [start, end] (and, given ``batch_ids``,
        that those batches imported; given ``event_ids``, with those ids), as the
        schema's frame, by date then id."""
        query = sa.select(*(events.c[name] for name in EVENT_COLUMNS))
        if batch_ids is not None:
            query = query.where(events.c.batch_id.in_(list(batch_ids)))
        if event_ids is not None:
            query = query.where(self._among(list(event_ids)))
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
        a batch at a time, and ``check()`` verifies each batch's row count), so it
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
        its recorded number of events (counting its versions a later batch replaced)
        and every event belonging to a batch."""
        problems: list[str] = []
        held = sa.union_all(
            sa.select(events.c.batch_id), sa.select(replaced_events.c.batch_id)
        ).subquery()
        counted = (
            sa.select(held.c.batch_id, sa.func.count().label("n"))
            .group_by(held.c.batch_id)
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
        replacing: Collection[str] = (),
    ) -> Batch:
        """Commit a validated event frame as one batch, all rows or none.

        ``replacing`` are ids of the frame whose stored versions this batch replaces:
        in the same transaction those versions are set aside (see :meth:`undo`) and
        removed.  Raises :class:`RejectedInput` if any other event id is already in
        the store; the store is then exactly as it was.  ``lines`` are the file lines
        of the frame's rows, for that error (default: header on line 1, one row per
        line after it).
        """
        replacing = sorted(set(replacing))
        if replacing and not set(replacing) <= set(frame["event_id"]):
            raise ValueError("a batch can only replace events it brings a new version of")
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
            with write_transaction(self.engine) as conn, bulk_write.sort_memory(conn):
                conn.execute(batches.insert(), [asdict(batch)])
                if replacing:
                    self._set_aside(conn, replacing, batch.batch_id)
                for chunk in bulk_write.chunks(rows, 5_000):
                    bulk_write.insert_many(conn, events, INSERT_COLUMNS, chunk)
        except sa.exc.IntegrityError:
            # the primary key turned an id away (validation checked the ids, but another
            # import may have committed them since): the transaction is rolled back; say which
            ids = [row[0] for row in rows]
            taken = self.taken_ids(ids) - set(replacing)
            if not taken:
                raise
            line_numbers = lines if lines is not None else range(2, len(ids) + 2)
            raise RejectedInput(
                Problem(line, "event_id", event_id, "event_id already in the store")
                for line, event_id in zip(line_numbers, ids, strict=True)
                if event_id in taken
            ) from None
        return batch

    def _set_aside(self, conn: sa.Connection, ids: list[str], batch_id: str) -> None:
        """Move the stored versions of ``ids`` to ``replaced_events``, replaced by
        ``batch_id``."""
        columns = [*INSERT_COLUMNS, "replaced_by"]
        conn.execute(
            replaced_events.insert().from_select(
                columns,
                sa.select(
                    *(events.c[name] for name in INSERT_COLUMNS),
                    sa.literal(batch_id, sa.String(64)),
                ).where(self._among(ids)),
            )
        )
        conn.execute(events.delete().where(self._among(ids)))

    def replaced_count(self, batch_id: str) -> int:
        """How many stored versions the batch replaced (put back by undoing it)."""
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(sa.func.count())
                .select_from(replaced_events)
                .where(replaced_events.c.replaced_by == batch_id)
            ).scalar_one()

    def undo(self, batch_id: str) -> int:
        """Remove exactly the events of one batch, and the batch; returns how many.

        The versions the batch replaced come back as they were.  A version of this
        batch that a later batch replaced goes too; the version it had itself
        replaced passes to that later batch, so undoing the later one still brings
        back the version before.
        """
        with write_transaction(self.engine) as conn, bulk_write.sort_memory(conn):
            found = conn.execute(
                sa.select(batches.c.batch_id).where(batches.c.batch_id == batch_id)
            ).scalar()
            if found is None:
                raise KeyError(batch_id)
            own = replaced_events.c.batch_id == batch_id
            later = conn.execute(
                sa.select(replaced_events.c.event_id, replaced_events.c.replaced_by).where(own)
            ).all()
            conn.execute(replaced_events.delete().where(own))
            if later:
                conn.execute(
                    replaced_events.update()
                    .where(
                        replaced_events.c.replaced_by == batch_id,
                        replaced_events.c.event_id == sa.bindparam("earlier_id"),
                    )
                    .values(replaced_by=sa.bindparam("later_batch")),
                    [{"earlier_id": e, "later_batch": b} for e, b in later],
                )
            removed = conn.execute(events.delete().where(events.c.batch_id == batch_id)).rowcount
            restored = replaced_events.c.replaced_by == batch_id
            conn.execute(
                events.insert().from_select(
                    list(INSERT_COLUMNS),
                    sa.select(*(replaced_events.c[name] for name in INSERT_COLUMNS)).where(
                        restored
                    ),
                )
            )
            conn.execute(replaced_events.delete().where(restored))
            conn.execute(batches.delete().where(batches.c.batch_id == batch_id))
        return removed


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
