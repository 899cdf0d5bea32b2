"""The dashboard, driven headless with Streamlit's AppTest."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import streamlit as st
from app_driver import map_part, run_app
from builders import country_wide_events, raw_event
from streamlit.testing.v1 import AppTest

from events.store import Store
from events.validation import validate
from geo.footprints import KINDS
from geo.frame import default_camera, frame_bounds
from geo.map_buffers import event_ids
from sitmap.synthetic import synthetic_events
from ui.panels import MAP_HEIGHT_PX, MAP_WIDTH_PX, TABLE_MAX_ROWS
from ui.state import MAP_WIDTH, kept_width


def shown_count(at: AppTest) -> tuple[int, int]:
    line = next(c.value for c in at.caption if c.value.startswith("Showing "))
    words = line.split()
    return int(words[1]), int(words[3])


def table_ids(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["id"])


def deck(at: AppTest) -> dict:
    """pydeck's map (online tiles only)."""
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def map_blob(at: AppTest) -> bytes:
    """The event columns the map component's browser side receives, as Arrow IPC bytes."""
    for element in at.get("bidi_component"):
        if element.proto.WhichOneof("data") == "mixed":
            (blob,) = element.proto.mixed.arrow_blobs.values()
            return blob.data
    raise AssertionError("no event columns sent")


def map_events(at: AppTest) -> pa.Table:
    """:func:`map_blob`, decoded."""
    return pa.ipc.open_stream(map_blob(at)).read_all()


def map_frame(at: AppTest) -> pd.DataFrame:
    """:func:`map_events` as a frame indexed by event id."""
    table = map_events(at)
    return table.to_pandas().set_index(pd.Index(event_ids(table), name="event_id"))


def drawn_ids(at: AppTest) -> set[str]:
    """The events the browser draws at their coordinates in the view's window: the
    map's GPU filter, applied here in numpy (geo.map_buffers.count_in_window's test)."""
    table, view = map_events(at), map_part(at, "view")
    first, last = view["window"]
    starts, ends = table.column("start").to_numpy(), table.column("end").to_numpy()
    located = ~np.isnan(table.column("lon").to_numpy())
    ids = np.asarray(event_ids(table), dtype=object)
    return set(ids[located & (starts <= last) & (ends >= first)])


def test_the_screen_shows_every_event_by_default(app_store):
    at = run_app()
    assert not at.exception
    assert shown_count(at) == (15, 15)
    assert len(table_ids(at)) == 15
    layers = {layer["id"] for layer in json.loads(map_part(at, "basemap")["layers_json"])}
    assert {"kursk-oblast", "russia-ukraine-border"} <= layers
    assert map_events(at).num_rows == 15


# The slider is the map component's brush now, moved in the browser and tested there
# (tests/test_app_browser.py); here the window comes from the URL, as a release sends it.
def test_a_window_changes_the_count_the_table_and_the_map_but_not_the_event_columns(app_store):
    everything = run_app()
    at = run_app({"start": "2025-02-01", "end": "2025-02-03"})
    assert not at.exception
    ids = table_ids(at)
    # the three shelling days, and the events whose interval covers them
    assert set(ids) == {"SH-1", "SH-2", "SH-3", "SM-ART-006", "SM-ART-007"}
    assert shown_count(at) == (len(ids), 15)
    assert drawn_ids(at) == {"SH-1", "SH-2", "SH-3"}
    # the columns are the same bytes whatever the window: Streamlit's cache spares them
    assert map_blob(at) == map_blob(everything)
    assert map_part(at, "events") == map_part(everything, "events")
    assert map_part(at, "view")["window"] != map_part(everything, "view")["window"]


def test_filters_combine(app_store):
    at = run_app()
    at.multiselect(key="event_types").set_value(["Battles", "Strategic developments"]).run()
    # of the events the filters let through, as the map's count line says, and the store's
    assert shown_count(at) == (5, 5)
    assert "(filters on: 15 in the store)" in next(
        c.value for c in at.caption if "Showing" in c.value
    )
    at.multiselect(key="actors").set_value(["Military Forces of North Korea (2011-)"]).run()
    assert set(table_ids(at)) == {"SM-ART-005", "SM-ART-006", "SM-ART-007"}
    at.text_input(key="text").set_value("buggies").run()
    assert table_ids(at) == ["SM-ART-007"]


def test_the_url_round_trip_restores_a_view(app_store):
    at = run_app()
    at.session_state["window"] = (date(2025, 1, 25), date(2025, 2, 5))  # a brush's release
    at.run()
    at.multiselect(key="event_types").set_value(["Battles"]).run()
    params = dict(at.query_params)  # what the browser's address bar now holds
    assert params["start"] == "2025-01-25" and params["event_types"] == "Battles"

    reopened = run_app(params)
    assert not reopened.exception
    assert reopened.session_state["window"] == (date(2025, 1, 25), date(2025, 2, 5))
    assert reopened.multiselect(key="event_types").value == ["Battles"]
    assert table_ids(reopened) == table_ids(at)


