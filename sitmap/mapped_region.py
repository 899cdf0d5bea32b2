"""Rows outside the mapped region (the oblasts the basemap has), counted per area.

A country-wide export lies mostly outside the map.  Its rows are kept by default and
reported once, counted per the oblast (admin1) a row names, or its country when it
names none — not one warning per row.  ``only_region`` leaves them out instead.

A row with coordinates is inside when its point lies in a mapped oblast
(:func:`geo.regions.assign_admin`); a row without coordinates when its admin1 names one
(:func:`geo.regions.match_admin1`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from events.formats.defaults import UNKNOWN
from geo.regions import assign_admin, match_admin1


@dataclass(frozen=True)
class OutsideRegion:
    """The rows of a file outside the mapped oblasts, and where they are."""

    rows: tuple[tuple[int, str, str], ...]
    """(file line, event id, area) of each row outside, in file order."""
    left_out: bool
    """True when the rows were left out of the import (``only_region``)."""

    @property
    def counts(self) -> list[tuple[str, int]]:
        """Rows per area, most first (then by name)."""
        counted = Counter(area for _, _, area in self.rows)
        return sorted(counted.items(), key=lambda item: (-item[1], item[0]))

    def __len__(self) -> int:
        return len(self.rows)


def inside_mapped_region(frame: pd.DataFrame) -> np.ndarray:
    """Per row of an event frame, whether it lies in one of the mapped oblasts."""
    located = (frame["latitude"].notna() & frame["longitude"].notna()).to_numpy()
    inside = np.zeros(len(frame), dtype=bool)
    if located.any():
        points = frame.loc[located]
        found = assign_admin(points["longitude"], points["latitude"])["admin1"]
        inside[located] = found.notna().to_numpy()
    if (~located).any():
        names = frame.loc[~located, "admin1"]
        matched = {name: match_admin1(name) is not None for name in set(names.dropna())}
        inside[~located] = [bool(matched.get(name, False)) for name in names]
    return inside


def outside_region(
    frame: pd.DataFrame, lines: Sequence[int], inside: np.ndarray, *, left_out: bool
) -> OutsideRegion:
    """The rows not ``inside``, each with its area (see :func:`area`)."""
    outside = np.flatnonzero(~inside)
    ids = frame["event_id"].to_numpy(dtype=object)
    admin1 = frame["admin1"].to_numpy(dtype=object)
    country = frame["country"].to_numpy(dtype=object)
    rows = tuple((lines[i], str(ids[i]), area(admin1[i], country[i])) for i in outside.tolist())
    return OutsideRegion(rows, left_out)


def area(admin1: object, country: object) -> str:
    """How a row outside the map is counted: "Donetsk (Ukraine)", or the country alone."""
    oblast = "" if pd.isna(admin1) else str(admin1).strip()
    state = "" if pd.isna(country) else str(country).strip()
    if oblast == state == UNKNOWN:  # filled on import: the file has no such columns
        return NOT_NAMED
    if oblast and state:
        return f"{oblast} ({state})"
    return oblast or state or "no oblast or country given"


NOT_NAMED = "a point outside the mapped oblasts (the file names no oblast or country)"
"""The area of an outside row whose file has no admin1 and country columns
(:mod:`sitmap.filled_columns` gave it :data:`~events.formats.defaults.UNKNOWN`)."""
