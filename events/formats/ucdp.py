"""UCDP GED and Candidate events (CC BY 4.0) onto the event schema.

Mapping, column by column:

* ``id`` → event_id ``UCDP-<id>`` (digits only: an Excel-mangled ``1.23E+11`` is an error).
* ``date_start``/``date_end`` (``2025-02-07 00:00:00.000``, or what Excel wrote back:
  ``3/1/2022 12:00:00 AM``, ``01/03/2022 00:00``) are kept as the interval; they are read
  together by :mod:`events.formats.dates`, so an end on or after its start can settle
  whether a pattern writes the day or the month first.
  ``date_prec`` → time precision: 1 day → 1; 2 (2–6 days) and 3 (a week) → 2;
  4 (a month) → 3; 5 (a year) → 4.
* ``where_prec`` → geo precision: 1 → 1; 2 (within ~25 km) → 2; 3 (district) and
  4 (oblast) → 3.  5–7 (a region larger than an oblast or between two places, the
  country, international waters or airspace) are imported without a position: UCDP's
  point for them is a centroid, and a pin there would claim a place the source does
  not know.  When ``adm_1`` names the oblast the event is drawn as that oblast (geo
  precision 3, location the oblast, no district); when it does not, the event has geo
  precision 4 (region or country, never drawn), a blank admin1, and the location
  ``where_description``, else the country.  The coordinates and district UCDP gave
  such a row are kept in its extras, with ``where_prec``.
* ``type_of_violence`` → event type / sub-event type (disorder "Political violence"):
  1 state-based → Battles / Armed clash; 2 non-state → Battles / Armed clash;
  3 one-sided → Violence against civilians / Attack.
* ``side_a``/``side_b`` → actor1/actor2, names as UCDP writes them.  Their categories
  (inter1/inter2) follow one rule: "Government of X" is **State forces** when X is
  the event's country and **External/Other forces** when it is not (so Ukraine's
  forces inside Russia are External/Other, as ACLED's codebook does); a side named
  "Civilians" is Civilians; any other side (a non-state group) is left blank rather
  than guessed between rebel, political and identity militias.
* ``country`` drops UCDP's historical name in brackets: "Russia (Soviet Union)" → "Russia".
* ``adm_1``/``adm_2`` → admin1/admin2; ``where_coordinates`` (the place UCDP coded)
  → location, else the district, else the oblast.
* ``best`` → fatalities, ``low``/``high`` → fatalities_low/high.
* ``source_office`` → source ("UCDP" when blank); ``source_headline`` → notes;
  the first day of ``source_date`` → source_date (blank when it is not a date).
* ``coded_by`` is "UCDP".

``NA``, ``N/A`` and ``NaN`` (R's and other tools' missing values) are empty cells.

A file that keeps only some columns (the API subset ``id, date_start, date_end,
latitude, longitude, type_of_violence, best``) is still UCDP: it needs
``type_of_violence`` and ``date_start``.  What it lacks is made from the rest of the
row, or defaulted as :mod:`events.formats.defaults` says, and the preview names it:
no ``id`` → ``UCDP-<hash>-<n>`` from the row's content; no ``date_end`` → the start
day; no ``date_prec`` → the finest precision holding the dates (1 for a day); no
``where_prec`` → geo precision 1 for a row with a point (UCDP's point is taken as the
place); no ``side_a`` → "Unknown"; no ``best`` → 0; no place name → the point.  The
source (the file itself) and the oblast, district and country (from the point) are
filled by the importer.  Without ``country`` a "Government of X" side has no category.

Every other column is kept per event in the extras, and so are ``date_prec``,
``where_prec``, ``country`` and ``source_date`` as written, which the mapping cannot
give back exactly.
"""

from __future__ import annotations

import re

from events.formats import defaults
from events.formats.dates import DateReading, iso_day, read_dates
from events.formats.defaults import geo_precision_of_point, point_name, time_precision_of
from events.formats.rows import SourceRows, blank, require_columns, without_missing_marks
from events.formats.text import Table
from events.problems import Problem
from events.vocabulary import NO_POSITION

NAME = "ucdp"
SIGNATURE = ("type_of_violence", "date_start")
"""The columns that identify the format in a header."""


REQUIRED = ("type_of_violence", "date_start")
"""The columns a UCDP file cannot do without; the others have defaults (see above)."""

ABSENT = {
    "side_a": defaults.UNKNOWN,
    "best": defaults.NO_FATALITIES,
}
"""Values of columns a file lacks, where one value does for every row; every other
column a file lacks is empty (``date_end``, ``where_prec``, ``date_prec`` and ``id``
are made from the rest of the row: see the module docstring)."""

_NOTED = {
    "id": "event_id",
    "date_end": "date_end",
    "date_prec": "time_precision",
    "where_prec": "geo_precision",
    "side_a": "actor1",
    "best": "fatalities",
}
"""Columns a file may lack → the schema column whose default the preview names."""

