"""The situation map's map column: the map itself (the project's component offline,
pydeck's over online tiles), what it cannot draw (region-level events, events off its
frame) and the front-line filter's note."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from events.timeline import overlapping
from events.view import View
from events.vocabulary import NO_POSITION
from geo.frame import default_camera, frame_bounds
from ui import data, map_component, overlay_panels, panels, state
from ui.deck import PrebuiltDeck


def map_column(
    version: str,
    window: View,
    span: tuple[date, date],
    shown: pd.DataFrame,
    *,
    tiles: str | None,
    briefing: bool,
    cells: bool = False,
) -> None:
    """The map of ``window`` (a view with its dates set) over the store's ``span``, and
    the lines under it about the ``shown`` events it cannot place; ``tiles`` is an online
    provider (None: offline: the map component, whose data :func:`ui.map_component.map_data`
    sent). With ``cells`` (a full run, which sends the map's data again) the window's
    cells go with the view, if the map draws cells."""
    height = panels.BRIEFING_MAP_HEIGHT_PX if briefing else panels.MAP_HEIGHT_PX
    size = (panels.MAP_WIDTH_PX, height)
    if tiles is None:  # the map component: events sent once, the window moved in the browser
        size = (state.map_width(panels.MAP_WIDTH_PX), height)
        map_component.event_map(
            version, window, span, width=size[0], height=height, controls=not briefing,
            cells=data.map_cells(version, window) if cells else None,
        )  # fmt: skip
    else:  # online tiles: pydeck's map over MapLibre
        picked = st.pydeck_chart(
            PrebuiltDeck(data.map_json(version, window, tiles)),
            key="map",
            height=size[1],
            on_select="rerun",
            selection_mode="single-object",
        )
        if state.take_new_pick("map", panels.picked_event(picked)):
            st.rerun()  # redraw the map with the pick marked
    unmapped = int((shown["geo_precision"] == NO_POSITION).sum())
    if unmapped:
        st.caption(
            f"{unmapped} event(s) in view are known only to a region or country: "
            "not on the map; they are in the table and the timeline."
        )
    frame = frame_bounds(window.camera() or default_camera(), *size)
    panels.off_the_map(
        data.off_frame(version, window, frame),
        size,
        camera_set=window.camera() is not None,
        controls=not briefing,
    )
    if window.overlay and window.front_km is not None:
        unfiltered = replace(window, front_km=None)
        every = overlapping(data.filtered_events(version, unfiltered), window.start, window.end)
        overlay_panels.filter_note(every, data.front_distances(version, window), window.front_km)
