"""End to end in headless Chromium: the served app draws the map, moves its window in the
browser while dragging and tells the server once on release, opens an event picked on
the map, switches to briefing mode, and asks nothing of the internet.  What the browser
sends and receives is counted on the websocket; what the map draws, on its canvas and
in the counters it keeps (``window.sitmapMap``: deck.gl's redraws, the count shown).
Screenshots land in test-artifacts/ (or $SITMAP_SCREENSHOTS, for docs/)."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import numpy as np
import pandas as pd
import pytest
from builders import raw_event
from conftest import ROOT
from map_data_oracles import (
    assert_points_draw_what_quads_draw,
    assert_points_pick_the_dot_under_the_pointer,
    assert_server_cells_are_the_browsers,
    assert_slices_hold_every_event_in_the_window,
)
from map_drawing_oracles import (
    assert_area_hit_test_agrees_with_shapely,
    assert_areas_hatched_not_filled,
    assert_badges_sit_on_their_areas,
    assert_basemap_lines_lie_where_deck_projects,
    assert_cells_are_drawn_where_deck_projects,
    assert_labels_sit_on_their_places,
    assert_the_selected_event_is_ringed,
)
from map_page import (
    CANVAS,
    LOCAL_HOSTS,
    Wire,
    caption_count,
    drag_window_start,
    event_pixels,
    open_map,
    shot,
    stats,
    wait_for_rerun,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from events.store import Store
from events.validation import validate
from geo.style import BASEMAP
from sitmap.seed import seed_store
from sitmap.synthetic import synthetic_events
from ui.panels import MAP_WIDTH_PX

pytestmark = pytest.mark.browser


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


def test_the_dashboard_end_to_end(browser, app_url, screenshots, artifacts):
    """Draw, drag, release, quick window, pick, pan, briefing, export: one page, one server."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    wire = Wire(page)
    open_map(page, app_url)

    # the map's width as the browser measured it reached the server (which reckons the
    # events off the map from it) and came back with the view
    widths = page.evaluate(
        "() => { const v = window.sitmapMap.debug.views()[0];"
        " return [v.props.width, Math.round(v.q('.canvas').clientWidth)]; }"
    )
    assert widths[0] == widths[1] != MAP_WIDTH_PX, widths
    # two reruns asked for: the page's own and the width's; not the opening camera, which
    # deck.gl reports as it first sizes its canvas and the server already has
    assert wire.sent == 2, wire.sent
    # the width is kept in a cookie: the server knows it on the next page load, which asks
    # for no rerun but its own
    open_map(page, app_url)
    assert wire.sent == 3, wire.sent
    assert page.evaluate("() => window.sitmapMap.debug.views()[0].props.width") == widths[1]

    assert_area_hit_test_agrees_with_shapely(page)
    assert_badges_sit_on_their_areas(page)
    assert_labels_sit_on_their_places(page)
    assert_basemap_lines_lie_where_deck_projects(page)
    assert_cells_are_drawn_where_deck_projects(page)

    before = shot(page, artifacts / "map-only.png")
    assert event_pixels(before) > 2_000, "the event footprints are not drawn"
    assert_areas_hatched_not_filled(before)
    page.screenshot(path=screenshots / "app.png")
    assert caption_count(page) == 15 and stats(page)["shown"] == 15

    # drag the window's start towards the end: the map follows, the server hears nothing,
    # and only the events' deck redraws (the basemap's sheet waits for the camera)
    sent, frames, base = wire.sent, stats(page)["frames"], stats(page)["baseFrames"]
    drag_window_start(page, [0.3, 0.6, 0.8, 0.9])
    during = shot(page, artifacts / "map-dragging.png")
    dragging = stats(page)
    assert wire.sent == sent, "dragging the window asked the server for a rerun"
    assert dragging["frames"] > frames and dragging["shown"] < 15
    assert dragging["baseFrames"] == base, "the basemap redrew while the window moved"
    assert np.abs(during - before).sum(axis=2).astype(bool).sum() > 500, "nothing redrawn"

    # release: one rerun, whose count, table and caption agree with the browser's
    page.mouse.up()
    wait_for_rerun(page)
    assert wire.sent == sent + 1, "a release is one rerun"
    assert caption_count(page) == stats(page)["shown"] == dragging["shown"]
    start = parse_qs(urlparse(page.url).query)["start"][0]
    assert start == stats(page)["window"][0]

    # a quick window keeps its label and moves the map's window
    page.get_by_role("button", name="All").click()
    wait_for_rerun(page)
    assert caption_count(page) == 15 and stats(page)["shown"] == 15

    # pick an event on the map: the Kursk oblast area sits in the middle of the view
    # (a click that lands while deck.gl is still redrawing is lost, so try a few times)
    canvas = page.locator(CANVAS).first
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
    assert_the_selected_event_is_ringed(page)
    page.screenshot(path=screenshots / "app-selected.png")

    # pan the map: the camera reaches the URL once, when the panning stops, and the
    # basemap's sheet follows it
    sent, base = wire.sent, stats(page)["baseFrames"]
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 16):
        page.mouse.move(x - 12 * step, y - 6 * step)
        page.wait_for_timeout(30)
    assert_badges_sit_on_their_areas(page)  # they follow the camera, before any rerun
    assert_labels_sit_on_their_places(page)
    assert_basemap_lines_lie_where_deck_projects(page)
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('lon=')", timeout=20_000)
    wait_for_rerun(page)
    # debounced: not a rerun per pan frame (on a loaded machine a pause mid-drag can
    # outlast the debounce, so a few are allowed, never one per frame)
    assert 1 <= wire.sent - sent < 15, "the camera is reported once panning stops"
    assert float(parse_qs(urlparse(page.url).query)["lon"][0]) > 36.0  # dragged west
    assert stats(page)["baseFrames"] > base

    page.get_by_text("Briefing mode").click()
    wait_for_rerun(page)
    page.get_by_text("Key events").first.wait_for(timeout=10_000)
    time.sleep(2)
    assert not page.locator("[data-testid='sitmap-brush']").is_visible()  # read, not driven
    briefing_map = shot(page, artifacts / "briefing-map.png")
    assert event_pixels(briefing_map) > 2_000
    # the basemap too, drawn again after the map was mounted anew for the briefing
    grounds = [np.array(BASEMAP[name].fill[:3]) for name in ("neighbours", "kursk")]
    ground = sum((np.abs(briefing_map - g) < 12).all(axis=2).mean() for g in grounds)
    assert ground > 0.3, f"only {ground:.0%} of the briefing's map shows the basemap's fills"
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


