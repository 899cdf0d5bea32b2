"""End to end in headless Chromium: the served app draws the map, moves its window in the
browser while dragging and tells the server once on release, opens an event picked on
the map, switches to briefing mode, and asks nothing of the internet.  What the browser
sends and receives is counted on the websocket; what the map draws, on its canvas and
in the counters it keeps (``window.sitmapMap``: deck.gl's redraws, the count shown).
Screenshots land in test-artifacts/ (or $SITMAP_SCREENSHOTS, for docs/)."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pandas as pd
import pytest
import shapely
from builders import raw_event
from conftest import ROOT
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from events.store import Store
from events.validation import validate
from geo.layers import basemap_specs
from geo.style import BASEMAP, EVENT_COLOURS
from sitmap.seed import seed_store
from sitmap.synthetic import synthetic_events
from ui.panels import MAP_WIDTH_PX

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
CANVAS = "[data-testid='sitmap-canvas'] canvas"


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


class Wire:
    """The websocket's frames, counted: what the browser sent (a rerun asked for is one
    message) and the bytes it received."""

    def __init__(self, page):
        self.sent = 0
        self.received = 0
        page.on("websocket", self._watch)

    def _watch(self, socket) -> None:
        socket.on("framesent", lambda payload: self._count("sent", payload))
        socket.on("framereceived", lambda payload: self._count("received", payload))

    def _count(self, direction: str, payload) -> None:
        if direction == "sent":
            self.sent += 1
        else:
            self.received += len(payload)


def stats(page) -> dict:
    return page.evaluate("() => ({...window.sitmapMap})")


def caption_count(page) -> int:
    text = page.get_by_text("Showing ", exact=False).first.inner_text()
    return int(text.split()[1])


def wait_for_rerun(page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=20_000
    )
    page.wait_for_timeout(600)


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.sitmapMap && window.sitmapMap.frames > 0", timeout=60_000)
    wait_for_rerun(page)
    page.wait_for_timeout(1500)  # let deck.gl settle


def event_pixels(image: np.ndarray) -> int:
    """Pixels in the Strategic developments green or Battles orange of geo.style."""
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


def shot(page, path: Path) -> np.ndarray:
    page.locator(CANVAS).first.screenshot(path=path)
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def drag_window_start(page, fractions: list[float]) -> None:
    """Press on the window's start handle and move it to each fraction of the track,
    without releasing."""
    handle = page.locator("[data-testid='sitmap-handle-start']").bounding_box()
    track = page.locator("[data-testid='sitmap-brush']").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    for fraction in fractions:
        page.mouse.move(track["x"] + track["width"] * fraction, handle["y"] + 10, steps=3)
        page.wait_for_timeout(120)


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


def assert_areas_hatched_not_filled(image: np.ndarray) -> None:
    """Kursk Oblast holds events known only to the oblast: drawn as lines over the
    basemap's own fill, never as a solid fill of the oblast (which reads as control)."""
    height, width = image.shape[:2]
    patch = image[int(height * 0.48) : int(height * 0.58), int(width * 0.62) : int(width * 0.72)]
    oblast = np.array(BASEMAP["kursk"].fill[:3])
    # the oblast's fill is a pale yellow (red ≥ green); the Strategic developments green of
    # its events, blended over it, is green well above red
    assert EVENT_COLOURS["Strategic developments"][1] > EVENT_COLOURS["Strategic developments"][0]
    hatch = (patch[..., 1] - patch[..., 0] > 25).mean()
    ground = (np.abs(patch - oblast) < 25).all(axis=2).mean()
    assert 0.05 < hatch < 0.6, f"{hatch:.0%} of the oblast in the event colour"
    assert ground > 0.3, f"only {ground:.0%} of the oblast shows the basemap under the hatching"


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


SLICE_ORACLE = """
() => {
  // every window: the rows of a part's slices that overlap it are the part's rows that do
  const ds = window.sitmapMap.debug.views()[0].dataset();
  const [lo, hi] = [Math.min(...ds.start), Math.max(...ds.end)];
  const failures = [];
  let checked = 0;
  for (let k = 0; k < 60; k++) {
    const first = lo - 40 + ((hi - lo + 80) * ((k * 37) % 60)) / 60;
    const last = first + [0, 0.5, 6, 29, 90, 400][k % 6];
    for (const part of [ds.points, ds.circles]) {
      const drawn = new Set();
      for (const [, [a, b]] of window.sitmapMap.debug.slice(part, first, last)) {
        for (let j = a; j < b; j++) {
          const i = part.rows[j];
          if (ds.start[i] <= last && ds.end[i] >= first) drawn.add(i);
        }
      }
      const expected = [...part.rows].filter((i) => ds.start[i] <= last && ds.end[i] >= first);
      checked += expected.length;
      if (expected.length !== drawn.size || expected.some((i) => !drawn.has(i))) {
        failures.push([first, last, expected.length, drawn.size]);
      }
    }
  }
  const long = [...ds.points.rows].filter((i) => ds.end[i] - ds.start[i] > 31).length;
  return { failures, checked, long };
}
"""


