"""What briefing mode shows beside the map: the key events, and the export."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from events.key_events import key_events
from events.schema import event_kind
from events.timeline import describe_dates
from events.view import View
from ui import data, overlay_data, panels


def key_events_list(version: str, shown: pd.DataFrame, n: int = 4) -> None:
    """The ``n`` most significant ``shown`` events, as plain text (never markdown)."""
    st.subheader("Key events", anchor=False)
    for _, event in data.rows_of(version, key_events(shown, n=n)).iterrows():
        when = describe_dates(event["date_start"], event["date_end"], event["time_precision"])
        st.text(f"{when} · {event['location']}\n{event_kind(event)}: {event['actor1']}")


def briefing_export(version: str, view: View, overlays: str) -> None:
    """The PDF and PNG downloads of ``view``'s briefing, with its control layer."""
    panels.briefing_downloads(
        data.briefing_events(version, view),
        view,
        version,
        overlay_data.briefing_layer(overlays, view),
    )
