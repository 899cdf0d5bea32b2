"""What the screen reads of the control layers, cached by the layers' own version.

The layers live in the event store's database (:mod:`events.overlay_store`); their
version changes on every import or undo of a layer, and every cache here is keyed on
it, so a new layer shows on the next rerun and nothing is recomputed otherwise.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import streamlit as st

from events.overlay_store import OverlayStore
from events.overlays import OverlayLayer, schedule
from events.store import Store
from events.view import View
from geo.overlay_map import component_layers
from sitmap.overlay_analysis import (
    BriefingOverlay,
    FrontLines,
    area_by_class,
    area_frame,
    briefing_overlay,
    layer_payload_in_force,
    map_payload,
)


@st.cache_resource
def open_overlays() -> OverlayStore:
    """The layers of the configured database (one engine per server process)."""
    return OverlayStore(Store().engine)


def overlay_version() -> str:
    """The layers' content version (one small query a rerun)."""
    return open_overlays().version()


@st.cache_data(show_spinner=False, max_entries=4)
def series_names(version: str) -> list[str]:
    """The series in the store."""
    return open_overlays().series()


@st.cache_data(show_spinner=False, max_entries=8)
def layers(version: str, series: str | None = None) -> list[OverlayLayer]:
    """The stored layers (of one series), by series, day and stamp."""
    return open_overlays().layers(series)


@st.cache_resource(show_spinner="Preparing the control layers…", max_entries=2)
def payload(version: str, series: str, max_days: int) -> dict:
    """Every layer of ``series`` once, clipped to the map, with the days each is in
    force (:func:`sitmap.overlay_analysis.map_payload`): what the map component will
    take.  Read-only."""
    return map_payload(open_overlays(), [series], max_days)


@st.cache_resource(show_spinner=False, max_entries=2)
def component_element(version: str, series: str | None, max_days: int) -> dict:
    """The map component's overlay element: every layer of ``series`` once, with the
    days each is in force (:func:`geo.overlay_map.component_layers`); with no series, an
    empty one.  Its bytes depend only on its arguments, so Streamlit's message cache
    spares them on a rerun that only moves the window.  The layers go as JSON text, written
    once (why: :mod:`ui.map_component`).  Read-only."""
    key = f"{version}-{series}-{max_days}" if series else "none"
    layers = component_layers(payload(version, series, max_days)) if series else []
    return {"role": "overlay", "key": key, "layers_json": json.dumps(layers)}


def in_force(version: str, series: str, day: date, max_days: int) -> dict | None:
    """The payload entry of the layer of ``series`` in force on ``day`` (None: none),
    computed once per layer however many days and sessions ask.  Read-only."""
    for period in schedule(layers(version, series), max_days):
        if period.start <= day <= period.end:
            return _layer_entry(version, series, period.layer.layer_id, max_days, day)
    return None


@st.cache_resource(show_spinner=False, max_entries=16)
def _layer_entry(version: str, series: str, layer_id: str, max_days: int, _day: date) -> dict:
    # keyed by the layer (and the days, which set its period): any day of it gives it
    return layer_payload_in_force(open_overlays(), series, _day, max_days)


@st.cache_data(show_spinner=False, max_entries=8)
def areas(version: str, series: str, admin1: str) -> pd.DataFrame:
    """Area by class within ``admin1`` per layer of ``series``, as long data."""
    return area_frame(area_by_class(open_overlays(), series, admin1))


@st.cache_resource(show_spinner=False, max_entries=4)
def front_lines(version: str, series: str, max_days: int) -> FrontLines:
    """The front line of each layer of ``series`` (derived where it has none); read-only."""
    return FrontLines.of(open_overlays(), series, max_days)


@st.cache_resource(show_spinner="Measuring distances to the front line…", max_entries=2)
def distances(
    events_version: str, version: str, series: str, max_days: int, _events: pd.DataFrame
) -> pd.Series:
    """Each event's distance in km to the front line in force on its end date (NaN: no
    position, or no layer); ``_events`` are the store's events at ``events_version``.
    Read-only."""
    return front_lines(version, series, max_days).distances(_events)


def briefing_layer(version: str, view: View) -> BriefingOverlay | None:
    """The control layer a briefing of ``view`` draws (its series' layer in force at
    the window's end), or None when the view shows no series."""
    if not view.overlay or view.end is None:
        return None
    return _briefing_layer(version, view.overlay, view.end, view.overlay_days)


@st.cache_resource(show_spinner=False, max_entries=8)
def _briefing_layer(version: str, series: str, day, max_days: int) -> BriefingOverlay:
    return briefing_overlay(open_overlays(), series, day, max_days)
