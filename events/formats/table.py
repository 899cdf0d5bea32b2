"""Any other event table (a CIR- or Bellingcat-style list, a spreadsheet of geolocated
incidents), read through the column mapping the analyst gives.

The mapping says which of the file's columns holds each schema field
(``--column FIELD=HEADER``), and which fields have one value for every row
(``--set FIELD=VALUE``, the source for example).  FIELD is a schema column
(:data:`FIELDS`), or ``position`` for one column holding ``"lat,lon"`` (as the
``Geolocation`` of a losses table), split into latitude and longitude.  Header names
match without regard to case or surrounding spaces.  The table format is never
detected: the analyst chooses it.

Each row then becomes an event as an ACLED one does:

* dates are read like ACLED and UCDP dates (:mod:`events.formats.dates`: ISO days,
  ``07 February 2025``, Excel's slashed dates, ``--date-order``); without ``date_end``
  an event ends on the day it starts;
* what the mapping leaves out is defaulted as :mod:`events.formats.defaults` says, and
  the preview names it: ids from each row's content (``TABLE-<hash>-<n>``), time
  precision 1 for a single day and geo precision 1 for a point, actor1 "Unknown",
  fatalities 0, a bare point named by its coordinates; the disorder type follows the
  event type (:func:`events.formats.acled.disorder_for`);
* the source (the file itself) and the oblast, district and country (from the point)
  are filled by the importer;
* ``NA``, ``N/A`` and ``NaN`` are empty cells, as in ACLED and UCDP files;
* the columns the mapping does not name are kept per event in the extras.

``date_start`` and ``event_type`` must be mapped or set: nothing stands in for them.
A bad mapping (an unknown field, a header the file lacks, a field given twice) rejects
the file before any row is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from events.formats import defaults
from events.formats.acled import disorder_for
from events.formats.dates import read_dates
from events.formats.rows import SourceRows, without_missing_marks
from events.formats.text import Table
from events.problems import Problem, RejectedInput
from events.schema import COLUMNS, PROVENANCE

NAME = "table"
SIGNATURE: tuple[str, ...] = ()
"""No header identifies a table: it is read only when the analyst chooses it."""

POSITION = "position"
FIELDS: tuple[str, ...] = tuple(c for c in COLUMNS if c not in PROVENANCE) + (POSITION,)
"""What a mapping may name: the schema's columns, and ``position`` ("lat,lon")."""

NEEDED = ("date_start", "event_type")
"""Fields a mapping must give, by a column or a value."""

FILLED_ON_IMPORT = ("source", "country", "admin1", "admin2")
"""Fields the importer fills when the mapping leaves them out (the file; the map)."""

