"""Grid cells: located events binned into ~5 km cells with their count, dominant type
and deaths, which the map draws instead of dots when too many are in view.

Each event's cell and type are worked out once, as integers (:class:`CellGrid`), so the
cells of any subset of the events (a time window) are one ``np.bincount`` over their
positions: a million events in a few milliseconds, rather than binning the window afresh.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CELL_DEGREES = (0.08, 0.05)
"""Cell size (longitude, latitude): about 5.5 km by 5.5 km at 51.5° N."""
CELL_COLUMNS = ["ix", "iy", "count", "deaths", "event_type", "lon", "lat"]
_DECIMALS = 4  # about 10 m, as every coordinate on the map


class CellGrid:
    """The grid cell, type and deaths of each event of a frame, as integers.

    Reads the columns longitude, latitude, event_type and fatalities.  Events outside
    ``located`` (by default, those without coordinates) belong to no cell.  Cells are
    numbered in (column, row) order, so every subset lists its cells in the same order.
    Read-only once built (shared by every session through a cache).
    """

    def __init__(self, frame: pd.DataFrame, located: np.ndarray | None = None):
        # x is longitude, y is latitude
        longitude = frame["longitude"].to_numpy("float64", na_value=np.nan)
        latitude = frame["latitude"].to_numpy("float64", na_value=np.nan)
        if located is None:
            located = ~(np.isnan(longitude) | np.isnan(latitude))
        dx, dy = CELL_DEGREES
        ix = np.floor(longitude[located] / dx).astype(np.int64)
        iy = np.floor(latitude[located] / dy).astype(np.int64)
        # occupied cells only (a hash, not a dense grid: one stray point at 0° E must not
        # make a grid of the whole world)
        cell, self._keys = pd.factorize(ix * (1 << 32) + (iy + (1 << 31)), sort=True)
        types, kinds = pd.factorize(frame["event_type"], sort=True, use_na_sentinel=False)
        self._kinds = np.asarray(kinds, dtype=object)  # sorted: ties go to the first
        self._cell = np.full(len(frame), len(self._keys), dtype=np.intp)  # past the end: none
        self._cell[located] = cell
        self._cell_type = self._cell * len(kinds) + types
        self._deaths = frame["fatalities"].to_numpy("float64", na_value=0.0)

    def codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each event's cell (-1: none) and the cells' centres (longitude, latitude), for a
        renderer that counts the cells of a window itself (the browser's map)."""
        n_cells = len(self._keys)
        cell = np.where(self._cell < n_cells, self._cell, -1)
        dx, dy = CELL_DEGREES
        ix, iy = self._keys // (1 << 32), self._keys % (1 << 32) - (1 << 31)
        return cell, ((ix + 0.5) * dx).round(_DECIMALS), ((iy + 0.5) * dy).round(_DECIMALS)

    def count(self, positions: np.ndarray | None = None) -> pd.DataFrame:
        """The occupied cells of the events at ``positions`` (all when None): columns
        ix, iy, count, deaths, event_type (the commonest; a tie goes to the first
        alphabetically), lon and lat (the cell's centre)."""
        cell_type, deaths = self._cell_type, self._deaths
        if positions is not None:
            cell_type, deaths = cell_type[positions], deaths[positions]
        n_cells, n_kinds = len(self._keys), len(self._kinds)
        if n_cells == 0:
            return pd.DataFrame(columns=CELL_COLUMNS)
        size = (n_cells + 1) * n_kinds  # one row more: the events in no cell
        by_type = np.bincount(cell_type, minlength=size).reshape(-1, n_kinds)[:n_cells]
        dead = np.bincount(cell_type, weights=deaths, minlength=size).reshape(-1, n_kinds)
        counts = by_type.sum(axis=1)
        occupied = np.flatnonzero(counts)
        keys = self._keys[occupied]
        cells = pd.DataFrame(
            {
                "ix": keys // (1 << 32),
                "iy": keys % (1 << 32) - (1 << 31),
                "count": counts[occupied],
                "deaths": dead[occupied].sum(axis=1).round().astype(int),
                "event_type": self._kinds[by_type[occupied].argmax(axis=1)],
            }
        )
        dx, dy = CELL_DEGREES
        cells["lon"] = ((cells["ix"] + 0.5) * dx).round(_DECIMALS)
        cells["lat"] = ((cells["iy"] + 0.5) * dy).round(_DECIMALS)
        return cells[CELL_COLUMNS]
