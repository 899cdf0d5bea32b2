"""Validation of raw records against the schema: every problem at once.

An analyst fixes a file in one pass, not one error per try.  Problems come out in
the order a row-by-row pass would find them, though the work goes column by column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from itertools import repeat

import pandas as pd

from events.problems import Problem, RejectedInput
from events.schema import COLUMN_SPECS, COLUMNS, Column, to_frame
from events.vocabulary import (
    DISORDER_TYPES,
    EVENT_TYPES,
    GEO_PRECISION,
    INTER_CODES,
    MAX_SPAN_DAYS,
    NO_POSITION,
    TAXONOMY,
    TIME_PRECISION,
)


def _parse_date(text: str) -> date:
    """Parse an ISO day (``YYYY-MM-DD``); anything else is an error."""
    text = text.strip()
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError("not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:  # e.g. 2025-02-30
        raise ValueError("impossible date") from exc


_INT = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def _parse_int(text: str) -> int:
    """ASCII digits only: full-width or other scripts' digits are not silently accepted."""
    stripped = text.strip()
    if not _INT.fullmatch(stripped):
        raise ValueError("not a whole number")
    value = int(stripped)
    if not -(2**63) <= value < 2**63:
        raise ValueError("too large a number")
    return value


def _parse_float(text: str) -> float:
    """A plain decimal with a point (a dialect's decimal comma is converted by the reader)."""
    stripped = text.strip()
    if not _FLOAT.fullmatch(stripped):
        raise ValueError("not a decimal number")
    value = float(stripped)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _parse_timestamp(text: str) -> pd.Timestamp:
    return pd.Timestamp(text.strip())