FILLED_ON_IMPORT = {
    "source_office": "source",
    "country": "country",
    "adm_1": "admin1",
    "adm_2": "admin2",
}
"""Columns the importer fills when the file lacks them (the file; the map)."""

TIME_PRECISION = {"1": "1", "2": "2", "3": "2", "4": "3", "5": "4"}
"""UCDP date_prec → schema time precision."""

GEO_PRECISION = {"1": "1", "2": "2", "3": "3", "4": "3"}
"""UCDP where_prec → schema geo precision, for the rows UCDP places in an oblast or closer."""

WIDER_THAN_AN_OBLAST = {
    "5": "a region larger than an oblast, or between two places",
    "6": "the whole country",
    "7": "international waters or airspace",
}
"""UCDP where_prec values with no map position (see the module docstring)."""

VIOLENCE = {
    "1": ("Battles", "Armed clash"),
    "2": ("Battles", "Armed clash"),
    "3": ("Violence against civilians", "Attack"),
}
"""UCDP type_of_violence (1 state-based, 2 non-state, 3 one-sided) → event/sub-event type."""

SOURCE_COLUMNS = {
    "event_id": "id",
    "time_precision": "date_prec",
    "event_type": "type_of_violence",
    "sub_event_type": "type_of_violence",
    "actor1": "side_a",
    "inter1": "side_a",
    "actor2": "side_b",
    "inter2": "side_b",
    "admin1": "adm_1",
    "admin2": "adm_2",
    "location": "where_coordinates",
    "geo_precision": "where_prec",
    "fatalities": "best",
    "fatalities_low": "low",
    "fatalities_high": "high",
    "source": "source_office",
    "notes": "source_headline",
}

CONSUMED = (
    "id",
    "type_of_violence",
    "side_a",
    "side_b",
    "adm_1",
    "adm_2",
    "where_coordinates",
    "latitude",
    "longitude",
    "date_start",
    "date_end",
    "best",
    "low",
    "high",
    "source_office",
    "source_headline",
)
"""Source columns the schema gives back exactly; every other column goes to the extras."""

_BRACKETS = re.compile(r"\s*\([^)]*\)\s*$")


def matches(header: list[str]) -> bool:
    """Whether a header looks like a UCDP GED or Candidate file."""
    return set(SIGNATURE) <= set(header)


def read(table: Table, *, date_order: str | None = None) -> SourceRows:
    """Map UCDP rows onto schema records (raw text cells), keeping the rest as extras.

    ``date_order`` (``dmy``/``mdy``) overrides the day/month order of slashed dates.
    """
    header = table.header
    require_columns(header, REQUIRED, "UCDP")
    kept = [(i, name) for i, name in enumerate(header) if name not in CONSUMED]
    absent = frozenset(name for name in (*_NOTED, *_OTHER_OPTIONAL) if name not in header)
    rows = [without_missing_marks(row) for row in table.rows]
    i_start = header.index("date_start")
    i_end = header.index("date_end") if "date_end" in header else i_start
    dates = read_dates(
        {"date_start": [row[i_start] for row in rows], "date_end": [row[i_end] for row in rows]},
        order=date_order,
        span=("date_start", "date_end"),
    )
    records: list[dict[str, str]] = []
    extras: list[dict[str, str]] = []
    problems: list[Problem] = []
    contents: list[dict[str, str]] = []
    for line, row in zip(table.lines, rows, strict=True):
        cells = dict(zip(header, row, strict=True))
        if absent:
            contents.append(dict(cells))
            cells |= {name: ABSENT.get(name, "") for name in absent}
            cells["date_end"] = row[i_end]
        record, row_problems = _record(line, cells, dates, absent)
        records.append(record)
        problems.extend(row_problems)
        extra = {name: row[i] for i, name in kept}
        if cells["where_prec"].strip() in WIDER_THAN_AN_OBLAST:
            # what the record leaves out for want of a position, kept to be given back
            extra.update({name: cells[name] for name in _UNPOSITIONED if name in cells})
        extras.append(extra)
    notes = list(dates.notes)
    if "id" in absent:
        for content, record in zip(contents, records, strict=True):
            content.update(date_start=record["date_start"], date_end=record["date_end"])
        ids = defaults.content_ids(_ID_PREFIX, contents)
        for record, event_id in zip(records, ids, strict=True):
            record["event_id"] = event_id
    noted = [_NOTED[name] for name in _NOTED if name in absent]
    if {"where_coordinates", "adm_2", "adm_1"} <= absent:
        noted.append("location")
    if said := defaults.note("UCDP", noted, prefix=_ID_PREFIX):
        notes.append(said)
    filled = tuple(schema for name, schema in FILLED_ON_IMPORT.items() if name in absent)
    return SourceRows(records, extras, problems, SOURCE_COLUMNS, notes, [], filled)


