"""The situation map as the project's own Streamlit component (st.components.v2).

The browser side is ui/map_frontend (deck.gl, built by ``make frontend`` into
sitmap/map_bundle/map.js, which is committed and served by path).  It is mounted for
four things, so that what is big travels once:

- the basemap's layers, the same in every run;
- a control series' layers (:mod:`ui.overlay_data`), the same until another is chosen;
- the filter set's events as Arrow columns (:mod:`geo.map_buffers`), the same until the
  store or the filters change: Streamlit's message cache then spares the browser the
  bytes on every rerun, and the browser decodes them once per key;
- the view: window, span, selection, camera, size, a few hundred bytes.

What is not a table goes as JSON text written once, where the element is built and cached
(``layers_json``, ``areas_json``, ``cells_json``): Streamlit JSON-encodes an element's data
on every run, twice (for the message and for the element's identity), and nested data cost
a rerun 0.19 s for a 45-layer control series that way (profiled; a rerun with the series
went 0.38-0.51 s -> 0.18 s), where a text is only copied.

Dragging the window, playing it back, hovering and panning happen in the browser; a
release (or a pause), a pick and the camera (debounced) come back as trigger values,
which the callbacks here put in the session state before the rerun draws the rest.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import streamlit as st

from events.view import View
from geo.basemap import view_state
from geo.layers import AGGREGATE_ABOVE, basemap_specs
from geo.map_buffers import buffer_meta, day_number
from ui import data, state

COMPONENT = "sitmap.map"
_mount = st.components.v2.component(COMPONENT, js="map.js", isolate_styles=False)
VIEW_KEY = "sitmap_map"


@st.cache_resource(show_spinner=False)
def _basemap() -> dict:
    """The basemap element's data, built once per process; read-only."""
    layers = basemap_specs()
    digest = hashlib.sha1(json.dumps(layers, sort_keys=True).encode()).hexdigest()[:12]
    return {"role": "basemap", "key": digest, "layers_json": json.dumps(layers)}


def _on_window() -> None:
    first, last = st.session_state[VIEW_KEY]["window"]
    st.session_state[state.WINDOW] = (date.fromisoformat(first), date.fromisoformat(last))


def _on_pick() -> None:
    state.take_new_pick("map", st.session_state[VIEW_KEY]["pick"])


def _on_camera() -> None:
    longitude, latitude, zoom = st.session_state[VIEW_KEY]["camera"]
    state.set_camera((float(longitude), float(latitude), float(zoom)))


def _on_width() -> None:
    st.session_state[state.MAP_WIDTH] = int(st.session_state[VIEW_KEY]["width"])


def map_data(version: str, view: View, overlay: dict | None = None) -> None:
    """The map's big, window-free elements: the basemap, a control series' element
    (:func:`ui.overlay_data.component_element`, or None) and ``view``'s filter set's events.
    They depend on the store, the filters and the series, never on the window: the page
    mounts them outside its window fragment, so that a window change does not rebuild
    them (at a million events Streamlit spent ~0.45 s of every rerun turning the 55 MB
    events element into a message, only for its cache to spare the bytes)."""
    buffers = data.map_buffers(version, view)
    _mount(key="sitmap_basemap", data=_basemap(), height="content")
    _mount(
        key="sitmap_overlay",
        data=overlay or {"role": "overlay", "key": "none", "layers_json": "[]"},
        height="content",
    )
    _mount(
        key="sitmap_events",
        data={
            "role": "events",
            "key": buffers.key,
            "table": buffers.table,
            "areas_json": buffers.areas_json,
            "cells_json": buffers.cells_json,
            "meta": buffer_meta(),
        },
        height="content",
    )


def event_map(
    version: str,
    view: View,
    span: tuple[date, date],
    *,
    width: int,
    height: int,
    controls: bool = True,
    cells: dict | None = None,
) -> None:
    """The map of ``view`` (its filters, window, selection and camera) over the store's
    ``span`` of dates, ``height`` pixels tall and, as far as the server knows, ``width``
    wide (the browser sends its real width when it differs: the frame that counts the
    events left off the map, :func:`geo.frame.frame_bounds`, needs it); with ``controls``
    the window's brush and playback above it (not in a briefing).  It draws what
    :func:`map_data` sent: the events of ``view``'s filter set and the control series'
    layer in force at the window's end under them; until those events have arrived, the
    window's ``cells`` if given (:func:`geo.map_buffers.window_cells`)."""
    buffers_key = data.map_buffers(version, view).key
    camera = view.camera()
    _mount(
        key=VIEW_KEY,
        data={
            "role": "view",
            "dataset": buffers_key,
            "window": [day_number(view.start or span[0]), day_number(view.end or span[1])],
            "span": [day_number(span[0]), day_number(span[1])],
            "selected_row": data.map_row(version, view),
            "camera": list(camera) if camera is not None else None,
            "initial_view": json.loads(view_state().to_json()),
            "height": height,
            "width": width,
            "width_cookie": state.WIDTH_COOKIE,
            "controls": controls,
            "aggregate_above": None if view.points else AGGREGATE_ABOVE,
            "lean_above": AGGREGATE_ABOVE,
            "cells": cells,
        },
        height="content",
        on_window_change=_on_window,
        on_pick_change=_on_pick,
        on_camera_change=_on_camera,
        on_width_change=_on_width,
    )
