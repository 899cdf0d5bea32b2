"""What the stored control layers say: the layers in force, area by class over time,
and each event's distance to the front line.

An event's distance is measured to the front line of the reference series' layer in
force on the event's ``date_end`` (:func:`events.overlays.schedule`).  Events known
only to an area (geo precision 3) or to a region (4) have no distance, nor have
events on a day with no layer in force; the filter "within N km of the front line"
says how many it leaves out for that reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from events.overlay_store import OverlayStore
from events.overlays import DEFAULT_MAX_DAYS, InForce, OverlayFeature, schedule
from geo.overlay_geometry import areas_within, distances_km, front_line, oblast_shape
from geo.overlay_map import clipped_features, overlay_payload

LOCATED = (1, 2)
"""Geo precisions with a position one can measure from (a place, or near it)."""

Periods = list[tuple[InForce, list[OverlayFeature]]]


def series_periods(
    store: OverlayStore, series: str, max_days: int = DEFAULT_MAX_DAYS, *, clip: bool = True
) -> Periods:
    """A series' layers with the days each is in force and its features (clipped to the
    map, the front line derived where the layer has none, when ``clip``)."""
    periods = schedule(store.layers(series), max_days)
    return [
        (
            period,
            clipped_features(store.features(period.layer.layer_id))
            if clip
            else store.features(period.layer.layer_id),
        )
        for period in periods
    ]


def map_payload(
    store: OverlayStore, series: Sequence[str], max_days: int = DEFAULT_MAX_DAYS
) -> dict:
    """The map component's overlays: every layer of each series once
    (:func:`geo.overlay_map.overlay_payload`)."""
    return overlay_payload(
        {name: series_periods(store, name, max_days) for name in series}, max_days
    )


class UnknownArea(ValueError):
    """An ``--within`` that names no oblast on the map."""


def area_by_class(store: OverlayStore, series: str, within: str) -> list[dict]:
    """One row per layer of ``series`` (superseded same-day layers left out): its date,
    km² of each class (dissolved) inside the oblast ``within``, and their total."""
    boundary = oblast_shape(within)
    if boundary is None:
        raise UnknownArea(f"no oblast {within!r} on the map")
    rows = []
    for period in schedule(store.layers(series)):
        areas = areas_within(store.features(period.layer.layer_id), boundary)
        rows.append(
            {
                "series": series,
                "date": period.layer.day.isoformat(),
                "layer_id": period.layer.layer_id,
                "areas_km2": areas,
                "total_km2": round(sum(areas.values()), 3),
            }
        )
    return rows


def area_frame(rows: list[dict]) -> pd.DataFrame:
    """:func:`area_by_class` rows as long data: date, class, km² (for the chart)."""
    records = [
        {"date": row["date"], "class": name, "km2": km2}
        for row in rows
        for name, km2 in row["areas_km2"].items()
    ]
    return pd.DataFrame(records, columns=["date", "class", "km2"])


@dataclass(frozen=True)
class FrontLines:
    """A reference series' front line per layer, and the days each is in force."""

    series: str
    periods: tuple[tuple[date, date, object], ...]  # (start, end, line or None)

    @classmethod
    def of(cls, store: OverlayStore, series: str, max_days: int = DEFAULT_MAX_DAYS) -> FrontLines:
        """The front lines of ``series`` (derived where a layer has no line)."""
        found = [
            (period.start, period.end, front_line(features))
            for period, features in series_periods(store, series, max_days)
        ]
        return cls(series, tuple(found))

    def distances(self, events: pd.DataFrame) -> pd.Series:
        """Each event's distance in km to the front line in force on its ``date_end``;
        NaN for events known only to an area or region, and on days with no layer."""
        out = pd.Series(np.nan, index=events.index, dtype=float)
        located = events["geo_precision"].isin(LOCATED).to_numpy()
        ends = pd.to_datetime(events["date_end"]).dt.date.to_numpy()
        for start, end, line in self.periods:
            if line is None:
                continue
            chosen = located & (ends >= start) & (ends <= end)
            if chosen.any():
                rows = events.loc[chosen]
                out[chosen] = distances_km(rows["longitude"], rows["latitude"], line)
        return out


def within_km(events: pd.DataFrame, distances: pd.Series, km: float) -> tuple[pd.DataFrame, int]:
    """The events within ``km`` of the front line, and how many have no distance (left
    out because their place is only an area, or no layer was in force)."""
    known = distances.notna()
    return events[known & (distances <= km)], int((~known).sum())
