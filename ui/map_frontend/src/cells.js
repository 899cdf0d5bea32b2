// Above the aggregation threshold the events are ~5 km cells: a square per cell with
// events in the window, in the colour of its commonest type (a tie goes to the first
// alphabetically), more opaque the more events it holds. Squares on a 2D sheet
// (sheet.js), not a deck.gl layer: software WebGL would compile a polygon program before
// the first frame (at a million events the first thing the map draws is cells), and a
// sheet fills a few thousand squares in milliseconds.
//
// Cells come in one shape from two places: counted here from the columns at every
// window change, or counted by the server for the window of a full run
// (geo.map_buffers.window_cells), drawn until the columns have arrived.

import { rgba, worldOf } from "./shapes.js";

// The window's cells from countWindow's counts (with cells), in the server's shape.
export function windowCells(ds, counts) {
  const names = ds.type.names;
  const nTypes = names.length;
  const cells = { lon: [], lat: [], count: [], deaths: [], type: [], types: names, colours: ds.typeColours, size: ds.cells.size };
  for (let c = 0; c < counts.cellCounts.length; c++) {
    const count = counts.cellCounts[c];
    if (!count) continue;
    let best = 0;
    for (let t = 1; t < nTypes; t++) {
      const [n, m] = [counts.cellTypes[c * nTypes + t], counts.cellTypes[c * nTypes + best]];
      if (n > m || (n === m && names[t] < names[best])) best = t;
    }
    cells.lon.push(ds.cells.lon[c]);
    cells.lat.push(ds.cells.lat[c]);
    cells.count.push(count);
    cells.deaths.push(Math.round(counts.cellDeaths[c]));
    cells.type.push(best);
  }
  return cells;
}

// The cells as shapes for a sheet: { rect: [west, north, east, south] in world units,
// fill, cell: { lon, lat (its centre), count, type (its name), deaths } }.
export function cellShapes(cells) {
  const [dx, dy] = cells.size;
  return cells.lon.map((x, k) => {
    const y = cells.lat[k];
    const count = cells.count[k];
    const [r, g, b] = cells.colours[cells.type[k]];
    const alpha = Math.max(70, Math.min(220, 70 + 30 * Math.log10(count)));
    return {
      rect: [...worldOf([x - dx / 2, y + dy / 2]), ...worldOf([x + dx / 2, y - dy / 2])],
      fill: rgba([r, g, b, alpha]),
      cell: { lon: x, lat: y, count, type: cells.types[cells.type[k]], deaths: cells.deaths[k] },
    };
  });
}

// The cell drawn at a place ([lon, lat]), or null.
export function cellAt(shapes, position) {
  const [x, y] = worldOf(position);
  for (const { rect, cell } of shapes) {
    if (rect[0] <= x && x <= rect[2] && rect[1] <= y && y <= rect[3]) return cell;
  }
  return null;
}
