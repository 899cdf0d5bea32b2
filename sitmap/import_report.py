"""The import report: one screenful of counts with the first examples, and a full CSV.

The summary (:func:`summary`) counts the rows set aside by kind, the rows already
stored, those the source changed, the rows outside the mapped region per area, the
geocoded rows, the warnings and the probable duplicates, with at most
:data:`EXAMPLES` examples of each: a file of any size gives a few dozen lines.  The
full list, one row per problem or note, is the CSV (:func:`report_csv`).

Values and reasons come from the analyst's file: the summary is plain text, with
control characters escaped and long values shortened (the command line prints it,
the Import page shows it with ``st.text``); the CSV's text cells are neutralised so a
spreadsheet never runs one as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields

from events.formats.text import neutralise
from events.problems import Problem
from sitmap.importer import ImportPlan
from sitmap.set_aside import KINDS

EXAMPLES = 3
"""Examples shown per kind of row in the summary."""
AREAS = 8
"""Areas outside the mapped region named in the summary (the rest are counted)."""
LINE_CHARS = 160
"""Longest summary line; longer ones (a long cell) are shortened."""


@dataclass(frozen=True)
class Entry:
    """One line of the full report: a row of the file and what happens to it."""

    file: str
    section: str
    kind: str
    line: int
    event_id: str
    column: str
    value: str
    reason: str


def counts(plan: ImportPlan, *, replace_changed: bool = False, done: bool = False) -> str:
    """ "N will be imported, M set aside" (or "N imported, ..." once ``done``), with the
    rows already stored and changed by the source when there are any."""
    changed = len(plan.changed_by_source)
    added = plan.row_count + (changed if replace_changed else 0)
    parts = [f"{added} {'imported' if done else 'will be imported'}"]
    parts.append(f"{len(plan.set_aside)} set aside")
    if plan.already_stored:
        parts.append(f"{len(plan.already_stored)} already stored")
    if changed:
        what = "replacing the stored versions" if replace_changed else "stored versions kept"
        parts.append(f"{changed} changed by the source ({what})")
    if plan.outside is not None and plan.outside.left_out and len(plan.outside):
        parts.append(f"{len(plan.outside)} outside the mapped region left out")
    return ", ".join(parts)


def summary(plan: ImportPlan, *, replace_changed: bool = False) -> list[str]:
    """The report in a few dozen plain-text lines, whatever the size of the file."""
    lines: list[str] = []
    if plan.set_aside:
        lines.append(f"Set aside: {len(plan.set_aside)} row(s)")
        for kind in KINDS:
            rows = [row for row in plan.set_aside if row.kind == kind]
            if rows:
                lines.append(f"  {kind}: {len(rows)}")
                lines += [f"    {_problem(row.first)}" for row in rows[:EXAMPLES]]
    if plan.already_stored:
        lines.append(
            f"Already stored, unchanged: {len(plan.already_stored)} row(s), not imported again"
        )
    changed = plan.changed_by_source
    if changed:
        fate = "they replace" if replace_changed else "the store keeps"
        lines.append(
            f"Changed by the source: {len(changed)} row(s) whose id is stored with other "
            f"values; {fate} the stored versions"
        )
        lines += [
            _plain(f"    line {row.line}, {row.event_id}: changed {', '.join(row.changed)}")
            for row in changed[:EXAMPLES]
        ]
    if plan.outside is not None and len(plan.outside):
        fate = "left out" if plan.outside.left_out else "kept"
        areas = plan.outside.counts
        lines.append(
            f"Outside the mapped region ({fate}): {len(plan.outside)} row(s) "
            f"in {len(areas)} area(s)"
        )
        lines += [_plain(f"    {area}: {n}") for area, n in areas[:AREAS]]
        if len(areas) > AREAS:
            lines.append(f"    and {len(areas) - AREAS} more area(s)")
    if plan.filled_places:
        lines.append(f"Placed by the gazetteer: {len(plan.filled_places)} row(s)")
        lines += [
            _plain(
                f"    line {place.line}: {place.location!r} as {place.matched} "
                f"({place.latitude}, {place.longitude}; {place.match} match)"
            )
            for place in plan.filled_places[:EXAMPLES]
        ]
    if plan.flags:
        lines.append(f"Warnings to check: {len(plan.flags)}")
        lines += [f"    {_problem(flag)}" for flag in plan.flags[:EXAMPLES]]
    if plan.probable_duplicates:
        lines.append(
            f"Probable duplicates of stored events: {len(plan.probable_duplicates)} row(s), "
            "kept as separate events"
        )
        lines += [
            _plain(f"    line {d.line}: {d.event_id} may duplicate {d.existing_event_id}")
            for d in plan.probable_duplicates[:EXAMPLES]
        ]
    return lines


def entries(plan: ImportPlan, *, replace_changed: bool = False) -> list[Entry]:
    """Every row the report speaks of, one entry per problem or note."""
    name = plan.file_name
    found = [_entry(name, "rejected", "", p) for p in plan.problems]
    for row in plan.set_aside:
        found += [_entry(name, "set aside", row.kind, p, row.event_id) for p in row.problems]
    for row in plan.stored:
        if row.changed:
            fate = "replaces the stored version" if replace_changed else "stored version kept"
            reason = f"changed: {', '.join(row.changed)} (batch {row.batch_id}); {fate}"
            found.append(
                Entry(name, "changed by the source", "", row.line, row.event_id, "", "", reason)
            )
        else:
            reason = f"stored unchanged (batch {row.batch_id}); not imported again"
            found.append(Entry(name, "already stored", "", row.line, row.event_id, "", "", reason))
    if plan.outside is not None:
        fate = "left out" if plan.outside.left_out else "kept"
        found += [
            Entry(name, "outside the mapped region", fate, line, event_id, "", area,
                  "not in the oblasts the map shows")
            for line, event_id, area in plan.outside.rows
        ]  # fmt: skip
    for place in plan.filled_places:
        reason = (
            f"placed at {place.matched} ({place.latitude}, {place.longitude}), "
            f"precision {place.geo_precision}"
        )
        found.append(
            Entry(name, "geocoded", place.match, place.line, "", "location", place.location, reason)
        )
    found += [_entry(name, "warning", "", flag) for flag in plan.flags]
    for d in plan.probable_duplicates:
        more = f" and {d.other_matches} more" if d.other_matches else ""
        reason = f"may duplicate stored {d.existing_event_id}{more}; kept as a separate event"
        found.append(Entry(name, "probable duplicate", "", d.line, d.event_id, "", "", reason))
    return found


def report_csv(plans: Sequence[ImportPlan], *, replace_changed: bool = False) -> bytes:
    """The full report of one or more files as CSV (UTF-8 with a BOM, for Excel)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(field.name for field in fields(Entry))
    for plan in plans:
        writer.writerows(_safe(entry) for entry in entries(plan, replace_changed=replace_changed))
    return out.getvalue().encode("utf-8-sig")


def _safe(entry: Entry) -> Iterable[object]:
    return [value if isinstance(value, int) else neutralise(value) for value in astuple(entry)]


def _entry(file_name: str, section: str, kind: str, problem: Problem, event_id: str = "") -> Entry:
    return Entry(
        file_name,
        section,
        kind,
        problem.line,
        event_id,
        problem.column,
        problem.value,
        problem.reason,
    )


def _problem(problem: Problem) -> str:
    value = problem.value if len(problem.value) <= 40 else problem.value[:39] + "…"
    return _plain(str(Problem(problem.line, problem.column, value, problem.reason)))


def _plain(text: str) -> str:
    """One line of plain text: control characters escaped, shortened to LINE_CHARS."""
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return text if len(text) <= LINE_CHARS else text[: LINE_CHARS - 1] + "…"