_ID_PREFIX = "UCDP"

_OTHER_OPTIONAL = (
    "side_b",
    "country",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "where_coordinates",
    "source_office",
)


def _record(
    line: int, cells: dict[str, str], dates: DateReading, absent: frozenset[str] = frozenset()
) -> tuple[dict[str, str], list[Problem]]:
    problems: list[Problem] = []

    def bad(column: str, reason: str) -> None:
        problems.append(Problem(line, column, cells.get(column, ""), reason))

    get = cells.get
    ucdp_id = cells["id"].strip()
    if ucdp_id and not (ucdp_id.isascii() and ucdp_id.isdigit()):
        bad("id", "a UCDP id is digits only (an Excel-mangled number?)")
    country = country_name(cells["country"])
    inter = inter_label if "country" not in absent else _inter_without_country
    record = {
        "event_id": f"UCDP-{ucdp_id}" if ucdp_id else "",
        "disorder_type": "Political violence",
        "actor1": cells["side_a"],
        "inter1": inter(cells["side_a"], country),
        "actor2": cells["side_b"],
        "inter2": inter(cells["side_b"], country),
        "country": country,
        "admin1": cells["adm_1"],
        "admin2": get("adm_2", ""),
        "location": _location(cells),
        "latitude": cells["latitude"],
        "longitude": cells["longitude"],
        "fatalities": cells["best"],
        "fatalities_low": get("low", ""),
        "fatalities_high": get("high", ""),
        "source": get("source_office", "")
        if not blank(get("source_office")) or "source_office" in absent
        else "UCDP",
        "notes": get("source_headline", ""),
        "source_date": _first_day(get("source_date", "")),
        "coded_by": "UCDP",
    }
    for column in ("date_start", "date_end"):
        try:
            record[column] = dates.day(cells[column]).isoformat()
        except ValueError as exc:
            bad(column, str(exc))
            record[column] = ""
    violence = VIOLENCE.get(cells["type_of_violence"].strip())
    if violence is None:
        bad("type_of_violence", "must be 1 (state-based), 2 (non-state) or 3 (one-sided)")
        violence = ("", "")
    record["event_type"], record["sub_event_type"] = violence
    if "date_prec" in absent:
        record["time_precision"] = time_precision_of(record["date_start"], record["date_end"])
    else:
        record["time_precision"] = TIME_PRECISION.get(cells["date_prec"].strip(), "")
        if not record["time_precision"]:
            bad("date_prec", "UCDP date_prec must be 1 to 5")
    if "where_prec" in absent:
        record["geo_precision"] = geo_precision_of_point(cells["latitude"], cells["longitude"])
        return record, problems
    where = cells["where_prec"].strip()
    record["geo_precision"] = GEO_PRECISION.get(where, "")
    if where in WIDER_THAN_AN_OBLAST:
        _without_position(record, cells)
    elif not record["geo_precision"]:
        bad("where_prec", "UCDP where_prec must be 1 to 7")
    return record, problems


_UNPOSITIONED = ("latitude", "longitude", "adm_2")
"""Source cells a row with where_prec 5–7 does not map (its extras keep them)."""


def _without_position(record: dict[str, str], cells: dict[str, str]) -> None:
    """A where_prec 5–7 row: drawn as its oblast when ``adm_1`` names one, else listed
    only (geo precision 4); never given UCDP's centroid as a position."""
    record["latitude"] = record["longitude"] = record["admin2"] = ""
    if not blank(cells["adm_1"]):
        record["geo_precision"] = "3"
        record["location"] = cells["adm_1"]
        return
    record["geo_precision"] = str(NO_POSITION)
    record["admin1"] = ""
    description = cells.get("where_description")
    record["location"] = record["country"] if blank(description) else description


def country_name(text: str) -> str:
    """A UCDP country without its historical name: "Russia (Soviet Union)" → "Russia"."""
    return _BRACKETS.sub("", text.strip())


def inter_label(side: str, country: str) -> str:
    """The actor category of a UCDP side, by the rule in the module docstring."""
    side = side.strip()
    if side.startswith("Government of "):
        state = country_name(side.removeprefix("Government of "))
        return "State forces" if state == country else "External/Other forces"
    if side.lower() == "civilians":
        return "Civilians"
    return ""


def _first_day(text: str) -> str:
    first = text.split(";")[0]
    try:
        return iso_day(first).isoformat()
    except ValueError:
        return ""


def _location(cells: dict[str, str]) -> str:
    for column in ("where_coordinates", "adm_2", "adm_1"):
        if not blank(cells.get(column)):
            return cells[column]
    return point_name(cells.get("latitude", ""), cells.get("longitude", ""))


def _inter_without_country(side: str, country: str) -> str:
    """A side's category when the file has no country: a government cannot be told
    State from External/Other forces, so it is left blank."""
    return "" if side.strip().startswith("Government of ") else inter_label(side, country)
