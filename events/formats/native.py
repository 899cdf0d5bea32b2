"""sitmap's own CSV format: the schema's columns by name, one event per row.

Dates are ``YYYY-MM-DD``; numbers have a decimal point and no exponent; empty
cells are missing values; ``;`` separates list items inside a cell.  Text cells
that a spreadsheet would run as a formula are written with a leading ``'`` and
read back without it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import numpy as np
import pandas as pd

from events.formats.rows import SourceRows
from events.formats.text import Table, neutralise, restore
from events.problems import Problem, RejectedInput
from events.schema import COLUMNS, KINDS, PROVENANCE, REQUIRED

NAME = "native"
SIGNATURE = ("event_id", "date_start", "geo_precision")
"""The columns that identify the format in a header."""


DRAFT_EXTRAS = ("draft", "evidence", "place_as_written", "place_candidates", "place_rule")
"""Columns of a drafts file (``sitmap code -o``) kept per event as extras; ``draft`` is
dropped on reading, since a committed event is no longer a draft."""


def matches(header: list[str]) -> bool:
    """Whether a header looks like sitmap's own format."""
    return set(SIGNATURE) <= set(header)


def read(table: Table, *, date_order: str | None = None) -> SourceRows:
    """The table's rows as records of raw cells, keyed by schema column.

    Provenance columns are dropped: the store sets them when the batch is committed.
    The native format has no extra columns but a drafts file's (:data:`DRAFT_EXTRAS`):
    another unknown column is an error.  Its dates
    are strict ISO days, so ``date_order`` (for other formats' slashed dates) is unused.
    """
    unknown = [name for name in table.header if name not in COLUMNS and name not in DRAFT_EXTRAS]
    missing = [name for name in REQUIRED if name not in table.header]
    problems = [
        Problem(1, name, name, "unknown column; expected: " + ", ".join(COLUMNS))
        for name in unknown
    ] + [Problem(1, name, "", "required column is missing from the header") for name in missing]
    if problems:
        raise RejectedInput(problems)
    kept_extras = [(i, name) for i, name in enumerate(table.header) if name in DRAFT_EXTRAS]
    keep = [
        (i, name)
        for i, name in enumerate(table.header)
        if name not in PROVENANCE and name not in DRAFT_EXTRAS
    ]
    names = [name for _, name in keep]
    if len(keep) == len(table.header):
        records = [dict(zip(names, row, strict=True)) for row in table.rows]
    else:
        pick = [i for i, _ in keep]
        records = [dict(zip(names, [row[i] for i in pick], strict=True)) for row in table.rows]
    text = [name for name in names if KINDS[name] == "text"]
    for record in records:  # only a cell that starts with ' can need restoring
        for name in text:
            if record[name][:1] == "'":
                record[name] = restore(record[name])
    extras = [
        {name: restore(row[i]) for i, name in kept_extras if name != "draft" and row[i]}
        for row in table.rows
    ]
    return SourceRows(records, extras)


def write(frame: pd.DataFrame, columns: Iterable[str] = COLUMNS) -> bytes:
    """The frame as native CSV bytes (UTF-8), safe to open in a spreadsheet."""
    columns = list(columns)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for values in frame[columns].itertuples(index=False, name=None):
        writer.writerow(_cell(name, value) for name, value in zip(columns, values, strict=True))
    return out.getvalue().encode("utf-8")


def _cell(column: str, value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    kind = KINDS[column]
    if kind == "float":
        # Positional, never 1e-05: the importer rejects exponents in coordinates.
        # (+ 0.0 turns -0.0 into 0.0, as the store does.)
        return "" if value != value else np.format_float_positional(float(value) + 0.0, trim="-")
    if kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if kind == "timestamp":
        return pd.Timestamp(value).isoformat()
    if kind == "int":
        return str(int(value))
    return neutralise(str(value))
