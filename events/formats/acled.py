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
* Files from before the 2019 codebook (the 2016 API: alphabetical columns, no
  ``sub_event_type``) call the associated actors ``ally_actor_1``/``ally_actor_2``, read
  as ``assoc_actor_1``/``assoc_actor_2``, and code events in the old types, converted
  by :mod:`events.formats.acled_codebook`: an inferred sub-type gets the tag
  ``sub_event_type:inferred``, the extras keep the original ``event_type``, and an old
  "Remote violence" whose notes name no weapon has an empty sub-type and a warning.
* A file that keeps only some columns (``event_date, event_type, sub_event_type,
  latitude, longitude, fatalities``) is still ACLED: it needs ``event_date`` and
  ``event_type``.  Without ``event_id_cnty`` the ids are made from each row's content,
  ``ACLED-<hash>-<n>``; without ``time_precision`` each date is its day (1).  The other
  columns' defaults are :mod:`events.formats.defaults`' (geo precision 1 for a point,
  the point as its location, actor1 "Unknown", fatalities 0, no sub-type); the source
  (the file) and the oblast, district and country (from the point) are filled by the
  importer.  The preview names what was filled.
* ``coded_by`` is "ACLED".  Every other column (year, interaction, iso, region, admin3,
  source_scale, timestamp, civilian_targeting, event_id_no_cnty, ...) is kept per event
  in the extras, and so is the original ``event_date``, which the interval cannot give
  back for week and month precision.

ACLED's terms forbid redistributing its rows: sitmap reads files the analyst has; it
ships none, and the tests build ACLED-shaped rows in code.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, timedelta
from functools import lru_cache

from events.formats import acled_codebook, defaults
from events.formats.dates import DateReading, read_dates
from events.formats.rows import SourceRows, cells_at, require_columns, without_missing_marks
from events.formats.text import Table
from events.problems import Problem
from events.vocabulary import INTER_CODES

NAME = "acled"
SIGNATURE = ("event_date", "event_type")
"""The columns that identify the format in a header (or ``event_date`` and
``event_id_cnty``)."""

REQUIRED = ("event_date", "event_type")
"""The columns an ACLED file cannot do without; the others have defaults
(:mod:`events.formats.defaults`)."""

RENAMED = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
"""Old column names (before the 2019 codebook) → today's."""

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

FILLED_ON_IMPORT = ("source", "country", "admin1", "admin2")
"""Columns the importer fills when the file lacks them (the file; the map)."""

SOURCE_COLUMNS = {"event_id": "event_id_cnty", "date_start": "event_date", "date_end": "event_date"}

