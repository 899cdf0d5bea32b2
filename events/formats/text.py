"""From file bytes to rows of cells, with the line numbers an editor shows.

Decoding is strict (see :mod:`events.formats.encoding`): UTF-8 with or without BOM,
UTF-16 with a BOM, and cp1251/KOI8-R Cyrillic detected, decoded and named in a note;
nothing is ever guessed as latin-1.  The delimiter is sniffed from the header line:
comma, semicolon (Excel "CSV" in Russian and Ukrainian locales, which also writes
decimal commas) or tab.  Rows keep the editor line on which they start, so a quoted
newline inside a cell does not shift the numbers of the rows after it.

Header names are matched without regard to case or surrounding spaces (``Latitude ``
is ``latitude``); two names that differ only in case are duplicates.  Cells are kept
exactly as written: ``NA`` and ``None`` are text, not missing values (a format may
decide otherwise).  A trailing delimiter on every line (an empty last header cell) and
blank lines are ignored.  Two things other tools add are dropped, each with a note:

* a first column with an empty header or named ``Unnamed: 0``: the index pandas'
  ``to_csv`` writes (and names so after a second round trip);
* a row of HXL hashtags (``#date+start``, ``#affected+killed``) directly under the
  header, as HDX copies of datasets carry: every non-empty cell starts with ``#``
  and most cells are non-empty.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from events.formats.encoding import decode_bytes
from events.problems import Problem, RejectedInput

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""The delimiters sniffed, with the names shown in the preview."""

MAX_FIELD_CHARS = 131_072
"""Longest cell accepted (the csv module's default limit); a longer one is an error."""


@dataclass(frozen=True)
class Table:
    """A decoded CSV: header, rows of cells and the editor line of each row."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    encoding: str
    delimiter: str
    note: str = ""
    """The decoding note (an encoding that had to be detected)."""
    notes: tuple[str, ...] = ()
    """What reading dropped: a pandas index column, an HXL hashtag row."""
    ragged: tuple[Problem, ...] = ()
    """Rows left out for having the wrong number of cells (``keep_ragged`` only)."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes strictly; returns (text, encoding name)."""
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: whichever of ``,`` ``;`` tab splits the header most."""
    header = _first_line(text)
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the first, so comma
    return best if counts[best] else ","


def read_table(
    data: bytes,
    *,
    delimiter: str | None = None,
    max_rows: int | None = None,
    keep_ragged: bool = False,
) -> Table:
    """Parse CSV bytes into a :class:`Table`, rejecting broken files.

    ``delimiter`` None sniffs it; ``max_rows`` rejects files with more data rows.  A
    ragged row (the wrong number of cells) rejects the file, unless ``keep_ragged``:
    then it is left out of the rows and listed in ``table.ragged``, so a third-party
    export can be imported without it.  Any other problem still rejects the file.
    """
    decoded = decode_bytes(data)
    text = decoded.text
    if not text.strip():
        raise RejectedInput([Problem(0, "", "", "the file is empty")])
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    hxl_line = 0
    next_line = 1
    previous_limit = csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        for cells in reader:
            start, next_line = next_line, reader.line_num + 1
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                continue
            if not (cells and cells[0].strip()) and not any(cell.strip() for cell in cells):
                continue  # blank line (most rows are settled by their first cell)
            if not rows and not hxl_line and is_hxl_row(cells):
                hxl_line = start
                continue
            if max_rows is not None and len(rows) >= max_rows:
                problems.append(
                    Problem(start, "", f"> {max_rows:,} rows", _too_many_rows(max_rows))
                )
                break
            rows.append(cells)
            lines.append(start)
    except csv.Error as exc:
        problems.append(Problem(next_line, "", "", _csv_error(str(exc), next_line)))
    finally:
        csv.field_size_limit(previous_limit)
    header, rows, lines, ragged = _trim_trailing_delimiter(header or [], rows, lines)
    header, rows, notes = without_index_column(header, rows)
    if hxl_line:
        notes.append(hxl_note(hxl_line))
    problems = header_problems(header) + problems
    if problems or (ragged and not keep_ragged):
        raise RejectedInput(problems + ragged)
    return Table(
        header, rows, lines, decoded.encoding, delimiter, decoded.note, tuple(notes), tuple(ragged)
    )


INDEX_NAMES = ("", "unnamed: 0")
"""A first header cell naming pandas' index column (names are lower-cased by then)."""


