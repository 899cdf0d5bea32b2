"""Oracles for what the map draws, in Chromium: each held to deck.gl's own projection or
to shapely (the basemap's lines, the labels, the count badges, the selected event's halo,
the cells, the areas' hit test), and area events hatched, never filled like control."""

from __future__ import annotations

import numpy as np
import shapely
from map_page import wait_for_rerun

from geo.layers import basemap_specs
from geo.style import BASEMAP, EVENT_COLOURS


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
