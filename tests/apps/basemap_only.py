"""Only the basemap, for the screenshot test: offline layers, local style, no events."""

import streamlit as st

from geo.basemap import compose_deck

st.set_page_config(page_title="sitmap basemap", layout="wide")
st.pydeck_chart(compose_deck(), height=700)
