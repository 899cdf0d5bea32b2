// The events' layers of one frame: dots and rings from the slices of the window, cells
// above the aggregation threshold, the selected event's halo.

import { ScatterplotLayer, SolidPolygonLayer } from "@deck.gl/layers";
import { DataFilterExtension } from "@deck.gl/extensions";
import { slice } from "./window.js";

const FAR = 1e9;
const LEAN_DOT_PX = 4;
// one instance for every layer and every frame: a new extension object makes deck.gl
// rebuild the layer's shaders, which software WebGL compiles on the CPU
const TIME_FILTER = [new DataFilterExtension({ filterSize: 2 })];

export function dotLayers(ds, counts, [first, last], props) {
  const lean = counts.located > (props.aggregate_above ?? props.lean_above);
  const filter = { extensions: TIME_FILTER, filterRange: [[-FAR, last], [first, FAR]] };
  // one data object per slice of slice(), kept: a slice drawn again (a window that only
  // moved within the same events, a redraw) is not uploaded again
  const attributes = (part, withRadius, [lo, hi]) => {
    const key = `${withRadius}:${lo}:${hi}`;
    if (!part.slices.has(key)) {
      if (part.slices.size > 64) part.slices.clear();
      const view = (values, size) => values.subarray(size * lo, size * hi);
      part.slices.set(key, {
        length: hi - lo,
        rows: part.rows.subarray(lo, hi),
        attributes: {
          getPosition: { value: view(part.positions, 2), size: 2 },
          getFillColor: { value: view(part.colours, 4), size: 4, normalized: true },
          getLineColor: { value: view(part.colours, 4), size: 4, normalized: true },
          getFilterValue: { value: view(part.filter, 2), size: 2 },
          ...(withRadius ? { getRadius: { value: view(part.radii, 1), size: 1 } } : {}),
        },
      });
    }
    return part.slices.get(key);
  };
  const layers = [];
  for (const [suffix, range] of slice(ds.circles, first, last)) {
    layers.push(
      new ScatterplotLayer({
        id: `event-rings${suffix}`,
        data: attributes(ds.circles, true, range),
        radiusUnits: "meters",
        opacity: 0.35,
        stroked: true,
        lineWidthMinPixels: 2,
        pickable: true,
        ...filter,
      }),
    );
  }
  for (const [suffix, range] of slice(ds.points, first, last)) {
    layers.push(
      new ScatterplotLayer({
        id: `event-points${suffix}`,
        data: attributes(ds.points, !lean, range),
        radiusUnits: "pixels",
        getRadius: LEAN_DOT_PX,
        stroked: true,
        lineWidthMinPixels: 1,
        pickable: true,
        ...filter,
      }),
    );
  }
  return layers;
}

export function cellLayer(ds, counts) {
  const nTypes = ds.type.names.length;
  const data = [];
  for (let c = 0; c < counts.cellCounts.length; c++) {
    const count = counts.cellCounts[c];
    if (!count) continue;
    let best = 0;
    for (let t = 1; t < nTypes; t++) if (counts.cellTypes[c * nTypes + t] > counts.cellTypes[c * nTypes + best]) best = t;
    data.push({ c, count, type: best, deaths: Math.round(counts.cellDeaths[c]) });
  }
  const [dx, dy] = ds.cells.size;
  return new SolidPolygonLayer({
    id: "event-cells",
    data,
    getPolygon: (d) => {
      const x = ds.cells.lon[d.c];
      const y = ds.cells.lat[d.c];
      return [[x - dx / 2, y - dy / 2], [x + dx / 2, y - dy / 2], [x + dx / 2, y + dy / 2], [x - dx / 2, y + dy / 2]];
    },
    getFillColor: (d) => [...ds.typeColours[d.type].slice(0, 3), Math.max(70, Math.min(220, 70 + 30 * Math.log10(d.count)))],
    pickable: true,
  });
}

export function selectedLayers(ds, row) {
  if (row === null || row === undefined || row < 0 || row >= ds.n || !(ds.cell[row] >= 0)) return [];
  return [
    new ScatterplotLayer({
      id: "selected",
      data: [[ds.lon[row], ds.lat[row]]],
      getPosition: (d) => d,
      getRadius: 14,
      radiusUnits: "pixels",
      filled: false,
      stroked: true,
      getLineColor: [255, 215, 0, 255],
      lineWidthMinPixels: 3,
    }),
  ];
}
