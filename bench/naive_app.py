"""The naive dashboard the bench compares against: all rows, all columns, as JSON.

Loads every column of every event with a plain ``SELECT *``, filters by the window
slider and hands pydeck one ScatterplotLayer with the window's full records.
Run only by the bench (AppTest and headless Chromium), never by the app.
"""

from __future__ import annotations

import json
import os
import sqlite3

import pandas as pd
import pydeck as pdk
import streamlit as st


@st.cache_data(show_spinner=False)
def load(url: str) -> pd.DataFrame:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        frame = pd.read_sql_query("SELECT * FROM events", conn)
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


events = load(os.environ["SITMAP_DATABASE_URL"])
first, last = events["date_start"].min().date(), events["date_end"].max().date()
start, end = st.slider(
    "Time window", min_value=first, max_value=last, value=(first, last), key="window"
)
shown = events[
    (events["date_end"] >= pd.Timestamp(start)) & (events["date_start"] <= pd.Timestamp(end))
]
st.metric("Events in window", len(shown))
records = json.loads(shown.to_json(orient="records", date_format="iso"))
layer = pdk.Layer(
    "ScatterplotLayer",
    data=records,
    get_position=["longitude", "latitude"],
    get_radius=200,
    radius_min_pixels=2,
    get_fill_color=[230, 159, 0, 200],
    pickable=True,
)
view = pdk.ViewState(longitude=35.1, latitude=51.2, zoom=7.5)
st.pydeck_chart(pdk.Deck(layers=[layer], initial_view_state=view, map_style=None), height=560)