_PARSERS = {
    "date": _parse_date,
    "int": _parse_int,
    "float": _parse_float,
    "timestamp": _parse_timestamp,
}


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def validate_frame(
    records: Iterable[Mapping[str, object]],
    *,
    lines: Iterable[int] | None = None,
    existing_ids: Iterable[str] = (),
    every_row: bool = False,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check raw records (cells as text) and parse them into the event frame.

    Returns the frame (None if there are problems) and every problem found.  ``lines``
    gives the editor line of each record (default: header on line 1, one record per
    line after it).  ``existing_ids`` are ids already taken (in the store), reported as
    duplicates.  ``every_row`` returns the frame whatever the problems, a missing
    value where a cell failed, for a caller that leaves out the rows with problems.
    """
    columns, problems = _validate_columns(records, lines, existing_ids)
    if problems and not every_row:
        return None, problems
    return to_frame(pd.DataFrame(columns, columns=list(COLUMNS))), problems


_MISSING = object()

OPTIONAL_WITHOUT_POSITION = ("admin1",)
"""Required columns that may be blank for an event with no map position (a region larger
than an oblast, or a whole country, often has no oblast)."""


def _validate_columns(
    records: Iterable[Mapping[str, object]],
    lines: Iterable[int] | None,
    existing_ids: Iterable[str],
) -> tuple[dict[str, list], list[Problem]]:
    """Parse and check column by column; problems come out in the order a row-by-row
    pass would find them (by row, then cells left to right, then the row checks)."""
    records = [r if type(r) is dict else dict(r) for r in records]  # dict.get below
    n = len(records)
    line_numbers = list(lines) if lines is not None else list(range(2, n + 2))
    if len(line_numbers) != n:
        raise ValueError("one line number per record is needed")
    # map() calls each record's get without a Python-level loop: a third of the cost
    raw = {spec.name: list(map(dict.get, records, repeat(spec.name))) for spec in COLUMN_SPECS}
    found: list[tuple[int, str, str]] = []  # (row, column, reason), in finding order
    parsed = {spec.name: _parse_column(spec, raw[spec.name]) for spec in COLUMN_SPECS}
    columns: dict[str, list] = {name: values for name, (values, _, _) in parsed.items()}
    unreadable_place = [False] * n
    for spec in COLUMN_SPECS:
        _, missing, failed = parsed[spec.name]
        if spec.name in OPTIONAL_WITHOUT_POSITION:
            precision = columns["geo_precision"]
            missing = [i for i in missing if precision[i] != NO_POSITION]
        if spec.required:
            found.extend((i, spec.name, "required value is missing") for i in missing)
        found.extend((i, spec.name, reason) for i, reason in failed)
        if spec.name in ("latitude", "longitude"):
            for i, _ in failed:
                unreadable_place[i] = True
    _check_dates(columns, found)
    _check_codes(columns, found)
    _check_place(columns, found, unreadable_place)
    _check_fatalities(columns, found)
    _check_url(columns, found)
    # a stable sort by row keeps each row's problems in the order they were checked
    found.sort(key=lambda problem: problem[0])
    by_row: list[list[Problem]] = [[] for _ in range(n)] if found else []
    for i, column, reason in found:
        by_row[i].append(Problem(line_numbers[i], column, _show(raw[column][i]), reason))
    problems: list[Problem] = []
    taken = set(existing_ids)
    first_line: dict[str, int] = {}
    for i, event_id in enumerate(columns["event_id"]):
        line = line_numbers[i]
        if by_row:
            problems.extend(by_row[i])
        if isinstance(event_id, str):
            if event_id in first_line:
                reason = f"duplicate event_id in this file (first on line {first_line[event_id]})"
                problems.append(Problem(line, "event_id", event_id, reason))
            elif event_id in taken:
                problems.append(
                    Problem(line, "event_id", event_id, "event_id already in the store")
                )
            first_line.setdefault(event_id, line)
    return columns, problems


def _parse_column(spec: Column, cells: list) -> tuple[list, list[int], list[tuple[int, str]]]:
    """Parsed values of one column, the rows where it is blank, and the cells that fail."""
    if spec.kind == "text":
        values = [cell.strip() or None if type(cell) is str else _text(cell) for cell in cells]
        return values, [i for i, value in enumerate(values) if value is None], []
    values: list = [None] * len(cells)
    missing: list[int] = []
    failed: list[tuple[int, str]] = []
    parser = _PARSERS[spec.kind]
    parsed: dict[str, tuple[object, str | None]] = {}  # a file repeats its dates and codes
    for i, cell in enumerate(cells):
        if type(cell) is str:
            stripped = cell.strip()
            if not stripped:
                missing.append(i)
            else:
                result = parsed.get(cell, _MISSING)
                if result is _MISSING:
                    try:
                        result = (parser(cell), None)
                    except (ValueError, OverflowError) as exc:
                        reason = (
                            str(exc) if spec.kind in ("date", "int") else f"not a valid {spec.kind}"
                        )
                        result = (None, reason)
                    parsed[cell] = result
                value, reason = result
                if reason is None:
                    values[i] = value
                else:
                    failed.append((i, reason))
        elif _blank(cell):
            missing.append(i)
        else:
            values[i] = cell
    return values, missing, failed


def _text(cell: object) -> str | None:
    """A text cell that is not a ``str`` (None, NaN or a number from a reader)."""
    return None if _blank(cell) else str(cell).strip()


def _show(value: object) -> str:
    return "" if _blank(value) else str(value)


def _check_dates(columns: dict[str, list], found: list) -> None:
    today = date.today()
    rows = zip(columns["date_start"], columns["date_end"], columns["time_precision"], strict=True)
    for i, (start, end, precision) in enumerate(rows):
        if isinstance(start, date) and start > today:
            found.append((i, "date_start", "the event starts in the future"))
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                found.append((i, "date_end", "date_end is before date_start"))
            elif precision in MAX_SPAN_DAYS:
                limit = MAX_SPAN_DAYS[precision]
                span = (end - start).days + 1
                if limit is not None and span > limit:
                    found.append(
                        (
                            i,
                            "time_precision",
                            f"a {span}-day interval cannot have precision {precision} "
                            f"({TIME_PRECISION[precision]}, at most {limit} days)",
                        )
                    )
        if precision is not None and precision not in TIME_PRECISION:
            found.append(
                (i, "time_precision", "must be 1 (day), 2 (week), 3 (month) or 4 (longer)")
            )


_UNKNOWN_EVENT_TYPE = "unknown event type (ACLED: " + ", ".join(EVENT_TYPES) + ")"
_UNKNOWN_DISORDER = "unknown disorder type (" + ", ".join(DISORDER_TYPES) + ")"
_UNKNOWN_INTER = "unknown actor category (" + ", ".join(INTER_CODES.values()) + ")"
_UNKNOWN_GEO_PRECISION = (
    "must be 1 (place), 2 (near a place), 3 (district/oblast) or 4 (region/country, no position)"
)


def _check_codes(columns: dict[str, list], found: list) -> None:
    inter_labels = set(INTER_CODES.values())
    rows = zip(
        columns["event_type"],
        columns["sub_event_type"],
        columns["disorder_type"],
        columns["inter1"],
        columns["inter2"],
        columns["geo_precision"],
        strict=True,
    )
    for i, (event_type, sub, disorder, inter1, inter2, geo) in enumerate(rows):
        if event_type is not None and event_type not in TAXONOMY:
            found.append((i, "event_type", _UNKNOWN_EVENT_TYPE))
        elif event_type is not None and sub is not None and sub not in TAXONOMY[event_type]:
            found.append((i, "sub_event_type", f"not a sub-event type of {event_type}"))
        if disorder is not None and disorder not in DISORDER_TYPES:
            found.append((i, "disorder_type", _UNKNOWN_DISORDER))
        if inter1 is not None and inter1 not in inter_labels:
            found.append((i, "inter1", _UNKNOWN_INTER))
        if inter2 is not None and inter2 not in inter_labels:
            found.append((i, "inter2", _UNKNOWN_INTER))
        if geo is not None and geo not in GEO_PRECISION:
            found.append((i, "geo_precision", _UNKNOWN_GEO_PRECISION))


def _check_place(columns: dict[str, list], found: list, unreadable: list[bool]) -> None:
    rows = zip(columns["latitude"], columns["longitude"], columns["geo_precision"], strict=True)
    for i, (given_lat, given_lon, precision) in enumerate(rows):
        lat, lon = given_lat, given_lon
        if lat is not None and not -90 <= lat <= 90:
            found.append((i, "latitude", "latitude out of range -90..90"))
            lat = None
        if lon is not None and not -180 <= lon <= 180:
            found.append((i, "longitude", "longitude out of range -180..180"))
            lon = None
        if unreadable[i]:
            continue  # an unreadable coordinate is already reported
        if (given_lat is None) != (given_lon is None):
            missing = "longitude" if given_lon is None else "latitude"
            found.append((i, missing, "latitude and longitude must be given together"))
        if lat == 0 and lon == 0:
            found.append((i, "latitude", "0,0 is a missing-value placeholder, not a place"))
        if precision in (1, 2) and given_lat is None and given_lon is None:
            found.append((i, "latitude", f"geo precision {precision} needs coordinates"))
        if precision == NO_POSITION and (given_lat is not None or given_lon is not None):
            found.append(
                (
                    i,
                    "latitude" if given_lat is not None else "longitude",
                    "a region/country-level event (geo precision 4) has no position; "
                    "leave latitude and longitude blank",
                )
            )


def _check_fatalities(columns: dict[str, list], found: list) -> None:
    """Only impossible tolls: figures out of order are the source's own, imported as given
    and flagged (:func:`events.death_tolls.disagreement_flags`)."""
    names = ("fatalities", "fatalities_low", "fatalities_high")
    for i, values in enumerate(zip(*(columns[name] for name in names), strict=True)):
        for column, value in zip(names, values, strict=True):
            if value is not None and value < 0:
                found.append((i, column, "a death toll cannot be negative"))


def _check_url(columns: dict[str, list], found: list) -> None:
    for i, url in enumerate(columns["source_url"]):
        if url is not None and not str(url).lower().startswith(("http://", "https://")):
            found.append((i, "source_url", "only http:// and https:// links are allowed"))


def validate(records: Iterable[Mapping[str, object]], **kwargs) -> pd.DataFrame:
    """Validate raw records and return the event frame, or raise :class:`RejectedInput`."""
    frame, problems = validate_frame(records, **kwargs)
    if problems:
        raise RejectedInput(problems)
    return frame