def test_a_selected_event_in_the_url_opens_its_detail(app_store):
    at = run_app({"selected": "SM-ART-007"})
    texts = " ".join(t.value for t in at.text)
    assert "SM-ART-007" in texts and "47th Separate Mechanized Brigade" in texts
    assert "date known to: longer than a month" in texts


REGION_LEVEL = {
    "event_id": "UCDP-REGION-1",
    "geo_precision": "4",
    "latitude": "",
    "longitude": "",
    "admin1": "",
    "admin2": "",
    "country": "Russia",
    "location": "Kursk-Sumy border area",
}


def test_a_region_level_event_is_counted_listed_and_detailed_but_not_drawn(app_store):
    app_store.add_batch(
        validate([raw_event(11, **REGION_LEVEL)]), file_name="region.csv", data_hash="r"
    )
    at = run_app({"selected": "UCDP-REGION-1"})
    assert not at.exception
    assert shown_count(at) == (16, 16)
    assert "UCDP-REGION-1" in table_ids(at)
    texts = " ".join(t.value for t in at.text)
    assert "Where: Kursk-Sumy border area, Russia (not on the map: region/country level)" in texts
    table = map_frame(at)
    assert KINDS[table.loc["UCDP-REGION-1", "footprint"]] == "none"  # sent, counted, not drawn
    assert "UCDP-REGION-1" not in drawn_ids(at)
    assert any("1 event(s) in view are known only to a region" in c.value for c in at.caption)


def test_playback_advances_the_window(app_store, monkeypatch):
    monkeypatch.setenv("SITMAP_TILES", "carto")  # pydeck's map; the component plays in the browser
    at = run_app({"start": "2025-02-01", "end": "2025-02-07"})
    before = at.slider(key="window").value
    at.button(key="step_button").click().run()
    after = at.slider(key="window").value
    assert after[1] > before[1] and after[0] > before[0]  # a moving window slides
    at.selectbox(key="playback_mode").set_value("cumulative").run()
    at.button(key="step_button").click().run()
    grown = at.slider(key="window").value
    assert grown[0] == after[0] and grown[1] > after[1]


def _says_how_to_zoom(at) -> bool:
    return any("Zoom with the wheel" in c.value for c in at.caption)


def test_briefing_mode_hides_the_controls_and_lists_key_events(app_store):
    at = run_app()
    assert _says_how_to_zoom(at)  # offline the map has no zoom buttons
    at.toggle(key="briefing").set_value(True).run()
    assert not _says_how_to_zoom(at)  # a briefing is read, not driven
    assert not at.exception
    assert len(at.multiselect) == 0 and len(at.button) == 0
    assert any(s.value == "Key events" for s in at.subheader)
    assert any(": Military Forces of" in t.value for t in at.text)  # each one's actor
    assert any("Natural Earth" in c.value and "GeoNames" in c.value for c in at.caption)


