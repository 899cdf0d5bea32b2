"""What the screen reads, cached: the store, its events, the map and the timeline of a view.

Each cache is keyed on the store's content version, so an import or an undo rebuilds
exactly what it changed.  Large frames are resources (shared read-only by every session,
never copied on a rerun); small results are data.  Callers never mutate what they get.
"""

from __future__ import annotations

import gc
import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from events import snapshot
from events.duplicates.index import DuplicateIndex
from events.store import Store
from events.timeline import bin_counts, spans
from events.timeline_chart import timeline_spec
from events.view import View, apply_filters, filter_choices
from geo.frame import FRAME_COLUMNS, Bounds, FrameCount, FrameIndex
from geo.layers import AGGREGATE_ABOVE, PAGE_COLUMNS, deck_payload, event_deck
from geo.map_buffers import area_features, cell_centres, event_buffers, window_cells
from geo.map_index import MapIndex
from geo.overlay_map import overlay_deck_layers, with_overlay
from geo.style import EVENT_COLOURS
from ui import overlay_data

COLOURS = {kind: "#{:02x}{:02x}{:02x}".format(*rgba[:3]) for kind, rgba in EVENT_COLOURS.items()}
"""Event type → CSS colour, for the legend and the timeline."""


@st.cache_resource
def open_store() -> Store:
    """One store (and connection pool) per server process."""
    return Store()


@st.cache_resource(show_spinner="Loading events…", max_entries=2)
def load_events(version: str) -> pd.DataFrame:
    """Every event, shared read-only by all sessions until the store's version changes
    (a resource, not data: a million rows are not copied on every rerun)."""
    frame = snapshot.load_events(open_store(), version)
    gc.unfreeze()  # what an older version left frozen can be collected now
    gc.collect()
    gc.freeze()  # long-lived from here on: the collector stops rescanning it on every rerun
    return frame


@st.cache_resource(show_spinner=False, max_entries=2)
def duplicate_index(version: str) -> DuplicateIndex:
    """The stored events as an import's probable-duplicate check reads them, built once
    per version (~0.1 s at a million events) when the Import page is shown; read-only."""
    return DuplicateIndex.from_events(load_events(version))


@st.cache_resource(show_spinner=False, max_entries=2)
def _event_positions(version: str) -> pd.Index:
    """Event id → row, so a selection is found without comparing a million ids."""
    return pd.Index(load_events(version)["event_id"])


def find_event(version: str, event_id: str) -> pd.Series | None:
    """The selected event's row, or None."""
    if not event_id:
        return None
    positions = _event_positions(version)
    if event_id not in positions:
        return None
    return load_events(version).iloc[positions.get_loc(event_id)]


@st.cache_data(show_spinner=False, max_entries=4)
def choices(version: str) -> dict[str, list[str]]:
    """The actors, districts and sources the filters offer, once per store version."""
    return filter_choices(load_events(version))


def map_json(version: str, view: View, tiles: str | None = None) -> str:
    """The map of a view (window, filters, camera, selection) as the JSON pydeck sends,
    over the online ``tiles`` provider's map if one is named (None: offline)."""
    overlay = None
    if view.overlay and view.end:  # the series' layer in force at the window's end
        overlay = _overlay_layer(view)
    return _deck_json(
        version, _key(view), view.selected, tiles, overlay["layer_id"] if overlay else None
    )


def _overlay_layer(view: View) -> dict | None:
    """The payload entry of the view's series in force at the window's end."""
    return overlay_data.in_force(
        overlay_data.overlay_version(), view.overlay, view.end, view.overlay_days
    )


