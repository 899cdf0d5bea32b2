"""Excel workbooks (.xlsx): one sheet read into a :class:`~events.formats.text.Table`.

The first sheet, or the one named.  The first row with a value is the header; rows keep
their sheet row numbers as line numbers, so a problem points at the row Excel shows.
Cells come back as the text a CSV export of the sheet would hold: a date cell as ISO
``2024-08-06`` (with `` 13:05:00`` when it has a time of day), a whole number as ``12``
(not ``12.0``), a boolean as ``TRUE``/``FALSE``, an empty cell as empty text.  Read with
python-calamine, which gives each cell's cached value (a formula's last result).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from datetime import date, datetime, time, timedelta

from python_calamine import CalamineError, CalamineWorkbook

from events.formats.text import Table
from events.formats.typed import build_table, number_text, too_many_rows
from events.problems import Problem, RejectedInput

ZIP_MAGIC = b"PK\x03\x04"
"""How an .xlsx workbook (a zip archive) starts."""
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How an Excel 97-2003 .xls workbook, or a password-protected .xlsx, starts."""


def read_workbook(data: bytes, *, sheet: str | None = None, max_rows: int | None = None) -> Table:
    """Read one sheet of an .xlsx workbook; :class:`RejectedInput` for anything else.

    ``sheet`` None reads the first sheet; a name is matched exactly, else ignoring case.
    """
    if data.startswith(OLE_MAGIC):
        raise _rejected(
            "an Excel 97-2003 (.xls) or password-protected workbook; "
            "save it as .xlsx without a password, or as CSV"
        )
    _check_archive(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        name = _sheet_name(names, sheet)
        values = book.get_sheet_by_name(name).iter_rows()
        header, rows, lines, header_line = _read_rows(values, max_rows)
    except RejectedInput:
        raise
    except (CalamineError, ValueError, OverflowError) as exc:
        raise _rejected(f"the workbook cannot be read ({exc}); save it again or as CSV") from None
    note = f"Excel workbook: sheet {name!r}" + (
        f" of {len(names)} ({', '.join(map(repr, names))})" if len(names) > 1 else ""
    )
    if header is None:
        raise _rejected(f"sheet {name!r} is empty")
    return build_table(header, rows, lines, encoding="xlsx", note=note, header_line=header_line)


def cell_text(value: object) -> str:
    """The text of one cell value as calamine gives it (see the module docstring)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return "" if value is None else str(value)


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError, zlib.error):  # fmt: skip
        raise _rejected(
            "the file starts like an .xlsx workbook (a zip archive) but is damaged or "
            "cut short; save it again or as CSV"
        ) from None
    if b"opendocument.spreadsheet" in mimetype:
        raise _rejected("an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV")
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _rejected("a zip archive, not an Excel workbook; unzip it and import the file inside")


def _sheet_name(names: list[str], wanted: str | None) -> str:
    if not names:
        raise _rejected("the workbook has no sheets")
    if wanted is None:
        return names[0]
    if wanted in names:
        return wanted
    folded = [n for n in names if n.strip().casefold() == wanted.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    raise RejectedInput(
        [Problem(0, "", wanted, "no such sheet; the workbook has " + ", ".join(map(repr, names)))]
    )


def _read_rows(
    values, max_rows: int | None
) -> tuple[list[str] | None, list[list[str]], list[int], int]:
    """Header, data rows and their sheet row numbers; blank rows are skipped.

    calamine yields the sheet's rows from row 1 (blank ones before the first value
    included), so the row number is the position plus one.
    """
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    lines: list[int] = []
    for number, raw in enumerate(values, start=1):
        cells = [value if type(value) is str else cell_text(value) for value in raw]
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header, header_line = cells, number
            continue
        if max_rows is not None and len(rows) >= max_rows:
            raise RejectedInput([too_many_rows(number, max_rows)])
        rows.append(cells)
        lines.append(number)
    return header, rows, lines, header_line


def _rejected(reason: str) -> RejectedInput:
    return RejectedInput([Problem(0, "", "", reason)])
