// The basemap's labels (place names, settlement dots, oblast names, the scale bar's) as
// HTML between the basemap's canvas and the events' (marks.js), not as deck.gl
// TextLayers: software WebGL compiles the SDF text program (~0.5-0.7 s) before the first
// frame (docs/performance.md). The Python side still describes them as TextLayer specs
// (geo/drawing.py); these are those rows.

import { rgba } from "./shapes.js";

export const LABEL_STYLE = `
.sitmap-map .basemap-labels { position: absolute; inset: 0; pointer-events: none; overflow: hidden; }
.sitmap-map .basemap-label { position: absolute; left: 0; top: 0; white-space: nowrap; line-height: 1;
  font-family: Helvetica, Arial, sans-serif; font-weight: 600; }
`;

const SHIFT = { start: "0%", middle: "-50%", end: "-100%", top: "0%", center: "-50%", bottom: "-100%" };

function halo(colour, width) {
  // a halo of width px around the glyphs, as the TextLayer's outline draws one
  const c = rgba(colour);
  const w = width / 2;
  return [[w, 0], [-w, 0], [0, w], [0, -w], [w, w], [-w, -w], [w, -w], [-w, w]]
    .map(([x, y]) => `${x}px ${y}px 0 ${c}`)
    .join(", ");
}

// Whether a basemap layer spec is one of the labels' TextLayers.
export function isLabelLayer(spec) {
  return spec["@@type"] === "TextLayer";
}

// The marks of the label specs' rows (name, position, size, anchor, baseline, offset).
export function labelMarks(specs) {
  return specs.flatMap((spec) => {
    const style = { color: rgba(spec.getColor ?? [0, 0, 0, 255]), textShadow: halo(spec.outlineColor ?? [255, 255, 255, 255], spec.outlineWidth ?? 0) };
    return spec.data.map((row) => ({
      text: row.name,
      position: row.position,
      offset: row.offset,
      align: `translate(${SHIFT[row.anchor] ?? "-50%"}, ${SHIFT[row.baseline] ?? "-50%"})`,
      className: "basemap-label",
      testid: "sitmap-label",
      style: { ...style, fontSize: `${row.size}px` },
    }));
  });
}
