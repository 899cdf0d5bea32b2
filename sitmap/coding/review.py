"""Reviewed drafts back into sitmap's own CSV, to commit through the importer.

The page edits drafts as a table; committing writes that table as a native file (with
each draft's evidence and candidates as the drafts file's extra columns) and hands it to
:func:`sitmap.importer.plan_import`, so drafts are validated, committed as one batch and
undone exactly as any import.  The ``draft`` mark is not written: committed, an event is
no longer a draft, and ``coded_by`` names the reviewing analyst.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from events.formats.native import DRAFT_EXTRAS
from events.formats.native import write as write_native
from events.formats.text import neutralise
from events.schema import COLUMNS, PROVENANCE, to_frame
from sitmap.coding.drafts import DRAFTED_BY, Draft

REVIEWED_BY = "{analyst} (reviewed a draft by " + DRAFTED_BY + ")"
"""``coded_by`` of a committed draft."""
DRAFT_COLUMNS = tuple(c for c in COLUMNS if c not in PROVENANCE)
"""The native columns a drafts file carries (the store sets the provenance)."""


def drafts_table(drafts: list[Draft]) -> pd.DataFrame:
    """The drafts as one editable table: the native columns, then the extras."""
    frame = to_frame([d.record for d in drafts])[list(DRAFT_COLUMNS)]
    for name in DRAFT_EXTRAS:
        frame[name] = [d.extras().get(name, "") for d in drafts]
    return frame


def native_csv(table: pd.DataFrame, *, draft: bool = True, analyst: str = "") -> bytes:
    """The table as sitmap's own CSV with the extras as its last columns; without the
    ``draft`` mark and with ``coded_by`` the reviewing ``analyst`` when ``draft`` is False."""
    frame = to_frame(table.reindex(columns=list(DRAFT_COLUMNS)))
    extras = [name for name in DRAFT_EXTRAS if draft or name != "draft"]
    if not draft:
        reviewed = REVIEWED_BY.format(analyst=analyst or "analyst")
        frame["coded_by"] = frame["coded_by"].where(
            frame["coded_by"].fillna(DRAFTED_BY) != DRAFTED_BY, reviewed
        )
    native = write_native(frame, DRAFT_COLUMNS).decode("utf-8")
    rows = list(csv.reader(io.StringIO(native)))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(rows[0] + extras)
    cells = table.reindex(columns=extras).fillna("").astype(str).to_numpy().tolist()
    for row, extra in zip(rows[1:], cells, strict=True):
        writer.writerow(row + [neutralise(value) for value in extra])
    return out.getvalue().encode("utf-8")
