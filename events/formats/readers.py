"""Which reader a file needs, from its first bytes: a workbook, an API response or text.

Content decides, not the name: a zip archive (``PK\\x03\\x04``) or an old Excel file is
a workbook (:mod:`events.formats.workbook`), bytes starting with ``{`` or ``[`` are JSON
(:mod:`events.formats.api_json`), anything else is delimited text
(:mod:`events.formats.text`).  So a CSV that a web tool saved as ``export.xlsx``, or an
API download without its ``.json``, reads as what it is, with a note in the preview
when the name said otherwise.  Every reader gives the same
:class:`~events.formats.text.Table`, or :class:`~events.problems.RejectedInput`.
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePath

from events.formats.api_json import looks_like_json, read_api_json
from events.formats.text import Table, read_table
from events.formats.workbook import OLE_MAGIC, ZIP_MAGIC, read_workbook

_SHAPE_BY_SUFFIX = {
    ".xlsx": "an Excel workbook",
    ".xlsm": "an Excel workbook",
    ".xls": "an Excel workbook",
    ".json": "JSON",
    ".csv": "delimited text",
    ".tsv": "delimited text",
    ".txt": "delimited text",
}


def read_any(
    data: bytes,
    file_name: str = "",
    *,
    sheet: str | None = None,
    max_rows: int | None = None,
    keep_ragged: bool = False,
) -> Table:
    """Read a file of any supported shape into a :class:`Table`.

    ``sheet`` chooses a workbook's sheet (default the first; ignored for other shapes);
    ``max_rows`` rejects files with more data rows; ``keep_ragged`` lists a delimited
    file's ragged rows instead of rejecting it (a sheet or JSON has none).  ``file_name``
    only adds a note when its ending names another shape than the content has.
    """
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        shape, table = "an Excel workbook", read_workbook(data, sheet=sheet, max_rows=max_rows)
    elif looks_like_json(data):
        shape, table = "JSON", read_api_json(data, max_rows=max_rows)
    else:
        shape, table = (
            "delimited text",
            read_table(data, max_rows=max_rows, keep_ragged=keep_ragged),
        )
    suffix = PurePath(file_name).suffix.lower()
    named = _SHAPE_BY_SUFFIX.get(suffix)
    if named is None or named == shape:
        return table
    note = f"named {suffix} but the content is {shape}: read as {shape}"
    return dataclasses.replace(table, note="; ".join(filter(None, (note, table.note))))
