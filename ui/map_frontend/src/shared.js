// What every mount of the component shares: the decoded basemap, control series and
// event tables, the live views, and the counters tests and the bench read
// (window.sitmapMap).

import { decode } from "./columns.js";
import { isLabelLayer } from "./labels.js";
import { contains } from "./areas.js";
import { specShapes, worldOf } from "./shapes.js";
import { countWindow, slice } from "./window.js";
import { windowCells } from "./cells.js";

export const shared = { basemap: null, basemapLabels: [], basemapKey: null, overlay: [], overlayKey: null, datasets: new Map(), views: new Set() };
export const stats = {
  frames: 0, // the events' deck.gl redraws (onAfterRender), not animation frames
  baseFrames: 0, // the basemap's 2D redraws (camera moves, a new control layer)
  decodes: 0, // event tables decoded (once per store version and filter set)
  shown: null,
  total: null,
  window: null,
  sent: 0, // windows sent to Python
  playing: false,
  drawn: null,
  drawnWindow: null,
  windowDrawnAt: 0,
  // when each step of the first paint happened (ms since navigation), for the bench
  timings: { module: performance.now() },
};
window.sitmapMap = stats;
// for profiling by hand, kept out of the counters a test reads
Object.defineProperty(stats, "debug", { value: { shared, views: () => [...shared.views], slice, contains, worldOf, countWindow, windowCells }, enumerable: false });

function notify() {
  for (const view of shared.views) view.refresh();
}

export function setBasemap(data) {
  if (shared.basemapKey === data.key) return;
  // the labels are drawn as HTML (labels.js), the rest on the basemap's 2D sheet
  const specs = JSON.parse(data.layers_json);
  shared.basemapLabels = specs.filter(isLabelLayer);
  shared.basemap = specs.filter((spec) => !isLabelLayer(spec)).flatMap(specShapes);
  shared.basemapKey = data.key;
  stats.timings.basemap ??= performance.now();
  notify();
}

// A control series (issue 26): every layer once; the one in force at the window's end is
// picked at each draw, so a drag or playback changes it without a rerun, and its paths
// are made the first time it is drawn (not all 45 of a long series before the first frame)
export function setOverlay(data) {
  if (shared.overlayKey === data.key) return;
  shared.overlay = JSON.parse(data.layers_json).map((layer) => ({
    from: layer.day_from,
    to: layer.day_to,
    label: layer.label,
    specs: layer.specs,
  }));
  shared.overlayKey = data.key;
  notify();
}

// the basemap layer the overlay goes just above: over the oblasts' fills, under their
// lines, the place names and every event (geo.overlay_map.UNDER_LAYER_ID)
const OVERLAY_ABOVE = "kursk-oblast";

export function withOverlay(basemap, day) {
  // the same array while the basemap and the layer in force stay: the basemap's sheet then
  // does not redraw
  const inForce = shared.overlay.find((layer) => layer.from <= day && day <= layer.to);
  stats.overlay = inForce ? inForce.label : null;
  if (!inForce) return basemap;
  if (inForce.drawnOver !== basemap) {
    inForce.shapes ??= inForce.specs.flatMap(specShapes);
    const at = basemap.findLastIndex((shape) => shape.id === OVERLAY_ABOVE) + 1;
    inForce.drawn = [...basemap.slice(0, at), ...inForce.shapes, ...basemap.slice(at)];
    inForce.drawnOver = basemap;
  }
  return inForce.drawn;
}

export function setEvents(data) {
  if (!shared.datasets.has(data.key)) {
    stats.timings.eventsArrived ??= performance.now();
    shared.datasets.set(data.key, decode(data));
    stats.decodes += 1;
    stats.timings.eventsDecoded ??= performance.now();
    while (shared.datasets.size > 2) shared.datasets.delete(shared.datasets.keys().next().value);
  }
  notify();
}
