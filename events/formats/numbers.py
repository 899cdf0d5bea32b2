"""Strict numeric cells, the same for every format, checked before schema validation.

* Digits must be ASCII: a full-width ``１２`` is an error, not 12.
* Coordinates are plain decimals: no exponent (``1e3``), no ``inf``/``nan``.
* A decimal comma (``51,19``) is accepted only when the file's delimiter is ``;`` or a
  tab, as Excel writes in Russian and Ukrainian locales, and is rewritten to ``51.19``.
  In a comma-separated file a quoted ``"51,19"`` is an error: it is ambiguous there.
"""

from __future__ import annotations

import re

from events.problems import Problem
from events.schema import KINDS

_DECIMAL = re.compile(r"\s*[+-]?\d+(\.\d+)?\s*", re.ASCII)
_WHOLE = re.compile(r"\s*[+-]?\d+\s*", re.ASCII)
FLOAT_COLUMNS = tuple(name for name, kind in KINDS.items() if kind == "float")
INT_COLUMNS = tuple(name for name, kind in KINDS.items() if kind == "int")


def check_numbers(records: list[dict[str, str]], lines: list[int], delimiter: str) -> list[Problem]:
    """Problems with numeric cells; rewrites decimal commas in place where allowed."""
    decimal_comma = delimiter != ","
    problems: list[Problem] = []
    decimals: set[str] = set()  # cells seen to be plain numbers: a file repeats its places
    wholes: set[str] = set()
    for line, record in zip(lines, records, strict=True):
        for column in FLOAT_COLUMNS:
            cell = record.get(column)
            if not cell or cell in decimals or cell.isspace():
                continue
            if "," in cell:
                if not decimal_comma:
                    problems.append(
                        Problem(
                            line,
                            column,
                            cell,
                            "decimal comma in a comma-separated file; write 51.19, not 51,19",
                        )
                    )
                    continue
                cell = record[column] = cell.replace(",", ".", 1)
            if _DECIMAL.fullmatch(cell):
                decimals.add(cell)
            else:
                problems.append(
                    Problem(line, column, cell, "not a plain decimal number (like 51.19)")
                )
        for column in INT_COLUMNS:
            cell = record.get(column)
            if not cell or cell in wholes or cell.isspace():
                continue
            if _WHOLE.fullmatch(cell):
                wholes.add(cell)
            else:
                problems.append(Problem(line, column, cell, "not a whole number"))
    return problems
