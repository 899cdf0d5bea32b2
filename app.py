"""sitmap — the situation map screen: a time window, the map of events in it, and the table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from events.store import Store
from events.timeline import data_span, overlapping
from geo.layers import event_deck

TABLE_COLUMNS = [
    "event_id",
    "date_start",
    "date_end",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin2",
    "geo_precision",
    "fatalities",
    "source",
]


@st.cache_resource
def open_store() -> Store:
    """One store (and connection pool) per server process."""
    return Store()


@st.cache_data(show_spinner=False)
def load_events(version: str) -> pd.DataFrame:
    """Every event; cached until the store's content version changes."""
    return open_store().events()


def show_table(frame: pd.DataFrame) -> None:
    """The events in the window, as plain text cells."""
    st.dataframe(
        frame[TABLE_COLUMNS],
        hide_index=True,
        width="stretch",
        column_config={
            "date_start": st.column_config.DateColumn("from", format="YYYY-MM-DD"),
            "date_end": st.column_config.DateColumn("to", format="YYYY-MM-DD"),
            "geo_precision": st.column_config.NumberColumn("geo prec."),
        },
    )


st.set_page_config(page_title="sitmap — Kursk front", page_icon="🗺️", layout="wide")
st.title("sitmap — Kursk front")

try:
    store = open_store()
    events = load_events(store.version())
except Exception as exc:  # a broken database URL or file must not show a traceback
    st.error(f"The event store could not be opened ({type(exc).__name__}). Check the database URL.")
    st.stop()

span = data_span(events)
if span is None:
    st.info("The store holds no events yet. Run `make seed` or `sitmap import FILE`.")
    st.stop()

start, end = st.slider(
    "Time window", min_value=span[0], max_value=span[1], value=span, key="window"
)
shown = overlapping(events, start, end)
st.caption(f"Showing {len(shown)} of {len(events)} events, {start:%-d %b %Y} – {end:%-d %b %Y}")

st.pydeck_chart(event_deck(shown), key="map", height=560)
show_table(shown)
