"""ACLED exports: current text-label files and older numeric-code ones, onto the schema.

* ``event_id_cnty`` is the event id (``UKR12345``, ``RUS678``).
* ``event_date`` is ``2025-02-07`` (API, current exports) or ``07 February 2025``
  (older Explorer/Excel exports), or whatever Excel wrote back when it re-saved the
  file (``9-May-20``, ``14/08/2020 00:00:00``, ``07.02.2025``): read by
  :mod:`events.formats.dates`, which names the patterns in the preview.  With
  ``time_precision`` it becomes an interval: 1 → that day; 2 → the Monday–Sunday week
  containing the date; 3 → the calendar month containing it.  ACLED records nothing
  vaguer, so any other value is an error.
* ``NA``, ``N/A`` and ``NaN`` (R's and other tools' missing values) are empty cells.
* ``inter1``/``inter2`` are labels ("State forces") or, in older files, codes 1–8,
  mapped to the labels of :data:`events.vocabulary.INTER_CODES`; 0 (no second actor) is blank.
* Files from before ACLED added ``disorder_type`` get one from the event type:
  Protests and violent demonstrations → Demonstrations; Strategic developments →
  Strategic developments; everything else (battles, remote violence, violence against
  civilians, mob violence) → Political violence.
* ``coded_by`` is "ACLED".  Every other column (year, interaction, iso, region, admin3,
  source_scale, timestamp, civilian_targeting, event_id_no_cnty, ...) is kept per event
  in the extras, and so is the original ``event_date``, which the interval cannot give
  back for week and month precision.

ACLED's terms forbid redistributing its rows: sitmap reads files the analyst has; it
ships none, and the tests build ACLED-shaped rows in code.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from events.formats.dates import read_dates
from events.formats.rows import SourceRows, require_columns, without_missing_marks
from events.formats.text import Table
from events.problems import Problem
from events.vocabulary import INTER_CODES

NAME = "acled"
SIGNATURE = ("event_id_cnty", "event_date")
"""The columns that identify the format in a header."""


REQUIRED = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "source",
)

COPIED = (
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "source",
    "notes",
    "tags",
)
"""Columns with the same name and meaning in ACLED and in the schema."""

SOURCE_COLUMNS = {"event_id": "event_id_cnty", "date_start": "event_date", "date_end": "event_date"}

_DISORDER_BY_TYPE = {
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB_TYPE = {"Violent demonstration": "Demonstrations"}


def matches(header: list[str]) -> bool:
    """Whether a header looks like an ACLED export."""
    return set(SIGNATURE) <= set(header)


def read(table: Table, *, date_order: str | None = None) -> SourceRows:
    """Map ACLED rows onto schema records (raw text cells), keeping the rest as extras.

    ``date_order`` (``dmy``/``mdy``) overrides the day/month order of slashed dates.
    """
    header = table.header
    require_columns(header, REQUIRED, "ACLED")
    index = {name: i for i, name in enumerate(header)}
    copied = [(name, index[name]) for name in COPIED if name in index]
    used = {*COPIED, "event_id_cnty", "inter1", "inter2"}
    kept = [(name, i) for i, name in enumerate(header) if name not in used]
    i_id, i_date, i_precision = (
        index[name] for name in ("event_id_cnty", "event_date", "time_precision")
    )
    i_inter = [(n, index[n]) for n in ("inter1", "inter2") if n in index]
    has_disorder = "disorder_type" in index
    rows = [without_missing_marks(row) for row in table.rows]
    dates = read_dates({"event_date": [row[i_date] for row in rows]}, order=date_order)

    records: list[dict[str, str]] = []
    extras: list[dict[str, str]] = []
    problems: list[Problem] = []
    for line, row in zip(table.lines, rows, strict=True):
        record = {name: row[i] for name, i in copied}
        record["event_id"] = row[i_id]
        record["coded_by"] = "ACLED"
        for name, i in i_inter:
            record[name] = inter_label(row[i])
        if not has_disorder:
            record["disorder_type"] = disorder_for(record["event_type"], record["sub_event_type"])
        start = end = ""
        try:
            day = dates.day(row[i_date])
        except ValueError as exc:
            problems.append(Problem(line, "event_date", row[i_date], str(exc)))
        else:
            try:
                start, end = interval(day, row[i_precision])
            except ValueError as exc:
                problems.append(Problem(line, "time_precision", row[i_precision], str(exc)))
                start = end = day.isoformat()  # the date itself is fine: no second problem
        record["date_start"], record["date_end"] = start, end
        records.append(record)
        extras.append({name: row[i] for name, i in kept})
    return SourceRows(records, extras, problems, SOURCE_COLUMNS, dates.notes)


def inter_label(cell: str) -> str:
    """An actor category as its label: numeric codes 1–8 become labels, 0 is blank."""
    code = cell.strip()
    if code == "0":
        return ""
    if code.isascii() and code.isdigit() and int(code) in INTER_CODES:
        return INTER_CODES[int(code)]
    return cell


def disorder_for(event_type: str, sub_event_type: str) -> str:
    """The disorder type of an event type, for files that predate the column."""
    event_type, sub_event_type = event_type.strip(), sub_event_type.strip()
    if sub_event_type in _DISORDER_BY_SUB_TYPE:
        return _DISORDER_BY_SUB_TYPE[sub_event_type]
    return _DISORDER_BY_TYPE.get(event_type, "Political violence")


@lru_cache(maxsize=4096)
def interval(day: date, time_precision: str) -> tuple[str, str]:
    """The interval (ISO days) an ACLED day and time precision stand for."""
    precision = time_precision.strip()
    if precision == "1":
        start = end = day
    elif precision == "2":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=6)
    elif precision == "3":
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    else:
        raise ValueError(f"ACLED time_precision must be 1, 2 or 3, not {time_precision!r}")
    return start.isoformat(), end.isoformat()
