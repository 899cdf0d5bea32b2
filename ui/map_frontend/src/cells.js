// Above the aggregation threshold the events are ~5 km cells: a square per cell with
// events in the window, in the colour of its commonest type, more opaque the more events
// it holds. Squares on a 2D sheet (sheet.js), not a deck.gl layer: software WebGL would
// compile a polygon program before the first frame (at a million events the first thing
// the map draws is cells), and a sheet fills a few thousand squares in milliseconds.

import { worldOf } from "./shapes.js";

function cellRects(ds) {
  // each cell's square in world units [west, north, east, south], once per table
  if (!ds.cells.rects) {
    const [dx, dy] = ds.cells.size;
    ds.cells.rects = ds.cells.lon.map((x, c) => {
      const y = ds.cells.lat[c];
      return [...worldOf([x - dx / 2, y + dy / 2]), ...worldOf([x + dx / 2, y - dy / 2])];
    });
  }
  return ds.cells.rects;
}

// The shapes of the window's cells (countWindow's counts with cells): { rect, fill, cell }
// with the cell's count, commonest type and deaths (what its tooltip says).
export function cellShapes(ds, counts) {
  const nTypes = ds.type.names.length;
  const rects = cellRects(ds);
  const shapes = [];
  for (let c = 0; c < counts.cellCounts.length; c++) {
    const count = counts.cellCounts[c];
    if (!count) continue;
    let best = 0;
    for (let t = 1; t < nTypes; t++) if (counts.cellTypes[c * nTypes + t] > counts.cellTypes[c * nTypes + best]) best = t;
    const [r, g, b] = ds.typeColours[best];
    const alpha = Math.max(70, Math.min(220, 70 + 30 * Math.log10(count))) / 255;
    shapes.push({ rect: rects[c], fill: `rgba(${r}, ${g}, ${b}, ${alpha.toFixed(3)})`, cell: { c, count, type: best, deaths: Math.round(counts.cellDeaths[c]) } });
  }
  return shapes;
}

// The cell drawn at a place ([lon, lat]), or null.
export function cellAt(shapes, position) {
  const [x, y] = worldOf(position);
  for (const { rect, cell } of shapes) {
    if (rect[0] <= x && x <= rect[2] && rect[1] <= y && y <= rect[3]) return cell;
  }
  return null;
}
