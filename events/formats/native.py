"""sitmap's own CSV format: the schema's columns by name, one event per row.

Dates are ``YYYY-MM-DD``; empty cells are missing values; ``;`` separates list
items inside a cell.  Text cells that a spreadsheet would run as a formula are
written with a leading ``'`` and read back without it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import pandas as pd

from events.formats.text import Table, neutralise, restore
from events.schema import COLUMNS, KINDS, PROVENANCE, REQUIRED, Problem, RejectedInput

NAME = "native"


def matches(header: list[str]) -> bool:
    """Whether a header looks like sitmap's own format."""
    return "event_id" in header and "date_start" in header and "geo_precision" in header


def records(table: Table) -> list[dict[str, str]]:
    """The table's rows as records of raw cells, keyed by schema column.

    Provenance columns are dropped: the store sets them when the batch is committed.
    """
    unknown = [name for name in table.header if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in table.header]
    problems = [
        Problem(1, name, name, "unknown column; expected: " + ", ".join(COLUMNS))
        for name in unknown
    ] + [Problem(1, name, "", "required column is missing from the header") for name in missing]
    if problems:
        raise RejectedInput(problems)
    keep = [(i, name) for i, name in enumerate(table.header) if name not in PROVENANCE]
    return [
        {name: restore(row[i]) if KINDS[name] == "text" else row[i] for i, name in keep}
        for row in table.rows
    ]


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
        return "" if value != value else repr(float(value))
    if kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if kind == "timestamp":
        return pd.Timestamp(value).isoformat()
    if kind == "int":
        return str(int(value))
    return neutralise(str(value))