_ID_PREFIX = "TABLE"
_POSITION = re.compile(
    r"\s*[(\[]?\s*([+-]?\d+(?:\.\d+)?)\s*[,;]\s*([+-]?\d+(?:\.\d+)?)\s*[)\]]?\s*", re.ASCII
)
_DEFAULTED = ("event_id", "date_end", "time_precision", "geo_precision", "location")


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds each field (``columns``) and the fields with one value for
    every row (``values``)."""

    columns: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.columns or self.values)


def mapping_from_pairs(columns: Iterable[str], values: Iterable[str]) -> ColumnMapping:
    """A mapping from ``FIELD=HEADER`` and ``FIELD=VALUE`` texts (the command line's
    ``--column`` and ``--set``); ValueError naming the first bad one."""
    mapped = _pairs(columns, "--column", "FIELD=HEADER")
    given = _pairs(values, "--set", "FIELD=VALUE")
    return ColumnMapping(mapped, given)


def _pairs(texts: Iterable[str], option: str, shape: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for text in texts:
        name, equals, value = text.partition("=")
        name = name.strip().lower()
        if not equals or not name:
            raise ValueError(f"{option} {text!r}: write {shape}")
        if name not in FIELDS:
            raise ValueError(f"{option} {text!r}: {name!r} is not a field ({', '.join(FIELDS)})")
        if name in pairs:
            raise ValueError(f"{option} {text!r}: {name} is given twice")
        pairs[name] = value.strip() if option == "--column" else value
    return pairs


def matches(header: list[str]) -> bool:
    """Never: a table is read only through a mapping the analyst chooses."""
    return False


def read(
    table: Table, *, date_order: str | None = None, mapping: ColumnMapping | None = None
) -> SourceRows:
    """Map a table's rows onto schema records through ``mapping``, keeping the columns
    it does not name as extras."""
    mapping = mapping or ColumnMapping()
    index = _check(table.header, mapping)
    columns = {name: index[header.strip().lower()] for name, header in mapping.columns.items()}
    headers = {name: table.header[i] for name, i in columns.items()}
    i_position = columns.pop(POSITION, None)
    used = set(columns.values()) | ({i_position} if i_position is not None else set())
    kept = [(name, i) for i, name in enumerate(table.header) if i not in used]
    rows = [without_missing_marks(row) for row in table.rows]
    given = {**{name: "" for name in ("latitude", "longitude")}, **mapping.values}
    date_cells = {
        name: _cells(rows, columns.get(name), given.get(name, ""))
        for name in ("date_start", "date_end")
        if name in columns or name in given
    }
    span = ("date_start", "date_end") if len(date_cells) == 2 else None
    dates = read_dates(date_cells, order=date_order, span=span)
    has = set(columns) | set(mapping.values)
    if i_position is not None:
        has |= {"latitude", "longitude"}
    records: list[dict[str, str]] = []
    extras: list[dict[str, str]] = []
    problems: list[Problem] = []
    named = 0  # rows whose location is their point
    for line, row in zip(table.lines, rows, strict=True):
        record = dict(given) | {name: row[i] for name, i in columns.items()}
        if i_position is not None:
            cell = row[i_position]
            point = position_of(cell)
            if point is not None:
                record["latitude"], record["longitude"] = point
            elif cell.strip():
                reason = "not a position 'latitude,longitude' (like 51.0561,35.1364)"
                problems.append(Problem(line, headers[POSITION], cell, reason))
        for name in ("date_start", "date_end"):
            cell = record.get(name, "")
            if name == "date_end" and not cell.strip():
                record[name] = record["date_start"]  # not mapped, or blank: a single day
                continue
            try:
                record[name] = dates.day(cell).isoformat()
            except ValueError as exc:
                problems.append(Problem(line, headers.get(name, name), cell, str(exc)))
                record[name] = ""
        named += _default(record, has)
        records.append(record)
        extras.append({name: row[i] for name, i in kept})
    if "event_id" not in has:
        contents = [
            dict(zip(table.header, row, strict=True))
            | {"date_start": r["date_start"], "date_end": r["date_end"]}
            for row, r in zip(rows, records, strict=True)
        ]
        for record, event_id in zip(
            records, defaults.content_ids(_ID_PREFIX, contents), strict=True
        ):
            record["event_id"] = event_id
    notes = list(dates.notes)
    noted = [name for name in (*_DEFAULTED, "actor1", "fatalities") if name not in has]
    if named and "location" in has:
        noted.append("location")
    if said := defaults.note("table", noted, prefix=_ID_PREFIX):
        notes.append(said)
    if "disorder_type" not in has:
        notes.append("disorder types follow the event types, as in ACLED's codebook")
    source_columns = dict(headers)
    if i_position is not None:
        source_columns |= {"latitude": headers[POSITION], "longitude": headers[POSITION]}
    filled = tuple(name for name in FILLED_ON_IMPORT if name not in has)
    return SourceRows(records, extras, problems, source_columns, notes, [], filled)


def position_of(cell: str) -> tuple[str, str] | None:
    """The latitude and longitude of a combined cell, ``51.0561,35.1364`` (also with a
    space, a semicolon or brackets), or None."""
    point = _POSITION.fullmatch(cell)
    return None if point is None else (point[1], point[2])


def _check(header: list[str], mapping: ColumnMapping) -> dict[str, int]:
    """The header's column numbers by name, or RejectedInput for a bad mapping."""
    index = {name: i for i, name in enumerate(header)}
    problems: list[Problem] = []
    if not mapping:
        reason = "the table format needs a column mapping: --column FIELD=HEADER ..."
        raise RejectedInput([Problem(0, "", "", reason)])
    for name in [*mapping.columns, *mapping.values]:
        if name not in FIELDS:
            problems.append(Problem(0, "", name, "not a field (" + ", ".join(FIELDS) + ")"))
    for name, header_name in mapping.columns.items():
        if header_name.strip().lower() not in index:
            reason = f"no such column in the file, mapped to {name}; it has: " + ", ".join(header)
            problems.append(Problem(1, header_name, header_name, reason))
    for name in set(mapping.columns) & set(mapping.values):
        problems.append(Problem(0, name, "", f"{name} is both mapped to a column and set"))
    given = set(mapping.columns) | set(mapping.values)
    if POSITION in given and given & {"latitude", "longitude"}:
        reason = "position gives latitude and longitude: map either position or them"
        problems.append(Problem(0, POSITION, "", reason))
    for name in NEEDED:
        if name not in given:
            reason = f"map {name} to a column (--column {name}=HEADER) or set it"
            problems.append(Problem(0, name, "", reason))
    if problems:
        raise RejectedInput(problems)
    return index


def _cells(rows: list[list[str]], i: int | None, value: str) -> list[str]:
    return [row[i] for row in rows] if i is not None else [value] * len(rows)


def _default(record: dict[str, str], has: set[str]) -> bool:
    """Fill the fields the mapping leaves out, from the rest of the record; whether the
    location is the record's point."""
    latitude, longitude = record.get("latitude", ""), record.get("longitude", "")
    if "time_precision" not in has:
        start, end = record["date_start"], record["date_end"]
        record["time_precision"] = defaults.time_precision_of(start, end)
    if "geo_precision" not in has:
        record["geo_precision"] = defaults.geo_precision_of_point(latitude, longitude)
    named = not record.get("location", "").strip()  # not mapped, or blank: a bare point
    if named:
        record["location"] = defaults.point_name(latitude, longitude)
    if "actor1" not in has:
        record["actor1"] = defaults.UNKNOWN
    if "fatalities" not in has:
        record["fatalities"] = defaults.NO_FATALITIES
    if "disorder_type" not in has:
        record["disorder_type"] = disorder_for(
            record.get("event_type", ""), record.get("sub_event_type", "")
        )
    return named and bool(record["location"])
