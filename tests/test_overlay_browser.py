"""In headless Chromium: the control layer in force at the window's end is drawn under the
events with its series, date and source in the legend; dragging the window's end past a
layer change draws the next layer in the browser, without a rerun, and the release is
one; past the series' days the legend says so; the area chart sits under the timeline.
Screenshot: test-artifacts/ or $SITMAP_SCREENSHOTS (docs/screenshots/overlay.png)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import shapely
from conftest import ROOT
from map_page import CANVAS, Wire, stats, wait_for_rerun
from overlay_fixtures import DEEPSTATE_FEATURES, deepstate_geojson, deepstate_kml, isw_geojson
from PIL import Image

from events.overlay_store import OverlayStore
from events.store import Store
from geo.overlay_geometry import oblast_shape
from sitmap.overlay_import import commit_overlay, read_overlay
from sitmap.seed import seed_store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::UserWarning"),
]
AUGUST = [
    (34.85, 51.22),
    (34.90, 51.40),
    (35.05, 51.47),
    (35.25, 51.50),
    (35.45, 51.43),
    (35.58, 51.30),
    (35.52, 51.05),
    (35.30, 50.95),
    (34.85, 51.22),
]
AUGUST_GREY = [(35.58, 51.30), (35.66, 51.29), (35.60, 51.16), (35.52, 51.18), (35.58, 51.30)]
SEPTEMBER = [
    (35.00, 51.22),
    (35.05, 51.38),
    (35.25, 51.42),
    (35.45, 51.35),
    (35.50, 51.22),
    (35.40, 51.00),
    (35.00, 51.22),
]
"""An illustrative salient around Sudzha (not data): wide in August, smaller in September;
cut to Kursk oblast, so its southern edge is the border (no front there)."""


def _in_kursk(ring: list) -> list:
    inside = shapely.intersection(shapely.Polygon(ring), oblast_shape("Kursk"))
    largest = max(getattr(inside, "geoms", [inside]), key=lambda part: part.area)
    return [tuple(xy) for xy in np.round(largest.exterior.coords, 4)]


GREEN = (15, 157, 88)


def _layers(url: str) -> None:
    overlays = OverlayStore(Store(url).engine)
    held, grey = DEEPSTATE_FEATURES[0][:2], DEEPSTATE_FEATURES[1][:2]
    august = [(*held, _in_kursk(AUGUST)), (*grey, AUGUST_GREY)]
    for data, name in [
        (deepstate_kml(features=august), "1724184993_20240820T2016Z.kml"),
        (
            deepstate_geojson(features=[(*held, _in_kursk(SEPTEMBER))]),
            "1727283600_20240925T1700Z.geojson",
        ),
    ]:
        plan = read_overlay(data, name)
        assert plan.problems == []
        commit_overlay(plan, overlays, series="Demo")


@pytest.fixture
def overlay_app(tmp_path, served) -> str:
    url = f"sqlite:///{tmp_path / 'overlay.sqlite'}"
    seed_store(Store(url))
    _layers(url)
    return served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url}).url


def green_pixels(path: Path) -> int:
    """Pixels of the held ground's green, blended translucent over the basemap."""
    image = np.asarray(Image.open(path).convert("RGB")).astype(int)
    # a fill of alpha 90/255 over the pale basemap: green well above red and blue
    g_over_r = image[..., 1] - image[..., 0]
    g_over_b = image[..., 1] - image[..., 2]
    return int(((g_over_r > 40) & (g_over_b > 25)).sum())


def _open(page, base: str, end: str) -> None:
    # battles only: the article's area-level events would shade the oblast green too
    page.goto(f"{base}?overlay=Demo&event_types=Battles&start=2024-08-06&end={end}")
    page.wait_for_function("() => window.sitmapMap && window.sitmapMap.frames > 0", timeout=60_000)
    wait_for_rerun(page)
    page.wait_for_timeout(2500)  # let deck.gl draw


