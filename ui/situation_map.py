"""The main screen: filters, the time window, timeline, map, legend, detail and table.

The part that follows the window, the selection and the camera is a fragment, so that a
window change reruns it alone; the filters and the map's data elements are outside it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from events.timeline import data_span, overlapping
from geo.basemap import ATTRIBUTION
from ui import (
    briefing_panels,
    data,
    map_component,
    overlay_data,
    overlay_panels,
    panels,
    state,
)
from ui.data import COLOURS
from ui.map_column import map_column


def situation_map(events: pd.DataFrame, version: str, tiles: str | None) -> None:
    """The main screen: filters, time window, timeline, map, legend, detail and table, for
    the store's ``events`` at content ``version`` (the key of every cached view of them),
    the map over the online ``tiles`` provider's map if one is named (None: offline)."""
    span = data_span(events)
    if span is None:
        st.title("sitmap — Kursk front")
        st.info(
            "The store holds no events yet. Import a file on the Import page, run `make seed`, "
            "or `sitmap import FILE`."
        )
        return

    url_view = state.start_view(span)
    overlays = overlay_data.overlay_version()
    title_col, toggle_col = st.columns([5, 1], vertical_alignment="center")
    title_col.title("sitmap — Kursk front")
    briefing = toggle_col.toggle("Briefing mode", key=state.BRIEFING)
    if not briefing:
        with st.sidebar:
            panels.filters(data.choices(version))
            overlay_panels.controls(overlays)
    state.mark_full_run()
    window_dependent(events, version, tiles, span, overlays, briefing)
    if tiles is None:
        view = state.current_view(url_view)
        map_component.map_data(
            version, view, overlay_data.component_element(overlays, view.overlay, view.overlay_days)
        )


@st.fragment
def window_dependent(
    events: pd.DataFrame,
    version: str,
    tiles: str | None,
    span: tuple[date, date],
    overlays: str,
    briefing: bool,
) -> None:
    """Everything on the main screen that follows the time window, the selection or the
    camera: a fragment, so that a window change (the map's release, a quick-window button,
    a pick) reruns it alone. The filters in the sidebar, and the map's data
    (:func:`ui.map_component.map_data`), depend on none of these and stay as they were.
    The view is read again here, since a fragment's rerun runs nothing outside it (and a
    briefing's full run drops the state of the filters it does not show)."""
    url_view = state.start_view(span)
    view = state.current_view(url_view)
    start, end = view.start or span[0], view.end or span[1]
    window = replace(view, start=start, end=end)
    matching = data.filtered_events(version, view)
    shown = overlapping(matching, start, end)

    # "of" the same events as the map's own count line: those the filters let through
    filtered = f" (filters on: {len(events)} in the store)" if len(matching) < len(events) else ""
    st.caption(
        f"Showing {len(shown)} of {len(matching)} events{filtered} · window "
        f"{start:%-d %b %Y} – {end:%-d %b %Y} · as of {date.today():%-d %b %Y} · data version "
        f"{version}"
    )
    if not briefing and tiles is None:  # the map's own brush and playback do the rest
        panels.quick_windows(span)
    elif not briefing:
        panels.time_controls(span)
    timeline = data.timeline_chart(version, window)
    # the charts above the map are filled after it: the map's elements reach the browser
    # first, and its script starts before Vega renders the charts (docs/performance.md)
    charts = st.container()

    map_col, side_col = st.columns([2.2, 1], gap="medium")
    with map_col:
        full_run = state.take_full_run()
        map_column(version, window, span, shown, tiles=tiles, briefing=briefing, cells=full_run)
    if not briefing:
        with charts:
            st.vega_lite_chart(spec=timeline, width="stretch")
            overlay_panels.area_chart(overlays, window, (start, end), span)
    with side_col:
        panels.legend(COLOURS, list(shown["event_type"].unique()), how_to_zoom=not briefing)
        overlay_panels.legend(overlays, window)
        if briefing:
            briefing_panels.key_events_list(version, shown)
        with st.popover("Export this briefing", width="stretch"):
            briefing_panels.briefing_export(version, view, overlays)
        if not briefing:
            chosen = data.find_event(version, st.session_state[state.SELECTED])
            panels.detail(chosen, f"batch {chosen['batch_id']}" if chosen is not None else "")
            overlay_panels.distance_line(overlays, window, chosen)

    if briefing:
        st.vega_lite_chart(spec=timeline, width="stretch")
    if shown.empty:
        st.warning(
            "No event in this window with these filters. Widen the window or clear a filter."
        )
    elif not briefing and state.take_new_pick(
        "table", panels.table(data.rows_of(version, panels.latest(shown)), len(shown))
    ):
        st.rerun(scope="fragment")
    st.caption(ATTRIBUTION)
    state.write_url(state.current_view(url_view))
    if st.session_state.get(state.PLAYING):
        st.fragment(lambda: panels.advance_playback(span), run_every=panels.playback_interval())()
