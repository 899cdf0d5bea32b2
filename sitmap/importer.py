"""Import a file: read, detect its format, validate every row, then commit as one batch.

The two steps are separate so the screen can show a preview (format, encoding,
delimiter, counts, probable duplicates, every problem) before the analyst commits,
and the CLI can do a dry run.  Bad bytes never raise anything but
:class:`~events.problems.RejectedInput`; :func:`plan_import` returns them as the plan's
problems.

Limits: at most :data:`MAX_ROWS` data rows per file (a bigger file is rejected; split
it), and cells of at most :data:`~events.formats.text.MAX_FIELD_CHARS` characters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from events.duplicates.lookup import DuplicateSource
from events.duplicates.rule import ProbableDuplicate, probable_duplicates
from events.formats.detect import FORMATS, detect_format
from events.formats.numbers import check_numbers
from events.formats.rows import SourceRows
from events.formats.text import DELIMITERS, Table, read_table
from events.gc_pause import paused_gc
from events.problems import Problem, RejectedInput
from events.store import Batch, Store, file_hash
from events.validation import validate_frame
from geo.geocoder import Geocoder
from geo.regions import check_admin1
from sitmap.place_filling import FilledPlace, fill_places

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
    problems: list[Problem] = field(default_factory=list)
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
    """Rows whose point lies outside the oblast they name, and other warnings; not blocking."""
    lines: list[int] = field(default_factory=list)
    """The file line of each row of ``frame``, for problems found when committing."""

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
    date_order: str | None = None,
) -> ImportPlan:
    """Read and validate a file against the store, without writing anything.

    Rows naming a place without coordinates are geocoded (``geocoder``, default the
    offline gazetteer) and listed in ``plan.filled_places``;
    points outside the oblast their row claims are listed in ``plan.flags``.
    Probable duplicates are looked up in ``known`` (a
    :class:`~events.duplicates.index.DuplicateIndex` of the version on screen), else in
    the store.  ``progress(fraction, what)`` is told as each stage starts.
    ``date_order`` (``dmy``/``mdy``) overrides how ACLED and UCDP slashed dates are read.
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
        table = read_table(data, max_rows=MAX_ROWS)
        name = detect_format(table.header) if file_format == "auto" else file_format
        report(0.2, f"Mapping {len(table.rows):,} rows from the {name} format")
        rows = FORMATS[name].read(table, date_order=date_order)
        if not rows.records:
            raise RejectedInput([Problem(0, "", "", "the file has a header but no events")])
    except RejectedInput as rejected:
        plan = ImportPlan(file_name, data_hash, name, "", None, rejected.problems)
        if table is not None:
            plan.encoding, plan.delimiter = table.encoding, table.delimiter
            plan.notes = _notes(table)
        return plan

    report(0.35, "Checking ids against the store")
    previous = store.find_batch(data_hash)
    file_ids = (str(r.get("event_id", "")).strip() for r in rows.records)
    existing = () if previous else store.taken_ids(file_ids)
    early = rows.problems + check_numbers(rows.records, table.lines, table.delimiter)
    report(0.45, "Placing rows that name a place without coordinates")
    filled, unplaced = fill_places(rows.records, table.lines, geocoder)
    early += unplaced
    report(0.55, "Validating every cell")
    frame, late = validate_frame(rows.records, lines=table.lines, existing_ids=existing)
    problems = _merge_problems(rows, early, late)
    if problems:
        frame = None
    plan = ImportPlan(
        file_name,
        data_hash,
        name,
        table.encoding,
        frame,
        problems,
        previous,
        delimiter=table.delimiter,
        notes=_notes(table) + rows.notes,
        extras=rows.extras,
        lines=table.lines,
    )
    plan.filled_places = filled
    report(0.8, "Checking places and probable duplicates")
    if frame is not None:
        plan.flags = check_admin1(frame, lines=table.lines) + _before_coverage(
            frame, table.lines, name
        )
    if frame is not None and previous is None:
        plan.probable_duplicates = probable_duplicates(
            frame, table.lines, store if known is None else known
        )
    report(1.0, "Checked")
    return plan


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
def commit(plan: ImportPlan, store: Store, *, committed_by: str = "") -> Batch | None:
    """Commit a clean plan as one batch; a file imported before adds nothing (None)."""
    if plan.problems:
        raise RejectedInput(plan.problems)
    if plan.already_imported is not None:
        return None
    extras = plan.extras if plan.extras and any(plan.extras) else None
    return store.add_batch(
        plan.frame,
        file_name=Path(plan.file_name).name,
        data_hash=plan.data_hash,
        file_format=plan.file_format,
        committed_by=committed_by,
        extras=extras,
        lines=plan.lines or None,
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
