"""Import a file: read, detect its format, validate every row, then commit as one batch.

A third-party export is imported row by row: the usable rows are committed, the
others set aside with their line and reasons (:mod:`sitmap.set_aside`); rows already
stored are counted, and those the source changed can replace the stored versions
(:mod:`sitmap.revisions`); rows outside the mapped oblasts are counted per area
(:mod:`sitmap.mapped_region`).  The analyst's own native files are all or nothing.

The two steps are separate so the screen can show a preview (format, encoding,
delimiter, counts, probable duplicates, every problem) before the analyst commits,
and the CLI can do a dry run.  Bad bytes never raise anything but
:class:`~events.problems.RejectedInput`; :func:`plan_import` returns them as the plan's
problems.

Limits: at most :data:`MAX_ROWS` data rows per file (a bigger file is rejected; split
it), and cells of at most :data:`~events.formats.text.MAX_FIELD_CHARS` characters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from events.death_tolls import disagreement_flags
from events.duplicates.lookup import DuplicateSource
from events.duplicates.rule import ProbableDuplicate, probable_duplicates
from events.formats.detect import FORMATS, detect_format
from events.formats.numbers import check_numbers
from events.formats.readers import read_any
from events.formats.rows import SourceRows
from events.formats.table import ColumnMapping
from events.formats.text import DELIMITERS, Table
from events.gc_pause import paused_gc
from events.problems import Problem, RejectedInput
from events.store import Batch, Store, file_hash
from events.validation import validate_frame
from geo.geocoder import Geocoder
from geo.regions import check_admin1
from sitmap.filled_columns import fill_absent_columns
from sitmap.mapped_region import OutsideRegion, inside_mapped_region, outside_region
from sitmap.place_filling import FilledPlace, fill_places
from sitmap.revisions import ChangedRows, StoredRow, stored_rows
from sitmap.set_aside import SetAsideRow, set_aside

MAX_ROWS = 250_000
"""Most data rows one file may hold (split larger exports).  A file is checked whole in
memory, about 7 KB a row at peak (100,000 ACLED rows: 719 MB), so this keeps one import
under 2 GB; the 50 MB upload limit keeps the app's imports near 1 GB."""


@dataclass
class ImportPlan:
    """What committing a file would do; ``problems`` empty means it can be committed."""

    file_name: str
    data_hash: str
    file_format: str
    encoding: str
    frame: pd.DataFrame | None
    """The rows to add (for a file read row by row: the usable rows not yet stored)."""
    problems: list[Problem] = field(default_factory=list)
    """What rejects the whole file; nothing of it can be committed."""
    already_imported: Batch | None = None
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)
    """Things the analyst should check in the preview (a detected encoding, a dialect)."""
    extras: list[dict] | None = None
    """Per row, the source columns the schema has no place for (kept with the events)."""
    probable_duplicates: list[ProbableDuplicate] = field(default_factory=list)
    """Rows that may repeat a stored event (same days, type and place); not blocking."""
    filled_places: list[FilledPlace] = field(default_factory=list)
    """Rows whose place was named without coordinates and found by the geocoder."""
    flags: list[Problem] = field(default_factory=list)
    """Rows whose point lies outside the oblast they name, figures of the source that
    disagree (best above high), and other warnings; not blocking."""
    lines: list[int] = field(default_factory=list)
    """The file line of each row of ``frame``, for problems found when committing."""
    by_row: bool = False
    """True when the file is imported row by row (third-party formats, or ``partial``)."""
    set_aside: list[SetAsideRow] = field(default_factory=list)
    """Rows left out for their problems (a file read row by row)."""
    stored: list[StoredRow] = field(default_factory=list)
    """Rows whose id the store holds, unchanged or changed by the source."""
    changed: ChangedRows | None = None
    """The source's new versions of the stored rows it changed."""
    outside: OutsideRegion | None = None
    """Rows outside the mapped oblasts, kept or left out."""

    @property
    def ok(self) -> bool:
        """True when the file can be committed as it is."""
        return not self.problems

    @property
    def row_count(self) -> int:
        """Rows that would be added."""
        if self.frame is None or self.already_imported is not None:
            return 0
        return len(self.frame)

    @property
    def already_stored(self) -> list[StoredRow]:
        """Rows whose id is stored with the same values: not imported again."""
        return [row for row in self.stored if not row.changed]

    @property
    def changed_by_source(self) -> list[StoredRow]:
        """Rows whose id is stored with other values."""
        return [row for row in self.stored if row.changed]

    @property
    def dialect(self) -> str:
        """The delimiter (and decimal mark) in words, for the preview."""
        if not self.delimiter:
            return ""
        name = DELIMITERS.get(self.delimiter, repr(self.delimiter))
        decimal = "decimal point" if self.delimiter == "," else "decimal comma or point"
        return f"{name}-separated, {decimal}"


