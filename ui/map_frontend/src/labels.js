// The basemap's labels (place names, settlement dots, oblast names, the scale bar's) as
// HTML between the basemap's canvas and the events', not as deck.gl TextLayers: software
// WebGL compiles the SDF text program (~0.5-0.7 s) before the first frame, and a hundred
// labels placed by the browser cost nothing of it (docs/performance.md). The Python side
// still describes them as TextLayer specs (geo/drawing.py); this draws those rows.

import { WebMercatorViewport } from "@deck.gl/core";

export const LABEL_STYLE = `
.sitmap-map .basemap-labels { position: absolute; inset: 0; pointer-events: none; overflow: hidden; }
.sitmap-map .basemap-label { position: absolute; left: 0; top: 0; white-space: nowrap; line-height: 1;
  font-family: Helvetica, Arial, sans-serif; font-weight: 600; }
`;

const SHIFT = { start: "0%", middle: "-50%", end: "-100%", top: "0%", center: "-50%", bottom: "-100%" };

function rgba([r, g, b, a = 255]) {
  return `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(3)})`;
}

function halo(colour, width) {
  // a halo of width px around the glyphs, as the TextLayer's outline draws one
  const c = rgba(colour);
  const w = width / 2;
  return [[w, 0], [-w, 0], [0, w], [0, -w], [w, w], [-w, -w], [w, -w], [-w, w]]
    .map(([x, y]) => `${x}px ${y}px 0 ${c}`)
    .join(", ");
}

// Whether a converted basemap layer is one of the labels' TextLayers.
export function isLabelLayer(spec) {
  return spec["@@type"] === "TextLayer";
}

export class Labels {
  constructor(container) {
    this.container = container;
    this.shown = [];
    this.specs = null;
  }

  // specs: the basemap's TextLayer specs, rows of name, position, size, anchor, baseline
  // and offset
  show(specs) {
    if (specs === this.specs) return;
    this.specs = specs;
    this.container.replaceChildren();
    this.shown = [];
    for (const spec of specs) {
      const shadow = halo(spec.outlineColor ?? [255, 255, 255, 255], spec.outlineWidth ?? 0);
      for (const row of spec.data) {
        const element = document.createElement("span");
        element.className = "basemap-label";
        element.dataset.testid = "sitmap-label";
        element.textContent = row.name;
        element.style.fontSize = `${row.size}px`;
        element.style.color = rgba(spec.getColor ?? [0, 0, 0, 255]);
        element.style.textShadow = shadow;
        this.container.appendChild(element);
        this.shown.push({ element, row, align: `translate(${SHIFT[row.anchor] ?? "-50%"}, ${SHIFT[row.baseline] ?? "-50%"})` });
      }
    }
  }

  place(viewState) {
    const { clientWidth: width, clientHeight: height } = this.container;
    if (!width || !height || !this.shown.length) return;
    const viewport = new WebMercatorViewport({ ...viewState, width, height });
    for (const { element, row, align } of this.shown) {
      const [x, y] = viewport.project(row.position);
      const [dx, dy] = row.offset ?? [0, 0];
      element.style.transform = `translate(${(x + dx).toFixed(1)}px, ${(y + dy).toFixed(1)}px) ${align}`;
    }
  }
}
