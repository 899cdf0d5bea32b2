"""Panels of the dashboard: filters, time controls, legend, event detail, table.

Untrusted text (notes, actors, places, sources) is shown with ``st.text`` or in
dataframe cells, never as markdown or HTML; links are offered only for http(s).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from events.death_tolls import describe_toll
from events.timeline import describe_dates, quick_window, step_window
from events.vocabulary import (
    EVENT_TYPES,
    GEO_PRECISION,
    NO_POSITION,
    NOT_ON_THE_MAP,
    TAXONOMY,
    TIME_PRECISION,
)
from geo.frame import FrameCount, fit_camera
from geo.legend import legend_spec
from ui import state

TABLE_COLUMNS = {
    "event_id": "id",
    "date_start": "from",
    "date_end": "to",
    "event_type": "type",
    "sub_event_type": "sub-type",
    "actor1": "actor 1",
    "actor2": "actor 2",
    "location": "location",
    "admin2": "district",
    "geo_precision": "geo prec.",
    "time_precision": "time prec.",
    "fatalities": "fatalities",
    "source": "source",
}
MAP_HEIGHT_PX = 560
BRIEFING_MAP_HEIGHT_PX = 470
MAP_WIDTH_PX = 630
"""The map's width as the frame is reckoned until the browser has sent the real one
(:data:`ui.state.MAP_WIDTH`; over online tiles it never does: pydeck's map is stretched to
its column, which the server never learns): its width in a 1400-pixel-wide browser,
narrower than most screens, so an event said to be on the map is on it."""
PLACES_LISTED = 6
"""Places named in a count of events off the map; the rest are summed."""
QUICK_WINDOWS = {"7 days": 7, "30 days": 30, "90 days": 90, "All": None}
SPEEDS = {"slow": 1.5, "normal": 0.8, "fast": 0.3}  # seconds per playback step


def filters(choices: dict[str, list[str]]) -> None:
    """The filter widgets (their values live in the session keys of ``ui.state``).

    ``choices`` are the actors, districts and sources in the store (see
    :func:`events.view.filter_choices`), computed once per store version.
    """
    st.header("Filters")
    st.multiselect("Event type", EVENT_TYPES, key="event_types")
    chosen = st.session_state["event_types"] or list(EVENT_TYPES)
    subs = [s for t in chosen for s in TAXONOMY[t]]
    st.session_state["sub_event_types"] = [
        s for s in st.session_state["sub_event_types"] if s in subs
    ]
    st.multiselect("Sub-event type", subs, key="sub_event_types")
    st.multiselect("Actor (aliases merged)", choices["actors"], key="actors")
    st.multiselect("District", choices["districts"], key="districts")
    st.multiselect("Source", choices["sources"], key="sources")
    st.select_slider(
        "Place known at least to",
        options=list(GEO_PRECISION),
        format_func=lambda p: GEO_PRECISION[p],
        key="max_geo_precision",
    )
    st.select_slider(
        "Date known at least to",
        options=[1, 2, 3, 4],
        format_func=lambda p: TIME_PRECISION[p],
        key="max_time_precision",
    )
    st.text_input("Search notes and places", key="text", max_chars=200)
    st.checkbox(
        "Every event as a dot",
        key="points",
        help="Above 20,000 located events in view the map draws ~5 km cells (count, "
        "dominant type). Tick to draw every dot instead: slower, and the dots carry only "
        "their id and date until picked.",
    )


def time_controls(span: tuple[date, date]) -> None:
    """Quick windows, the window slider and playback."""
    cols = st.columns([1, 1, 1, 1, 1.2, 1.1, 1.4, 1.2])
    for col, (label, days) in zip(cols, QUICK_WINDOWS.items(), strict=False):
        col.button(label, on_click=_set_window, args=(quick_window(span, days),), width="stretch")
    playing = st.session_state.get(state.PLAYING, False)
    cols[4].button(
        "Pause" if playing else "Play",
        on_click=_toggle_play,
        key="play_button",
        width="stretch",
    )
    cols[5].button("Step", on_click=_step, args=(span,), key="step_button", width="stretch")
    cols[6].selectbox(
        "Playback",
        ["moving window", "cumulative"],
        key="playback_mode",
        label_visibility="collapsed",
    )
    cols[7].selectbox(
        "Speed", list(SPEEDS), index=1, key="playback_speed", label_visibility="collapsed"
    )
    st.slider("Time window", min_value=span[0], max_value=span[1], key=state.WINDOW)


def _set_window(window: tuple[date, date]) -> None:
    st.session_state[state.WINDOW] = window


def _toggle_play() -> None:
    st.session_state[state.PLAYING] = not st.session_state.get(state.PLAYING, False)


def _step(span: tuple[date, date]) -> bool:
    """Advance the window one step; False when the end of the data is reached."""
    window = st.session_state[state.WINDOW]
    width = max((window[1] - window[0]).days, 6)
    cumulative = st.session_state.get("playback_mode") == "cumulative"
    nxt = step_window(window, span, step_days=max(1, (width + 1) // 2), cumulative=cumulative)
    if nxt is None:
        st.session_state[state.PLAYING] = False
        return False
    st.session_state[state.WINDOW] = nxt
    return True


def playback_interval() -> float:
    """Seconds between playback steps, from the speed the analyst chose."""
    return SPEEDS.get(st.session_state.get("playback_speed", "normal"), SPEEDS["normal"])


def advance_playback(span: tuple[date, date]) -> None:
    """While playing, move one step per tick (called by a fragment timer)."""
    if st.session_state.get(state.PLAYING):
        _step(span)
        st.rerun()


def briefing_downloads(events: pd.DataFrame, view, version: str, overlay=None) -> None:
    """One-click PDF and PNG of the current view, rendered on the server when clicked
    (with the control ``overlay`` in force at the window's end, if any)."""
    title = st.text_input("Briefing title", value="Kursk front — situation", key="brief_title")
    marking = st.text_input("Handling line (optional)", key="brief_marking", max_chars=120)
    permalink = _permalink(view)

    def render(kind: str) -> bytes:
        from sitmap.briefing import BriefingText, render_briefing  # matplotlib: ~0.6 s, on click

        text = BriefingText(
            title=title, classification=marking, permalink=permalink, data_version=version
        )
        return render_briefing(events, view, text=text, file_format=kind, overlay=overlay)

    cols = st.columns(2)
    for col, kind, mime in ((cols[0], "pdf", "application/pdf"), (cols[1], "png", "image/png")):
        col.download_button(
            f"Briefing {kind.upper()}",
            data=lambda kind=kind: render(kind),
            file_name=f"sitmap-briefing-{view.start}-{view.end}.{kind}",
            mime=mime,
            key=f"brief_{kind}",
            width="stretch",
        )


def _permalink(view) -> str:
    base = str(getattr(st.context, "url", "") or "http://localhost:8501/").split("?")[0]
    query = "&".join(f"{k}={v}" for k, v in view.to_query_params().items())
    return base + ("?" + query if query else "")


def picked_event(selection) -> str | None:
    """The event id of the object picked on the map (GeoJSON features carry it in properties)."""
    objects = [o for layer in (selection.selection.objects or {}).values() for o in layer]
    for picked in objects:
        found = picked.get("event_id") or (picked.get("properties") or {}).get("event_id")
        if found:
            return str(found)
    return None


def legend(colours: dict[str, str], present: list[str], *, how_to_zoom: bool = True) -> None:
    """The event-type legend (pydeck draws none), plus how uncertainty is drawn and, on
    screen but not in a briefing, how to zoom (offline the map has no zoom buttons)."""
    st.vega_lite_chart(spec=legend_spec(colours, present), width="content")
    st.caption(
        "Dot: the place itself · ring: near a place (10 km) · hatched area with a count: known "
        "only to the district or oblast · a region or a whole country: not on the map (in the "
        "table and the timeline). Size grows with fatalities. District lines are approximate."
        + (
            " Zoom with the wheel, a double click or the + and − keys; drag to pan."
            if how_to_zoom
            else ""
        )
    )


def off_the_map(
    count: FrameCount, map_size: tuple[float, float], *, camera_set: bool, controls: bool
) -> None:
    """Under the map: how many events in view it leaves out, by place (plain text: the
    places are the files' own admin1 names), and with ``controls`` a button fitting the
    view to every event in view (the map being ``map_size`` pixels) and, when the
    camera has been moved (``camera_set``), one back to the opening view."""
    for line in off_the_map_lines(count):
        st.text(line)
    if not controls:
        return
    buttons = st.container(horizontal=True)
    if count.n_outside and count.extent is not None:
        buttons.button(
            "Fit the view to them",
            key="fit_view",
            on_click=state.set_camera,
            args=(fit_camera(count.extent, *map_size),),
            help="Move the map to show every event in view; the camera goes in the link.",
        )
    if camera_set:
        buttons.button("Back to Kursk", key="default_view", on_click=state.set_camera, args=(None,))


def off_the_map_lines(count: FrameCount) -> list[str]:
    """What :func:`off_the_map` says: the events drawn outside the frame, and those not
    drawn for want of their oblast's outline, each counted by place."""
    lines = []
    if count.n_outside:
        verb = "lies" if count.n_outside == 1 else "lie"
        lines.append(
            f"{_events_in_view(count.n_outside)} {verb} outside this map: {_places(count.outside)}."
        )
    if count.n_no_outline:
        verb = "is" if count.n_no_outline == 1 else "are"
        lines.append(
            f"{_events_in_view(count.n_no_outline)} {verb} not drawn: no outline for "
            f"{_places(count.no_outline)}."
        )
    return lines


def _events_in_view(n: int) -> str:
    return f"{n:,} event in view" if n == 1 else f"{n:,} events in view"


def _places(counts: dict[str, int]) -> str:
    """'Donetsk 61, Kharkiv Oblast 40', most first; past :data:`PLACES_LISTED`, the rest
    as 'and 9 in 4 other places'."""
    named = list(counts.items())[:PLACES_LISTED]
    text = ", ".join(f"{place} {n:,}" for place, n in named)
    rest = list(counts.values())[PLACES_LISTED:]
    if rest:
        others = "other place" if len(rest) == 1 else "other places"
        text += f", and {sum(rest):,} in {len(rest)} {others}"
    return text


def detail(event: pd.Series | None, provenance: str) -> None:
    """Every field of the selected event, precision in words, sources and batch."""
    if event is None:
        st.info("Select an event on the map or in the table to see its detail and sources.")
        return
    st.subheader("Event detail", anchor=False)
    for line in detail_lines(event, provenance):
        st.text(line)
    url = str(event["source_url"]) if _has(event["source_url"]) else ""
    if url.lower().startswith(("http://", "https://")):
        st.link_button("Open source", url)


def detail_lines(event: pd.Series, provenance: str) -> list[str]:
    """The detail panel's text, one plain line per field: an event with no map position
    says it is not on the map, and figures the source gives out of order say they
    disagree (:func:`events.death_tolls.describe_toll`)."""
    sub = event["sub_event_type"] if pd.notna(event["sub_event_type"]) else "sub-type not given"
    lines = [f"{event['event_id']}: {event['event_type']} — {sub}"]
    precision = int(event["time_precision"])
    when = describe_dates(event["date_start"], event["date_end"], precision)
    lines.append(f"When: {when} (date known to: {TIME_PRECISION[precision]})")
    place = int(event["geo_precision"])
    names = [str(event[c]) for c in ("location", "admin2", "admin1") if _has(event[c])]
    if place == NO_POSITION and _has(event["country"]) and str(event["country"]) not in names:
        names.append(str(event["country"]))
    known = NOT_ON_THE_MAP if place == NO_POSITION else f"place known to: {GEO_PRECISION[place]}"
    lines.append(f"Where: {', '.join(names)} ({known})")
    sides = [event[c] for c in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")]
    lines.append("Actors: " + " / ".join(str(a) for a in sides if _has(a)))
    toll = describe_toll(event["fatalities"], event["fatalities_low"], event["fatalities_high"])
    lines.append(f"Fatalities: {toll}")
    if _has(event["notes"]):
        lines.append(str(event["notes"]))
    lines.append("Sources: " + str(event["source"]))
    if _has(event["tags"]):
        lines.append("Tags: " + str(event["tags"]))
    coder = event["coded_by"] if _has(event["coded_by"]) else "?"
    lines.append(f"Coded by {coder} · {provenance}")
    return lines


def _has(value: object) -> bool:
    return value is not None and value is not pd.NA and str(value).strip() not in ("", "nan")


TABLE_MAX_ROWS = 1_000
"""Rows sent to the browser at most; the rest stay on the server (export for all)."""


def latest(frame: pd.DataFrame) -> pd.DataFrame:
    """The :data:`TABLE_MAX_ROWS` latest of the events (all when fewer)."""
    return frame if len(frame) <= TABLE_MAX_ROWS else frame.nlargest(TABLE_MAX_ROWS, "date_start")


def table(frame: pd.DataFrame, in_view: int) -> str | None:
    """The events in view (``frame``: at most :data:`TABLE_MAX_ROWS` of the ``in_view``,
    see :func:`latest`); returns the id of the row the analyst selected, if any."""
    if in_view > len(frame):
        st.caption(
            f"The latest {len(frame):,} of {in_view:,} events in view; narrow the "
            "window or filters, or export, to see all."
        )
    shown = frame[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    picked = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=min(420, 38 + 35 * len(shown)),
        on_select="rerun",
        selection_mode="single-row",
        key="table",
        column_config={
            "from": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "to": st.column_config.DateColumn(format="YYYY-MM-DD"),
        },
    )
    rows = picked.selection.rows if picked else []
    return str(shown.iloc[rows[0]]["id"]) if rows else None


def quick_windows(span: tuple[date, date]) -> None:
    """The quick-window buttons alone, for the map component, which draws the window's
    brush and playback itself (:mod:`ui.map_component`)."""
    cols = st.columns([1, 1, 1, 1, 4])
    for col, (label, days) in zip(cols, QUICK_WINDOWS.items(), strict=False):
        col.button(label, on_click=_set_window, args=(quick_window(span, days),), width="stretch")
