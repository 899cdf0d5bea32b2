"""A first column mapping for a table, guessed from its header names (and a few cells).

The Import page proposes it for a file it has no remembered mapping for; the analyst
corrects it before anything is read.  A header is compared once normalised (lower case,
``_ - / .`` as spaces: ``Town/City`` is ``town city``) with the names each field is
commonly given (:data:`NAMES`), and each column is used once:

* latitude and longitude columns win over a combined position column, so a ``geolocation``
  that only says "Confirmed" (as in CIR's lists) is not taken for ``"lat,lon"``; a
  position column is proposed only when its first cells read as ``lat,lon``;
* a ``source`` column whose cells are links is proposed as ``source_url``.

Nothing is guessed for the values every row shares (the event type, say): the page
asks for them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from events.formats.table import POSITION, ColumnMapping, position_of

NAMES: dict[str, tuple[str, ...]] = {
    "event_id": ("event id", "id", "entry", "entry id", "incident id", "uid", "reference"),
    "date_start": ("date start", "start date", "date", "event date", "date of event",
                   "incident date", "day"),
    "date_end": ("date end", "end date"),
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "lng", "long", "x"),
    POSITION: ("geolocation", "coordinates", "coords", "position", "lat lon", "latlon",
               "lat lng", "latlng", "location coordinates"),
    "location": ("location", "town city", "town", "city", "place", "settlement", "village",
                 "nearest location", "locality"),
    "admin1": ("admin1", "province", "oblast", "region", "state"),
    "admin2": ("admin2", "district", "raion", "rayon", "county"),
    "country": ("country",),
    "event_type": ("event type",),
    "sub_event_type": ("sub event type",),
    "actor1": ("actor1", "actor 1", "actor", "perpetrator"),
    "actor2": ("actor2", "actor 2", "target"),
    "fatalities": ("fatalities", "deaths", "killed", "dead"),
    "notes": ("notes", "description", "brief description", "summary", "details"),
    "source": ("source", "sources"),
    "source_url": ("source url", "source link", "link", "url", "hyperlink"),
    "geo_precision": ("geo precision",),
    "time_precision": ("time precision",),
}  # fmt: skip
"""Header names (normalised) each field is commonly given, most telling first."""

SAMPLE = 20
"""Cells looked at per column, to tell links and positions."""

_SEPARATORS = re.compile(r"[\s_\-/.]+")


def normalised(name: str) -> str:
    """A header name as :data:`NAMES` writes it: ``Town/City`` → ``town city``."""
    return _SEPARATORS.sub(" ", name.strip().lower()).strip()


def guess_mapping(header: Sequence[str], rows: Sequence[Sequence[str]] = ()) -> ColumnMapping:
    """The columns a table's header (and its first ``rows``) suggest for each field."""
    names = [normalised(name) for name in header]
    cells = [[row[i] for row in rows[:SAMPLE] if i < len(row) and row[i].strip()]
             for i in range(len(header))]  # fmt: skip
    taken: set[int] = set()
    columns: dict[str, str] = {}
    for field, known in NAMES.items():
        for name in known:
            i = next((i for i, n in enumerate(names) if n == name and i not in taken), None)
            if i is not None:
                columns[field] = header[i]
                taken.add(i)
                break
    if POSITION in columns:
        i = header.index(columns[POSITION])
        if {"latitude", "longitude"} <= set(columns) or not _positions(cells[i]):
            del columns[POSITION]
    if "source" in columns and "source_url" not in columns:
        i = header.index(columns["source"])
        if cells[i] and all(cell.strip().lower().startswith("http") for cell in cells[i]):
            columns["source_url"] = columns.pop("source")
    return ColumnMapping(columns, {})


def _positions(cells: list[str]) -> bool:
    return bool(cells) and all(position_of(cell) is not None for cell in cells)
