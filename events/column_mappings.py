"""Column mappings kept in the store, by the set of headers they map: a team shares them.

When a table (:mod:`events.formats.table`) is committed through a mapping, the mapping
is remembered for its header; the next file with the same column names, in any order
and case, is offered the same mapping.  The last one committed wins.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa

from events.formats.table import ColumnMapping
from events.formats.table_guess import normalised
from events.store import Store
from events.tables import column_mappings
from events.write_lock import write_transaction


def header_key(header: Sequence[str]) -> str:
    """The key of a header: its normalised column names, sorted, hashed."""
    names = sorted({normalised(name) for name in header if name.strip()})
    return hashlib.sha256(json.dumps(names).encode("utf-8")).hexdigest()


def recall(store: Store, header: Sequence[str]) -> ColumnMapping | None:
    """The mapping last committed for this header, or None.

    Column names come back as this file writes them (the key ignores case and order).
    """
    with store.engine.connect() as conn:
        text = conn.execute(
            sa.select(column_mappings.c.mapping).where(
                column_mappings.c.header_key == header_key(header)
            )
        ).scalar()
    if text is None:
        return None
    saved = json.loads(text)
    spelled = {normalised(name): name for name in header}
    columns = {
        field: spelled[normalised(name)]
        for field, name in saved["columns"].items()
        if normalised(name) in spelled
    }
    return ColumnMapping(columns, dict(saved["values"]))


def remember(
    store: Store, header: Sequence[str], mapping: ColumnMapping, saved_by: str = ""
) -> None:
    """Keep ``mapping`` for this header (replacing the one kept before)."""
    key = header_key(header)
    row = {
        "header_key": key,
        "header": json.dumps(list(header), ensure_ascii=False),
        "mapping": json.dumps(
            {"columns": dict(mapping.columns), "values": dict(mapping.values)},
            ensure_ascii=False,
        ),
        "saved_by": saved_by,
        "saved_at": datetime.now(UTC).replace(tzinfo=None, microsecond=0),
    }
    with write_transaction(store.engine) as conn:
        conn.execute(column_mappings.delete().where(column_mappings.c.header_key == key))
        conn.execute(column_mappings.insert(), [row])