@paused_gc()
def plan_import(
    data: bytes,
    file_name: str,
    store: Store,
    *,
    file_format: str = "auto",
    geocoder: Geocoder | None = None,
    known: DuplicateSource | None = None,
    progress: Callable[[float, str], None] | None = None,
    sheet: str | None = None,
    partial: bool = False,
    only_region: bool = False,
    date_order: str | None = None,
    mapping: ColumnMapping | None = None,
) -> ImportPlan:
    """Read and validate a file against the store, without writing anything.

    A third-party export (ACLED, UCDP) is read row by row: rows with a problem are set
    aside (``plan.set_aside``), rows whose id is stored are counted (``plan.stored``;
    the changed ones are in ``plan.changed``) and the rest are the plan's frame.  A
    native file is all or nothing, unless ``partial``.  What no row can fix (the
    encoding, the header, the size, a quote never closed) rejects any file.

    Rows outside the mapped oblasts are kept and counted (``plan.outside``), or left
    out with ``only_region``.  Rows naming a place without coordinates are geocoded
    (``geocoder``, default the offline gazetteer) and listed in ``plan.filled_places``;
    points outside the oblast their row claims, and fatalities the source itself gives out
    of order (best above high), are listed in ``plan.flags``.
    Probable duplicates are looked up in ``known`` (a
    :class:`~events.duplicates.index.DuplicateIndex` of the version on screen), else in
    the store.  ``progress(fraction, what)`` is told as each stage starts.
    ``date_order`` (``dmy``/``mdy``) overrides how ACLED and UCDP slashed dates are read.
    ``mapping`` is the column mapping of ``file_format="table"``
    (:mod:`events.formats.table`).  Columns a file lacks are filled
    (:mod:`sitmap.filled_columns`), and the notes say how.
    """
    report = progress or (lambda fraction, what: None)
    report(0.0, "Reading the file")
    data_hash = file_hash(data)
    name, table = file_format, None
    try:
        if file_format != "auto" and file_format not in FORMATS:
            raise RejectedInput(
                [Problem(0, "", file_format, "unknown format; use " + ", ".join(FORMATS))]
            )
        table = read_any(data, file_name, sheet=sheet, max_rows=MAX_ROWS, keep_ragged=True)
        name = detect_format(table.header) if file_format == "auto" else file_format
        by_row = partial or name != "native"
        if table.ragged and not by_row:
            raise RejectedInput(table.ragged)
        report(0.2, f"Mapping {len(table.rows):,} rows from the {name} format")
        options = {"mapping": mapping} if name == "table" else {}
        rows = FORMATS[name].read(table, date_order=date_order, **options)
        if not rows.records and not table.ragged:
            raise RejectedInput([Problem(0, "", "", "the file has a header but no events")])
    except RejectedInput as rejected:
        plan = ImportPlan(file_name, data_hash, name, "", None, rejected.problems)
        if table is not None:
            plan.encoding, plan.delimiter = table.encoding, table.delimiter
            plan.notes = _notes(table)
        return plan

    report(0.35, "Checking ids against the store")
    previous = store.find_batch(data_hash)
    if by_row:
        existing: Iterable[str] = ()  # stored ids are counted after validation
    else:
        file_ids = (str(r.get("event_id", "")).strip() for r in rows.records)
        existing = () if previous else store.taken_ids(file_ids)
    early = rows.problems + check_numbers(rows.records, table.lines, table.delimiter)
    report(0.45, "Placing rows that name a place without coordinates")
    filled, unplaced = fill_places(rows.records, table.lines, geocoder)
    early += unplaced
    filled_notes = fill_absent_columns(rows, file_name)
    report(0.55, "Validating every cell")
    frame, late = validate_frame(
        rows.records, lines=table.lines, existing_ids=existing, every_row=by_row
    )
    problems = _merge_problems(rows, early, late)
    plan = ImportPlan(
        file_name,
        data_hash,
        name,
        table.encoding,
        None,
        delimiter=table.delimiter,
        notes=_notes(table) + rows.notes + filled_notes,
        extras=rows.extras,
        lines=table.lines,
        by_row=by_row,
    )
    plan.filled_places = filled
    plan.frame = frame
    if not by_row:
        plan.already_imported = previous
        if problems:
            plan.frame, plan.problems = None, problems
            return _checked(plan, report)
    else:
        if previous is not None:
            plan.notes.append(
                f"this file was imported before (batch {previous.batch_id}); "
                "rows already stored are not added again"
            )
        plan.set_aside = set_aside(rows, table.lines, problems, table.ragged)
        aside = {row.line for row in plan.set_aside}
        if aside:
            keep = np.array([line not in aside for line in plan.lines], dtype=bool)
            plan.frame, plan.extras, plan.lines = _take(plan, keep)
    report(0.7, "Checking the mapped region and the store")
    _split_region(plan, only_region)
    if by_row:
        _split_stored(plan, store, rows.filled_on_import)
    report(0.8, "Checking places and probable duplicates")
    plan.flags = _flags(plan, rows)
    if previous is None or by_row:
        plan.probable_duplicates = probable_duplicates(
            plan.frame, plan.lines, store if known is None else known
        )
    return _checked(plan, report)