def assert_slices_hold_every_event_in_the_window(page) -> None:
    """An equivalence oracle for the slices a frame hands to the GPU (binary searches over
    runs by span): over windows of a day to a year, some fractional as in playback, they
    hold exactly the events a scan of every event finds in the window."""
    result = page.evaluate(SLICE_ORACLE)
    assert result["long"] > 50  # the campaign-long events are among the dots
    assert result["checked"] > 10_000
    assert result["failures"] == []


HIT_TEST = """
() => {
  // a grid over each area's bounds, tested in the browser as the pointer is
  const { contains } = window.sitmapMap.debug;
  return window.sitmapMap.debug.views()[0].dataset().areas.map(({ geometry }) => {
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    const xy = polygons.flat(2);
    const [xs, ys] = [xy.map((p) => p[0]), xy.map((p) => p[1])];
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const points = [];
    for (let i = 0; i <= 40; i++) {
      for (let j = 0; j <= 40; j++) {
        points.push([x0 + ((x1 - x0) * (i + 0.37)) / 40, y0 + ((y1 - y0) * (j + 0.61)) / 40]);
      }
    }
    return { geometry, points, inside: points.map((p) => contains(geometry, p)) };
  });
}
"""


def assert_area_hit_test_agrees_with_shapely(page) -> None:
    """An equivalence oracle for the browser's hit test of area events (what a pointer
    inside an outlined, hatched area picks): the same answer as shapely's, on a grid of
    points over each area drawn."""
    areas = page.evaluate(HIT_TEST)
    assert areas, "no area event drawn to test"
    for area in areas:
        shape = shapely.geometry.shape(area["geometry"])
        expected = shapely.contains_xy(shape, *np.array(area["points"]).T).tolist()
        assert 0 < sum(expected) < len(expected)  # the grid crosses the outline
        assert area["inside"] == expected


DOTS_IN_WINDOW = """
() => {
  // a month in the middle of the data, drawn; the layer class of each dot and ring layer
  const v = window.sitmapMap.debug.views()[0];
  const ds = v.dataset();
  const middle = (Math.min(...ds.start) + Math.max(...ds.end)) / 2;
  window.__before = { window: v.window, pointSizeMax: v.pointSizeMax };
  v.window = [middle - 29, middle];
  v.draw();
  return v.deck.props.layers
    .filter((layer) => /^event-(points|rings)/.test(layer.id))
    .map((layer) => layer.constructor.layerName);
}
"""

PICKS = """
() => {
  // a pick at the centre of dots in the window: which event, and how far its centre is
  const v = window.sitmapMap.debug.views()[0];
  const ds = v.dataset();
  const viewport = v.deck.getViewports()[0];
  const [first, last] = v.window;
  const layerIds = v.deck.props.layers.map((l) => l.id).filter((id) => id.match(/^event-points/));
  const shown = (i) => ds.start[i] <= last && ds.end[i] >= first;
  const inWindow = [...ds.points.rows].filter(shown);
  const picks = [];
  for (const i of inWindow.filter((_, k) => k % Math.ceil(inWindow.length / 40) === 0)) {
    const [x, y] = viewport.project([ds.lon[i], ds.lat[i]]);
    if (x < 5 || y < 5 || x > viewport.width - 5 || y > viewport.height - 5) continue;
    const row = v.rowOf(v.deck.pickObject({ x, y, radius: 0, layerIds })) ?? null;
    if (row === null) {
      picks.push({ row, distance: null, inWindow: false });
      continue;
    }
    const [px, py] = viewport.project([ds.lon[row], ds.lat[row]]);
    picks.push({ row, distance: Math.hypot(px - x, py - y), inWindow: shown(row) });
  }
  return picks;
}
"""


