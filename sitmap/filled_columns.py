"""Fill what a file that keeps only some columns lacks, from the file itself and the map.

A format fills what it can from the row (:mod:`events.formats.defaults`); two things
need more than the row, so the importer fills them here, only in the columns the
file lacks (:attr:`~events.formats.rows.SourceRows.filled_on_import`) and only where
a record leaves them blank:

* **source**: the file itself, by its name: the batch's provenance is all that is
  known of where the rows came from.
* **admin1, admin2, country**: from each row's point, where it lies in a mapped oblast
  (:func:`geo.regions.assign_admin`; districts only inside Kursk Oblast).  A point
  outside them has an oblast and a country the map cannot tell: they are
  :data:`~events.formats.defaults.UNKNOWN`, so the row is kept (and counted outside
  the mapped region) rather than set aside.  A row without a point is left as it is.

Each returns the note the preview shows.
"""

from __future__ import annotations

from pathlib import PurePath

import numpy as np

from events.formats.defaults import UNKNOWN
from events.formats.rows import SourceRows, blank
from geo.regions import assign_admin, oblasts

AREA_COLUMNS = ("admin1", "admin2", "country")


def fill_absent_columns(rows: SourceRows, file_name: str) -> list[str]:
    """Fill ``rows.filled_on_import`` in place; the preview notes saying what was done."""
    notes = []
    if "source" in rows.filled_on_import:
        notes += fill_source(rows.records, PurePath(file_name).name)
    areas = [name for name in AREA_COLUMNS if name in rows.filled_on_import]
    if areas:
        notes += fill_areas(rows.records, areas)
    return notes


def fill_source(records: list[dict[str, str]], name: str) -> list[str]:
    """Every blank source becomes the file's name."""
    for record in records:
        if blank(record.get("source")):
            record["source"] = name
    return [f"no source column: each row's source is the file, {name!r}"]


def fill_areas(records: list[dict[str, str]], columns: list[str]) -> list[str]:
    """Blank ``columns`` (of admin1, admin2, country) from each row's point."""
    located, longitude, latitude = [], [], []
    for i, record in enumerate(records):
        point = _point(record)
        if point is not None:
            located.append(i)
            latitude.append(point[0])
            longitude.append(point[1])
    if not located:
        return [f"no {' or '.join(columns)} column, and no row has a point to tell them"]
    found = assign_admin(np.array(longitude), np.array(latitude))
    countries = dict(zip(oblasts()["admin1"], oblasts()["country"], strict=True))
    inside = 0
    for i, admin1, admin2 in zip(located, found["admin1"], found["admin2"], strict=True):
        record = records[i]
        known = isinstance(admin1, str)
        inside += known
        values = {
            "admin1": admin1 if known else UNKNOWN,
            "admin2": admin2 if isinstance(admin2, str) else "",
            "country": countries[admin1] if known else UNKNOWN,
        }
        for column in columns:
            if blank(record.get(column)):
                record[column] = values[column]
    outside = len(located) - inside
    said = f"no {' or '.join(columns)} column: taken from each row's point, "
    said += f"{inside} row(s) in a mapped oblast"
    if outside:
        said += f"; {outside} row(s) outside them get {UNKNOWN!r}"
    return [said]


def _point(record: dict[str, str]) -> tuple[float, float] | None:
    try:
        latitude = float(str(record.get("latitude") or "").strip())
        longitude = float(str(record.get("longitude") or "").strip())
    except ValueError:
        return None
    if not (np.isfinite(latitude) and np.isfinite(longitude)):
        return None
    return latitude, longitude
