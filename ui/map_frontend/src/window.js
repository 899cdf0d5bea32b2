// The window in the browser: which events it holds (counted on the CPU, one pass), and
// which slices of a part a frame hands to the GPU.

import { SPAN_RUNS } from "./columns.js";

export function inWindow(ds, i, first, last) {
  return ds.start[i] <= last && ds.end[i] >= first;
}

export function countWindow(ds, first, last, withCells) {
  const { n, start, end, footprint, area, cell } = ds;
  const areaCounts = new Int32Array(ds.areas.length);
  let shown = 0;
  let located = 0;
  const cellCounts = withCells ? new Int32Array(ds.cells.lon.length) : null;
  const cellTypes = withCells ? new Int32Array(ds.cells.lon.length * ds.type.names.length) : null;
  const cellDeaths = withCells ? new Float64Array(ds.cells.lon.length) : null;
  const nTypes = ds.type.names.length;
  for (let i = 0; i < n; i++) {
    if (start[i] > last || end[i] < first) continue;
    shown++;
    const a = area[i];
    if (a >= 0) areaCounts[a]++;
    const c = cell[i];
    if (c >= 0) {
      located++;
      if (withCells) {
        cellCounts[c]++;
        cellTypes[c * nTypes + ds.type.codes[i]]++;
        if (ds.deaths[i] > 0) cellDeaths[c] += ds.deaths[i];
      }
    }
  }
  return { shown, located, areaCounts, cellCounts, cellTypes, cellDeaths };
}

// Which of a part's events a frame hands to the GPU. Software WebGL (SwiftShader: headless
// Chromium, machines without a GPU) runs the vertex shader of every instance, filtered out
// or not, at ~7 µs each, ~18 µs when drawn (docs/performance.md): a 30-day window over
// 100,000 events would cost 0.7 s a frame with the GPU filter alone. So a part's events
// are kept in runs by span (SPAN_RUNS), each in start order, and a frame draws from each
// run those that start in [first - the run's longest span, last]: two binary searches. The
// GPU filter still decides, exactly, which of them are drawn.
function firstStarting(filter, from, to, test) {
  // the first event in [from, to) whose first day fails ``test`` (they are in start order)
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(filter[2 * mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function slice(part, first, last) {
  const ranges = [];
  SPAN_RUNS.forEach((days, r) => {
    const from = r ? part.runEnds[r - 1] : 0;
    const to = part.runEnds[r];
    const lo = firstStarting(part.filter, from, to, (day) => day < first - days);
    const hi = firstStarting(part.filter, lo, to, (day) => day <= last);
    if (hi > lo) ranges.push([days === Infinity ? "-long" : `-${days}`, [lo, hi]]);
  });
  return ranges;
}
