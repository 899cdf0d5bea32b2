"""What the map draws for an event, given how precisely its place is known.

geo_precision 1 is a point; 2 a circle of :data:`NEAR_RADIUS_M` around the coded place;
3 the district (Kursk's approximate district cells) when admin2 names one, else the
oblast; 4 (a region larger than an oblast, or a country) nothing at all: it has no
position, and the table, timeline and briefing list it instead.  A precision 2, 3 or 4
event is never drawn as a point: a point claims a precision the source did not give.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from events.vocabulary import NO_POSITION
from geo import regions

NEAR_RADIUS_M = 10_000.0
"""Radius of the circle for geo_precision 2 ("near the place, or part of a district").

ACLED codes precision 2 when a report names a place but the event happened in its
surroundings or in part of a district.  Villages on the Kursk front lie 2–5 km apart and
rural districts are some 30–50 km across, so 10 km takes in the neighbouring villages a
report may mean without swelling to the whole district."""

KINDS = ("point", "circle", "area", "none")
"""What an event is drawn as; "none" is not drawn (geo precision 4)."""
LOCATED = (KINDS.index("point"), KINDS.index("circle"))
"""The codes of the kinds drawn at the event's coordinates (dots and rings)."""


@cache
def _area(admin1: str | None, admin2: str | None):
    """The district polygon named by admin2 (Kursk only), else the oblast's; None if unknown.

    Kept per pair of names (a store names a few dozen areas; matching a name costs ~1 ms):
    shapely geometries are immutable, so every caller may share them.
    """
    if admin2 is not None and admin2.strip():
        district = regions.match_district(admin2)
        if district is not None:
            frame = regions.districts()
            return frame.loc[frame["admin2"] == district].geometry.iloc[0]
    name = regions.match_admin1(admin1)
    if name is None:
        return None
    frame = regions.oblasts()
    return frame.loc[frame["admin1"] == name].geometry.iloc[0]


def footprint_kinds(events: pd.DataFrame) -> pd.Series:
    """What each event is drawn as: 'point', 'circle', 'area' or 'none' (vectorised).

    Precision 1 or 2 without coordinates falls back to the area; precision 4 is 'none'.
    """
    return pd.Series(
        np.asarray(KINDS, dtype=object)[footprint_codes(events)], index=events.index, dtype=object
    )


def footprint_codes(events: pd.DataFrame) -> np.ndarray:
    """:func:`footprint_kinds` as positions in :data:`KINDS` (no string per event: a
    million events in milliseconds)."""
    latitude = events["latitude"].to_numpy("float64", na_value=np.nan)
    longitude = events["longitude"].to_numpy("float64", na_value=np.nan)
    located = ~(np.isnan(latitude) | np.isnan(longitude))
    precision = events["geo_precision"].to_numpy("float64", na_value=3.0)
    codes = np.full(len(events), KINDS.index("area"), dtype=np.int8)
    codes[located & (precision == 1)] = KINDS.index("point")
    codes[located & (precision == 2)] = KINDS.index("circle")
    codes[precision == NO_POSITION] = KINDS.index("none")
    return codes


def area_shapes(events: pd.DataFrame) -> pd.Series:
    """The district or oblast polygon of each event (None where the area is unknown).

    Looked up once per distinct (admin1, admin2) pair, so a million events cost a
    handful of lookups.
    """
    codes, shapes = area_shape_codes(events)
    return pd.Series(shapes[codes], index=events.index, dtype=object)


def area_shape_codes(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """:func:`area_shapes` as (each event's pair number, the shape of each distinct
    (admin1, admin2) pair, None where unknown), numbered in the order first met."""
    pairs = pd.MultiIndex.from_arrays([events["admin1"], events["admin2"]])
    codes, distinct = pd.factorize(pairs, use_na_sentinel=False)  # a missing name is a key
    admin1, admin2 = (_names(distinct.get_level_values(level)) for level in (0, 1))
    shapes = np.empty(len(distinct), dtype=object)
    shapes[:] = [_area(*key) for key in zip(admin1, admin2, strict=True)]
    return codes, shapes


def _names(column: pd.Series) -> list[str | None]:
    """A text column's values, None where missing (NaN and NA are not names)."""
    values = column.astype(object)
    return values.where(values.notna(), None).tolist()
