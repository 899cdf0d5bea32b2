"""sitmap — the situation map: filters, a time window, the map and timeline, detail and table."""

from __future__ import annotations

from functools import partial

import streamlit as st

from events.store import Store
from geo.basemap import ONLINE_MAP_STYLES, TILES_ENVIRONMENT_VARIABLE, configured_tiles
from ui import auth, coding, data, overlay_data, overlay_upload, state, upload
from ui.situation_map import situation_map


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
