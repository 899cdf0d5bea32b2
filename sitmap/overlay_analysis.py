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
from events.overlays import DEFAULT_MAX_DAYS, InForce, OverlayFeature, no_layer_note, schedule
from geo.overlay_geometry import areas_within, distances_km, front_line, oblast_shape
from geo.overlay_map import clipped_features, overlay_payload, payload_layer

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


def layer_payload_in_force(
    store: OverlayStore, series: str, day: date, max_days: int = DEFAULT_MAX_DAYS
) -> dict | None:
    """The payload entry (:func:`geo.overlay_map.payload_layer`) of the layer of
    ``series`` in force on ``day``, or None: one layer read and clipped, not the series."""
    for period in schedule(store.layers(series), max_days):
        if period.start <= day <= period.end:
            features = clipped_features(store.features(period.layer.layer_id))
            return payload_layer(period, features)
    return None


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
    """:func:`area_by_class` rows as long data: date, class, km² (for the chart); a
    class a layer does not have is 0 km² on that layer's date."""
    classes = sorted({name for row in rows for name in row["areas_km2"]})
    records = [
        {"date": row["date"], "class": name, "km2": row["areas_km2"].get(name, 0.0)}
        for row in rows
        for name in classes
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


@dataclass(frozen=True)
class BriefingOverlay:
    """The control layer a briefing draws: its series, day and source and its features
    (clipped to the map); or, with no ``day``, a series with no layer in force."""

    series: str
    day: date | None = None
    source: str = ""
    features: tuple[OverlayFeature, ...] = ()
    note: str = ""
    """What the legend says when no layer is in force ("no layer within N days")."""

    def caption(self) -> str:
        """The legend's heading and the attribution's line for the layer."""
        if self.day is None:
            return self.note
        return f"Control: {self.series}, {self.day:%-d %b %Y} (source: {self.source})"


def briefing_overlay(
    store: OverlayStore, series: str, day: date, max_days: int = DEFAULT_MAX_DAYS
) -> BriefingOverlay:
    """The layer of ``series`` in force on ``day`` (a briefing's window end), clipped to
    the map; or the series with the note that none is."""
    for period in schedule(store.layers(series), max_days):
        if period.start <= day <= period.end:
            layer = period.layer
            features = clipped_features(store.features(layer.layer_id))
            return BriefingOverlay(series, layer.day, layer.source, tuple(features))
    return BriefingOverlay(series, note=no_layer_note(series, max_days))
