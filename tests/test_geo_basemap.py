"""The offline basemap: layers, style, payload; and a screenshot in headless Chromium."""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

from events.vocabulary import EVENT_TYPES
from geo import basemap, drawing, style
from geo.layers import deck_payload, event_deck
from sitmap.synthetic import synthetic_events

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def deck_json():
    return json.loads(basemap.compose_deck().to_json())


def test_layers_bottom_to_top(deck_json):
    assert [layer["id"] for layer in deck_json["layers"]] == [
        "background",
        "neighbour-oblasts",
        "kursk-oblast",
        "neighbour-oblast-lines",
        "kursk-districts-approximate",
        "kursk-oblast-outline",
        "russia-ukraine-border",
        "oblast-names",
        "settlements",
        "scale-bar",
        "scale-bar-label",
    ]


def test_every_label_uses_one_font(deck_json):
    """deck.gl draws a glyph atlas per font in the browser: one font, one atlas."""
    fonts = {
        json.dumps(
            [layer.get(key) for key in ("fontFamily", "fontWeight", "fontSettings", "characterSet")]
        )
        for layer in deck_json["layers"]
        if layer["@@type"] == "TextLayer"
    }
    assert len(fonts) == 1


def test_districts_say_they_are_approximate(deck_json):
    (districts,) = [layer for layer in deck_json["layers"] if "districts" in layer["id"]]
    assert districts["id"].endswith("approximate") and len(districts["data"]) > 100
    names = [row["name"] for row in _layer(deck_json, "oblast-names")["data"]]
    assert "(district lines approximate)" in names


def _layer(deck_json, layer_id):
    return next(layer for layer in deck_json["layers"] if layer["id"] == layer_id)


def test_labels_include_the_front_line_places(deck_json):
    names = {row["name"] for row in _layer(deck_json, "settlements")["data"]}
    assert {name for name, _ in basemap.FRONT_LINE_PLACES} <= names
    assert {"Kursk", "Sumy", "Belgorod", "Zheleznogorsk"} <= names


def test_labels_are_placed_at_longitude_latitude(deck_json):
    rows = _layer(deck_json, "settlements")["data"]
    sudzha = next(row for row in rows if row["name"] == "Sudzha")
    assert sudzha["position"] == [35.2719, 51.1919]


def test_every_labelled_settlement_has_a_dot_under_its_name(deck_json):
    rows = _layer(deck_json, "settlements")["data"]
    dots = [row for row in rows if row["name"] == drawing.DOT]
    names = [row for row in rows if row["name"] != drawing.DOT]
    assert sorted(map(tuple, (r["position"] for r in dots))) == sorted(
        map(tuple, (r["position"] for r in names))
    )
    assert rows[: len(dots)] == dots  # drawn first, under the names
    assert {(r["anchor"], r["baseline"], tuple(r["offset"])) for r in dots} == {
        ("middle", "center", (0, 0))
    }
    assert drawing.DOT in _layer(deck_json, "settlements")["characterSet"]


# Per layer class, the props that may be read per row ("@@=…") or be constants.
_MODAL = {
    "LineLayer": ("getColor", "getWidth"),
    "GeoJsonLayer": ("getFillColor",),
    "PolygonLayer": ("getFillColor",),
    "TextLayer": ("getColor", "getSize", "getTextAnchor", "getAlignmentBaseline", "getPixelOffset"),
}


def _drawing(layer: dict) -> tuple[str, tuple[bool, ...]]:
    """How a layer feeds WebGL: its pipeline's class, and per prop whether it is per row
    (GeoJsonLayer and PolygonLayer both fill with deck.gl's SolidPolygonLayer)."""
    kind = layer["@@type"].replace("GeoJsonLayer", "Fill").replace("PolygonLayer", "Fill")
    modes = tuple(str(layer.get(key, "")).startswith("@@=") for key in _MODAL[layer["@@type"]])
    return kind, modes


def test_each_layer_class_is_drawn_one_way(deck_json):
    """Software WebGL compiles a pipeline per layer class and per mix of per-row and
    constant attributes before the first frame: one drawing per class keeps it to few.
    Lines are constant, fills and labels per row, and the basemap has no dot layer."""

    events_deck = json.loads(deck_payload(event_deck(synthetic_events(30_000), aggregate=True)))
    layers = deck_json["layers"] + events_deck["layers"]
    kinds = {layer["@@type"] for layer in events_deck["layers"]}
    assert {"LineLayer", "GeoJsonLayer", "PolygonLayer"} <= kinds  # outlines, areas, cells
    drawings: dict[str, set] = {}
    for layer in layers:
        kind, modes = _drawing(layer)
        drawings.setdefault(kind, set()).add(modes)
    assert all(len(modes) == 1 for modes in drawings.values()), drawings
    assert drawings["LineLayer"] == {(False, False)}  # constant colour and width
    assert drawings["Fill"] == {(True,)}  # fill colour per row
    assert drawings["TextLayer"] == {(False, True, True, True, True)}  # all but the colour
    assert "ScatterplotLayer" not in {layer["@@type"] for layer in deck_json["layers"]}


def test_nothing_points_off_the_machine(deck_json):
    # pydeck's "no style chosen" with no provider: Streamlit draws the deck with no map
    assert deck_json["mapStyle"] == "__MAP_STYLE__" and deck_json.get("mapProvider") is None
    assert "http" not in json.dumps(deck_json)