def assert_points_pick_the_dot_under_the_pointer(page) -> None:
    """Dots drawn as GL points (ui/map_frontend/src/dot_layer.js) pick by vertex: a pick
    at a dot's centre returns an event in the window whose dot covers that pixel."""
    classes = page.evaluate(DOTS_IN_WINDOW)
    assert classes and set(classes) == {"DotLayer"}, classes
    page.wait_for_timeout(1500)
    picks = page.evaluate(PICKS)
    assert len(picks) > 20
    assert all(p["row"] is not None and p["inWindow"] for p in picks), picks
    # within the largest dot's radius (22 px and its stroke) of the pointer
    assert max(p["distance"] for p in picks) <= 23, picks


def assert_points_draw_what_quads_draw(page, artifacts: Path) -> None:
    """An equivalence oracle for the GL-point dots and rings: the same window drawn with
    deck.gl's ScatterplotLayer (its instanced quads, the fallback where points cannot be
    that large) gives the same picture, to antialiasing."""
    page.evaluate(DOTS_IN_WINDOW)
    page.wait_for_timeout(1500)
    points = shot(page, artifacts / "map-points.png")
    classes = page.evaluate(
        "() => { const v = window.sitmapMap.debug.views()[0]; v.pointSizeMax = 0; v.draw();"
        " return v.deck.props.layers.filter((l) => /^event-(points|rings)/.test(l.id))"
        ".map((l) => l.constructor.layerName); }"
    )
    assert set(classes) == {"ScatterplotLayer"}, classes
    page.wait_for_timeout(2500)  # the quads' shaders compile
    quads = shot(page, artifacts / "map-quads.png")
    page.evaluate(
        "() => { const v = window.sitmapMap.debug.views()[0]; Object.assign(v, window.__before);"
        " v.draw(); }"
    )
    assert event_pixels(points) > 2_000
    differ = np.abs(points - quads).max(axis=2)
    assert (differ > 40).sum() < 0.002 * differ.size, int((differ > 40).sum())


BADGES = """
() => {
  // each count badge (HTML over the map): its text, its centre on the canvas, and where
  // deck.gl's own viewport puts its area's badge point
  const v = window.sitmapMap.debug.views()[0];
  const ds = v.dataset();
  const viewport = v.deck.getViewports()[0];
  const canvas = v.q(".canvas").getBoundingClientRect();
  const features = v.areas.features(ds, v.counts, v.window);
  const badges = [...document.querySelectorAll("[data-testid=sitmap-badge]")].map((element) => {
    const box = element.getBoundingClientRect();
    const [x, y] = [box.x + box.width / 2 - canvas.x, box.y + box.height / 2 - canvas.y];
    return { text: element.textContent, x, y };
  });
  const expected = features.map(({ properties }) => ({
    text: String(properties.count),
    at: viewport.project(properties.badge),
  }));
  return { badges, expected, areaEvents: v.counts.areaCounts.reduce((a, b) => a + b, 0) };
}
"""


def assert_badges_sit_on_their_areas(page) -> None:
    """The area events' count badges (HTML, ui/map_frontend/src/badges.js): one per area
    with events in the window, counting them all, each centred where deck.gl projects its
    area's badge point."""
    page.wait_for_timeout(300)
    found = page.evaluate(BADGES)
    badges, expected = found["badges"], found["expected"]
    assert badges and len(badges) == len(expected)
    assert sum(int(b["text"]) for b in badges) == found["areaEvents"] > 0
    for badge, want in zip(badges, expected, strict=True):
        assert badge["text"] == want["text"]
        assert abs(badge["x"] - want["at"][0]) < 1.5 and abs(badge["y"] - want["at"][1]) < 1.5


LABELS = """
() => {
  // each basemap label (HTML between the decks): the point of its box its anchor and
  // baseline name, and where deck.gl's viewport puts its place plus its pixel offset
  const v = window.sitmapMap.debug.views()[0];
  const viewport = v.deck.getViewports()[0];
  const canvas = v.q(".canvas").getBoundingClientRect();
  const rows = window.sitmapMap.debug.shared.basemapLabels.flatMap((spec) => spec.data);
  const along = { start: 0, middle: 0.5, end: 1, top: 0, center: 0.5, bottom: 1 };
  const labels = [...document.querySelectorAll("[data-testid=sitmap-label]")].map((element, k) => {
    const box = element.getBoundingClientRect();
    const row = rows[k];
    const [x, y] = viewport.project(row.position);
    return {
      text: element.textContent,
      name: row.name,
      at: [
        box.x - canvas.x + box.width * along[row.anchor],
        box.y - canvas.y + box.height * along[row.baseline],
      ],
      expected: [x + row.offset[0], y + row.offset[1]],
      onScreen: x > 0 && y > 0 && x < viewport.width && y < viewport.height,
    };
  });
  const deckText = v.deck.props.layers.filter((l) => l.constructor.layerName === "TextLayer");
  return { labels, rows: rows.length, deckText: deckText.length };
}
"""


