"""Stored events that may be a file's events, found in memory: the probable-duplicate
check's lookups answered from the events frame the app already holds.

:mod:`events.duplicates.lookup` asks the database; a :class:`DuplicateIndex` gives the
same answer, from one version of the store's events (the app's shared, read-only
frame), without a round trip or a temporary table.  It is the frame sorted once by
interval, type and latitude, so a lookup is a binary search per point and a numpy check
of the few candidates in its latitude band.  *Trade-offs:* building it sorts the whole
frame (~0.1 s and ~32 MB at a million events), so it is built once per store version;
and its answer is as of that version, as the database's is as of the moment it is
asked (an import names the duplicates of the version the analyst is looking at).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

SPAN = 512.0
"""Width of one group in :attr:`DuplicateIndex.order_keys`: latitudes take 0..180 of it
(``latitude + 90``), events without coordinates sit at :data:`UNLOCATED`."""
UNLOCATED = 400.0


@dataclass(frozen=True, eq=False)
class DuplicateIndex:
    """The stored events grouped by (``date_start``, ``date_end``, ``event_type``) and
    sorted by latitude within each group, those without coordinates last.

    Each event's place in the order is ``group * SPAN + latitude + 90``, a float.  Its
    rounding (~1 cm at a million groups) never leaves out an event of the latitude band
    (rounding keeps the order), at most lets in one a hair outside it, which the 2 km
    check then drops.  Read-only; build with :meth:`from_events`.
    """

    days: np.ndarray  # distinct stored date_start values, ascending (int64 seconds)
    ends: pd.Index  # distinct stored date_end values (int64 seconds), numbered
    types: pd.Index  # distinct stored event types, numbered
    pairs: pd.Index  # distinct (day, end) numbers, numbered
    groups: pd.Index  # distinct (pair, type) numbers, numbered: the groups
    order_keys: np.ndarray  # per sorted event: group * SPAN + latitude + 90, ascending
    rows: np.ndarray  # per sorted event: its row in the frame
    latitude: np.ndarray  # per sorted event
    longitude: np.ndarray  # per sorted event
    event_ids: pa.ChunkedArray  # per row of the frame (shared with it where it is Arrow)
    locations: pa.ChunkedArray  # per row of the frame

    @classmethod
    def from_events(cls, frame: pd.DataFrame) -> DuplicateIndex:
        """The index of a store's events frame (sorted by ``date_start``, as loaded)."""
        start = _seconds(frame["date_start"])
        if np.any(start[1:] < start[:-1]):
            raise ValueError("the events frame must be sorted by date_start")
        new_day = np.r_[True, start[1:] != start[:-1]] if len(start) else np.zeros(0, bool)
        end_codes, ends = pd.factorize(_seconds(frame["date_end"]))
        type_codes, types = pd.factorize(frame["event_type"])
        pair_codes, pairs = pd.factorize((np.cumsum(new_day) - 1) * max(len(ends), 1) + end_codes)
        group, groups = pd.factorize(pair_codes * max(len(types), 1) + type_codes)
        latitude = frame["latitude"].to_numpy(float)
        keys = group * SPAN + np.where(np.isnan(latitude), UNLOCATED, latitude + 90.0)
        order = np.argsort(keys, kind="stable")
        return cls(
            days=start[new_day],
            ends=pd.Index(ends),
            types=pd.Index(types),
            pairs=pd.Index(pairs),
            groups=pd.Index(groups),
            order_keys=keys[order],
            rows=order,
            latitude=latitude[order],
            longitude=frame["longitude"].to_numpy(float)[order],
            event_ids=_arrow(frame["event_id"]),
            locations=_arrow(frame["location"]),
        )

    def duplicate_matches(
        self, boxes: pd.DataFrame, keys: pd.DataFrame
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The same two frames as :func:`events.duplicates.lookup.duplicate_matches`
        (``near`` in no particular order), from memory."""
        return self._near(boxes), self._named(keys)

    def _group(self, frame: pd.DataFrame) -> np.ndarray:
        """Each row's group (-1 where the store has no event of its interval and type)."""
        if not len(self.days):
            return np.full(len(frame), -1)
        start = _seconds(frame["date_start"])
        day = np.minimum(np.searchsorted(self.days, start), len(self.days) - 1)
        end = self.ends.get_indexer(_seconds(frame["date_end"]))
        kind = self.types.get_indexer(frame["event_type"].astype(object))
        pair = self.pairs.get_indexer(day * max(len(self.ends), 1) + end)
        group = self.groups.get_indexer(pair * max(len(self.types), 1) + kind)
        # an unknown part (-1) can make another pair's or group's number: masked here
        known = (self.days[day] == start) & (end >= 0) & (kind >= 0) & (pair >= 0)
        return np.where(known, group, -1)

    def _ranges(self, group: np.ndarray, lo: np.ndarray, hi: np.ndarray):
        """(row, sorted position) of the events of each row's group between ``lo`` and
        ``hi`` (offsets within a group's span, both included)."""
        start = np.searchsorted(self.order_keys, group * SPAN + lo, side="left")
        stop = np.searchsorted(self.order_keys, group * SPAN + hi, side="right")
        stop[group < 0] = start[group < 0]
        return _spread(start, stop)

    def _near(self, boxes: pd.DataFrame) -> pd.DataFrame:
        group = self._group(boxes)
        lat_lo, lat_hi = (boxes[c].to_numpy(float) + 90.0 for c in ("lat_lo", "lat_hi"))
        at, position = self._ranges(group, np.clip(lat_lo, 0.0, 180.0), np.clip(lat_hi, 0.0, 180.0))
        lon = self.longitude[position]
        inside = (lon >= boxes["lon_lo"].to_numpy(float)[at]) & (
            lon <= boxes["lon_hi"].to_numpy(float)[at]
        )
        at, position = at[inside], position[inside]
        return pd.DataFrame(
            {
                "point_id": boxes["point_id"].to_numpy("int64")[at],
                "event_id": self.event_ids.take(self.rows[position]).to_numpy(),
                "latitude": self.latitude[position],
                "longitude": self.longitude[position],
            }
        )

    def _named(self, keys: pd.DataFrame) -> pd.DataFrame:
        # a key without coordinates meets every stored event of its group; one with
        # coordinates only those without (the others are the near lookup's)
        located = keys["located"].to_numpy(bool)
        at, position = self._ranges(
            self._group(keys),
            np.where(located, UNLOCATED, 0.0),
            np.full(len(keys), UNLOCATED),
        )
        rows = self.rows[position]
        candidates = pa.table(
            {
                "key_id": keys["key_id"].to_numpy("int64")[at],
                "location": self.locations.take(rows),
                "event_id": self.event_ids.take(rows),
            }
        )
        counted = candidates.group_by(["key_id", "location"], use_threads=False).aggregate(
            [("event_id", "count"), ("event_id", "min")]
        )
        return pd.DataFrame(
            {
                "key_id": counted["key_id"].to_numpy(),
                "location": counted["location"].to_numpy(zero_copy_only=False),
                "n": counted["event_id_count"].to_numpy(),
                "event_id": counted["event_id_min"].to_numpy(zero_copy_only=False),
            }
        )


def _arrow(column: pd.Series) -> pa.ChunkedArray:
    """A text column as Arrow strings (the frame's own buffers when it holds Arrow)."""
    return pa.chunked_array([pa.array(column, pa.string())])


def _seconds(dates: pd.Series) -> np.ndarray:
    """Dates as int64 seconds since the epoch (one unit, whatever the frame's)."""
    return dates.to_numpy("datetime64[s]").view("int64")


def _spread(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, position) for every position in each row's range ``lo[row]..hi[row]``."""
    lengths = np.maximum(hi - lo, 0)
    at = np.repeat(np.arange(len(lo)), lengths)
    first = np.repeat(lo - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    return at, first + np.arange(lengths.sum())
