"""Frames into database tables in bulk, on SQLite and PostgreSQL alike.

Rows of plain Python values (:func:`plain_rows`); one DBAPI ``executemany`` per
insert on SQLite, one ``COPY`` on PostgreSQL (:func:`insert_many`); temporary tables
filled the same way (:func:`fill_temporary`); and room in memory for a large
transaction's sorts and pages (:func:`sort_memory`).  :mod:`events.store` decides what
is written and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pandas as pd
import sqlalchemy as sa

SORT_MEMORY_KB = 65_536
"""Memory for one import's sorts and written pages (see :func:`sort_memory`)."""


def insert_many(
    conn: sa.Connection, table: sa.Table, columns: Iterable[str], rows: list[tuple]
) -> None:
    """Insert rows (tuples in ``columns`` order): one DBAPI ``executemany``, or on
    PostgreSQL one ``COPY`` (:func:`copy_rows`).

    The statement is SQLAlchemy's own insert, compiled for the connection's dialect,
    and each value goes through its column type's bind processor (so dates are stored
    exactly as SQLAlchemy stores them); only SQLAlchemy's per-row parameter handling,
    most of the cost of a large insert, is skipped.
    """
    if not rows:
        return
    columns = list(columns)
    dialect = conn.dialect
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]
    if any(processors):
        values = list(zip(*rows, strict=True))
        for i, process in enumerate(processors):
            if process is not None:
                done: dict = {}
                values[i] = [
                    None
                    if value is None
                    else done[value]
                    if value in done
                    else done.setdefault(value, process(value))
                    for value in values[i]
                ]
        rows = list(zip(*values, strict=True))
    if copy_rows(conn, table, columns, rows):
        return
    compiled = table.insert().compile(dialect=dialect, column_keys=columns)
    if compiled.positional:
        order = [columns.index(name) for name in compiled.positiontup]
        if order != list(range(len(columns))):
            rows = [tuple(row[i] for i in order) for row in rows]
        params: list = rows
    else:
        params = [dict(zip(columns, row, strict=True)) for row in rows]
    conn.exec_driver_sql(str(compiled), params)


def fill_temporary(conn: sa.Connection, table: sa.Table, frame: pd.DataFrame) -> None:
    """Put a frame's rows into a new temporary table (its columns the frame's).

    The table is then counted (``ANALYZE``): without statistics on it, both planners
    take it for a large table once the store has statistics of its own, and read the
    whole events index instead of seeking it per row (PostgreSQL hashes the events
    table; SQLite scans the whole index, ten times slower at a million events).
    """
    insert_many(conn, table, frame.columns, plain_rows(frame))
    conn.execute(sa.text(f"ANALYZE {table.name}"))


def copy_rows(conn: sa.Connection, table: sa.Table, columns: list[str], rows: list[tuple]) -> bool:
    """PostgreSQL through psycopg 3: the rows by ``COPY`` (five times faster than an
    ``executemany``); False, having written nothing, on any other driver.

    A row the table refuses (a taken key, a failed check) raises SQLAlchemy's
    ``IntegrityError``, as an insert would; the transaction is then aborted.
    """
    if conn.dialect.name != "postgresql":
        return False
    cursor = conn.connection.dbapi_connection.cursor()
    if not hasattr(cursor, "copy"):
        cursor.close()
        return False
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    try:
        with cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except conn.dialect.dbapi.IntegrityError as exc:
        raise sa.exc.IntegrityError(statement, None, exc) from exc
    return True


def plain_values(column: pd.Series) -> list:
    """A column's values as plain Python values: ``date`` for dates, None for missing."""
    if pd.api.types.is_datetime64_any_dtype(column):
        values = list(column.dt.date.astype(object))
    else:
        values = column.astype(object).tolist()
    if column.hasnans:
        missing = column.isna().to_numpy()
        values = [None if m else v for v, m in zip(values, missing, strict=True)]
    return values


def plain_rows(frame: pd.DataFrame) -> list[tuple]:
    """A frame's rows as tuples of plain Python values (see :func:`plain_values`)."""
    return list(zip(*(plain_values(frame[name]) for name in frame.columns), strict=True))


@contextmanager
def sort_memory(conn: sa.Connection) -> Iterator[None]:
    """Room for one connection's sorts and written pages to stay in memory.

    SQLite sorts in its page cache (2 MB by default, then temporary files) and spills a
    large transaction's pages to the WAL before it commits; PostgreSQL sorts in
    ``work_mem`` (4 MB by default, then on disk).  Raised for the duration only: the app
    keeps several connections open, and each would otherwise keep the larger cache.
    """
    if conn.dialect.name != "sqlite":
        conn.execute(sa.text(f"SET LOCAL work_mem = '{SORT_MEMORY_KB}kB'"))
        yield
        return
    # straight to the driver: a pragma, not a statement that should begin a transaction
    driver = conn.connection.driver_connection
    before = driver.execute("PRAGMA cache_size").fetchone()[0]
    driver.execute(f"PRAGMA cache_size = -{SORT_MEMORY_KB}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA cache_size = {int(before)}")


def chunks(items: list, size: int) -> Iterable[list]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