def assert_labels_sit_on_their_places(page) -> None:
    """The basemap's labels (HTML, ui/map_frontend/src/labels.js, instead of a WebGL text
    layer): every row of the basemap's label layers, its anchor point where deck.gl
    projects its place, plus its offset."""
    found = page.evaluate(LABELS)
    labels = found["labels"]
    assert found["deckText"] == 0
    assert len(labels) == found["rows"] > 100
    assert sum(label["onScreen"] for label in labels) > 30
    for label in labels:
        assert label["text"] == label["name"]
        (x, y), (ex, ey) = label["at"], label["expected"]
        assert abs(x - ex) < 1.5 and abs(y - ey) < 1.5, label


BASEMAP_PIXELS = """
([positions]) => {
  // the basemap's sheet (a 2D canvas) around the pixels where deck.gl's viewport projects
  // the given places: the colours of the 3 x 3 pixels there, for those on the map
  const v = window.sitmapMap.debug.views()[0];
  const viewport = v.deck.getViewports()[0];
  const canvas = v.baseSheet.canvas;
  const ratio = canvas.width / canvas.clientWidth;
  const context = canvas.getContext("2d");
  return positions.map((position) => {
    const [x, y] = viewport.project(position);
    if (x < 3 || y < 3 || x > viewport.width - 3 || y > viewport.height - 3) return null;
    const [px, py] = [Math.floor(x * ratio), Math.floor(y * ratio)];
    const block = context.getImageData(px - 1, py - 1, 3, 3).data;
    return Array.from({ length: 9 }, (_, k) => [...block.slice(4 * k, 4 * k + 4)]);
  });
}
"""


def assert_basemap_lines_lie_where_deck_projects(page) -> None:
    """An oracle for the basemap's 2D sheet (ui/map_frontend/src/sheet.js, drawn by the
    CPU instead of a deck.gl deck): Kursk Oblast's outline, read off the basemap's own
    specs, is drawn in its colour (or under the state border's, drawn over it) at every
    vertex where deck.gl's viewport projects it, as it projects the events: at the vertex's
    pixel or next to it (a pixel on a line's antialiased edge blends)."""
    outline = next(spec for spec in basemap_specs() if spec["id"] == "kursk-oblast-outline")
    border = next(spec for spec in basemap_specs() if spec["id"] == "russia-ukraine-border")
    vertices = [row["s"] for row in outline["data"]]
    blocks = [b for b in page.evaluate(BASEMAP_PIXELS, [vertices]) if b is not None]
    assert len(blocks) > 100

    def near(pixel, colour) -> bool:
        rgb, alpha = pixel[:3], pixel[3]
        return alpha == 255 and max(abs(a - b) for a, b in zip(rgb, colour[:3], strict=True)) < 40

    def shows(block, colour) -> bool:
        return any(near(pixel, colour) for pixel in block)

    on_outline = sum(shows(b, outline["getColor"]) for b in blocks)
    colours = outline["getColor"], border["getColor"]
    odd = [b[4] for b in blocks if not any(shows(b, colour) for colour in colours)]
    assert not odd, odd
    assert on_outline > 0.5 * len(blocks)


HALO = """
() => {
  // the selected event's halo (HTML over the map): its centre on the canvas, and where
  // deck.gl's viewport puts the selected event
  const v = window.sitmapMap.debug.views()[0];
  const ds = v.dataset();
  const row = v.props.selected_row;
  const viewport = v.deck.getViewports()[0];
  const canvas = v.q(".canvas").getBoundingClientRect();
  const halos = [...document.querySelectorAll("[data-testid=sitmap-halo]")].map((element) => {
    const box = element.getBoundingClientRect();
    return [box.x + box.width / 2 - canvas.x, box.y + box.height / 2 - canvas.y];
  });
  const located = row >= 0 && ds.cell[row] >= 0;
  return { halos, located, at: located ? viewport.project([ds.lon[row], ds.lat[row]]) : null };
}
"""


PICK_A_DOT = """
() => {
  // what a click on a dot in the window sends: its event's id
  const v = window.sitmapMap.debug.views()[0];
  const ds = v.dataset();
  const [first, last] = v.window;
  const row = [...ds.points.rows].find((i) => ds.start[i] <= last && ds.end[i] >= first);
  v.setTrigger("pick", String(ds.ids.get(row)));
  return row;
}
"""


