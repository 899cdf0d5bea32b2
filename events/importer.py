"""Import a file: read, detect its format, validate every row, then commit as one batch.

The two steps are separate so the screen can show a preview (counts, duplicates,
every problem) before the analyst commits, and the CLI can do a dry run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from events.formats import native
from events.formats.text import read_table
from events.schema import Problem, RejectedInput, to_frame, validate_records
from events.store import Batch, Store, file_hash

FORMATS = {native.NAME: native}


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


def detect_format(header: list[str]) -> str:
    """The name of the format whose header this is, or raise :class:`RejectedInput`."""
    for name, module in FORMATS.items():
        if module.matches(header):
            return name
    raise RejectedInput(
        [
            Problem(
                1,
                "",
                ", ".join(header[:12]),
                "unrecognised header; expected sitmap's native columns "
                "(event_id, date_start, date_end, ... geo_precision, ...)",
            )
        ]
    )


def plan_import(
    data: bytes, file_name: str, store: Store, *, file_format: str = "auto"
) -> ImportPlan:
    """Read and validate a file against the store, without writing anything."""
    data_hash = file_hash(data)
    try:
        table = read_table(data)
        name = detect_format(table.header) if file_format == "auto" else file_format
        if name not in FORMATS:
            raise RejectedInput([Problem(0, "", name, "unknown format")])
        raw = FORMATS[name].records(table)
    except RejectedInput as rejected:
        return ImportPlan(file_name, data_hash, file_format, "", None, rejected.problems)

    previous = store.find_batch(data_hash)
    existing = () if previous else store.event_ids()
    parsed, problems = validate_records(raw, lines=table.lines, existing_ids=existing)
    frame = None if problems else to_frame(parsed)
    return ImportPlan(file_name, data_hash, name, table.encoding, frame, problems, previous)


def commit(plan: ImportPlan, store: Store, *, committed_by: str = "") -> Batch | None:
    """Commit a clean plan as one batch; a file imported before adds nothing (None)."""
    if plan.problems:
        raise RejectedInput(plan.problems)
    if plan.already_imported is not None:
        return None
    return store.add_batch(
        plan.frame,
        file_name=Path(plan.file_name).name,
        data_hash=plan.data_hash,
        file_format=plan.file_format,
        committed_by=committed_by,
    )


def import_file(path: Path, store: Store, *, committed_by: str = "") -> Batch | None:
    """Read, validate and commit one file; raises :class:`RejectedInput` on any problem."""
    plan = plan_import(path.read_bytes(), path.name, store)
    return commit(plan, store, committed_by=committed_by)
