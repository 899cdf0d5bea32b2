"""ACLED and UCDP API responses (JSON) read into a :class:`~events.formats.text.Table`.

ACLED's API answers ``{"status": 200, "success": true, "count": …, "data": [...]}``;
UCDP's ``{"TotalCount": …, "TotalPages": …, "Result": [...]}``.  Each record becomes a
row under the union of the records' keys, in the order first seen (a record without a
key has an empty cell there), so the format is then detected from the column names as
for a CSV.  A record's line number is its position plus one (the first record is line
2, as the first data row of a CSV is).  Values become the text a CSV export holds:
``null`` empty, a whole number ``12``, ``true``/``false`` as written.  UCDP's API
pages its answer: a file holding fewer records than its ``TotalCount`` says so in the
note.
"""

from __future__ import annotations

import json
import math
import re

from events.formats.encoding import decode_bytes
from events.formats.text import Table
from events.formats.typed import build_table, number_text, too_many_rows
from events.problems import Problem, RejectedInput

_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*([{\[])")
RECORD_KEYS = {"data": "ACLED API", "Result": "UCDP API"}
"""The key under which each API puts its records, and the name shown in the preview."""


def looks_like_json(data: bytes) -> bool:
    """Whether the bytes are shaped like a JSON object, or an array (which a CSV header
    could start like, so it must also end like one), after a BOM and spaces."""
    start = _JSON_START.match(data)
    if start is None:
        return False
    return start.group(1) == b"{" or data[-64:].rstrip().endswith(b"]")


def read_api_json(data: bytes, *, max_rows: int | None = None) -> Table:
    """Read an ACLED or UCDP API response; :class:`RejectedInput` for anything else."""
    decoded = decode_bytes(data)
    try:
        document = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise RejectedInput(
            [Problem(exc.lineno, "", "", f"not valid JSON: {exc.msg} (column {exc.colno})")]
        ) from None
    except RecursionError:
        raise _rejected("the JSON is nested too deeply to be an API response") from None
    key = _records_key(document)
    records = document[key]
    if not isinstance(records, list):
        raise _rejected(f'"{key}" holds a JSON {_kind(records)}, not a list of records')
    if not records:
        raise _rejected(f'"{key}" holds no records')
    if max_rows is not None and len(records) > max_rows:
        raise RejectedInput([too_many_rows(max_rows + 2, max_rows)])
    keys: dict[str, None] = {}
    problems = []
    for number, record in enumerate(records, start=2):
        if isinstance(record, dict):
            keys.update(dict.fromkeys(record))
        else:
            problems.append(Problem(number, "", _kind(record), "this record is not a JSON object"))
    if problems:
        raise RejectedInput(problems)
    names = list(keys)
    rows: list[list[str]] = []
    lines: list[int] = []
    for number, record in enumerate(records, start=2):
        cells = [value_text(record.get(name)) for name in names]
        if any(cell.strip() for cell in cells):
            rows.append(cells)
            lines.append(number)
    count = f"{len(records):,} record" + ("" if len(records) == 1 else "s")
    note = f'{RECORD_KEYS[key]} JSON: {count} under "{key}"'
    total = document.get("TotalCount")
    if isinstance(total, int) and not isinstance(total, bool) and total > len(records):
        note += f" of the {total:,} the query matched (one page of the answer; get the rest)"
    if decoded.note:
        note = f"{decoded.note}; {note}"
    return build_table(names, rows, lines, encoding=decoded.encoding, note=note)


def value_text(value: object) -> str:
    """The text of one JSON value (see the module docstring)."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value) if math.isfinite(value) else str(value)
    return json.dumps(value, ensure_ascii=False)


def _records_key(document: object) -> str:
    expected = 'an ACLED API response ({"data": [...]}) or a UCDP API response ({"Result": [...]})'
    if not isinstance(document, dict):
        raise _rejected(f"a JSON {_kind(document)}; expected {expected}")
    for key in RECORD_KEYS:
        if key in document:
            return key
    error = document.get("error") or document.get("message") or document.get("messages")
    if error:
        said = json.dumps(error, ensure_ascii=False)[:200]
        raise _rejected(f"the API answered with an error, not records: {said}")
    found = ", ".join(list(document)[:10]) or "none"
    raise _rejected(f"a JSON object without records (its keys: {found}); expected {expected}")


def _kind(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _rejected(reason: str) -> RejectedInput:
    return RejectedInput([Problem(0, "", "", reason)])