def test_the_background_is_the_style_tables():
    deck = json.loads(basemap.compose_deck().to_json())
    (feature,) = _layer(deck, "background")["data"]["features"]
    assert feature["properties"]["fill"] == list(style.BACKGROUND)


def test_online_tiles_have_no_background_over_them():
    online = json.loads(basemap.compose_deck(tiles="carto").to_json())
    assert online["mapStyle"] == basemap.ONLINE_MAP_STYLES["carto"]
    assert "background" not in [layer["id"] for layer in online["layers"]]


@pytest.mark.parametrize(
    ("environ", "tiles", "url"),
    [
        ({}, None, None),
        ({"SITMAP_TILES": "offline"}, None, None),
        ({"SITMAP_TILES": "carto"}, "carto", basemap.ONLINE_MAP_STYLES["carto"]),
    ],
)
def test_online_tiles_only_when_configured(environ, tiles, url):
    assert basemap.configured_tiles(environ) == tiles
    assert basemap.map_style(basemap.configured_tiles(environ)) == url


def test_unknown_tiles_are_refused():
    with pytest.raises(ValueError, match="SITMAP_TILES"):
        basemap.map_style("google")
    with pytest.raises(ValueError, match="SITMAP_TILES"):
        basemap.configured_tiles({"SITMAP_TILES": "google"})


def test_the_payload_is_small(deck_json):
    # outlines as segments (see line_segments) cost ~40 KB more than as GeoJSON strokes
    assert len(json.dumps(deck_json, separators=(",", ":"))) < 200_000


def test_coordinates_are_rounded(deck_json):
    ring = _layer(deck_json, "kursk-oblast")["data"]["features"][0]["geometry"]["coordinates"][0]
    assert all(len(repr(v).split(".")[-1]) <= 4 for point in ring for v in point)


def test_view_is_centred_on_kursk_oblast():
    view = basemap.view_state()
    assert 35.0 < view.longitude < 37.5 and 51.0 < view.latitude < 52.3


def test_every_event_type_has_a_colour():

    assert set(style.EVENT_COLOURS) == set(EVENT_TYPES)
    assert style.to_matplotlib((255, 0, 0, 255)) == (1.0, 0.0, 0.0, 1.0)


def test_geo_never_imports_streamlit():
    for module in (ROOT / "geo").glob("*.py"):
        assert "streamlit" not in module.read_text(), module.name


@pytest.mark.browser
def test_screenshot_shows_the_basemap_offline(browser, served, artifacts, tmp_path):
    app = served(ROOT / "tests" / "apps" / "basemap_only.py")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        page.goto(app.url)
        page.wait_for_selector("canvas", timeout=60_000)
        time.sleep(4)  # deck.gl draws after the fonts' atlas is built
        png = artifacts / "basemap_only.png"
        page.screenshot(path=str(png))
    finally:
        page.close()

    # data: and blob: URLs (inline images, web workers) never leave the browser
    network = [url for url in requests if urlparse(url).scheme not in ("data", "blob")]
    hosts = {urlparse(url).hostname for url in network}
    assert hosts <= {"127.0.0.1", "localhost"}, hosts
    assert {urlparse(url).scheme for url in requests} <= {"http", "ws", "data", "blob"}
    assert failed == []

    from PIL import Image

    pixels = np.asarray(Image.open(png).convert("RGB")).reshape(-1, 3).astype(int)

    def share(rgb, tolerance=6):
        return (np.abs(pixels - np.array(rgb)).max(axis=1) <= tolerance).mean()

    assert share(style.BASEMAP["kursk"].fill[:3]) > 0.07  # the oblast, whole in view
    assert share(style.BASEMAP["neighbours"].fill[:3]) > 0.10  # its neighbours
    assert share(style.BASEMAP["border"].line[:3], tolerance=40) > 0.002  # the border
    assert share(style.BACKGROUND[:3], tolerance=3) > 0.001  # the ground beyond the oblasts
    assert share(style.LABEL_COLOUR[:3], tolerance=40) > 0.002  # label text


def test_outlines_are_straight_segments_not_paths(deck_json):
    """PathLayer's shader costs about a second of first paint in software WebGL."""
    assert "PathLayer" not in {layer["@@type"] for layer in deck_json["layers"]}
    areas = [layer for layer in deck_json["layers"] if layer["@@type"] == "GeoJsonLayer"]
    assert areas and all(layer["stroked"] is False for layer in areas)
    border = _layer(deck_json, "russia-ukraine-border")
    assert border["@@type"] == "LineLayer" and len(border["data"]) > 50


def test_a_polygon_with_a_hole_gives_every_edge_once():
    from shapely.geometry import LineString, Polygon

    square = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], holes=[[(1, 1), (2, 1), (2, 2), (1, 2)]])
    segments = basemap.line_segments([square, LineString([(10, 10), (11, 10), (11, 11)])])
    assert len(segments) == 4 + 4 + 2  # outer ring, hole, and the line's two pieces
    twice = basemap.line_segments([square, Polygon([(4, 0), (8, 0), (8, 4), (4, 4)])])
    assert len(twice) == 4 + 4 + 4 - 1  # the shared edge x = 4 once
    assert {"s": [0.0, 0.0], "t": [4.0, 0.0]} in segments  # [longitude, latitude] pairs