@st.cache_data(show_spinner=False, max_entries=16)  # up to ~10 MB each with every dot drawn
def _deck_json(
    version: str, view_key: tuple, selected: str, tiles: str | None, overlay: str | None = None
) -> str:
    view = View.from_query_params(dict(view_key))
    deck = event_deck(
        _map_index(version, _key(view.filters())),
        window=(view.start, view.end),
        selected=selected,
        aggregate=False if view.points else None,
        camera=view.camera(),
        tiles=tiles,
    )
    if overlay is not None:
        layer = _overlay_layer(view)
        if layer is not None:
            with_overlay(deck, overlay_deck_layers(layer))
    return deck_payload(deck)


@st.cache_resource(show_spinner=False, max_entries=2)
def _map_index(version: str, filters_key: tuple) -> MapIndex:
    """The filtered events prepared once for the map of every window the slider asks for
    (~20 MB and a fraction of a second at a million events); read-only."""
    return MapIndex(_filtered(version, filters_key))


def rows_of(version: str, events: pd.DataFrame) -> pd.DataFrame:
    """The full rows of some events of :func:`filtered_events` (a few: the table's, the
    briefing's key events), from the store's frame by row label."""
    return load_events(version).loc[events.index]


def filtered_events(version: str, view: View) -> pd.DataFrame:
    """The events passing the view's filters (any window), with :data:`PAGE_COLUMNS`;
    shared read-only, so a slider move with a filter set copies nothing."""
    return _filtered(version, _key(view.filters()))


@st.cache_resource(show_spinner=False, max_entries=2)
def _filtered(version: str, filters_key: tuple) -> pd.DataFrame:
    """One copy of the page's columns per filter set (~0.1-0.4 s and ~180 MB for 900,000
    of a million events; none without a filter, as the columns are then the store's own).
    Two are kept, as two map indexes, which hold them."""
    view = View.from_query_params(dict(filters_key))
    filtered = apply_filters(load_events(version), view, columns=PAGE_COLUMNS)
    if view.front_km is None or not view.overlay:
        return filtered
    far = front_distances(version, view).loc[filtered.index]
    return filtered[(far <= view.front_km).to_numpy()]


def briefing_events(version: str, view: View) -> pd.DataFrame:
    """The events a briefing of ``view`` starts from: all, or with the front-line filter
    only those within its distance (the briefing applies the other filters itself)."""
    if view.front_km is None or not view.overlay:
        return load_events(version)
    key = (view.overlay, view.overlay_days, view.front_km)
    return _near_front(version, overlay_data.overlay_version(), key)


@st.cache_resource(show_spinner=False, max_entries=2)
def _near_front(version: str, overlays_version: str, key: tuple) -> pd.DataFrame:
    """The stored events within ``key``'s km of its series' front line; read-only."""
    overlay, days, km = key
    view = View(overlay=overlay, overlay_days=days, front_km=km)
    events = load_events(version)
    return events[(front_distances(version, view) <= km).to_numpy()]


def front_distances(version: str, view: View) -> pd.Series:
    """Every stored event's distance in km to the front line of the view's overlay
    series in force on its end date (NaN: none); read-only."""
    return overlay_data.distances(
        version,
        overlay_data.overlay_version(),
        view.overlay,
        view.overlay_days,
        load_events(version),
    )


def off_frame(version: str, view: View, frame: Bounds) -> FrameCount:
    """The events of a view (window and filters) that the map's ``frame`` leaves out
    (:func:`geo.frame.count_outside`)."""
    window = replace(view.filters(), start=view.start, end=view.end)
    return _off_frame(version, _key(window), frame)


@st.cache_data(show_spinner=False, max_entries=32)
def _off_frame(version: str, view_key: tuple, frame: Bounds) -> FrameCount:
    view = View.from_query_params(dict(view_key))
    filters_key = _key(view.filters())
    positions = _map_index(version, filters_key).positions(view.start, view.end)
    outside = _outside(version, filters_key, frame)
    return _frame_index(version, filters_key).count(outside, positions)


