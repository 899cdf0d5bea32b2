"""The served app's map page in Chromium, for the browser tests: opening it, waiting for a
rerun, the websocket's frames counted, the map's counters and its canvas's pixels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from geo.style import EVENT_COLOURS

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


CANVAS = "[data-testid='sitmap-canvas'] canvas"


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