def _hold_window_end_at(page, day: date) -> None:
    """Press on the window's end handle and move it to ``day`` on the brush, held."""
    handle = page.locator("[data-testid='sitmap-handle-end']").bounding_box()
    track = page.locator("[data-testid='sitmap-brush']").bounding_box()
    first, last = date(2024, 8, 6), date(2025, 2, 28)  # the seed's span: the brush's ends
    fraction = (day - first).days / (last - first).days
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * fraction, handle["y"] + 10, steps=8)


def test_the_layer_in_force_is_drawn_and_changes_with_the_window(
    browser, overlay_app, screenshots, artifacts
):
    page = browser.new_page(viewport={"width": 1600, "height": 1500})
    wire = Wire(page)
    canvas = page.locator(CANVAS).first

    _open(page, overlay_app, "2024-09-01")
    page.get_by_text("Control: Demo, layer of 2024-08-20 (source: DeepStateMap)").first.wait_for()
    page.get_by_text("Area by class in Kursk Oblast", exact=False).first.wait_for()
    page.screenshot(path=str(screenshots / "overlay.png"))
    august = artifacts / "overlay-august.png"
    canvas.screenshot(path=str(august))

    # drag the window's end past the September layer's date: the browser picks it
    sent = wire.sent
    _hold_window_end_at(page, date(2024, 10, 5))
    page.wait_for_function(
        "() => String(window.sitmapMap.overlay).includes('2024-09-25')", timeout=20_000
    )
    page.wait_for_timeout(1500)  # let deck.gl draw the new layer
    september = artifacts / "overlay-september.png"
    canvas.screenshot(path=str(september))
    assert wire.sent == sent, "the overlay followed the drag without a rerun"
    # the wide August box is drawn, then the smaller held box of the September layer
    assert green_pixels(august) > 1.5 * green_pixels(september) > 0
    page.mouse.up()
    wait_for_rerun(page)
    assert wire.sent == sent + 1, "a release is one rerun"
    page.get_by_text("Control: Demo, layer of 2024-09-25 (source: DeepStateMap)").first.wait_for()
    assert stats(page)["window"][1] >= "2024-09-25"

    _open(page, overlay_app, "2024-12-01")  # more than 30 days after the last layer
    page.get_by_text("Demo: no layer within 30 days").wait_for()
    nothing = artifacts / "overlay-expired.png"
    canvas.screenshot(path=str(nothing))
    assert green_pixels(nothing) < 0.1 * green_pixels(september)
    page.close()


def test_an_editor_imports_and_undoes_a_layer_on_its_page(browser, served, tmp_path, screenshots):
    url = f"sqlite:///{tmp_path / 'upload.sqlite'}"
    overlays = OverlayStore(Store(url).engine)
    layer_file = tmp_path / "1724184993_20240820T2016Z.kml"
    layer_file.write_bytes(deepstate_kml())
    undated = tmp_path / "isw-kursk.geojson"
    undated.write_bytes(isw_geojson(None))
    app = served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url})
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(app.url + "/control_layers")
    page.get_by_text("Dated territorial-control layers").first.wait_for(timeout=30_000)
    uploads = page.locator("input[type=file]")

    uploads.set_input_files(str(undated))
    page.get_by_role("button", name="Import layer").click()
    page.get_by_text("no date for this layer", exact=False).wait_for(timeout=30_000)
    assert overlays.layers() == []

    uploads.set_input_files(str(layer_file))
    page.get_by_role("button", name="Import layer").click()
    page.get_by_text("Layer imported.").wait_for(timeout=30_000)
    page.get_by_text("2 unit icon point(s) skipped").wait_for()
    page.screenshot(path=str(screenshots / "overlay-import.png"))
    (layer,) = overlays.layers()
    assert (layer.series, layer.day, layer.source) == (
        "DeepState",
        date(2024, 8, 20),
        "DeepStateMap",
    )

    page.get_by_role("button", name="Undo", exact=True).last.click()
    page.wait_for_function(
        "() => !document.body.innerText.includes('1724184993_20240820T2016Z.kml ·')",
        timeout=30_000,
    )
    assert overlays.layers() == []
    page.close()