def without_index_column(
    header: list[str], rows: list[list[str]]
) -> tuple[list[str], list[list[str]], list[str]]:
    """Header and rows without pandas' index column, if the first column is one, and the
    note saying so (the same rule for CSV files and workbooks)."""
    if len(header) > 1 and header[0] in INDEX_NAMES:
        note = (
            f"the first column ({'unnamed' if not header[0] else 'Unnamed: 0'}), an index "
            "as pandas writes it, is ignored"
        )
        return header[1:], [row[1:] for row in rows], [note]
    return header, rows, []


def is_hxl_row(cells: list[str]) -> bool:
    """Every non-empty cell is an HXL hashtag (``#geo+lat``) and most cells have one."""
    tags = [cell.strip() for cell in cells if cell.strip()]
    return 2 * len(tags) > len(cells) and all(tag.startswith("#") for tag in tags)


def hxl_note(line: int) -> str:
    """The note on a skipped HXL hashtag row."""
    return f"line {line} holds HXL hashtags (an HDX copy) and is skipped"


def _too_many_rows(max_rows: int) -> str:
    return f"more than {max_rows:,} rows; split the file"


def _csv_error(message: str, line: int) -> str:
    if "unexpected end of data" in message:
        return f"unterminated quoted field in the row starting on line {line}"
    if "field larger than field limit" in message:
        return f"field too long (max {MAX_FIELD_CHARS:,} characters)"
    return f"unreadable CSV: {message}"


def _trim_trailing_delimiter(
    header: list[str], rows: list[list[str]], lines: list[int]
) -> tuple[list[str], list[list[str]], list[int], list[Problem]]:
    """Drop the empty columns a trailing delimiter makes; set every ragged row apart.

    A trailing delimiter shows as empty cells after the last named column: on the
    header (an empty last header cell) or on every data row alike.  Those cells must
    be blank; any other difference in the number of cells is a ragged row.
    """
    width = len(header)
    while width and header[width - 1] == "":
        width -= 1
    allowed = {width, len(header)}
    extra = {len(row) - width for row in rows}
    if (
        width == len(header)
        and len(extra) == 1
        and min(extra) > 0
        and not any("".join(row[width:]).strip() for row in rows)
    ):
        allowed.add(width + min(extra))  # every row ends with the same empty cells
    problems: list[Problem] = []
    kept: list[list[str]] = []
    kept_lines: list[int] = []
    for line, row in zip(lines, rows, strict=True):
        if len(row) in allowed and not "".join(row[width:]).strip():
            kept.append(row[:width] if len(row) > width else row)
            kept_lines.append(line)
        elif len(row) in allowed:
            problems.append(Problem(line, "", row[width], "a value in a column with no header"))
        else:
            problems.append(
                Problem(
                    line,
                    "",
                    f"{len(row)} cells",
                    f"row has {len(row)} cells, the header has {width}",
                )
            )
    return header[:width], kept, kept_lines, problems


def header_problems(header: list[str], line: int = 1) -> list[Problem]:
    """What is wrong with a header (on ``line``): a name twice, an empty name, or none."""
    problems = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(line, name, name, "column appears twice in the header"))
        seen.add(name)
    if not header:
        problems.append(Problem(line, "", "", "the first line (the header) is empty"))
    elif "" in header:
        problems.append(Problem(line, "", "", "a header cell is empty"))
    return problems


def _first_line(text: str) -> str:
    for i, char in enumerate(text):
        if char in "\r\n":
            return text[:i]
    return text


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


# Cells that a spreadsheet would run as a formula start with one of these.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(cell: str) -> str:
    """Make a text cell safe to open in Excel: a formula-like cell gets a leading quote.

    A cell that already starts with quotes before a formula sign gets one more, so
    :func:`restore` gives back exactly what was written.
    """
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_PREFIXES) else cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise`, so an exported file imports to the same values."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell
