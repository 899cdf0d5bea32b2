"""The map component in headless Chromium, beside a floor page measured in the same run.

- warm first paint: page load until the map's canvas holds event pixels (polled by
  screenshot, the same way for the app and for the floor page, bench/floor_app.py), and
  the app's as the page times it (:data:`SHOWN_IN_PAGE`);
- a window change by button ("7 days", "All"), end to end: from the click until the last
  websocket message of the rerun has arrived and the map has drawn the new window (the
  floor page: until its rerun's last message);
- frames per second while scrubbing (the window's brush dragged across the whole span)
  and during playback: the events' deck.gl redraws (the component's onAfterRender
  counter, ``window.sitmapMap.frames``; the cells' canvas's redraws when cells are
  shown), not animation-frame callbacks; with the websocket
  messages the browser sent meanwhile (none: no server round trip while dragging) and
  the basemap's redraws (none unless a control layer changes).

Times are taken in the page (performance.now()), and websocket messages are stamped by a
wrapper installed before the page's own scripts run.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.browser import event_pixels, peak_rss_mb, serve, stop
from bench.measures.figures import APP, Figure
from bench.serving import CHROMIUM, CHROMIUM_ARGS, ROOT

FLOOR_APP = ROOT / "bench" / "floor_app.py"
APP_CANVAS = "[data-testid='sitmap-canvas'] canvas"
FLOOR_CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"
MIN_EVENT_PIXELS = 40
QUIET_MS = 600
"""A rerun is over when no websocket message has come for this long (then timed to the
last message)."""

WIRE_SCRIPT = """
(() => {
  const Native = window.WebSocket;
  const wire = (window.__wire = { last: 0, received: 0, sent: 0 });
  class Counted extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        wire.last = performance.now();
        const d = event.data;
        wire.received += d.byteLength ?? d.size ?? d.length ?? 0;
      });
    }
    send(data) {
      wire.sent += 1;
      return super.send(data);
    }
  }
  window.WebSocket = Counted;
})();
"""

CLICK_AND_WAIT = """
async ([label, app, quietMs]) => {
  const button = [...document.querySelectorAll("button")].find((b) => b.innerText.trim() === label);
  if (!button) throw new Error("no button " + label);
  const wire = window.__wire;
  const stats = window.sitmapMap;
  const drawnBefore = app ? stats.windowDrawnAt : 0;
  const started = performance.now();
  button.click();
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  for (;;) {
    await sleep(20);
    const now = performance.now();
    if (now - started > 180000) throw new Error("no rerun within 180 s");
    const answered = wire.last > started && now - wire.last > quietMs;
    const drawn = !app || stats.windowDrawnAt > drawnBefore;
    if (answered && drawn) {
      const end = app ? Math.max(wire.last, stats.windowDrawnAt) : wire.last;
      return (end - started) / 1000;
    }
  }
}
"""

SHOWN_IN_PAGE = "() => window.sitmapMap.timings.eventsShown"
"""The first paint as the page times it: its first rendering step after the first event
pixels were drawn (ms since navigation). The poll's screenshot needs a new frame from
the page's main thread, so it also waits for whatever holds that thread then, at a
million events Streamlit's handling of the 31 MB columns (docs/performance.md)."""

SCRUB_STEPS = 30
"""Pointer moves each way across the brush (each one a redraw at most)."""
FRAMES = """() => [window.sitmapMap.frames, performance.now(), window.__wire.sent,
  window.sitmapMap.baseFrames]"""


def _paint(page, url: str, canvas: str, timeout: float) -> float:
    """Seconds from navigation to a canvas holding event pixels."""
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    deadline = started + timeout
    while time.perf_counter() < deadline:
        found = page.locator(canvas)
        if found.count():
            try:
                png = found.first.screenshot(timeout=5_000, animations="disabled")
            except Exception:  # replaced between count() and screenshot()
                png = b""
            if png and event_pixels(png) >= MIN_EVENT_PIXELS:
                return time.perf_counter() - started
        elif page.locator("text=MessageSizeError").count():
            raise RuntimeError("MessageSizeError: a message exceeded server.maxMessageSize")
        page.wait_for_timeout(100)
    raise TimeoutError(f"no map with events drawn within {timeout} s")


def _idle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000
    )
    page.wait_for_timeout(QUIET_MS)


def _rate(page, action, seconds: float | None = None) -> dict:
    """Deck redraws per second over ``action`` (or over ``seconds`` once it has started),
    and the websocket messages the browser sent meanwhile."""
    frames0, t0, sent0, base0 = page.evaluate(FRAMES)
    action()
    if seconds:
        page.wait_for_timeout(seconds * 1000)
    frames1, t1, sent1, base1 = page.evaluate(FRAMES)
    elapsed = (t1 - t0) / 1000
    return {"fps": (frames1 - frames0) / elapsed, "frames": frames1 - frames0, "s": elapsed,
            "sent": sent1 - sent0, "basemap_frames": base1 - base0}  # fmt: skip


def _scrub(page) -> dict:
    """Drag a 30-day window's body from the end of the span to its start and back."""
    brush = page.locator("[data-testid='sitmap-brush']").bounding_box()
    selection = page.locator("[data-testid='sitmap-brush'] .sel").bounding_box()
    y = selection["y"] + selection["height"] / 2
    x = selection["x"] + selection["width"] / 2
    page.mouse.move(x, y)
    page.mouse.down()

    def drag() -> None:
        page.mouse.move(brush["x"], y, steps=SCRUB_STEPS)
        page.mouse.move(brush["x"] + brush["width"], y, steps=SCRUB_STEPS)

    rate = _rate(page, drag)
    page.mouse.up()
    return rate


def _playback(page) -> dict:
    page.select_option("[data-testid='sitmap-canvas'] >> xpath=.. >> select.speed", "fast")
    rate = _rate(page, lambda: page.get_by_role("button", name="Play").click(), seconds=4)
    # pause, unless playback has reached the end of the data and stopped on its own (in
    # the page: a check and a click from Python could fall either side of that moment)
    page.evaluate(
        "() => window.sitmapMap.playing && document.querySelector('[data-testid=sitmap-play]')"
        ".click()"
    )
    return rate


def measure_app(
    url: str, n: int, *, warm_runs: int = 3, clicks: int = 4, query: str = "", floor: bool = True
) -> dict:
    """Every browser figure of the app at one store size (its page opened with ``query``,
    e.g. a control series), and the floor page's unless ``floor`` is False."""
    from playwright.sync_api import sync_playwright

    result: dict = {"app": {}, "floor": {}}
    timeout = 240 if n >= 1_000_000 else 120
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            pages = [("floor", FLOOR_APP, FLOOR_CANVAS)] if floor else []
            for name, script, canvas in [*pages, ("app", APP, APP_CANVAS)]:
                server_url, process = serve(script, {"SITMAP_DATABASE_URL": url}, timeout=timeout)
                out = result[name]
                try:
                    page_url = server_url + (query if name == "app" else "")
                    _measure_page(out, browser, page_url, name, canvas, warm_runs, clicks,
                                  timeout)  # fmt: skip
                except Exception as exc:  # a figure missing says why, the run goes on
                    out["error"] = f"{type(exc).__name__}: {exc}"[:300]
                out["peak_rss_mb"] = peak_rss_mb(process.pid)
                stop(process)
        finally:
            browser.close()
    return result


def _measure_page(out: dict, browser, url, name, canvas, warm_runs, clicks, timeout) -> None:
    """Fill ``out`` as the figures come, so that what was measured before a failure stays."""
    out.update({"warm_runs_s": [], "change_runs_s": []})
    app = name == "app"
    for run in ["cold"] + ["warm"] * warm_runs:
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        context.add_init_script(WIRE_SCRIPT)
        page = context.new_page()
        seconds = _paint(page, url, canvas, timeout)
        if run == "cold":
            out["cold_s"] = seconds
            context.close()
            continue
        out["warm_runs_s"].append(seconds)
        out["warm_s"] = statistics.median(out["warm_runs_s"])
        if app:  # the same paint as the page timed it (see SHOWN_IN_PAGE)
            out.setdefault("shown_runs_s", []).append(page.evaluate(SHOWN_IN_PAGE) / 1000)
            out["shown_s"] = statistics.median(out["shown_runs_s"])
        if len(out["warm_runs_s"]) < warm_runs:
            context.close()
            continue
        # the last warm page goes on: window changes, scrubbing, playback
        _idle(page)
        out["first_load_bytes"] = page.evaluate("() => window.__wire.received")
        labels = ["7 days", "All"] if app else ["7 days"]
        for i in range(clicks):
            label = labels[i % len(labels)]
            received = page.evaluate("() => window.__wire.received")
            seconds = page.evaluate(CLICK_AND_WAIT, [label, app, QUIET_MS])
            out["change_runs_s"].append(seconds)
            out["change_s"] = statistics.median(out["change_runs_s"])
            out.setdefault("change_bytes", []).append(
                page.evaluate("() => window.__wire.received") - received
            )
        if app:
            page.evaluate(CLICK_AND_WAIT, ["30 days", True, QUIET_MS])
            out["scrub"] = _scrub(page)
            _idle(page)
            out["playback"] = _playback(page)
            _idle(page)
            out["drawn"] = page.evaluate("() => window.sitmapMap.drawn")
        context.close()


def map_figures(url: str, n: int) -> list[Figure]:
    """The browser figures at one size, app beside the floor page (in the 'naive' column)."""
    measured = measure_app(url, n)
    app, floor = measured["app"], measured["floor"]
    error = app.get("error", "") or floor.get("error", "")
    note = "beside: the floor page (one small pydeck chart and a button)"
    figures = [
        Figure("browser: first paint (warm, median)", n, app.get("warm_s"), "s",
               floor.get("warm_s"), target=4.0, notes=error or note),
        Figure("browser: first paint as the page times it (warm, median)", n,
               app.get("shown_s"), "s",
               notes=error or "the page's next rendering step after the first event pixels "
               "were drawn, by performance.now(); the row above is the screenshot poll's"),
        Figure("browser: first paint (cold)", n, app.get("cold_s"), "s", floor.get("cold_s"),
               notes=error or note),
        Figure("browser: window change by button, end to end", n, app.get("change_s"), "s",
               floor.get("change_s"), target=0.5,
               notes=f"{note}; bytes received per change: {app.get('change_bytes')}"),
        Figure("browser: fps while scrubbing", n, (app.get("scrub") or {}).get("fps"), "fps",
               target=10, higher_is_better=True,
               notes=f"messages sent while dragging: {(app.get('scrub') or {}).get('sent')}; "
               f"basemap redraws: {(app.get('scrub') or {}).get('basemap_frames')}; "
               f"drawn as {app.get('drawn')}"),
        Figure("browser: fps during playback", n, (app.get("playback") or {}).get("fps"), "fps",
               target=10, higher_is_better=True,
               notes=f"messages sent while playing: {(app.get('playback') or {}).get('sent')}"),
        Figure("browser: bytes received on first load", n,
               (app.get("first_load_bytes") or 0) / 1e6 or None, "MB",
               (floor.get("first_load_bytes") or 0) / 1e6 or None),
        Figure("peak RSS of the app server", n, app.get("peak_rss_mb"), "MB",
               floor.get("peak_rss_mb"), target=2_000),
    ]  # fmt: skip
    for figure in figures:
        figure.details = {"app": app, "floor": floor}
    return figures


if __name__ == "__main__":  # one size by hand: python -m bench.measures.map_browser N
    import sys

    from bench.stores import ensure_store, store_url

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    path, _ = ensure_store(size)
    for figure in map_figures(store_url(path), size):
        print(figure.figure, figure.value, figure.naive, figure.notes[:120])
    print(Path(path))
