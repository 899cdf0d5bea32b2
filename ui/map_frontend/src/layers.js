// The events' deck.gl layers of one frame: dots and rings from the slices of the window
// (above the aggregation threshold the events are cells instead: cells.js).

import { ScatterplotLayer } from "@deck.gl/layers";
import { DataFilterExtension } from "@deck.gl/extensions";
import { DotLayer } from "./dot_layer.js";
import { MAX_DOT_RADIUS_PX } from "./columns.js";
import { slice } from "./window.js";

const FAR = 1e9;
const LEAN_DOT_PX = 4;
const RING_LINE_PX = 2;
const EARTH_CIRCUMFERENCE_M = 40075016.686;
// one instance for every layer and every frame: a new extension object makes deck.gl
// rebuild the layer's shaders, which software WebGL compiles on the CPU
const TIME_FILTER = [new DataFilterExtension({ filterSize: 2 })];
// drawn in order, the later over the earlier: on a flat map every event lies at the same
// depth, and a depth test would decide overlaps by rounding
const FLAT = { depthCompare: "always", depthWriteEnabled: false };

// The layer class of dots or rings whose radius (with stroke) is up to radiusPx: GL points
// (dot_layer.js) where the WebGL implementation draws points that large, else quads.
// (Layers are matched to their state by id, so a class has ids of its own.)
function dotClass(radiusPx, pointSizeMax) {
  return 2 * radiusPx + 2 <= pointSizeMax ? DotLayer : ScatterplotLayer;
}

function metresPerPixel({ latitude, zoom }) {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

export function dotLayers(ds, counts, [first, last], props, { pointSizeMax, viewState }) {
  const lean = counts.located > (props.aggregate_above ?? props.lean_above);
  const Dots = dotClass(MAX_DOT_RADIUS_PX + 1, pointSizeMax);
  const Rings = dotClass(ds.ringRadiusM / metresPerPixel(viewState) + RING_LINE_PX, pointSizeMax);
  const filter = { extensions: TIME_FILTER, filterRange: [[-FAR, last], [first, FAR]], parameters: FLAT };
  // one data object per slice of slice() (or the whole part), kept: a slice drawn again (a
  // window that only moved within the same events, a redraw) is not uploaded again
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
  const drawn = (Layer, part, withRadius, id, style) => {
    const slices = slice(part, first, last);
    if (Layer === DotLayer) {
      // one layer over all the part's events, drawing the slices' vertex ranges: the
      // buffers stay the same while the window moves (new ones on every step of a drag
      // cost software WebGL more than drawing)
      const ranges = slices.map(([, range]) => range);
      return [new DotLayer({ id, data: attributes(part, withRadius, [0, part.length]), ranges, ...style, ...filter })];
    }
    return slices.map(([suffix, range]) => new ScatterplotLayer({ id: `${id}-quads${suffix}`, data: attributes(part, withRadius, range), ...style, ...filter }));
  };
  return [
    ...drawn(Rings, ds.circles, true, "event-rings", {
      radiusUnits: "meters",
      opacity: 0.35,
      stroked: true,
      lineWidthMinPixels: RING_LINE_PX,
      pickable: true,
    }),
    ...drawn(Dots, ds.points, !lean, "event-points", {
      radiusUnits: "pixels",
      getRadius: LEAN_DOT_PX,
      stroked: true,
      lineWidthMinPixels: 1,
      pickable: true,
    }),
  ];
}
