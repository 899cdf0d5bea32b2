"""A source file's rows mapped onto the event schema, before validation.

Every format module (native, ACLED, UCDP) turns a :class:`~events.formats.text.Table`
into :class:`SourceRows`: one record of raw text cells per row keyed by schema column,
the source columns the schema has no place for (``extras``, kept per event so an
export can give them back), the problems found while mapping, and which source
column each schema column came from, so a problem names the column the analyst sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from events.problems import Problem, RejectedInput


@dataclass
class SourceRows:
    """Rows of a file as raw schema records, with extras and mapping problems."""

    records: list[dict[str, str]]
    extras: list[dict[str, str]]
    problems: list[Problem] = field(default_factory=list)
    source_columns: dict[str, str] = field(default_factory=dict)
    """Schema column -> the source column it was read from (when the names differ)."""
    notes: list[str] = field(default_factory=list)
    """What the preview should say about the reading (the date patterns read)."""
    flags: list[Problem] = field(default_factory=list)
    """Warnings on rows that still import (a sub-type the notes do not give)."""
    filled_on_import: tuple[str, ...] = ()
    """Schema columns the file lacks that the importer fills where the records leave
    them blank: ``source`` (the file itself), and ``admin1``, ``admin2`` and
    ``country`` (from each row's point, where the map can tell)."""

    def source_column(self, column: str) -> str:
        """The name the analyst's file uses for a schema column."""
        return self.source_columns.get(column, column)


def require_columns(header: list[str], required: Iterable[str], format_name: str) -> None:
    """Reject a header that lacks any required column, naming them all and the format."""
    missing = [name for name in required if name not in header]
    if missing:
        raise RejectedInput(
            Problem(
                1,
                name,
                "",
                f"required column is missing from the header (detected format: {format_name})",
            )
            for name in missing
        )


MISSING_MARKS = frozenset({"NA", "N/A", "NaN", "nan"})
"""Cells that mean "empty" in ACLED and UCDP files: R's ``write.csv`` writes ``NA`` for
every missing value, and other tools ``N/A`` or ``NaN``.  No ACLED or UCDP value is
spelled so, and an actor called "NA" must not reach the store or the actor filter.
(sitmap's own files keep such cells as written.)"""


def without_missing_marks(row: list[str]) -> list[str]:
    """The row with :data:`MISSING_MARKS` cells made empty (the same list if it has none)."""
    if MISSING_MARKS.isdisjoint(row):
        return row
    return ["" if cell in MISSING_MARKS else cell for cell in row]


def blank(cell: str | None) -> bool:
    """Whether a raw cell is empty (or only spaces)."""
    return cell is None or not cell.strip()


def cells_at(positions: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """A function giving a row's cells at ``positions``, as a tuple (``itemgetter``,
    which returns a bare cell for one position and fails for none)."""
    if not positions:
        return lambda row: ()
    if len(positions) == 1:
        return lambda row: (row[positions[0]],)
    return itemgetter(*positions)
