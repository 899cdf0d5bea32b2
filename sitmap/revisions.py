"""Rows whose id the store already holds: unchanged, or changed by the source.

A re-download of an ACLED export after its weekly revisions brings back ids already
stored, some with other values.  An unchanged row is counted and not imported again;
a changed one keeps its stored version unless the analyst replaces it (as one
undoable batch: see :meth:`events.store.Store.add_batch`).

Compared are every schema column but the store's provenance (``batch_id``,
``imported_at``), and the source columns kept with the event (the extras): ACLED's
``timestamp`` changes with every revision.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from events.schema import COLUMNS, PROVENANCE
from events.store import Store

COMPARED = tuple(name for name in COLUMNS if name not in PROVENANCE)


@dataclass(frozen=True)
class StoredRow:
    """A row of the file whose id is stored, and what the source changed in it."""

    line: int
    event_id: str
    batch_id: str
    """The batch that brought the stored version."""
    changed: tuple[str, ...]
    """The columns whose values differ (schema columns, then source columns); none
    when the row is as stored."""


@dataclass
class ChangedRows:
    """The source's new versions of rows it changed, ready to replace the stored ones if
    the analyst asks: the validated frame, each row's extras and file line."""

    frame: pd.DataFrame
    extras: list[dict]
    lines: list[int]

    def __len__(self) -> int:
        return len(self.frame)


def stored_rows(
    frame: pd.DataFrame, extras: list[dict] | None, lines: list[int], store: Store
) -> dict[int, StoredRow]:
    """The rows of ``frame`` (by position) whose event id the store holds."""
    ids = frame["event_id"].astype(str).tolist()
    taken = store.taken_ids(ids)
    if not taken:
        return {}
    positions = [i for i, event_id in enumerate(ids) if event_id in taken]
    stored = store.events(event_ids=taken).set_index("event_id")
    stored_extras = store.extras(taken)
    mine = frame.iloc[positions].set_index("event_id")
    theirs = stored.loc[mine.index]
    differs = {
        column: _differs(mine[column], theirs[column])
        for column in COMPARED
        if column != "event_id"
    }
    result = {}
    for row, i in enumerate(positions):
        event_id = ids[i]
        changed = [column for column, flags in differs.items() if flags[row]]
        file_extra, stored_extra = (extras[i] if extras else None) or {}, stored_extras[event_id]
        changed += sorted(
            name
            for name in set(file_extra) | set(stored_extra)
            if file_extra.get(name) != stored_extra.get(name)
        )
        result[i] = StoredRow(lines[i], event_id, str(theirs["batch_id"].iloc[row]), tuple(changed))
    return result


def _differs(mine: pd.Series, theirs: pd.Series) -> np.ndarray:
    """Per row, whether two aligned columns hold different values (missing equals missing)."""
    a, b = mine.reset_index(drop=True), theirs.reset_index(drop=True)
    both_missing = (a.isna() & b.isna()).to_numpy()
    equal = (a == b).astype("boolean").fillna(False).to_numpy(dtype=bool)
    return ~(equal | both_missing)
