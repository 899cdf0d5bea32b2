"""Headless Chromium: page load to map drawn, and the served app's peak RSS.

The app is served with ``streamlit run`` on a free port (tests/conftest.py
``serve``, shared with the browser tests), then Chromium loads the page and polls a
screenshot of the deck.gl canvas until it holds event-coloured pixels (the oranges
of geo.style, which no basemap layer uses).  The first load is cold (the server
still has to read the store); then come the warm loads, each in a fresh browser
context, of which the median is reported.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.serving import CHROMIUM, CHROMIUM_ARGS
from bench.serving import serve as serve_app

CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"
MIN_EVENT_PIXELS = 40


def serve(
    script: Path, env: dict[str, str], *, timeout: float = 120
) -> tuple[str, subprocess.Popen]:
    """Start ``streamlit run script`` on a free port; (url, process) once it answers."""
    app = serve_app(script, env, timeout=timeout)
    return app.url, app.process


def stop(process: subprocess.Popen) -> None:
    """Terminate one server we started (by its pid), killing it if it hangs."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def peak_rss_mb(pid: int) -> float | None:
    """Peak resident set size of a process (VmHWM), in MB; None when unreadable."""
    try:
        import psutil  # optional

        info = psutil.Process(pid).memory_full_info()
        peak = getattr(info, "peak_wset", None)  # Windows only
        if peak:
            return peak / 1e6
    except Exception:
        pass
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        return None
    return None


def event_pixels(png: bytes) -> int:
    """Pixels in the event oranges (Explosions/Battles), plain or blended on the basemap."""
    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    orange = (r >= 180) & (g >= 80) & (g <= 215) & (b <= 150) & (r - b >= 100)
    return int(orange.sum())


def time_to_map(page, url: str, timeout: float) -> tuple[float, int]:
    """Seconds from ``goto`` to a deck canvas holding event pixels, and how many."""
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    deadline = started + timeout
    while time.perf_counter() < deadline:
        canvas = page.locator(CANVAS)
        if canvas.count():
            try:
                pixels = event_pixels(canvas.first.screenshot(timeout=5_000, animations="disabled"))
            except Exception:  # the canvas was replaced between count() and screenshot()
                pixels = 0
            if pixels >= MIN_EVENT_PIXELS:
                return time.perf_counter() - started, pixels
        elif page.locator("text=MessageSizeError").count():  # no map, and never will be
            raise RuntimeError("MessageSizeError: a message exceeded server.maxMessageSize")
        page.wait_for_timeout(100)
    raise TimeoutError(f"no map with events drawn within {timeout} s")


def measure_page_load(
    script: Path, url: str, *, warm_runs: int = 5, timeout: float = 180, query: str = ""
) -> dict:
    """Serve ``script`` against the store ``url``; the cold load, the median of
    ``warm_runs`` warm loads (each in a fresh browser context), and the peak RSS
    (``query``: the page's query string, e.g. a view's ``?overlay=...``)."""
    from playwright.sync_api import sync_playwright

    server_url, process = serve(script, {"SITMAP_DATABASE_URL": url})
    result: dict = {"script": script.name, "warm_runs_s": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for run in ["cold"] + ["warm"] * warm_runs:
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    try:
                        seconds, pixels = time_to_map(page, server_url + query, timeout)
                        if run == "cold":
                            result["cold_s"], result["cold_pixels"] = seconds, pixels
                        else:
                            result["warm_runs_s"].append(seconds)
                            result["warm_pixels"] = pixels
                    except Exception as exc:  # e.g. MessageSizeError shown instead of a map
                        result.setdefault(f"{run}_s", None)
                        result[f"{run}_error"] = f"{type(exc).__name__}: {exc}"[:300]
                        with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as shot:
                            page.screenshot(path=shot.name)
                            result[f"{run}_screenshot"] = shot.name
                    context.close()
            finally:
                browser.close()
        warm = result["warm_runs_s"]
        result["warm_s"] = statistics.median(warm) if warm else None
        result["peak_rss_mb"] = peak_rss_mb(process.pid)
    finally:
        stop(process)
    return result