def _checked(plan: ImportPlan, report: Callable[[float, str], None]) -> ImportPlan:
    report(1.0, "Checked")
    return plan


def _take(plan: ImportPlan, keep: np.ndarray) -> tuple[pd.DataFrame, list[dict], list[int]]:
    """The plan's rows at ``keep`` (a boolean mask): frame, extras and lines."""
    positions = np.flatnonzero(keep).tolist()
    extras = plan.extras or [{} for _ in plan.lines]
    return (
        plan.frame.iloc[positions].reset_index(drop=True),
        [extras[i] for i in positions],
        [plan.lines[i] for i in positions],
    )


def _split_region(plan: ImportPlan, only_region: bool) -> None:
    """Count the rows outside the mapped oblasts; leave them out with ``only_region``."""
    inside = inside_mapped_region(plan.frame)
    plan.outside = outside_region(plan.frame, plan.lines, inside, left_out=only_region)
    if only_region and not inside.all():
        plan.frame, plan.extras, plan.lines = _take(plan, inside)


def _split_stored(plan: ImportPlan, store: Store, not_in_file: Iterable[str] = ()) -> None:
    """Take the rows whose id is stored out of the frame: unchanged ones are only
    counted, changed ones kept apart in ``plan.changed``.  Columns the file does not
    carry (``not_in_file``: filled from its name or the map) are not the source's
    changes: the same rows from another file are unchanged."""
    stored = stored_rows(plan.frame, plan.extras, plan.lines, store)
    if not_in_file:
        ignored = set(not_in_file)
        stored = {
            i: replace(row, changed=tuple(c for c in row.changed if c not in ignored))
            for i, row in stored.items()
        }
    if not stored:
        return
    plan.stored = [stored[i] for i in sorted(stored)]
    changed = np.zeros(len(plan.frame), dtype=bool)
    changed[[i for i, row in stored.items() if row.changed]] = True
    new = np.ones(len(plan.frame), dtype=bool)
    new[list(stored)] = False
    if changed.any():
        plan.changed = ChangedRows(*_take(plan, changed))
    plan.frame, plan.extras, plan.lines = _take(plan, new)


