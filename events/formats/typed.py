"""Typed values (workbook cells, JSON values) as the text cells of a :class:`Table`.

A workbook or an API response gives numbers, dates and booleans where a CSV gives text.
The readers of those shapes turn each value into the text a CSV export would hold, and
build their :class:`~events.formats.text.Table` here, with the same header rules as
:func:`~events.formats.text.read_table` (its functions): names lowercased and stripped,
blank trailing columns without a name dropped, pandas' index column and an HXL hashtag
row dropped with a note, a name twice or an empty name rejected, and at most
``max_rows`` data rows.
"""

from __future__ import annotations

import math

from events.formats.text import Table, header_problems, hxl_note, is_hxl_row, without_index_column
from events.problems import Problem, RejectedInput


def number_text(value: float) -> str:
    """A number as a CSV export writes it: whole numbers without ``.0`` (12, not 12.0)."""
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    return repr(value)


def too_many_rows(line: int, max_rows: int) -> Problem:
    """The problem of a file with more than ``max_rows`` data rows (the CSV reader's)."""
    return Problem(line, "", f"> {max_rows:,} rows", f"more than {max_rows:,} rows; split the file")


def build_table(
    header: list[str],
    rows: list[list[str]],
    lines: list[int],
    *,
    encoding: str,
    note: str,
    header_line: int = 1,
) -> Table:
    """A :class:`Table` of text cells, or :class:`RejectedInput` for a bad header.

    Every row has the header's width.  ``header_line`` is where the header stands (a
    sheet's first rows may be empty), for the problems found in it.
    """
    header = [name.strip().lower() for name in header]
    width = len(header)
    while width and header[width - 1] == "":
        width -= 1
    problems: list[Problem] = []
    for line, row in zip(lines, rows, strict=True):
        stray = next((cell for cell in row[width:] if cell.strip()), None)
        if stray is not None:
            problems.append(Problem(line, "", stray, "a value in a column with no header"))
    if any(len(row) != width for row in rows):
        rows = [row[:width] for row in rows]
    header, rows, notes = without_index_column(header[:width], rows)
    if rows and is_hxl_row(rows[0]):
        notes.append(hxl_note(lines[0]))
        rows, lines = rows[1:], lines[1:]
    problems += header_problems(header, header_line)
    if problems:
        raise RejectedInput(problems)
    return Table(header, rows, lines, encoding, "", note, tuple(notes))
