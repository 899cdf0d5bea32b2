"""From file bytes to rows of cells, with the line numbers an editor shows.

Decoding is strict: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything
else is rejected with a reason rather than guessed, so Cyrillic is never turned
into mojibake.  Rows keep the editor line on which they start, so a quoted
newline inside a cell does not shift the numbers of the rows after it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from events.schema import Problem, RejectedInput

_MAGIC = {
    b"PK\x03\x04": "a zip archive (an .xlsx workbook?), not a CSV file",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) workbook, not a CSV file",
    b"%PDF": "a PDF document, not a CSV file",
}


@dataclass(frozen=True)
class Table:
    """A decoded CSV: header, rows of cells and the editor line of each row."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    encoding: str
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes strictly; returns (text, encoding name)."""
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise RejectedInput([Problem(0, "", magic.hex(), f"this file is {what}")])
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise RejectedInput([_bad_bytes(data, exc, "UTF-16")]) from exc
    encoding = "UTF-8 with BOM" if data.startswith(b"\xef\xbb\xbf") else "UTF-8"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RejectedInput([_bad_bytes(data, exc, "UTF-8")]) from exc
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise RejectedInput([Problem(line, "", "\\x00", "NUL byte in the file (binary data?)")])
    return text, encoding


def _bad_bytes(data: bytes, exc: UnicodeDecodeError, encoding: str) -> Problem:
    line = data.count(b"\n", 0, exc.start) + 1
    sample = data[exc.start : exc.start + 8].hex(" ")
    return Problem(line, "", sample, f"not valid {encoding}; save the file as UTF-8")


def read_table(data: bytes, *, delimiter: str = ",") -> Table:
    """Parse CSV bytes into a :class:`Table`, rejecting ragged or broken files."""
    text, encoding = decode(data)
    if not text.strip():
        raise RejectedInput([Problem(0, "", "", "the file is empty")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    next_line = 1
    try:
        for cells in reader:
            start, next_line = next_line, reader.line_num + 1
            if header is None:
                header = [cell.strip() for cell in cells]
                continue
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        start,
                        "",
                        f"{len(cells)} cells",
                        f"row has {len(cells)} cells, the header has {len(header)}",
                    )
                )
                continue
            rows.append(cells)
            lines.append(start)
    except csv.Error as exc:
        problems.append(Problem(next_line, "", "", f"unreadable CSV: {exc}"))
    problems.extend(_header_problems(header or []))
    if problems:
        raise RejectedInput(problems)
    return Table(header or [], rows, lines, encoding, delimiter)


def _header_problems(header: list[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(1, name, name, "column appears twice in the header"))
        seen.add(name)
    if "" in header:
        problems.append(Problem(1, "", "", "a header cell is empty"))
    return problems


# Cells that a spreadsheet would run as a formula start with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(cell: str) -> str:
    """Make a text cell safe to open in Excel: a formula-like cell gets a leading quote."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise`, so an exported file imports to the same values."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell
