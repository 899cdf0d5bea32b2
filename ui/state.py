"""The screen's state: a few named session keys, read from and written to the URL.

The URL is the source of truth for a shared view: on the first run the keys are
filled from the query parameters, and after every run the current View is written
back, so a copied link reopens the same window, filters and selected event.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from events.view import View

# Widget keys (session state) and the View field each one holds.
KEYS = {
    "event_types": "event_types",
    "sub_event_types": "sub_event_types",
    "actors": "actors",
    "districts": "districts",
    "sources": "sources",
    "max_geo_precision": "max_geo_precision",
    "max_time_precision": "max_time_precision",
    "text": "text",
    "points": "points",
    "overlay": "overlay",
    "overlay_days": "overlay_days",
    "front_km": "front_km",
}
WINDOW = "window"
SELECTED = "selected"
BRIEFING = "briefing"
PLAYING = "playing"
CAMERA = "camera"
"""The map's camera as (longitude, latitude, zoom), each None for the opening view."""
MAP_WIDTH = "map_width"
"""The map's width in pixels as the browser measured it (its column's width), once known."""
WIDTH_COOKIE = "sitmap_map_width"
"""The cookie in which the map component keeps its width for the next page load."""
WIDTHS = range(200, 8001)
"""The widths in pixels taken from that cookie (anything else in it is ignored)."""
FULL_RUN = "full_run"
"""Set by a full run of the main screen, taken by its window fragment (:func:`take_full_run`)."""


def start_view(span: tuple[date, date]) -> View:
    """The view at the start of this run: session state, else the URL, else defaults."""
    url_view = View.from_query_params(st.query_params.to_dict())
    if WINDOW not in st.session_state:
        start = _clip(url_view.start or span[0], span)
        end = _clip(url_view.end or span[1], span)
        st.session_state[WINDOW] = (min(start, end), max(start, end))
    for key, name in KEYS.items():
        if key not in st.session_state:
            value = getattr(url_view, name)
            st.session_state[key] = list(value) if isinstance(value, tuple) else value
    if SELECTED not in st.session_state:
        st.session_state[SELECTED] = url_view.selected
    if CAMERA not in st.session_state:
        st.session_state[CAMERA] = (url_view.lon, url_view.lat, url_view.zoom)
    return url_view


def _clip(day: date, span: tuple[date, date]) -> date:
    return min(max(day, span[0]), span[1])


def current_view(url_view: View) -> View:
    """The View the widgets and the map's camera now show (``url_view``: the view
    :func:`start_view` read from the URL, for anything else it holds)."""
    start, end = st.session_state[WINDOW]
    values = {
        name: tuple(st.session_state[key])
        if isinstance(st.session_state[key], list)
        else st.session_state[key]
        for key, name in KEYS.items()
    }
    longitude, latitude, zoom = st.session_state[CAMERA]
    return replace(
        url_view,
        start=start,
        end=end,
        selected=st.session_state[SELECTED] or "",
        lon=longitude,
        lat=latitude,
        zoom=zoom,
        **values,
    )


def map_width(default: int) -> int:
    """The map's width in pixels: as the browser reported it in this session, else as it
    kept it in its cookie on an earlier page load (the page then needs no rerun to tell
    the server), else ``default``."""
    if MAP_WIDTH in st.session_state:
        return int(st.session_state[MAP_WIDTH])
    return kept_width(str(st.context.cookies.get(WIDTH_COOKIE, ""))) or default


def kept_width(text: str) -> int | None:
    """The width in the map's cookie, if it holds one: ASCII digits, in :data:`WIDTHS`
    (a cookie is the browser's to write, so anything else is ignored)."""
    return int(text) if text.isascii() and text.isdigit() and int(text) in WIDTHS else None


def set_camera(camera: tuple[float, float, float] | None) -> None:
    """Point the map's camera at (longitude, latitude, zoom), or back at the basemap's
    opening view (None); the end of the run puts it in the URL (:func:`write_url`)."""
    st.session_state[CAMERA] = camera or (None, None, None)


def write_url(view: View) -> None:
    """Put the view in the URL (only when it changed, to avoid needless history entries)."""
    params = view.to_query_params()
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def mark_full_run() -> None:
    """Note that the whole main screen is running (not its window fragment alone): the map's
    data elements are sent again in this run."""
    st.session_state[FULL_RUN] = True


def take_full_run() -> bool:
    """Whether this run of the window fragment is part of a full run (:func:`mark_full_run`);
    true once per full run."""
    return bool(st.session_state.pop(FULL_RUN, False))


def take_new_pick(source: str, event_id: str | None) -> bool:
    """Select an event picked on the map or in the table, if it is a new pick there.

    Each widget keeps its own selection across reruns; only a change in what *that*
    widget picked selects a new event, so the map and the table never fight over it.
    """
    key = f"last_pick_{source}"
    if not event_id or event_id == st.session_state.get(key):
        return False
    st.session_state[key] = event_id
    st.session_state[SELECTED] = event_id
    return True
