"""The Control layers page: upload a dated layer to a series, list the layers, undo one.
Shown to editors only (``ui.auth``); every text from a file is plain text.
"""

from __future__ import annotations

import streamlit as st

from events.overlay_store import OverlayStore
from sitmap.overlay_import import SUFFIXES, commit_overlay, read_overlay, report_lines

LISTED = 30
"""Layers listed with an undo button, newest first."""


def overlay_section(store: OverlayStore, *, may_edit: bool, user: str) -> None:
    """Upload and undo control layers, when ``may_edit``; the stored layers listed (read
    after this run's import, so a new layer is listed at once)."""
    st.title("Control layers", anchor=False)
    if not may_edit:
        st.info("Only editors import or undo control layers.")
        return
    st.caption(
        "Dated territorial-control layers (DeepStateMap, ISW or your own), drawn under the "
        "events. A GeoJSON, KML, KMZ or GeoPackage file is one layer; its day comes from "
        "the date below, a 'date' property or the file name. See docs/overlays.md."
    )
    names = store.series()
    with st.form("overlay_upload", clear_on_submit=True):
        upload = st.file_uploader(
            "Layer file", type=[s.lstrip(".") for s in SUFFIXES], key="overlay_file"
        )
        cols = st.columns(3)
        series = cols[0].text_input(
            "Series", value=names[0] if names else "DeepState", max_chars=80
        )
        day = cols[1].date_input("Date (if the file does not say)", value=None)
        layer_name = cols[2].text_input("GeoPackage layer (optional)", max_chars=120)
        submitted = st.form_submit_button("Import layer")
    if submitted and upload is not None:
        plan = read_overlay(
            upload.getvalue(), upload.name, day=day, layer=layer_name.strip() or None
        )
        if plan.problems:
            st.error("This file was not imported:")
            for problem in plan.problems:
                st.text(problem)
        elif store.find_layer(plan.data_hash, series.strip()) is not None:
            st.warning("This file is already a layer of that series; nothing added.")
        else:
            layer = commit_overlay(plan, store, series=series, imported_by=user)
            if layer is not None:
                st.success("Layer imported.")
                st.text(f"{layer.series}, {layer.day}: {layer.feature_count} feature(s)")
                for line in report_lines(plan):
                    st.text(line)
    for layer in sorted(store.layers(), key=lambda x: x.imported_at, reverse=True)[:LISTED]:
        cols = st.columns([5, 1], vertical_alignment="center")
        cols[0].text(
            f"{layer.series} · {layer.day} · {layer.feature_count} features · "
            f"{layer.source} · {layer.file_name} · {layer.layer_id}"
        )
        if cols[1].button("Undo", key=f"undo_overlay_{layer.layer_id}"):
            store.undo(layer.layer_id)
            st.rerun()
