"""Stored events that may be a file's events: the probable-duplicate check's two
lookups in the database, run side by side.

:func:`events.duplicates.rule.probable_duplicates` decides which stored event a row names;
this module only asks the store, through ``ix_events_duplicates`` and two temporary
tables (:data:`events.tables.duplicate_probe`, :data:`events.tables.duplicate_keys`).
:class:`events.duplicates.index.DuplicateIndex` answers the same lookups from memory;
either is a :class:`DuplicateSource`.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Protocol

import pandas as pd
import sqlalchemy as sa

from events import bulk_write
from events.tables import KEY_COLUMNS, PROBE_COLUMNS, duplicate_keys, duplicate_probe, events


class DuplicateSource(Protocol):
    """What the probable-duplicate check asks: the store (in the database) or a
    :class:`~events.duplicates.index.DuplicateIndex` (in memory), interchangeably."""

    def duplicate_matches(
        self, boxes: pd.DataFrame, keys: pd.DataFrame
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """``near`` and ``named`` for the file's points and keys (see below)."""
        ...


def duplicate_matches(
    engine: sa.Engine, boxes: pd.DataFrame, keys: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stored events that may be a file's events, found in the database.

    ``boxes`` has one row per distinct point of the file's rows with coordinates:
    ``point_id``, the rows' ``date_start``, ``date_end``, ``event_type`` and a box
    ``lat_lo``..``lat_hi``, ``lon_lo``..``lon_hi`` around the point.  ``keys``
    numbers the file's distinct ``date_start``, ``date_end``, ``event_type`` and
    ``located`` (the row has coordinates) as ``key_id``.  Returns

    * ``near``: ``point_id``, ``event_id``, ``latitude``, ``longitude`` of every
      stored event with the point's interval and type that lies in its box;
    * ``named``: per key and stored ``location``, how many stored events have the
      key's interval and type (``n``) and the lowest ``event_id`` — all of them for
      a key without coordinates, those without coordinates for a key with them.

    Both read only ``ix_events_duplicates`` (the file's rows go into temporary
    tables, gone when the connection's transaction ends), so the work grows with
    the matches, not with how many events the store holds on those days.  The
    counts per name are grouped by the small ``key_id`` (grouped by the dates and
    type, SQLite sorted those with every stored event) and in memory.
    """
    key = ("date_start", "date_end", "event_type")
    near_query = sa.select(
        duplicate_probe.c.point_id, events.c.event_id, events.c.latitude, events.c.longitude
    ).select_from(
        duplicate_probe.join(
            events,
            sa.and_(
                *(events.c[name] == duplicate_probe.c[name] for name in key),
                events.c.latitude.between(duplicate_probe.c.lat_lo, duplicate_probe.c.lat_hi),
                events.c.longitude.between(duplicate_probe.c.lon_lo, duplicate_probe.c.lon_hi),
            ),
        )
    )
    named_queries = []
    for located in (False, True):
        on = sa.and_(*(events.c[name] == duplicate_keys.c[name] for name in key))
        if located:
            on = sa.and_(on, events.c.latitude.is_(None))
        named_queries.append(
            sa.select(
                duplicate_keys.c.key_id,
                events.c.location,
                sa.func.count().label("n"),
                sa.func.min(events.c.event_id).label("event_id"),
            )
            .select_from(duplicate_keys.join(events, on))
            .where(duplicate_keys.c.located.is_(located))
            .group_by(duplicate_keys.c.key_id, events.c.location)
        )
    lookups = [
        (duplicate_probe, PROBE_COLUMNS, boxes, [near_query]),
        (duplicate_keys, KEY_COLUMNS, keys, named_queries),
    ]
    near, named = side_by_side(engine, *(partial(lookup, engine, *each) for each in lookups))
    near_frame = pd.DataFrame.from_records(
        near, columns=["point_id", "event_id", "latitude", "longitude"]
    )
    near_frame["point_id"] = near_frame["point_id"].astype("int64")
    for name in ("latitude", "longitude"):
        near_frame[name] = pd.to_numeric(near_frame[name]).astype("float64")
    named_frame = pd.DataFrame.from_records(named, columns=["key_id", "location", "n", "event_id"])
    return near_frame, named_frame


SHARED_POOLS = (sa.pool.SingletonThreadPool, sa.pool.StaticPool)
"""Pools whose threads cannot each have a connection to the same database."""


def side_by_side(engine: sa.Engine, *reads: Callable[[], list[tuple]]) -> list[list[tuple]]:
    """The results of independent reads, run at once on connections of their own.

    The database does the work while Python waits (both drivers release the GIL),
    so on two cores two lookups take about as long as the slower one.  An engine whose
    pool hands every thread one shared or thread-local connection (in-memory SQLite)
    reads one after the other.
    """
    if len(reads) < 2 or isinstance(engine.pool, SHARED_POOLS):
        return [read() for read in reads]
    with ThreadPoolExecutor(len(reads), thread_name_prefix="sitmap-read") as pool:
        futures = [pool.submit(read) for read in reads]
        return [future.result() for future in futures]


def lookup(
    engine: sa.Engine, table: sa.Table, columns: tuple[str, ...], frame: pd.DataFrame, queries: list
) -> list[tuple]:
    """The rows of ``queries`` once ``frame`` is in the temporary ``table``."""
    with engine.connect() as conn, bulk_write.sort_memory(conn):
        table.create(conn)
        bulk_write.fill_temporary(conn, table, frame[list(columns)])
        rows = [tuple(row) for query in queries for row in conn.execute(query)]
        conn.rollback()  # the temporary table goes with the transaction
    return rows
