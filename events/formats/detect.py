"""Which format a file is in, from its header: the registry of readable formats.

A new format is a module with ``NAME``, ``SIGNATURE``, ``matches(header)`` and
``read(table, *, date_order=None)``, added to :data:`FORMATS`.  The table format
(:mod:`events.formats.table`) is never detected: its ``read`` also takes the analyst's
column mapping.
"""

from __future__ import annotations

from events.formats import acled, native, table, ucdp
from events.problems import Problem, RejectedInput

FORMATS = {native.NAME: native, acled.NAME: acled, ucdp.NAME: ucdp, table.NAME: table}
"""Every format the importer reads, by name (the CLI's ``--format`` choices)."""

FORMAT_LABELS = {
    native.NAME: "sitmap native",
    acled.NAME: "ACLED",
    ucdp.NAME: "UCDP GED",
    table.NAME: "a table through a column mapping",
}


def detect_format(header: list[str]) -> str:
    """The name of the format whose header this is, or raise :class:`RejectedInput`."""
    for name, module in FORMATS.items():
        if module.matches(header):
            return name
    expected = "; ".join(
        f"{FORMAT_LABELS.get(name, name)} ({', '.join(module.SIGNATURE)})"
        for name, module in FORMATS.items()
        if module.SIGNATURE
    )
    found = ", ".join(header[:30]) + (", ..." if len(header) > 30 else "")
    reason = (
        f"unrecognised header; expected the columns of {expected}; or map its columns: "
        "--format table --column FIELD=HEADER"
    )
    raise RejectedInput([Problem(1, "", found, reason)])