def _flags(plan: ImportPlan, rows: SourceRows) -> list[Problem]:
    """Warnings on the rows that would be committed (new or changed), named by the
    file's own columns."""
    frame, lines = plan.frame, plan.lines
    if plan.changed is not None:
        frame = pd.concat([frame, plan.changed.frame], ignore_index=True)
        lines = lines + plan.changed.lines
    flags = check_admin1(frame, lines=lines, report_outside=False)
    disagree = [_named(rows, flag) for flag in disagreement_flags(frame, lines)]
    kept = set(lines)
    mapped = [flag for flag in rows.flags if flag.line in kept]
    return sorted(flags + _before_coverage(frame, lines, plan.file_format) + disagree + mapped)


COVERAGE_STARTS = {"acled": pd.Timestamp("1997-01-01"), "ucdp": pd.Timestamp("1989-01-01")}
"""The first day each dataset covers; an earlier date in its export is suspect (a warning)."""


def _before_coverage(frame: pd.DataFrame, lines: list[int], file_format: str) -> list[Problem]:
    first = COVERAGE_STARTS.get(file_format)
    if first is None:
        return []
    early = frame["date_start"] < first
    return [
        Problem(line, "date_start", f"{day:%Y-%m-%d}", f"before {file_format.upper()}'s coverage "
                f"starts ({first:%Y-%m-%d}); check the date")
        for line, day in zip(
            [line for line, e in zip(lines, early, strict=True) if e],
            frame.loc[early, "date_start"],
            strict=True,
        )
    ]  # fmt: skip


@paused_gc()
def commit(
    plan: ImportPlan, store: Store, *, committed_by: str = "", replace_changed: bool = False
) -> Batch | None:
    """Commit a plan's rows as one batch; None when it has none to add (a file imported
    before, or every row set aside or stored).

    ``replace_changed`` adds the source's new versions of the rows it changed, which
    replace the stored ones in the same batch (undoing it puts them back).
    """
    if plan.problems:
        raise RejectedInput(plan.problems)
    if plan.already_imported is not None or plan.frame is None:
        return None
    frame, extras, lines = plan.frame, plan.extras, plan.lines
    replacing: list[str] = []
    if replace_changed and plan.changed is not None:
        frame = pd.concat([frame, plan.changed.frame], ignore_index=True)
        extras = (extras or [{} for _ in plan.lines]) + plan.changed.extras
        lines = lines + plan.changed.lines
        replacing = plan.changed.frame["event_id"].tolist()
    if frame.empty:
        return None
    extras = extras if extras and any(extras) else None
    return store.add_batch(
        frame,
        file_name=Path(plan.file_name).name,
        data_hash=plan.data_hash,
        file_format=plan.file_format,
        committed_by=committed_by,
        extras=extras,
        lines=lines or None,
        replacing=replacing,
    )


def import_file(
    path: Path, store: Store, *, committed_by: str = "", file_format: str = "auto"
) -> Batch | None:
    """Read, validate and commit one file; raises :class:`RejectedInput` on any problem."""
    plan = plan_import(path.read_bytes(), path.name, store, file_format=file_format)
    return commit(plan, store, committed_by=committed_by)


def _merge_problems(rows: SourceRows, early: list[Problem], late: list[Problem]) -> list[Problem]:
    """Every problem once, named by the file's own column; mapping problems win."""
    early = [_named(rows, p) for p in early]
    flagged = {(p.line, p.column) for p in early}
    late = [named for p in late if ((named := _named(rows, p)).line, named.column) not in flagged]
    return sorted(set(early + late))


def _named(rows: SourceRows, problem: Problem) -> Problem:
    column = rows.source_column(problem.column)
    if column == problem.column:
        return problem
    return Problem(problem.line, column, problem.value, problem.reason)


def _notes(table: Table) -> list[str]:
    notes = ([table.note] if table.note else []) + list(table.notes)
    if table.delimiter == ";":
        notes.append(
            "semicolon-separated (Excel in a Russian or Ukrainian locale): "
            "decimal commas read as points, 51,19 as 51.19"
        )
    elif table.delimiter == "\t":
        notes.append("tab-separated: decimal commas read as points, 51,19 as 51.19")
    return notes
