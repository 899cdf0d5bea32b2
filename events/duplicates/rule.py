"""The probable-duplicate rule: which stored event a row of a new file may repeat.

Same interval and event type, and the same place: within :data:`NEAR_KM` when both
have coordinates, else the same location name.  Shown in the import preview; never
merged.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from events.duplicates.lookup import DuplicateSource

NEAR_KM = 2.0
"""Two events this close (or at the same named place) may be one event from two sources."""
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = EARTH_RADIUS_KM * np.pi / 180


class ProbableDuplicate(NamedTuple):
    """A row of the file that may be an event already in the store, from another source."""

    line: int
    event_id: str
    existing_event_id: str
    """The nearest matching stored event (else the lowest id of those with the name)."""
    other_matches: int = 0
    """How many more stored events match this row as well."""


def probable_duplicates(
    frame: pd.DataFrame, lines: list[int], known: DuplicateSource
) -> list[ProbableDuplicate]:
    """Rows that may be stored events under another id, one entry per such row.

    Same interval (for day-precision events: the same day) and the same event type,
    and the same place: within :data:`NEAR_KM` when both have coordinates, else the
    same location name (ignoring case and surrounding spaces).  Each row names the
    nearest such stored event (else the lowest id of those with its name) and counts
    the others in ``other_matches``.  Shown in the preview; never merged.

    ``known`` (the store, or an in-memory index of its events) answers with the few
    candidates near each row, so the check costs about the same however many events
    the store holds on those days.
    """
    if frame.empty:
        return []
    latitude = frame["latitude"].to_numpy(float)
    longitude = frame["longitude"].to_numpy(float)
    located = ~(np.isnan(latitude) | np.isnan(longitude))
    rows = pd.DataFrame(
        {
            "row": np.arange(len(frame)),
            "date_start": frame["date_start"].to_numpy(),
            "date_end": frame["date_end"].to_numpy(),
            "event_type": frame["event_type"].astype(object).to_numpy(),
            "located": located,
            "latitude": latitude,
            "longitude": longitude,
        }
    )
    key = ["date_start", "date_end", "event_type", "located"]
    rows["key_id"] = rows.groupby(key, sort=False).ngroup().to_numpy()
    # one lookup per interval, type and point (a file often repeats a town's point)
    point = ["key_id", "latitude", "longitude"]
    rows["point_id"] = rows.groupby(point, sort=False, dropna=False).ngroup().to_numpy()
    points = rows[located].drop_duplicates("point_id")
    # a box around each point that holds every point within NEAR_KM (and a little more)
    at_lat = points["latitude"].to_numpy()
    at_lon = points["longitude"].to_numpy()
    dlat = NEAR_KM / KM_PER_DEGREE * 1.01
    widest = np.cos(np.radians(np.minimum(np.abs(at_lat) + dlat, 90.0)))
    dlon = np.minimum(dlat / np.maximum(widest, 1e-9), 180.0)
    boxes = points.assign(
        lat_lo=at_lat - dlat, lat_hi=at_lat + dlat, lon_lo=at_lon - dlon, lon_hi=at_lon + dlon
    )
    near, named = known.duplicate_matches(boxes, rows.drop_duplicates("key_id"))
    found = _nearest(near.merge(rows.loc[located, ["point_id", "row"]], on="point_id"), frame)
    names = rows[["row", "key_id"]].assign(name=_folded(frame["location"]).to_numpy(object))
    for row, n, event_id in _same_names(named, names, frame):
        found.setdefault(row, [event_id, 0])[1] += n
    new_ids = frame["event_id"].astype(object).to_numpy()
    return sorted(
        ProbableDuplicate(lines[row], str(new_ids[row]), str(event_id), n - 1)
        for row, (event_id, n) in found.items()
    )


def _nearest(near: pd.DataFrame, frame: pd.DataFrame) -> dict[int, list]:
    """Both have coordinates: per row of ``frame``, [nearest stored id (then the lowest),
    how many] of the stored events within :data:`NEAR_KM`; ``near`` has the stored
    ``event_id``, ``latitude``, ``longitude`` in the box of each ``row``."""
    at = near["row"].to_numpy(int)
    ids = near["event_id"].to_numpy(object)
    distance = _distance_km(
        frame["latitude"].to_numpy(float)[at],
        frame["longitude"].to_numpy(float)[at],
        near["latitude"].to_numpy(),
        near["longitude"].to_numpy(),
    )
    keep = (distance <= NEAR_KM) & (ids != frame["event_id"].astype(object).to_numpy()[at])
    at, ids, distance = at[keep], ids[keep], distance[keep]
    order = np.lexsort((pd.factorize(ids, sort=True)[0], distance, at))
    at, ids = at[order], ids[order]
    first = np.flatnonzero(np.r_[True, at[1:] != at[:-1]]) if len(at) else np.array([], int)
    counts = np.diff(np.r_[first, len(at)]).tolist()
    return {
        row: [event_id, n]
        for row, event_id, n in zip(at[first].tolist(), ids[first], counts, strict=True)
    }


def _same_names(
    named: pd.DataFrame, names: pd.DataFrame, frame: pd.DataFrame
) -> list[tuple[int, int, str]]:
    """One of the two has no coordinates: (row, how many, lowest id) of the stored
    events with the row's key and place name; ``named`` counts them per key and stored
    ``location``, ``names`` holds each row's ``key_id`` and folded ``name``."""
    named = named.assign(name=_folded(named["location"]).to_numpy(object))
    same = names.merge(named, on=["key_id", "name"])
    new_ids = frame["event_id"].astype(object).to_numpy()
    same = same[same["event_id"] != new_ids[same["row"].to_numpy(int)]]
    same = same.groupby("row").agg(n=("n", "sum"), event_id=("event_id", "min"))
    return list(
        zip(same.index.tolist(), same["n"].tolist(), same["event_id"].tolist(), strict=True)
    )


def _distance_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Great-circle distance (haversine, mean Earth radius); NaN where a point is missing."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(lon2 - lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def _folded(names: pd.Series) -> pd.Series:
    return names.astype("string").str.strip().str.casefold()
