"""What every measure shares: the :class:`Figure` it returns, how it times, the slider
windows it moves through, and the naive read it is compared with.

Timings are medians of a few repeats (fewer when one run is already expensive); the naive
figure is what the same step costs when every row and every column goes through as JSON /
plain SQL.  The app is named here too, for the browser figures
(:mod:`bench.measures.map_browser`).
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from events.timeline import overlapping
from events.view import View, apply_filters

ROOT = Path(__file__).resolve().parents[2]

APP = ROOT / "app.py"
POINTS_IN_VIEW = 100_000
"""The 'points, not cells' figure: about this many events in view, every one a dot."""


@dataclass
class Figure:
    """One measured figure; ``ratio`` is value ÷ naive (lower is better unless noted)."""

    figure: str
    n: int
    value: float | None
    unit: str
    naive: float | None = None
    target: float | None = None
    higher_is_better: bool = False
    notes: str = ""
    details: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.naive:
            return None
        return self.value / self.naive

    @property
    def passed(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def to_json(self) -> dict:
        out = asdict(self)
        out["ratio"] = self.ratio
        out["passed"] = self.passed
        return out


def timed(fn: Callable[[], object], repeats: int, budget_s: float = 20.0) -> tuple[float, object]:
    """Median seconds of up to ``repeats`` calls (stopping once ``budget_s`` is spent)."""
    times, result, spent = [], None, 0.0
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        spent += elapsed
        if spent >= budget_s:
            break
    return statistics.median(times), result


def windows(events: pd.DataFrame, limit: int | None = None) -> list[tuple[str, date, date]]:
    """Slider positions an analyst moves through: narrow, wide, the whole span.

    ``limit`` keeps the first few and the whole span (for the smoke test)."""
    first = events["date_start"].min().date()
    last = events["date_end"].max().date()
    middle = first + (last - first) / 2

    def clip(day: date) -> date:
        return min(max(day, first), last)

    moves = [
        ("last 30 d", clip(last - timedelta(days=29)), last),
        ("last 7 d", clip(last - timedelta(days=6)), last),
        ("middle 30 d", clip(middle - timedelta(days=15)), clip(middle + timedelta(days=14))),
        ("last 90 d", clip(last - timedelta(days=89)), last),
        ("first 180 d", first, clip(first + timedelta(days=179))),
        ("whole span", first, last),
    ]
    return moves if limit is None else moves[: max(limit - 1, 0)] + moves[-1:]


def window_with(events: pd.DataFrame, rows: int) -> tuple[date, date]:
    """A window ending on the last day that holds about ``rows`` events (all if fewer)."""
    ends = events["date_end"].sort_values(ascending=False).reset_index(drop=True)
    last = ends.iloc[0].date()
    if rows >= len(ends):
        return events["date_start"].min().date(), last
    return ends.iloc[rows - 1].date(), last


def in_window(events: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """What the app shows for a window with no filter set (apply_filters + overlapping)."""
    return overlapping(apply_filters(events, View(start=start, end=end)), start, end)


def _sqlite_file(url: str) -> str:
    return url.removeprefix("sqlite:///")


def naive_load(url: str, where: str = "", params: tuple = ()) -> pd.DataFrame:
    """Every column of every row (in the window) straight from the driver, untyped."""
    with sqlite3.connect(_sqlite_file(url)) as conn:
        return pd.read_sql_query(f"SELECT * FROM events {where}", conn, params=params)
