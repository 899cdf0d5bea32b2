"""The control layers on the situation map: choosing a series, its legend line, the
area chart under the timeline, an event's distance to the front line and what the
"within N km" filter leaves out.

Series names, labels and sources come from imported files: shown with ``st.text``,
captions built from them are plain text too (``st.text``), never markdown.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from events.overlays import CLASSES, DEFAULT_MAX_DAYS, colour_hex, no_layer_note
from events.view import View
from geo.legend import legend_spec
from geo.overlay_chart import area_chart_spec
from geo.regions import KURSK
from ui import overlay_data


def controls(version: str) -> None:
    """Sidebar widgets: the series drawn (and measured against), how long a layer stays
    in force, and the front-line distance filter (their session keys are View fields)."""
    names = overlay_data.series_names(version)
    st.header("Control overlay")
    if not names:
        st.caption("No control layers yet: editors import them on the Control layers page.")
        st.session_state["overlay"] = ""
        st.session_state["front_km"] = None
        return
    if st.session_state.get("overlay") not in ("", *names):
        st.session_state["overlay"] = ""
    st.selectbox(
        "Series",
        ["", *names],
        format_func=lambda name: name or "none",
        key="overlay",
        help="Dated territorial-control layers, drawn under the events: the layer in force "
        "at the window's end.",
    )
    st.number_input(
        "A layer stays in force (days)",
        min_value=1,
        max_value=365,
        step=1,
        key="overlay_days",
        help=f"Until the series' next layer, for at most this many days "
        f"({DEFAULT_MAX_DAYS} by default).",
    )
    st.number_input(
        "Within km of the front line",
        min_value=0.0,
        max_value=500.0,
        step=5.0,
        value=None,
        key="front_km",
        placeholder="any distance",
        disabled=not st.session_state.get("overlay"),
        help="Only events within this distance of the series' front line on their end "
        "date. Events known only to an area, or with no layer in force, have no distance "
        "and are left out (counted under the map).",
    )


def legend(version: str, view: View) -> None:
    """The series, date and source of the layer drawn, its classes in their colours; or
    that no layer is within the series' days."""
    if not view.overlay or view.end is None:
        return
    layer = overlay_data.in_force(version, view.overlay, view.end, view.overlay_days)
    if layer is None:
        st.text(no_layer_note(view.overlay, view.overlay_days))
        return
    st.text(f"Control: {view.overlay}, layer of {layer['date']} (source: {layer['source']})")
    present = {f["properties"]["class"] for f in layer["areas"]["features"]}
    if layer["front"]:
        present.add("front_line")
    colours = {spec.label: colour_hex(spec.colour) for spec in CLASSES.values()}
    labels = [spec.label for name, spec in CLASSES.items() if name in present]
    if labels:
        st.vega_lite_chart(spec=legend_spec(colours, labels), width="content")


def area_chart(
    version: str, view: View, window: tuple[date, date], span: tuple[date, date]
) -> None:
    """Area by class within Kursk oblast over time, for the drawn series, over the
    timeline's ``span`` with the ``window`` shaded."""
    if not view.overlay:
        return
    frame = overlay_data.areas(version, view.overlay, KURSK)
    if frame.empty:
        return
    title = f"Area by class in {KURSK}, km² ({view.overlay})"
    st.vega_lite_chart(spec=area_chart_spec(frame, title, window, span), width="stretch")


def distance_line(version: str, view: View, event: pd.Series | None) -> None:
    """The selected event's distance to the front line of the view's series in force on
    its end date, or why it has none."""
    if not view.overlay or event is None:
        return
    fronts = overlay_data.front_lines(version, view.overlay, view.overlay_days)
    km = fronts.distances(event.to_frame().T).iloc[0]
    if pd.isna(km):
        st.text("Front line: no distance (place known only to an area, or no layer in force)")
    else:
        st.text(f"Front line: {km:,.1f} km away (layer in force on its end date)")


def filter_note(shown_without: pd.DataFrame, distances: pd.Series, km: float) -> None:
    """How many events in view the front-line filter leaves out for want of a distance."""
    unknown = int(distances.loc[shown_without.index].isna().sum())
    if unknown:
        st.text(
            f"Within {km:g} km of the front line: {unknown:,} event(s) in view have no "
            "distance (known only to an area, or no layer in force) and are left out."
        )
