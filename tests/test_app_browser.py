"""End to end in headless Chromium: the served app draws the map, answers the slider,
opens an event picked on the map, switches to briefing mode, and asks nothing of the
internet.  Screenshots land in test-artifacts/ (or $SITMAP_SCREENSHOTS, for docs/)."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest
from builders import raw_event
from conftest import ROOT
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from events.store import Store
from events.validation import validate
from geo.style import EVENT_COLOURS
from sitmap.seed import seed_store

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture
def app_url(tmp_path, served) -> str:
    url = f"sqlite:///{tmp_path / 'browser.sqlite'}"
    store = Store(url)
    seed_store(store)
    store.add_batch(
        validate([raw_event(i, event_id=f"SH-{i}") for i in range(1, 11)]),
        file_name="shelling.csv",
        data_hash="h",
    )
    return served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url}).url


def caption_count(page) -> int:
    text = page.get_by_text("Showing ", exact=False).first.inner_text()
    return int(text.split()[1])


def wait_for_rerun(page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=20_000
    )
    page.wait_for_timeout(600)


def event_pixels(path: Path) -> int:
    """Pixels in the Strategic developments green or Battles orange of geo.style."""

    image = np.asarray(Image.open(path).convert("RGB")).astype(int)
    count = 0
    for kind in ("Battles", "Strategic developments"):
        r, g, b = EVENT_COLOURS[kind][:3]
        # translucent fills mix with the pale basemap: look for the hue, not the exact value
        close = (
            (np.abs(image[..., 0] - r) < 70)
            & (np.abs(image[..., 1] - g) < 70)
            & (np.abs(image[..., 2] - b) < 70)
        )
        count += int(close.sum())
    return count


def test_the_dashboard_end_to_end(browser, app_url, screenshots, artifacts):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(app_url)
    page.wait_for_selector("canvas", timeout=30_000)
    wait_for_rerun(page)
    page.wait_for_timeout(2500)  # let deck.gl draw

    canvas = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first
    map_png = artifacts / "map-only.png"
    canvas.screenshot(path=map_png)
    assert event_pixels(map_png) > 2_000, "the event footprints are not drawn"
    page.screenshot(path=screenshots / "app.png")
    assert caption_count(page) == 15

    # move the slider: click the track near its start, the start thumb jumps there
    track = page.locator("[role='group'][aria-label='Time window'] > div").first
    box = track.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.05, box["y"] + box["height"] / 2)
    wait_for_rerun(page)
    moved = caption_count(page)
    assert moved < 15

    # pick an event on the map: the Kursk oblast area sits in the middle of the view
    # (a click that lands while deck.gl is still redrawing is lost, so try a few times)
    detail = page.get_by_text("Event detail").first
    for _attempt in range(6):
        box = canvas.bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.62, box["y"] + box["height"] * 0.35)
        wait_for_rerun(page)
        try:
            detail.wait_for(timeout=8_000)
            break
        except PlaywrightTimeout:
            page.wait_for_timeout(1_000)
    assert detail.is_visible(), "picking an event on the map did not open its detail"
    assert page.get_by_text("SM-ART-", exact=False).count() > 0
    page.screenshot(path=screenshots / "app-selected.png")

    page.get_by_text("Briefing mode").click()
    wait_for_rerun(page)
    page.get_by_text("Key events").first.wait_for(timeout=10_000)
    time.sleep(2)
    page.screenshot(path=screenshots / "briefing.png")

    # one click more: the briefing of this view as a PDF, rendered on the server
    page.get_by_text("Export this briefing").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Briefing PDF").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Type /Page" in pdf

    outside = {urlparse(u).hostname for u in requests} - LOCAL_HOSTS - {None}
    assert not outside, f"the browser asked the internet: {sorted(outside)}"
    page.close()
