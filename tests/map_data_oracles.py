"""Oracles for the map's data in the browser, in Chromium: the slices a frame hands to the
GPU hold every event of the window, GL-point dots pick and draw as deck.gl's quads do, and
the cells the server sends are those the browser counts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from map_page import event_pixels, shot

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
