"""Values for the columns an export leaves out, the same for every format.

An ACLED subset, a UCDP API subset or an analyst's own table keeps only some columns.
What it leaves out is filled so, and the preview says so (:func:`note`):

* **event id**: from the row's content, ``PREFIX-<12 hex digits of SHA-1>-<n>``, n
  counting identical rows (1 for the first).  The content is every non-empty cell by
  column name, numbers written canonically (``51.0560`` and ``51,056`` are ``51.056``)
  and dates as ISO days (Excel's ``9-May-20`` is ``2020-05-09``): the same rows again,
  in any order, with reordered columns or in another encoding, get the same ids and
  add nothing, while identical rows stay distinct events.  Without the source's own id
  a row the source corrects is a new event, not a revision.
* **time precision**: 1 for a single day; for an interval, the finest precision that
  holds it (2 up to 7 days, 3 up to 31, else 4).
* **geo precision**: 1, the place itself, for a row with a point; none without one.
* **location**: a row with a point and no place name is named by its point
  (``51.0561, 35.1364``).
* **actor1**: :data:`UNKNOWN`, as the schema needs one and the file names none.
* **fatalities**: 0, the schema's "unknown or none".

The source (the file itself) and the oblast and country (from each row's point) need
the file's name and the map: the importer fills them
(:attr:`~events.formats.rows.SourceRows.filled_on_import`).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

from events.vocabulary import MAX_SPAN_DAYS

UNKNOWN = "Unknown"
"""What an actor, oblast or country is when neither the file nor the map says."""

NO_FATALITIES = "0"

_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?", re.ASCII)

NOTES: dict[str, str] = {
    "event_id": "ids made from each row's content ({prefix}-<hash>-<n>), "
    "so importing the same rows again adds nothing",
    "time_precision": "time precision from the dates: 1 (a day) for a single day",
    "geo_precision": "geo precision 1 (the place itself) for each row with a point",
    "location": "each point without a place name is named by its coordinates",
    "actor1": f"actor1 '{UNKNOWN}'",
    "fatalities": "fatalities 0 (unknown)",
    "sub_event_type": "sub-event types left empty",
    "date_end": "each event ends on the day it starts",
}
"""What the preview says of each column filled here."""


def note(format_label: str, filled: Iterable[str], *, prefix: str = "") -> str:
    """The preview note naming the columns a file of ``format_label`` lacked, and their
    values ("" when it lacked none)."""
    said = [NOTES[name].format(prefix=prefix) for name in NOTES if name in set(filled)]
    if not said:
        return ""
    return f"not in this {format_label} file, so: " + "; ".join(said)


def canonical(cell: str) -> str:
    """A cell as the id's content: stripped, and a number written one way only."""
    text = cell.strip()
    if _NUMBER.fullmatch(text):
        return repr(float(text.replace(",", ".")))
    return text


def content_ids(prefix: str, rows: Iterable[Mapping[str, str]]) -> list[str]:
    """Stable ids for rows without one: ``rows`` are each row's cells by column name
    (dates already as ISO days), in file order."""
    seen: Counter[str] = Counter()
    ids = []
    for cells in rows:
        content = "\x1f".join(
            f"{name}\x1e{canonical(value)}"
            for name, value in sorted(cells.items())
            if value and value.strip()
        )
        digest = hashlib.sha1(content.encode("utf-8")).hexdigest()[:12]
        seen[digest] += 1
        ids.append(f"{prefix}-{digest}-{seen[digest]}")
    return ids


def time_precision_of(start: str, end: str) -> str:
    """The finest time precision that holds the interval of two ISO days ("" if either
    is missing or unreadable, or the interval ends before it starts)."""
    try:
        span = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    except ValueError:
        return ""
    if span < 1:
        return ""
    for precision, limit in MAX_SPAN_DAYS.items():
        if limit is None or span <= limit:
            return str(precision)
    return ""


def point_name(latitude: str, longitude: str) -> str:
    """A place name for a bare point, ``51.0561, 35.1364``, however the numbers are written
    ("" unless both are numbers)."""
    lat, lon = latitude.strip(), longitude.strip()
    if not (_NUMBER.fullmatch(lat) and _NUMBER.fullmatch(lon)):
        return ""
    return f"{canonical(lat)}, {canonical(lon)}"


def geo_precision_of_point(latitude: str, longitude: str) -> str:
    """1 for a row with both coordinates, else ""."""
    return "1" if latitude.strip() and longitude.strip() else ""