_DISORDER_BY_TYPE = {
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB_TYPE = {"Violent demonstration": "Demonstrations"}


def matches(header: list[str]) -> bool:
    """Whether a header looks like an ACLED export, whole or a few columns of one."""
    names = set(header)
    return "event_date" in names and ("event_id_cnty" in names or "event_type" in names)


def read(table: Table, *, date_order: str | None = None) -> SourceRows:
    """Map ACLED rows onto schema records (raw text cells), keeping the rest as extras.

    ``date_order`` (``dmy``/``mdy``) overrides the day/month order of slashed dates.
    """
    header = table.header
    require_columns(header, REQUIRED, "ACLED")
    index = {name: i for i, name in enumerate(header)}
    renamed = {new: old for old, new in RENAMED.items() if old in index and new not in index}
    index |= {new: index[old] for new, old in renamed.items()}
    copied = [(name, index[name]) for name in COPIED if name in index]
    used = {*COPIED, *renamed.values(), "event_id_cnty", "inter1", "inter2"}
    if "time_precision" not in index:
        used.add("event_date")  # each date is its day: date_start gives it back
    kept = [(name, i) for i, name in enumerate(header) if name not in used]
    copied_names, take_copied = [name for name, _ in copied], cells_at([i for _, i in copied])
    kept_names, take_kept = [name for name, _ in kept], cells_at([i for _, i in kept])
    i_date = index["event_date"]
    i_id, i_precision = index.get("event_id_cnty"), index.get("time_precision")
    i_inter = [(n, index[n]) for n in ("inter1", "inter2") if n in index]
    has_disorder = "disorder_type" in index
    absent = [name for name in _DEFAULTS if name not in index]
    rows = [without_missing_marks(row) for row in table.rows]
    dates = read_dates({"event_date": [row[i_date] for row in rows]}, order=date_order)

    records: list[dict[str, str]] = []
    extras: list[dict[str, str]] = []
    problems: list[Problem] = []
    flags: list[Problem] = []
    converted: list[bool] = []  # per row in the old types: whether its sub-type is inferred
    unsorted = 0  # rows in today's types with no sub-type column
    for line, row in zip(table.lines, rows, strict=True):
        record = dict(zip(copied_names, take_copied(row), strict=True))
        record["event_id"] = row[i_id] if i_id is not None else ""
        record["coded_by"] = "ACLED"
        for name, i in i_inter:
            record[name] = inter_label(row[i])
        for name in absent:
            record[name] = _DEFAULTS[name](record)
        if i_precision is None:
            record["time_precision"] = "1"
        extra = dict(zip(kept_names, take_kept(row), strict=True))
        if record["event_type"].strip() in acled_codebook.OLD_TYPES:
            inferred = _convert(line, record, extra, problems, flags)
            if inferred is not None:
                converted.append(inferred)
        elif "sub_event_type" in absent:
            unsorted += 1
        if not has_disorder:
            record["disorder_type"] = disorder_for(record["event_type"], record["sub_event_type"])
        start = end = ""
        try:
            day = dates.day(row[i_date])
        except ValueError as exc:
            problems.append(Problem(line, "event_date", row[i_date], str(exc)))
        else:
            precision = record["time_precision"]
            try:
                start, end = interval(day, precision)
            except ValueError as exc:
                problems.append(Problem(line, "time_precision", precision, str(exc)))
                start = end = day.isoformat()  # the date itself is fine: no second problem
        record["date_start"], record["date_end"] = start, end
        records.append(record)
        extras.append(extra)
    if i_id is None:
        ids = _content_ids(header, rows, dates)
        for record, event_id in zip(records, ids, strict=True):
            record["event_id"] = event_id
    notes = list(dates.notes)
    if i_id is None:
        absent.insert(0, "event_id")
    if i_precision is None:
        absent.append("time_precision")
    if not unsorted and "sub_event_type" in absent:
        absent.remove("sub_event_type")  # every row's sub-type came from its old type
    if converted:
        notes.append(acled_codebook.note(len(converted), sum(converted)))
    if said := defaults.note("ACLED", absent, prefix=_ID_PREFIX):
        notes.append(said)
    source_columns = SOURCE_COLUMNS | renamed
    filled = tuple(name for name in FILLED_ON_IMPORT if name not in index)
    return SourceRows(records, extras, problems, source_columns, notes, flags, filled)


_ID_PREFIX = "ACLED"

_DEFAULTS = {
    "sub_event_type": lambda record: "",
    "actor1": lambda record: defaults.UNKNOWN,
    "geo_precision": lambda record: defaults.geo_precision_of_point(
        record.get("latitude", ""), record.get("longitude", "")
    ),
    "location": lambda record: defaults.point_name(
        record.get("latitude", ""), record.get("longitude", "")
    ),
    "fatalities": lambda record: defaults.NO_FATALITIES,
}
"""Columns a file may lack, and each one's value from the rest of the record (in this
order: the location and geo precision need the coordinates copied first)."""


def _convert(
    line: int,
    record: dict[str, str],
    extra: dict[str, str],
    problems: list[Problem],
    flags: list[Problem],
) -> bool | None:
    """An event type of the old codebook as today's (:mod:`events.formats.acled_codebook`):
    the original type goes to the extras, an inferred sub-type is tagged.  Whether the
    sub-type was inferred; None when the row cannot be converted."""
    old = record["event_type"]
    converted = acled_codebook.convert(old, record.get("inter1", ""), record.get("notes", ""))
    if converted is None:
        return None
    extra["event_type"] = old
    if converted.problem:
        problems.append(Problem(line, "event_type", old, converted.problem))
        return None
    record["event_type"] = converted.event_type
    if converted.flag:
        flags.append(Problem(line, "event_type", old, converted.flag))
    if record["sub_event_type"].strip():
        return False  # the file's own sub-type stands
    record["sub_event_type"] = converted.sub_event_type
    if converted.inferred:
        tags = record.get("tags", "")
        record["tags"] = acled_codebook.with_tag(tags, acled_codebook.INFERRED_TAG)
    return converted.inferred


def _content_ids(header: list[str], rows: list[list[str]], dates: DateReading) -> list[str]:
    """Ids from each row's content, its date as the ISO day it reads as."""
    i_date = header.index("event_date")
    cells = []
    for row in rows:
        content = dict(zip(header, row, strict=True))
        with suppress(ValueError):  # an unreadable date sets the row aside anyway
            content["event_date"] = dates.day(row[i_date]).isoformat()
        cells.append(content)
    return defaults.content_ids(_ID_PREFIX, cells)


@lru_cache(maxsize=256)  # a file repeats a handful of codes on every row
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
