"""A View: the time window and filters an analyst is looking at, as one small value.

The dashboard, the briefing and the CLI all take a View; it round-trips through URL
query parameters so a copied link reopens the same view.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date

import pandas as pd

from events.actors import actor_choices, canonical_actors
from events.vocabulary import NO_POSITION

_LISTS = ("event_types", "sub_event_types", "actors", "districts", "sources")


@dataclass(frozen=True)
class View:
    """What is shown: window, filters, selected event and map camera."""

    start: date | None = None
    end: date | None = None
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    max_geo_precision: int = NO_POSITION
    """The vaguest place shown; the default shows every event, those with no map position
    too.  (Links from before precision 4 existed never wrote the then-default 3, so they
    still mean every event; a 1 or a 2 in them means what it meant.)"""
    max_time_precision: int = 4
    text: str = ""
    points: bool = False
    """Draw every located event as a dot, never as aggregated cells."""
    selected: str = ""
    overlay: str = ""
    """The control-layer series drawn under the events and measured against ("": none)."""
    overlay_days: int = 30
    """How long a layer of that series stays in force without a later one."""
    front_km: float | None = None
    """Only events within this many km of the series' front line (None: no such filter)."""
    lat: float | None = None
    lon: float | None = None
    zoom: float | None = None

    def camera(self) -> tuple[float, float, float] | None:
        """(longitude, latitude, zoom) when the view names a map camera, else None."""
        if self.lat is None or self.lon is None:
            return None
        return (self.lon, self.lat, self.zoom if self.zoom is not None else 8.0)

    def filters(self) -> View:
        """Only what selects events: no window, selection, camera or drawing choice (the
        overlay series only when the front-line filter measures against it)."""
        view = replace(
            self, start=None, end=None, selected="", points=False, lat=None, lon=None, zoom=None
        )
        if self.front_km is None or not self.overlay:
            view = replace(view, overlay="", overlay_days=30, front_km=None)
        return view

    def to_query_params(self) -> dict[str, str]:
        """The view as URL query parameters (defaults left out, lists joined with '|')."""
        default = View()
        params: dict[str, str] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value == getattr(default, field.name):
                continue
            if field.name in _LISTS:
                params[field.name] = "|".join(value)
            elif isinstance(value, date):
                params[field.name] = value.isoformat()
            else:
                params[field.name] = str(value)
        return params

    @classmethod
    def from_query_params(cls, params: Mapping[str, str]) -> View:
        """Read a view back from query parameters; unreadable values fall back to defaults."""
        view = cls()
        for field in fields(cls):
            text = params.get(field.name)
            if text is None or text == "":
                continue
            try:
                value = _parse(field.name, str(text))
            except ValueError:
                continue
            view = replace(view, **{field.name: value})
        return view


def _parse(name: str, text: str) -> object:
    if name in _LISTS:
        return tuple(part for part in text.split("|") if part)
    if name in ("start", "end"):
        return date.fromisoformat(text)
    if name in ("max_geo_precision", "max_time_precision"):
        return int(text)
    if name == "overlay_days":
        return min(max(int(text), 1), 3650)
    if name in ("lat", "lon", "zoom"):
        return float(text)
    if name == "front_km":
        value = float(text)
        if not 0 <= value < 10_000:
            raise ValueError(text)
        return value
    if name == "points":
        if text not in ("True", "False"):
            raise ValueError(text)
        return text == "True"
    return text[:200]


def apply_filters(
    frame: pd.DataFrame, view: View, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """The events that pass every filter of the view (the window is applied elsewhere),
    with only ``columns`` when given (the others are not copied)."""
    mask = pd.Series(True, index=frame.index)
    if view.event_types:
        mask &= frame["event_type"].isin(view.event_types)
    if view.sub_event_types:
        mask &= frame["sub_event_type"].isin(view.sub_event_types)
    if view.districts:
        mask &= frame["admin2"].isin(view.districts)
    if view.actors:
        wanted = set(view.actors)
        mask &= canonical_actors(frame).map(lambda names: bool(wanted & names)).astype(bool)
    if view.sources:
        mask &= frame["source"].fillna("").map(lambda s: any(x in s for x in view.sources))
    mask &= frame["geo_precision"].fillna(3) <= view.max_geo_precision
    mask &= frame["time_precision"].fillna(4) <= view.max_time_precision
    if view.text.strip():
        needle = view.text.strip().casefold()
        haystack = frame["notes"].fillna("") + " " + frame["location"].fillna("")
        mask &= haystack.str.casefold().str.contains(needle, regex=False)
    mask = mask.astype(bool)
    if mask.all():  # nothing filtered out: no copy of a million rows (callers never mutate)
        return frame if columns is None else frame[list(columns)]
    return frame.loc[mask] if columns is None else frame.loc[mask, list(columns)]


def filter_choices(frame: pd.DataFrame) -> dict[str, list[str]]:
    """What the actor, district and source filters offer: everything in the frame, sorted."""
    sources = {
        part.strip() for cell in frame["source"].dropna().unique() for part in cell.split(";")
    }
    return {
        "actors": actor_choices(frame),
        "districts": sorted(frame["admin2"].dropna().unique()),
        "sources": sorted(s for s in sources if s),
    }