def assert_the_selected_event_is_ringed(page) -> None:
    """The selected event's gold halo (HTML, ui/map_frontend/src/halo.js): none for an
    event known only to an area (the pick above), and for a dot's event one, centred
    where deck.gl projects it."""
    found = page.evaluate(HALO)
    if not found["located"]:
        assert found["halos"] == [], found
        page.evaluate(PICK_A_DOT)
        wait_for_rerun(page)
        found = page.evaluate(HALO)
    assert found["located"] and len(found["halos"]) == 1, found
    (x, y), (ex, ey) = found["halos"][0], found["at"]
    assert abs(x - ex) < 1.5 and abs(y - ey) < 1.5, found


CELLS = """
() => {
  // the window drawn as cells (as above the aggregation threshold, here forced): each
  // cell's pixel at its centre where deck.gl's viewport projects it, its colour and
  // count, and what a pointer there is told; then the dots again
  const v = window.sitmapMap.debug.views()[0];
  const ds = v.dataset();
  const threshold = v.props.aggregate_above;
  v.props.aggregate_above = 0;
  v.draw();
  const viewport = v.deck.getViewports()[0];
  const canvas = v.cellSheet.canvas;
  const ratio = canvas.width / canvas.clientWidth;
  const context = canvas.getContext("2d");
  const cells = v.cellShapes.map(({ fill, cell }) => {
    const centre = [cell.lon, cell.lat];
    const [x, y] = viewport.project(centre);
    const onMap = x > 0 && y > 0 && x < viewport.width && y < viewport.height;
    const [px, py] = [Math.floor(x * ratio), Math.floor(y * ratio)];
    const pixel = onMap ? [...context.getImageData(px, py, 1, 1).data] : null;
    const tip = v.tooltip({ picked: false, coordinate: centre, index: -1 });
    const colour = ds.typeColours[ds.type.names.indexOf(cell.type)].slice(0, 3);
    return { fill, count: cell.count, colour, pixel, tip: tip && tip.text };
  });
  const drawn = window.sitmapMap.drawn;
  const located = v.counts.located;
  v.props.aggregate_above = threshold;
  v.draw();
  const after = window.sitmapMap.drawn;
  return { cells, drawn, located, after, deckLayers: v.deck.props.layers.length };
}
"""


def assert_cells_are_drawn_where_deck_projects(page) -> None:
    """Cells (above the aggregation threshold; ui/map_frontend/src/cells.js, a 2D sheet):
    they count every located event in the window, each is filled in its commonest type's
    colour where deck.gl projects its centre, and a pointer there is told its count."""
    found = page.evaluate(CELLS)
    cells = found["cells"]
    assert found["drawn"] == "cells" and found["after"] == "dots" and found["deckLayers"] > 0
    assert cells and sum(c["count"] for c in cells) == found["located"] > 0
    on_map = [c for c in cells if c["pixel"] is not None]
    assert on_map
    for cell in on_map:
        rgb, alpha = cell["pixel"][:3], cell["pixel"][3]
        differ = max(abs(a - b) for a, b in zip(rgb, cell["colour"], strict=True))
        assert alpha >= 70 and differ <= 2, cell
        assert cell["tip"].startswith(f"{cell['count']} event"), cell


SERVER_CELLS = """
() => {
  // the cells the server sent with the view of the full run, and those the browser
  // counts from the columns for the same window
  const debug = window.sitmapMap.debug;
  const v = debug.views()[0];
  const ds = v.dataset();
  if (!v.serverCells) return { server: null };
  const [first, last] = v.serverCells.window;
  const mine = debug.windowCells(ds, debug.countWindow(ds, first, last, true));
  const rows = (cells) => cells.lon.map((lon, k) =>
    [lon, cells.lat[k], cells.count[k], cells.deaths[k], cells.types[cells.type[k]]]);
  const server = rows(v.serverCells.cells);
  return { server, browser: rows(mine), drawn: window.sitmapMap.drawn };
}
"""


def assert_server_cells_are_the_browsers(page) -> None:
    """An equivalence oracle for the cells the server sends with a full run's view
    (:func:`geo.map_buffers.window_cells`, drawn before the columns arrive): the same
    cells, counts, deaths and commonest types as the browser counts from the columns."""
    found = page.evaluate(SERVER_CELLS)
    assert found["drawn"] == "cells"
    assert found["server"], "no cells came with the view"
    server = sorted(map(tuple, found["server"]))
    browser = sorted(map(tuple, found["browser"]))
    assert len(server) > 100
    assert server == browser
