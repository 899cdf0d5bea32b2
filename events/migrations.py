"""The store's tables brought up to this version's schema when a store is opened.

Missing tables (and PostGIS) are created under the write lock, so several processes
opening a new store at once do not race each other.  A store made before an index was
added gets it here (once; seconds on a million events), and loses the indexes this
version no longer keeps (:data:`~events.tables.OBSOLETE_INDEXES`) when the user may
drop them; when not (PostgreSQL: only the owner may) they stay.
"""

from __future__ import annotations

import sqlalchemy as sa

from events.tables import OBSOLETE_INDEXES, events, metadata
from events.write_lock import write_transaction


def migrate(engine: sa.Engine) -> None:
    """Create what is missing and drop what is obsolete; nothing when up to date."""
    with engine.connect() as conn:
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
    with write_transaction(engine) as conn:
        if engine.dialect.name == "postgresql":
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


def _drop_index_if_allowed(conn: sa.Connection, name: str) -> None:
    """Drop an index; one this user may not drop (not its owner) is left as it is."""
    try:
        with conn.begin_nested():  # a refusal must not abort the schema's transaction
            conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
    except sa.exc.DBAPIError:
        pass  # the index only costs imports some time; opening the store goes on
