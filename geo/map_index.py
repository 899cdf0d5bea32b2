"""A filter set's events, prepared once for the map of any time window.

The slider asks for a new window on every move, while the events behind it change only
with the filters or the store.  So what every window's map needs is worked out once per
filter set: each event's footprint (:mod:`geo.footprints`), its grid cell and type as
integers (:class:`geo.cells.CellGrid`), and the area events' areas, ranked within each
area.  A window is then a binary search over the dates (the frame is sorted by
date_start, as the store returns it), counts over the window's positions, and a mask over
the area events: a million events' map in tens of milliseconds instead of rebinning,
splitting and ranking them on every move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import shapely

from events.timeline import overlaps, take_window, window_rows
from geo.cells import CellGrid
from geo.footprints import KINDS, LOCATED, area_shape_codes, footprint_codes

AREA = KINDS.index("area")


@dataclass(frozen=True)
class AreaGroup:
    """The events of one area in a window: how many, the commonest type, and the rows
    (positions in :attr:`MapIndex.frame`) of the worst few, worst first."""

    wkb: bytes
    count: int
    event_type: str
    top: np.ndarray
    holds_selected: bool


class MapIndex:
    """The events of one filter set, ready to be mapped for any window.

    ``frame`` holds at least :data:`geo.layers.DRAWN_COLUMNS`; it is not copied, and it is
    read-only from here on (the index is shared by every session through a cache).
    """

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._starts = frame["date_start"].to_numpy()
        self._ends = frame["date_end"].to_numpy()
        self._sorted = bool(frame["date_start"].is_monotonic_increasing)
        self.kinds = footprint_codes(frame)
        """Each event's footprint, as its position in :data:`geo.footprints.KINDS`."""
        self.cells = CellGrid(frame, located=np.isin(self.kinds, LOCATED))
        self._rank_areas()

    def _rank_areas(self) -> None:
        """Each area event's area, and the area events in the order the map lists them:
        by area, then most deaths, then latest."""
        rows = np.flatnonzero(self.kinds == AREA)
        names = self.frame[["admin1", "admin2"]].iloc[rows]
        # shapes per distinct (admin1, admin2) pair (a handful), not per event; pairs
        # naming the same area (a district by two spellings) share it
        pair, pair_shapes = area_shape_codes(names)
        pair_wkb = pd.Series([None if s is None else shapely.to_wkb(s) for s in pair_shapes])
        area_of_pair, area_wkb = pd.factorize(pair_wkb.astype(object))  # -1: no shape
        area = area_of_pair[pair] if len(pair) else np.empty(0, dtype=np.intp)
        drawable = area >= 0
        rows, area = rows[drawable], area[drawable]
        deaths = self.frame["fatalities"].to_numpy("int64", na_value=-1)[rows]
        starts = self._starts[rows].astype("datetime64[s]").astype(np.int64)
        order = np.lexsort((-starts, -deaths, area))  # stable: ties keep the frame's order
        self._area_rows, self._area_of_row = rows[order], area[order]
        self._area_wkb = [bytes(w) for w in area_wkb]
        self._area_size = np.array([shapely.from_wkb(w).area for w in self._area_wkb])
        types, self._type_names = pd.factorize(
            self.frame["event_type"].iloc[self._area_rows].astype(object), use_na_sentinel=False
        )
        self._area_type = types

    def area_codes(self) -> tuple[np.ndarray, list[bytes]]:
        """Each event's area as a position in the list of the areas' shapes (WKB), -1 for
        an event drawn otherwise or whose area has no outline: for a renderer that counts
        the areas of a window itself (the browser's map)."""
        codes = np.full(len(self.frame), -1, dtype=np.int32)
        codes[self._area_rows] = self._area_of_row
        return codes, self._area_wkb

    def positions(self, start: date | None = None, end: date | None = None) -> np.ndarray:
        """The rows of the events in the window [start, end] (every row when None):
        those begun earlier and still running, then those begun inside it."""
        if start is None or end is None:
            return np.arange(len(self.frame))
        running, inside = self._window(start, end)
        return np.concatenate([running, np.arange(inside.start, inside.stop)])

    def window(self, start: date | None = None, end: date | None = None) -> pd.DataFrame:
        """The window's rows of :attr:`frame`, in :meth:`positions` order (sharing memory
        with it where they can: read, don't write)."""
        if start is None or end is None:
            return self.frame
        return take_window(self.frame, self._window(start, end))

    def _window(self, start: date, end: date) -> tuple[np.ndarray, slice]:
        return window_rows(self._starts, self._ends, start, end, starts_sorted=self._sorted)

    def count_located(self, positions: np.ndarray) -> int:
        """How many of these events are drawn as a dot or a ring (not an area, nor
        left off the map for want of a position)."""
        return int(np.count_nonzero(np.isin(self.kinds[positions], LOCATED)))

    def areas(
        self, start: date | None = None, end: date | None = None, *, top: int, selected: str = ""
    ) -> list[AreaGroup]:
        """The areas holding events of the window [start, end] (all when None), larger
        areas first (a district is drawn over its oblast), each with its ``top`` worst
        events and whether it holds the ``selected`` event."""
        rows, area = self._area_rows, self._area_of_row
        if start is not None and end is not None:
            inside = overlaps(self._starts[rows], self._ends[rows], start, end)
        else:
            inside = np.ones(len(rows), dtype=bool)
        rows, area, types = rows[inside], area[inside], self._area_type[inside]
        if not len(rows):
            return []
        n_areas, n_types = len(self._area_wkb), len(self._type_names)
        counts = np.bincount(area, minlength=n_areas)
        present = np.flatnonzero(counts)
        group_start = np.zeros(n_areas, dtype=np.intp)
        group_start[present] = np.searchsorted(area, present)  # rows are grouped by area
        rank = np.arange(len(rows)) - group_start[area]
        # the commonest type; a tie goes to the type met first (the worst event's)
        key = area * n_types + types
        per_type = np.bincount(key, minlength=n_areas * n_types)
        met, first_met = np.unique(key, return_index=True)
        first = np.full(n_areas * n_types, len(key))
        first[met] = first_met
        score = (per_type * (len(key) + 1) - first).reshape(n_areas, n_types)
        dominant = score.argmax(axis=1)
        chosen: set[int] = set()
        if selected:
            ids = self.frame["event_id"].iloc[rows]
            chosen = set(area[(ids == selected).to_numpy(dtype=bool, na_value=False)].tolist())
        shown = rows[rank < top]
        shown_area = area[rank < top]
        return [
            AreaGroup(
                wkb=self._area_wkb[a],
                count=int(counts[a]),
                event_type=str(self._type_names[dominant[a]]),
                top=shown[shown_area == a],
                holds_selected=a in chosen,
            )
            for a in sorted(present.tolist(), key=lambda a: -self._area_size[a])
        ]
