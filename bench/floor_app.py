"""The floor page the bench measures beside the app: one small pydeck chart and a button.

Nothing in Streamlit paints or reruns faster than this on the machine at hand, so the
app's browser figures are read against it, measured in the same run.
"""

import pydeck as pdk
import streamlit as st

st.set_page_config(page_title="floor", layout="wide")
clicks = st.session_state.setdefault("clicks", 0)
if st.button("7 days"):
    st.session_state["clicks"] = clicks = clicks + 1
dots = [{"lon": 35.2 + 0.05 * i, "lat": 51.3 + 0.02 * ((i + clicks) % 5)} for i in range(20)]
st.pydeck_chart(
    pdk.Deck(
        layers=[
            pdk.Layer(
                "ScatterplotLayer",
                data=dots,
                get_position=["lon", "lat"],
                get_radius=8,
                radius_units='"pixels"',
                get_fill_color=[230, 159, 0, 255],
            )
        ],
        initial_view_state=pdk.ViewState(longitude=35.8, latitude=51.4, zoom=7),
        map_provider=None,
    ),
    height=400,
)
