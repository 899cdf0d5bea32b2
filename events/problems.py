"""What is wrong with input: one :class:`Problem` per cell, row or file.

The one value that validation, the import preview, the command line and the tests
all report in (line, column, value, reason).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of input.

    ``line`` is the line number an editor shows for the row (1 is the header);
    0 means the file as a whole.
    """

    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}" if self.column else f"line {self.line}"
        return f"{where}: {self.reason} ({self.value!r})"


class RejectedInput(ValueError):
    """Input that cannot be taken as it is; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "rejected input")