def test_a_long_table_lists_the_latest_events_with_every_column(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'many.sqlite'}"
    monkeypatch.setenv("SITMAP_DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    events = synthetic_events(TABLE_MAX_ROWS + 150, seed=5)
    Store(url).add_batch(events, file_name="many.csv", data_hash="h")
    at = run_app()
    assert any(
        c.value.startswith(f"The latest {TABLE_MAX_ROWS:,} of {len(events):,} events in view")
        for c in at.caption
    )
    table = at.dataframe[0].value.set_index("id")
    latest = events.nlargest(TABLE_MAX_ROWS, "date_start").set_index("event_id")
    assert len(table) == TABLE_MAX_ROWS and table["from"].min() == latest["date_start"].min()
    assert table["actor 1"].to_dict() == latest.loc[table.index, "actor1"].to_dict()


def test_an_empty_window_says_so(app_store):
    at = run_app()
    at.text_input(key="text").set_value("no such words anywhere").run()
    assert any("No event in this window" in w.value for w in at.warning)


def test_an_empty_store_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("SITMAP_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    st.cache_resource.clear()
    st.cache_data.clear()
    at = run_app()
    assert not at.exception
    assert "holds no events" in at.info[0].value


def test_a_store_that_cannot_be_opened_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("SITMAP_DATABASE_URL", f"sqlite:///{tmp_path / 'a-file' / 'x.sqlite'}")
    st.cache_resource.clear()
    st.cache_data.clear()
    at = run_app()
    assert not at.exception
    assert "could not be opened" in at.error[0].value


def test_the_map_camera_comes_from_the_url(app_store):
    at = run_app({"lat": "51.19", "lon": "35.27", "zoom": "10"})
    assert map_part(at, "view")["camera"] == [35.27, 51.19, 10.0]
    assert dict(at.query_params)["zoom"] == "10.0"


def test_play_starts_and_pauses_playback_at_the_chosen_speed(app_store, monkeypatch):
    monkeypatch.setenv("SITMAP_TILES", "carto")  # pydeck's map; the component plays in the browser
    at = run_app({"start": "2025-02-01", "end": "2025-02-07"})
    at.selectbox(key="playback_speed").set_value("fast").run()
    at.button(key="play_button").click().run()
    assert at.session_state["playing"] is True
    assert at.button(key="play_button").label == "Pause"
    at.button(key="play_button").click().run()
    assert at.session_state["playing"] is False


CARTO_STYLE = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"


def test_the_map_is_offline_unless_tiles_are_configured(app_store, monkeypatch):
    monkeypatch.delenv("SITMAP_TILES", raising=False)
    at = run_app()
    assert not at.get("deck_gl_json_chart")  # the map component, drawn without tiles
    basemap = map_part(at, "basemap")
    assert "background" in [layer["id"] for layer in json.loads(basemap["layers_json"])]
    for role in ("basemap", "events", "view"):
        assert "http" not in json.dumps(map_part(at, role))  # nothing to fetch off the machine


def test_carto_tiles_reach_the_apps_map(app_store, monkeypatch):
    monkeypatch.setenv("SITMAP_TILES", "carto")
    online = deck(run_app())
    assert (online["mapStyle"], online["mapProvider"]) == (CARTO_STYLE, "carto")
    layers = {layer["id"] for layer in online["layers"]}
    assert "background" not in layers  # the tiles are the ground
    assert {"kursk-oblast", "event-points"} <= layers


def test_unknown_tiles_give_a_message_not_a_traceback(app_store, monkeypatch):
    monkeypatch.setenv("SITMAP_TILES", "<b>google</b>")
    at = run_app()
    assert not at.exception
    assert "SITMAP_TILES" in at.error[0].value and "google" not in at.error[0].value


def test_the_frame_is_as_wide_as_the_browser_says_the_map_is(app_store):
    """An event beyond the east edge of a map as narrow as the server assumes, but inside
    the map the browser measured: "outside this map" until the width comes back, then
    not; and the width goes to the browser with the view."""
    camera = default_camera()
    assumed, measured = (frame_bounds(camera, w, MAP_HEIGHT_PX) for w in (MAP_WIDTH_PX, 800))
    east = round((assumed.east + measured.east) / 2, 4)
    edge = raw_event(1, event_id="EDGE", admin1="Voronezh Oblast", longitude=str(east),
                     latitude=str(round(camera[1], 4)))  # fmt: skip
    app_store.add_batch(validate([edge]), file_name="edge.csv", data_hash="edge")
    at = run_app()
    assert map_part(at, "view")["width"] == MAP_WIDTH_PX
    assert any("outside this map: Voronezh Oblast 1" in t.value for t in at.text)
    at.session_state[MAP_WIDTH] = 800  # what the browser's width trigger sets
    at.run()
    assert map_part(at, "view")["width"] == 800
    assert not any("outside this map" in t.value for t in at.text)


def test_the_map_says_which_events_lie_outside_it_and_fits_the_view_to_them(app_store):
    app_store.add_batch(validate(country_wide_events()), file_name="ua.csv", data_hash="ua")
    at = run_app()
    assert not at.exception
    assert shown_count(at) == (35, 35)
    texts = [t.value for t in at.text]
    assert "18 events in view lie outside this map: Donetsk 11, Kharkiv Oblast 7." in texts
    assert "2 events in view are not drawn: no outline for Donetsk 2." in texts
    assert map_part(at, "view")["camera"] is None  # the map of Kursk

    at.button(key="fit_view").click().run()
    camera = tuple(map_part(at, "view")["camera"])
    frame = frame_bounds(camera, MAP_WIDTH_PX, MAP_HEIGHT_PX)
    table = map_frame(at)
    drawn = table.loc[sorted(drawn_ids(at))]
    assert set(drawn.index) >= {f"UA-{i:03d}" for i in range(1, 19)}
    assert any(i.startswith("SH-") for i in drawn.index)  # and the Kursk front's own
    for event_id, dot in drawn.iterrows():
        assert frame.west <= dot["lon"] <= frame.east, event_id
        assert frame.south <= dot["lat"] <= frame.north, event_id
    assert not any("outside this map" in t.value for t in at.text)
    assert dict(at.query_params)["zoom"] == str(camera[2])  # the camera is in the URL

    at.button(key="default_view").click().run()
    assert map_part(at, "view")["camera"] is None
    assert "zoom" not in dict(at.query_params)
    assert any(t.value.startswith("18 events in view lie outside") for t in at.text)


@pytest.mark.parametrize(
    ("cookie", "width"),
    [
        ("768", 768),
        ("200", 200),
        ("8000", 8000),
        ("199", None),  # too narrow to be a map
        ("8001", None),
        ("", None),
        ("-5", None),
        ("7e2", None),
        (" 768", None),
        ("٧٦٨", None),  # digits, but not ASCII ones
        ("768; path=/", None),
        ("9" * 400, None),
    ],
)
def test_a_width_is_taken_from_the_cookie_only_when_it_is_one(cookie, width):
    assert kept_width(cookie) == width
