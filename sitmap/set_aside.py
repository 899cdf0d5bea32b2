"""Rows of a file that cannot be used, set aside whole with their line, kind and reasons.

A third-party export (ACLED, UCDP) is imported row by row: a row with any problem is
left out and the others go in.  Each row set aside gets one kind, the first of
:data:`KINDS` that fits, so the report can count them:

* **ragged row**: the wrong number of cells, or a value under no header;
* **repeated id**: an id an earlier row of the file already has (the first is kept);
* **no date**: a date cell left empty;
* **no place**: no coordinates and no place name (location, district, oblast);
* **unknown place**: no coordinates, and a place name the gazetteer cannot place (not
  found, or several namesakes and no district to choose);
* **missing value**: another cell the event needs is empty;
* **unreadable cell**: a cell that is not a value its column can hold.

The kind is a summary; the row keeps every problem found, for the full report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from events.formats.rows import SourceRows, blank
from events.problems import Problem

KINDS = (
    "ragged row",
    "repeated id",
    "no date",
    "no place",
    "unknown place",
    "missing value",
    "unreadable cell",
)

PLACE_COLUMNS = ("latitude", "longitude", "location", "admin2", "admin1")
DATE_COLUMNS = ("date_start", "date_end")


@dataclass(frozen=True)
class SetAsideRow:
    """One row of the file left out of the import, and why."""

    line: int
    kind: str
    problems: tuple[Problem, ...]
    event_id: str = ""

    @property
    def first(self) -> Problem:
        """The problem that names the row's kind best (the first of its kind)."""
        return self.problems[0]


def set_aside(
    rows: SourceRows, lines: Sequence[int], problems: list[Problem], ragged: Sequence[Problem]
) -> list[SetAsideRow]:
    """The rows to leave out: every line with a problem, by line.

    ``problems`` are the mapped rows' problems, named by the file's columns;
    ``ragged`` the rows the reader left out for their shape (they have no record).
    """
    by_line: dict[int, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_line[problem.line].append(problem)
    record_at = dict(zip(lines, rows.records, strict=True))
    repeated = _repeated_ids(rows.records, lines)
    named = {name: {name, rows.source_column(name)} for name in ("event_id", *DATE_COLUMNS)}
    columns = {
        "repeated id": named["event_id"],
        "no date": named["date_start"] | named["date_end"],
        "no place": {rows.source_column(name) for name in PLACE_COLUMNS} | set(PLACE_COLUMNS),
        "unknown place": {"location", rows.source_column("location")},
    }
    place = rows.source_column("location")  # a row with no place leads with its name
    result = [SetAsideRow(p.line, "ragged row", (p,)) for p in ragged]
    for line, found in sorted(by_line.items()):
        record = record_at.get(line, {})
        kind = _kind(found, record, line in repeated, columns)
        leads = columns.get(kind, set())
        found.sort(
            key=lambda p: (not _leads(p, kind, leads), kind == "no place" and p.column != place)
        )
        event_id = str(record.get("event_id") or "").strip()
        result.append(SetAsideRow(line, kind, tuple(found), event_id))
    return sorted(result, key=lambda row: row.line)


def _repeated_ids(records: list[dict[str, str]], lines: Sequence[int]) -> set[int]:
    seen: set[str] = set()
    repeated: set[int] = set()
    for line, record in zip(lines, records, strict=True):
        event_id = str(record.get("event_id") or "").strip()
        if event_id and event_id in seen:
            repeated.add(line)
        seen.add(event_id)
    return repeated


def _kind(found: list[Problem], record: dict, repeated: bool, columns: dict) -> str:
    """The first kind of :data:`KINDS` that fits a row with problems."""
    if repeated:
        return "repeated id"
    if any(p.column in columns["no date"] and blank(p.value) for p in found):
        return "no date"
    if record and all(blank(record.get(column)) for column in PLACE_COLUMNS):
        return "no place"
    unplaced = blank(record.get("latitude")) and blank(record.get("longitude"))
    if unplaced and any(p.column in columns["unknown place"] and not blank(p.value) for p in found):
        return "unknown place"
    if any(blank(p.value) for p in found):
        return "missing value"
    return "unreadable cell"


def _leads(problem: Problem, kind: str, columns: set[str]) -> bool:
    """Whether a problem shows the row's kind, so the row's examples start with it."""
    if kind == "missing value":
        return blank(problem.value)
    if kind == "unreadable cell":
        return not blank(problem.value)
    if kind in ("no date", "unknown place"):
        return problem.column in columns and blank(problem.value) == (kind == "no date")
    return problem.column in columns