@st.cache_resource(show_spinner=False, max_entries=2)
def _frame_index(version: str, filters_key: tuple) -> FrameIndex:
    """The filtered events prepared once for counting what any frame leaves out, in
    the order of the map index's positions (~0.1 s at a million events); read-only."""
    rows = _filtered(version, filters_key).index
    return FrameIndex(load_events(version).loc[rows, list(FRAME_COLUMNS)])


@st.cache_resource(show_spinner=False, max_entries=4)
def _outside(version: str, filters_key: tuple, frame: Bounds) -> np.ndarray:
    """Which filtered events ``frame`` leaves out (one pass per camera); read-only."""
    return _frame_index(version, filters_key).outside(frame)


def timeline_chart(version: str, view: View) -> dict:
    """The timeline's Vega-Lite spec for a view: the filter set's data, this window shaded."""
    return _timeline(version, _key(view))


@st.cache_data(show_spinner=False, max_entries=64)
def _timeline(version: str, view_key: tuple) -> dict:
    view = View.from_query_params(dict(view_key))
    counts, wide = _timeline_data(version, _key(view.filters()))
    return timeline_spec(counts, wide, (view.start, view.end), COLOURS)


@st.cache_resource(show_spinner=False, max_entries=16)
def _timeline_data(version: str, filters_key: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly counts and wide ranges of the filtered events: the same for every window, so
    computed once per filter set (binning a million dates is not free); read-only."""
    filtered = _filtered(version, filters_key)
    return bin_counts(filtered), spans(filtered)


def _key(view: View) -> tuple:
    """A small hashable key for a view (the selection is a separate argument); with the
    front-line filter, the control layers' version too (it selects events then)."""
    items = sorted(replace(view, selected="").to_query_params().items())
    if view.front_km is not None and view.overlay:
        items.append(("overlays_version", overlay_data.overlay_version()))
    return tuple(items)


@dataclass(frozen=True)
class MapBuffers:
    """A filter set's events as the map component draws them (:mod:`geo.map_buffers`)."""

    key: str
    table: pa.Table
    areas_json: str
    """The areas' GeoJSON features (:func:`geo.map_buffers.area_features`) as JSON text."""
    cells_json: str
    """The grid cells' centres (:func:`geo.map_buffers.cell_centres`) as JSON text."""


@st.cache_resource(show_spinner=False, max_entries=2)
def _map_buffers(version: str, filters_key: tuple) -> MapBuffers:
    index = _map_index(version, filters_key)
    digest = hashlib.sha1(repr(filters_key).encode()).hexdigest()[:12]
    return MapBuffers(
        key=f"{version}-{digest}",
        table=event_buffers(index),
        areas_json=json.dumps(area_features(index)),
        cells_json=json.dumps(cell_centres(index)),
    )


def map_buffers(version: str, view: View) -> MapBuffers:
    """The events of the view's filter set (any window) as columns for the browser, built
    once per store version and filter set; read-only."""
    return _map_buffers(version, _key(view.filters()))


@st.cache_data(show_spinner=False, max_entries=8)
def _map_cells(version: str, filters_key: tuple, start: date, end: date) -> dict | None:
    return window_cells(_map_index(version, filters_key), start, end, above=AGGREGATE_ABOVE)


def map_cells(version: str, window: View) -> dict | None:
    """The cells of ``window`` (a view with its dates set) when the map draws cells
    (:func:`geo.map_buffers.window_cells`), else None."""
    return _map_cells(version, _key(window.filters()), window.start, window.end)


@st.cache_data(show_spinner=False, max_entries=16)
def _map_row(version: str, filters_key: tuple, event_id: str) -> int | None:
    frame = _map_index(version, filters_key).frame
    rows = np.flatnonzero((frame["event_id"] == event_id).to_numpy(dtype=bool, na_value=False))
    return int(rows[0]) if len(rows) else None


def map_row(version: str, view: View) -> int | None:
    """The selected event's row in :func:`map_buffers` (None: none selected, or filtered out)."""
    if not view.selected:
        return None
    return _map_row(version, _key(view.filters()), view.selected)