def test_moving_the_window_resends_no_event_data(browser, tmp_path, served, artifacts):
    """A store big enough that its event columns dwarf everything else on the page: after
    the first load, a rerun that only moves the window receives a small fraction of them.
    Its whole span holds more located events than the map draws as dots: it opens on
    cells, which the server sends with the view too (drawn until the columns arrive)."""
    url = f"sqlite:///{tmp_path / 'bytes.sqlite'}"
    events = synthetic_events(25_000, seed=3)
    # and some events coded over months (a campaign as one event), for the slices' oracle;
    # all ending before the last event starts, so the windows by button stay where they were
    early = events.index[events["date_start"] < events["date_start"].max() - pd.Timedelta(days=340)]
    long = early[::60]
    events.loc[long, "date_end"] = events.loc[long, "date_start"] + pd.to_timedelta(
        np.arange(len(long)) % 300 + 32, unit="D"
    )
    events.loc[long, "time_precision"] = 3
    Store(url).add_batch(events, file_name="s.csv", data_hash="s")
    app = served(ROOT / "app.py", {"SITMAP_DATABASE_URL": url})
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    wire = Wire(page)
    open_map(page, app.url)
    first_load = wire.received
    assert first_load > 1_000_000  # 25,000 events' columns, once
    assert stats(page)["decodes"] == 1
    assert_server_cells_are_the_browsers(page)
    # every event's id, made again in the browser from its three parts (columns.js)
    ids = page.evaluate(
        "() => { const ds = window.sitmapMap.debug.views()[0].dataset();"
        " return Array.from({ length: ds.n }, (_, i) => ds.ids.get(i)); }"
    )
    assert sorted(ids) == sorted(events["event_id"])

    for label in ("30 days", "90 days", "All"):
        received, sent = wire.received, wire.sent
        page.get_by_role("button", name=label).click()
        wait_for_rerun(page)
        assert wire.sent == sent + 1
        assert wire.received - received < first_load / 10, f"{label}: event data resent"
    assert stats(page)["decodes"] == 1  # decoded once, whatever the window
    assert_slices_hold_every_event_in_the_window(page)
    assert_points_pick_the_dot_under_the_pointer(page)
    assert_points_draw_what_quads_draw(page, artifacts)

    # scrubbing and playback stay in the browser: frames drawn, nothing sent
    sent, frames = wire.sent, stats(page)["frames"]
    page.evaluate("() => document.querySelector('[data-testid=sitmap-play]').click()")
    # software WebGL on a busy machine may draw a frame a second or slower: wait for two
    page.wait_for_function(f"() => window.sitmapMap.frames > {frames + 1}", timeout=180_000)
    # playing, or already at the end of the data (where it stops and tells the server)
    assert wire.sent == sent or not stats(page)["playing"]
    page.evaluate(  # pause, unless it has stopped at the end
        "() => window.sitmapMap.playing && document.querySelector('[data-testid=sitmap-play]')"
        ".click()"
    )
    page.wait_for_function("() => !window.sitmapMap.playing", timeout=60_000)
    wait_for_rerun(page)
    assert wire.sent == sent + 1  # the window it stopped at, once
    assert caption_count(page) == stats(page)["shown"]
    page.close()
