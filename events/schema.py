"""The event schema, declared once: columns, their kinds and the event frame.

Every other module trusts a frame that passed :func:`to_frame`: it has exactly
:data:`COLUMNS`, in that order, with the dtypes declared here.

Coordinates: ``latitude`` and ``longitude`` are WGS84 degrees, stored as separate
named columns.  Wherever the code builds geometry it passes ``(longitude, latitude)``,
x then y, and says so (see ``geo``).  An event at geo precision 4 (a region larger
than an oblast, or a country) has no coordinates and may have no admin1: it is listed,
never drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Column:
    """One column of the event schema."""

    name: str
    kind: str  # "text" | "date" | "int" | "float" | "timestamp"
    required: bool
    doc: str


COLUMN_SPECS: tuple[Column, ...] = (
    Column("event_id", "text", True, "Stable identifier, unique in the store."),
    Column("date_start", "date", True, "First day on which the event may have happened."),
    Column("date_end", "date", True, "Last day on which the event may have happened."),
    Column("time_precision", "int", True, "1 day, 2 week, 3 month, 4 longer."),
    Column("disorder_type", "text", True, "ACLED disorder type."),
    Column("event_type", "text", True, "ACLED event type."),
    Column(
        "sub_event_type",
        "text",
        False,
        "ACLED sub-event type of that event type; blank when the source does not say "
        "(an old ACLED 'Remote violence' whose notes name no weapon, a file without it).",
    ),
    Column("actor1", "text", True, "Main actor (ACLED naming)."),
    Column("assoc_actor_1", "text", False, "Associated actors of actor1, ';'-separated."),
    Column("inter1", "text", False, "Category of actor1 (ACLED inter label)."),
    Column("actor2", "text", False, "Second actor, if any."),
    Column("assoc_actor_2", "text", False, "Associated actors of actor2, ';'-separated."),
    Column("inter2", "text", False, "Category of actor2 (ACLED inter label)."),
    Column("country", "text", True, "Country in which the event happened."),
    Column(
        "admin1",
        "text",
        True,
        "Oblast (first-order unit); may be blank at geo precision 4 (region or country).",
    ),
    Column("admin2", "text", False, "District (second-order unit), if known."),
    Column(
        "location",
        "text",
        True,
        "Place name as coded (the area, for precision 3; the region or country, for 4).",
    ),
    Column(
        "latitude", "float", False, "WGS84 latitude; required at geo precision 1 and 2, blank at 4."
    ),
    Column(
        "longitude",
        "float",
        False,
        "WGS84 longitude; required at geo precision 1 and 2, blank at 4.",
    ),
    Column(
        "geo_precision",
        "int",
        True,
        "1 the place, 2 near it, 3 district/oblast only, 4 region or country (no position).",
    ),
    Column(
        "fatalities",
        "int",
        True,
        "Most conservative reported (UCDP: best) death toll, 0 if unknown; kept as given "
        "even outside [fatalities_low, fatalities_high], which is flagged, not rejected.",
    ),
    Column("fatalities_low", "int", False, "Lowest reported death toll, if a range is given."),
    Column("fatalities_high", "int", False, "Highest reported death toll, if a range is given."),
    Column("source", "text", True, "Sources, ';'-separated (outlet, and whom it relies on)."),
    Column("source_url", "text", False, "Link to the source (http or https only)."),
    Column("source_date", "date", False, "Publication date of the source, if known."),
    Column("notes", "text", False, "Coder's summary, in the coder's own words."),
    Column("tags", "text", False, "Free tags, ';'-separated."),
    Column("coded_by", "text", False, "Who coded the event."),
    Column("batch_id", "text", False, "Import batch that brought the event (set by the store)."),
    Column("imported_at", "timestamp", False, "When the batch was committed (set by the store)."),
)

COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMN_SPECS)
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMN_SPECS if c.required)
PROVENANCE: tuple[str, ...] = ("batch_id", "imported_at")
"""Columns the store sets on commit; an import file may carry them but they are replaced."""
KINDS: dict[str, str] = {c.name: c.kind for c in COLUMN_SPECS}

_DTYPES: dict[str, str] = {
    "text": "string",
    "date": "datetime64[s]",
    "timestamp": "datetime64[s]",
    "int": "Int64",
    "float": "float64",
}


def to_frame(records: Iterable[Mapping[str, object]] | pd.DataFrame) -> pd.DataFrame:
    """Build the event frame (exact columns and dtypes) from parsed records or a frame."""
    if isinstance(records, pd.DataFrame):
        frame = records.reindex(columns=list(COLUMNS))
    else:
        frame = pd.DataFrame.from_records(list(records), columns=list(COLUMNS))
    for spec in COLUMN_SPECS:
        dtype = _DTYPES[spec.kind]
        column = frame[spec.name]
        if str(column.dtype) == dtype:  # by name: pandas' NaN-backed "str" equals "string"
            continue  # already right (a snapshot read back): nothing to convert
        if spec.kind in ("date", "timestamp"):
            frame[spec.name] = pd.to_datetime(column).astype(dtype)
        elif spec.kind == "int":
            values = column.astype(object).where(column.notna() & (column != ""), None)
            frame[spec.name] = pd.array(values.tolist(), dtype="Int64")
        elif spec.kind == "float":
            frame[spec.name] = pd.to_numeric(column).astype("float64")
        else:
            frame[spec.name] = column.astype(dtype)
    return frame


def event_kinds(events: pd.DataFrame) -> pd.Series:
    """What each event is, in words: its sub-event type, or its event type where the source
    gave none (an old ACLED ``Remote violence`` row whose notes name no weapon)."""
    return events["sub_event_type"].fillna(events["event_type"]).astype(str)


def event_kind(event: Mapping[str, object]) -> str:
    """:func:`event_kinds` of one event (a row)."""
    sub = event["sub_event_type"]
    return str(sub) if pd.notna(sub) else str(event["event_type"])
