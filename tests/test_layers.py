"""Event layers: honest footprints, plain-text tooltips, and a bounded payload at any N."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from builders import raw_event
from oracles import aggregate_cells

from events.validation import validate
from geo.cells import CELL_DEGREES
from geo.layers import (
    AGGREGATE_ABOVE,
    TOOLTIP,
    deck_payload,
    event_deck,
)
from geo.style import EVENT_COLOURS
from sitmap.synthetic import synthetic_events

PAYLOAD_BUDGET = 5 * 1024 * 1024  # bytes per rerun (issue: ≤ 5 MB for any window)


def layers_by_id(frame, **kwargs) -> dict[str, dict]:
    deck = json.loads(deck_payload(event_deck(frame, **kwargs)))
    return {layer["id"]: layer for layer in deck["layers"]}


@pytest.fixture
def three_precisions():
    return validate(
        [
            raw_event(1, event_id="place"),
            raw_event(2, event_id="near", geo_precision="2"),
            raw_event(3, event_id="area", geo_precision="3", latitude="", longitude="", admin2=""),
        ]
    )


def test_each_precision_is_drawn_as_its_footprint(three_precisions):
    layers = layers_by_id(three_precisions)
    assert [d["event_id"] for d in layers["event-points"]["data"]] == ["place"]
    rings = layers["event-rings"]["data"]
    assert [d["event_id"] for d in rings] == ["near"]
    assert [d["radius"] for d in rings] == [10_000]
    assert layers["event-rings"]["radiusUnits"] == "meters"
    areas = layers["event-areas"]["data"]["features"]
    assert [f["properties"]["event_id"] for f in areas] == ["area"]
    assert areas[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_every_dot_and_ring_layer_reads_radius_and_colours_per_row(three_precisions):
    """One WebGL pipeline for every dot and ring layer (see geo.basemap)."""
    layers = layers_by_id(three_precisions, selected="place")
    scatter = [layer for layer in layers.values() if layer["@@type"] == "ScatterplotLayer"]
    assert {layer["id"] for layer in scatter} == {
        "event-points",
        "event-rings",
        "event-ring-outlines",
        "selected",
    }
    for layer in scatter:
        for key in ("getRadius", "getFillColor", "getLineColor"):
            assert str(layer[key]).startswith("@@="), (layer["id"], key)
    assert [d["radius"] for d in layers["selected"]["data"]] == [14]


def test_a_dot_is_placed_at_longitude_then_latitude(three_precisions):
    dot = layers_by_id(three_precisions)["event-points"]["data"][0]
    assert (dot["lon"], dot["lat"]) == (35.2669, 50.7736)
    assert layers_by_id(three_precisions)["event-points"]["getPosition"] == "@@=[lon, lat]"


def test_events_of_one_area_are_drawn_once(three_precisions):
    many = validate(
        [raw_event(i, geo_precision="3", latitude="", longitude="", admin2="") for i in range(1, 8)]
    )
    layers = layers_by_id(many)
    features = layers["event-areas"]["data"]["features"]
    assert len(features) == 1 and features[0]["properties"]["count"] == 7
    # translucent by the layer's opacity, so a selection cannot make it opaque
    assert layers["event-areas"]["opacity"] <= 0.4
    assert layers["event-area-outlines-0"]["pickable"] is False


def area_event(i: int, event_type: str, fatalities: int, admin2: str = "") -> dict[str, str]:
    sub_event_type = "Armed clash" if event_type == "Battles" else "Air/drone strike"
    return raw_event(i, geo_precision="3", latitude="", longitude="", admin1="Kursk Oblast",
                     admin2=admin2, event_type=event_type, sub_event_type=sub_event_type,
                     fatalities=str(fatalities))  # fmt: skip


BATTLES, STRIKES = "Battles", "Explosions/Remote violence"


@pytest.mark.parametrize(
    ("kinds", "coloured_as"),
    [
        ([(BATTLES, 0), (BATTLES, 1), (STRIKES, 9)], BATTLES),  # the most frequent type
        ([(BATTLES, 0), (STRIKES, 9), (BATTLES, 1), (STRIKES, 2)], STRIKES),  # tie: the deadliest's
        ([(BATTLES, 5), (STRIKES, 1)], BATTLES),
    ],
)
def test_an_area_is_coloured_by_its_commonest_type_and_lists_the_deadliest_first(
    kinds, coloured_as
):
    events = validate([area_event(i, kind, deaths) for i, (kind, deaths) in enumerate(kinds, 1)])
    (feature,) = layers_by_id(events)["event-areas"]["data"]["features"]
    assert feature["properties"]["fill"][:3] == list(EVENT_COLOURS[coloured_as][:3])
    deadliest = max(range(len(kinds)), key=lambda i: kinds[i][1])
    lines = feature["properties"]["tooltip"].split("\n")
    assert lines[0] == f"{len(kinds)} event(s) known only to Kursk Oblast:"
    assert lines[1].startswith(f"T-{deadliest + 1:05d} · ")


@pytest.mark.parametrize(
    ("oblast", "district", "fill", "outline"),
    [
        ("Kursk Oblast", "", "kursk-oblast", "kursk-oblast-outline"),
        ("Kursk Oblast", "Sudzhanskiy District", None, "kursk-districts-approximate"),
        ("Sumy Oblast", "", "neighbour-oblasts", "neighbour-oblast-lines"),
    ],
)
def test_an_area_lies_exactly_on_the_basemaps_outline(oblast, district, fill, outline):
    """Drawn as the basemap draws that oblast or district: no second, finer outline."""
    event = area_event(1, BATTLES, 0, district) | {"admin1": oblast}
    layers = layers_by_id(validate([event]))
    (area,) = layers["event-areas"]["data"]["features"]
    if fill is not None:
        shapes = [feature["geometry"] for feature in layers[fill]["data"]["features"]]
        assert area["geometry"] in shapes
    drawn = {json.dumps(segment) for segment in layers[outline]["data"]}
    outlined = [json.dumps(segment) for segment in layers["event-area-outlines-0"]["data"]]
    assert outlined and set(outlined) <= drawn


def test_a_district_is_drawn_over_its_oblast():
    events = validate(
        [area_event(1, BATTLES, 0), area_event(2, STRIKES, 0, "Sudzhanskiy District")]
    )
    features = layers_by_id(events)["event-areas"]["data"]["features"]
    assert [f["properties"]["tooltip"].split(":")[0] for f in features] == [
        "1 event(s) known only to Kursk Oblast",
        "1 event(s) known only to Sudzhanskiy District",
    ]


def test_tooltips_are_plain_text_never_html():
    hostile = validate([raw_event(1, location="<img src=x onerror=alert(1)>")])
    deck = json.loads(deck_payload(event_deck(hostile)))
    assert TOOLTIP == {"text": "{tooltip}"} and "html" not in json.dumps(deck.get("tooltip", {}))
    dot = next(layer for layer in deck["layers"] if layer["id"] == "event-points")["data"][0]
    assert "<img src=x onerror=alert(1)>" in dot["tooltip"]  # shown as text by deck.gl


def test_the_selected_event_is_ringed(three_precisions):
    layers = layers_by_id(three_precisions, selected="place")
    assert [d["event_id"] for d in layers["selected"]["data"]] == ["place"]


@pytest.mark.parametrize(
    ("n", "aggregated"), [(AGGREGATE_ABOVE - 1_000, False), (AGGREGATE_ABOVE + 5_000, True)]
)
def test_aggregation_switches_on_above_the_threshold(n, aggregated):
    frame = synthetic_events(n, seed=1)
    ids = {layer.id for layer in event_deck(frame).layers}
    assert ("event-cells" in ids) is aggregated
    assert ("event-points" in ids) is not aggregated


@pytest.mark.slow
def test_a_million_events_stay_under_the_payload_budget():
    frame = synthetic_events(1_000_000, seed=2)
    payload = deck_payload(event_deck(frame))
    assert len(payload.encode()) < PAYLOAD_BUDGET
    cells = next(layer for layer in json.loads(payload)["layers"] if layer["id"] == "event-cells")
    assert sum(int(c["tooltip"].split()[0]) for c in cells["data"]) > 900_000


def test_a_shared_camera_sets_the_initial_view(three_precisions):
    deck = json.loads(deck_payload(event_deck(three_precisions, camera=(35.27, 51.19, 9.5))))
    view = deck["initialViewState"]
    assert (view["longitude"], view["latitude"], view["zoom"]) == (35.27, 51.19, 9.5)
    assert view["minZoom"] == 5  # the analyst cannot zoom out past the region


def test_a_camera_further_out_than_the_basemap_allows_is_kept(three_precisions):
    """A view fitted to a country-wide export (geo.frame.fit_camera) may look from
    further out than the map of Kursk lets the analyst zoom out to."""
    deck = json.loads(deck_payload(event_deck(three_precisions, camera=(31.0, 48.4, 4.2))))
    view = deck["initialViewState"]
    assert (view["zoom"], view["minZoom"]) == (4.2, 4.2)


def test_the_map_has_a_true_50_km_scale_bar(three_precisions):
    from geopy.distance import geodesic

    bar = layers_by_id(three_precisions)["scale-bar"]["data"][0]
    (lon1, lat1), (lon2, lat2) = bar["s"], bar["t"]
    assert geodesic((lat1, lon1), (lat2, lon2)).km == pytest.approx(50, rel=0.01)


def test_the_compact_payload_is_pydecks_document(three_precisions):
    deck = event_deck(three_precisions, selected="place")
    assert json.loads(deck_payload(deck)) == json.loads(deck.to_json())


def test_no_event_text_can_forge_the_payloads_row_markers():
    hostile = validate(
        [
            raw_event(
                1,
                geo_precision="3",
                latitude="",
                longitude="",
                admin2="",
                notes='sitmap-rows-0 "sitmap-rows-1"',
            )
        ]
    )
    assert json.loads(deck_payload(event_deck(hostile)))  # still one valid document


@pytest.mark.parametrize("n", [2 * AGGREGATE_ABOVE])
def test_every_dot_asked_for_above_the_threshold_is_lean(n):
    frame = synthetic_events(n, seed=3)
    deck = json.loads(deck_payload(event_deck(frame, aggregate=False)))
    dots = [layer for layer in deck["layers"] if layer["id"].startswith("event-points")]
    rows = [row for layer in dots for row in layer["data"]]
    assert len(dots) > 1 and all(not isinstance(layer["getFillColor"], str) for layer in dots)
    assert set(rows[0]) == {"event_id", "lon", "lat", "tooltip"}  # no colour, no size per row
    assert rows[0]["tooltip"].startswith(rows[0]["event_id"] + " · ")


def test_cells_count_events_deaths_and_the_dominant_type():
    dx, dy = CELL_DEGREES
    x, y = 35.05, 51.03  # well inside one cell (not on a cell edge)
    frame = pd.DataFrame(
        {
            "longitude": [x, x + 0.001, x - 0.001, x + dx, -x],
            "latitude": [y, y, y + 0.001, y, y],
            "event_type": ["Battles", "Protests", "Battles", "Riots", "Protests"],
            "fatalities": pd.array([3, None, 4, 1, 0], dtype="Int64"),
        }
    )
    cells = aggregate_cells(frame)
    middle = cells[cells["count"] == 3].iloc[0]
    assert (middle["deaths"], middle["event_type"]) == (7, "Battles")
    assert abs(middle["lon"] - x) < dx / 2 and abs(middle["lat"] - y) < dy / 2
    assert len(cells) == 3 and cells["count"].sum() == 5  # x is longitude: -x is its own cell


@pytest.mark.parametrize(
    ("events", "first_line"),
    [(1, "1 event in this ~5 km cell"), (2, "2 events in this ~5 km cell")],
)
def test_a_cells_tooltip_counts_its_events_in_words(events, first_line):
    frame = validate([raw_event(i, fatalities="1") for i in range(1, events + 1)])
    cells = layers_by_id(frame, aggregate=True)["event-cells"]["data"]
    assert cells[0]["tooltip"].split("\n") == [
        first_line,
        "mostly Explosions/Remote violence",
        f"fatalities: {events}",
    ]


def test_a_cell_is_drawn_as_the_square_its_events_fall_in():
    """deck.gl works out the corners from the centre; the expression is also Python."""
    dx, dy = CELL_DEGREES
    x, y = 35.05, 51.03  # well inside one cell (not on a cell edge)
    places = [(x, y), (x + 0.01, y - 0.01), (x + dx, y), (x - dx, y + dy)]
    frame = validate(
        [
            raw_event(i, longitude=str(lon), latitude=str(lat))
            for i, (lon, lat) in enumerate(places, 1)
        ]
    )
    layer = layers_by_id(frame, aggregate=True)["event-cells"]
    corners = layer["getPolygon"].removeprefix("@@=")
    squares = []
    for cell in layer["data"]:
        (west, south), (east, south_too), (east_too, north), (west_too, north_too) = eval(  # noqa: S307
            corners, {}, cell
        )
        assert (west, east, south, north) == (west_too, east_too, south_too, north_too)
        assert (east - west, north - south) == (pytest.approx(dx), pytest.approx(dy))
        inside = [west < lon < east and south < lat < north for lon, lat in places]
        assert sum(inside) == int(cell["tooltip"].split()[0])
        squares.append(inside)
    assert [sum(column) for column in zip(*squares, strict=True)] == [1, 1, 1, 1]


def test_a_tie_for_the_dominant_type_goes_to_the_first_alphabetically():
    frame = pd.DataFrame(
        {
            "longitude": [35.01, 35.02],
            "latitude": [51.01, 51.02],
            "event_type": ["Riots", "Battles"],
            "fatalities": [0, 0],
        }
    )
    assert aggregate_cells(frame)["event_type"].tolist() == ["Battles"]
