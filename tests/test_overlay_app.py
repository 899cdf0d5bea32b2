"""The situation map with a control series chosen (AppTest): the layer in force at the
window's end under the events, its legend, an event's distance to the front line in the
detail, the "within N km" filter and what it leaves out, and expiry."""

from __future__ import annotations

import json
from datetime import date

import pytest
import shapely
from app_driver import map_part, run_app
from streamlit.testing.v1 import AppTest

from events.overlay_store import OverlayStore
from events.overlays import OverlayFeature
from events.store import Store

FRONT = shapely.LineString([(35.3669, 50.5), (35.3669, 51.0)])
"""A meridian 0.1° east of Krasnopillia (the test events' place): 7.054 km away (Geod)."""
WINDOW = {"overlay": "S", "start": "2025-02-01", "end": "2025-02-10"}


@pytest.fixture
def app_store(app_store: Store) -> Store:
    """The app's store (conftest) with two control series: "S" from 1 February 2025, a
    held box and a front line; "Old" from 1 December 2024, a front line."""
    store = app_store
    held = shapely.box(35.4, 50.6, 35.6, 50.9)
    OverlayStore(store.engine).add_layer(
        [
            OverlayFeature("ukrainian_held", "held", "#0f9d58", held),
            OverlayFeature("front_line", "front", None, FRONT),
        ],
        series="S", day=date(2025, 2, 1), source="test source", file_name="f.geojson",
        data_hash="x", file_format="geojson",
    )  # fmt: skip
    OverlayStore(store.engine).add_layer(
        [OverlayFeature("front_line", "front", None, FRONT)],
        series="Old", day=date(2024, 12, 1), source="t", file_name="old.geojson",
        data_hash="y", file_format="geojson",
    )  # fmt: skip
    return store


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def layer_ids(at: AppTest) -> list[str]:
    """The overlay layers the browser draws: those of the element's layer in force at the
    view's window end, picked as ui/map_frontend/src/shared.js picks it."""
    overlay, view = map_part(at, "overlay"), map_part(at, "view")
    last = view["window"][1]
    return [
        spec["id"]
        for layer in json.loads(overlay["layers_json"])
        if layer["day_from"] <= last <= layer["day_to"]
        for spec in layer["specs"]
    ]


def shown(at: AppTest) -> int:
    return int(next(c.value for c in at.caption if c.value.startswith("Showing ")).split()[1])


def test_the_layer_in_force_is_drawn_under_the_events_and_named(app_store):
    at = run_app(WINDOW)
    assert not at.exception
    assert layer_ids(at) == ["overlay-areas", "overlay-front"]  # areas under the line
    assert "Control: S, layer of 2025-02-01 (source: test source)" in texts(at)
    # every layer of the series travels once, with the days it is in force
    overlay = map_part(at, "overlay")
    assert [layer["label"] for layer in json.loads(overlay["layers_json"])] == [
        "Control: S, layer of 2025-02-01 (source: test source)"
    ]
    assert at.selectbox(key="overlay").value == "S"


def test_past_the_series_days_nothing_is_drawn_and_the_legend_says_so(app_store):
    at = run_app({**WINDOW, "overlay": "Old"})  # its one layer is of 1 December
    assert "Old: no layer within 30 days" in texts(at)
    assert not [x for x in layer_ids(at) if x.startswith("overlay")]
    at = run_app({**WINDOW, "overlay": "Old", "overlay_days": "90"})
    assert "Control: Old, layer of 2024-12-01 (source: t)" in texts(at)
    assert "overlay-front" in layer_ids(at)


def test_the_detail_gives_the_distance_to_the_front_line(app_store):
    at = run_app({**WINDOW, "selected": "SH-3"})
    line = next(t for t in texts(at) if t.startswith("Front line:"))
    assert line == "Front line: 7.1 km away (layer in force on its end date)"  # 7.054 km
    at = run_app({**WINDOW, "selected": "SM-ART-006"})  # oblast only
    assert any(t.startswith("Front line: no distance") for t in texts(at))


def test_the_within_km_filter_keeps_the_near_and_counts_what_it_leaves_out(app_store):
    everything = shown(run_app(WINDOW))
    near = run_app({**WINDOW, "front_km": "10"})
    assert shown(near) == 10  # the ten shelling events, 7.05 km away
    assert everything > 10
    note = next(t for t in texts(near) if t.startswith("Within 10 km of the front line"))
    assert f"{everything - 10} event(s) in view have no distance" in note
    assert shown(run_app({**WINDOW, "front_km": "5"})) == 0


def test_the_series_travels_once_whatever_the_window(app_store):
    """The overlay element's bytes depend on the series and its days, not on the window:
    Streamlit's message cache then spares them on a rerun that only moves the window, and
    the browser picks the layer in force itself."""
    near = run_app(WINDOW)
    earlier = run_app({**WINDOW, "start": "2025-01-01", "end": "2025-01-20"})
    assert map_part(near, "overlay") == map_part(earlier, "overlay")
    assert map_part(near, "view")["window"] != map_part(earlier, "view")["window"]
    assert layer_ids(near) == ["overlay-areas", "overlay-front"]
    assert layer_ids(earlier) == []  # 20 January: before the series' first layer
