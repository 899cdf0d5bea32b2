"""The database engine behind one URL: embedded SQLite by default, PostgreSQL for a team.

The URL comes from the caller, else ``SITMAP_DATABASE_URL``, else the embedded file
``var/sitmap.sqlite``.  SQLite runs in WAL mode with a busy timeout, so readers never
wait for a writer; writes begin ``IMMEDIATE`` (see :mod:`events.write_lock`), and a
background thread, not the commit, copies the log into the database file
(:mod:`events.wal_checkpoint`).
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

from events import wal_checkpoint

DEFAULT_URL = "sqlite:///var/sitmap.sqlite"
BUSY_TIMEOUT_MS = 10_000
"""SQLite's own wait for a lock, per attempt."""


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``SITMAP_DATABASE_URL``, else the default file."""
    return url or os.environ.get("SITMAP_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str) -> sa.Engine:
    """An engine for ``url``; on SQLite with the pragmas the store relies on."""
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


def database_file(engine: sa.Engine) -> str | None:
    """The SQLite file behind ``engine`` (None in memory and on PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    return database if database and database != ":memory:" else None
