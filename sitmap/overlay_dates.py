"""The day of a control layer: from ``--date``, a ``date`` property shared by its
features, or its file name; and the source's own time, when the name gives one.

File names give ``2024-08-20``, ``20240820`` or DeepStateMap's
``1724184993_20240820T2016Z`` (epoch, then the day and time in UTC).  A file with no
day is rejected; so is one whose features disagree on the day, or whose property and
file name disagree (both are named).  ``--date`` wins over both, since the analyst
said so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

_STAMPED = re.compile(r"(?<!\d)\d{9,11}_(\d{8})T(\d{4})(\d{2})?Z(?![0-9A-Za-z])")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


class NoLayerDate(ValueError):
    """The file's day is missing or contradicts itself; the message says how."""


@dataclass(frozen=True)
class LayerDate:
    """A layer's day, where it came from, and the source's time when known."""

    day: date
    origin: str  # "--date", "date property" or "file name"
    stamp: datetime | None = None


def date_from_name(file_name: str) -> tuple[date, datetime | None] | None:
    """The day (and time, for DeepStateMap's stamped names) a file name gives, or None."""
    stem = file_name.rsplit("/", 1)[-1]
    found = _STAMPED.search(stem)
    if found:
        day = _day(found.group(1)[:4], found.group(1)[4:6], found.group(1)[6:])
        if day is not None:
            hour, minute = int(found.group(2)[:2]), int(found.group(2)[2:])
            second = int(found.group(3) or 0)
            if hour < 24 and minute < 60 and second < 60:
                return day, datetime(day.year, day.month, day.day, hour, minute, second)
    for pattern in (_ISO, _COMPACT):
        for match in pattern.finditer(stem):
            day = _day(*match.groups())
            if day is not None:
                return day, None
    return None


def _day(year: str, month: str, day: str) -> date | None:
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return found if 2000 <= found.year <= 2100 else None


def date_from_properties(values: Iterable[object]) -> date | None:
    """The one day the features' ``date`` properties share (None: no feature has one).

    Raises :class:`NoLayerDate` when they give several days or one is not a date."""
    days: set[date] = set()
    for value in values:
        if value is None or (isinstance(value, float) and value != value):
            continue
        text = str(value).strip()
        if not text or text.lower() in ("nat", "nan", "none"):
            continue
        day = _day(text[:4], text[5:7], text[8:10]) if len(text) >= 10 else None
        if day is None or text[4] != "-" or text[7] != "-":
            raise NoLayerDate(f"the date property {text!r} is not a date YYYY-MM-DD")
        days.add(day)
    if len(days) > 1:
        listed = ", ".join(d.isoformat() for d in sorted(days))
        raise NoLayerDate(
            f"the features' date properties disagree ({listed}): one layer is one day; "
            "split the file or give --date"
        )
    return days.pop() if days else None


def layer_date(
    file_name: str, property_values: Iterable[object], option: date | None = None
) -> LayerDate:
    """The layer's day by the rules above; :class:`NoLayerDate` when there is none or
    the property and the file name disagree."""
    named = date_from_name(file_name)
    stamp = named[1] if named else None
    if option is not None:
        return LayerDate(option, "--date", stamp if named and named[0] == option else None)
    from_property = date_from_properties(property_values)
    if from_property is not None and named is not None and named[0] != from_property:
        raise NoLayerDate(
            f"the date property says {from_property.isoformat()} but the file name "
            f"{file_name!r} says {named[0].isoformat()}; fix one, or give --date"
        )
    if from_property is not None:
        return LayerDate(from_property, "date property", stamp)
    if named is not None:
        return LayerDate(named[0], "file name", stamp)
    raise NoLayerDate(
        f"{file_name}: no date for this layer: give --date YYYY-MM-DD, a 'date' property "
        "on the features, or a file name with the day (2024-08-20, 20240820, "
        "1724184993_20240820T2016Z)"
    )
