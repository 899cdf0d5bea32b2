// The count badges of area events, as HTML over the map rather than a deck.gl TextLayer:
// a dozen labels do not need a WebGL text program, which software WebGL compiles on the
// CPU before the first frame (text and its background: ~0.9-1.1 s, docs/performance.md).
// Plain text only (textContent); the pointer goes through them to the map underneath.

import { WebMercatorViewport } from "@deck.gl/core";

export const BADGE_STYLE = `
.sitmap-map .badges { position: absolute; inset: 0; z-index: 1; pointer-events: none; overflow: hidden; }
.sitmap-map .badge { position: absolute; left: 0; top: 0; padding: 1px 5px; border-radius: 2px; color: white;
  font: 700 13px "Helvetica Neue", Helvetica, Arial, sans-serif; line-height: 15px; white-space: nowrap; }
`;

export class Badges {
  constructor(container) {
    this.container = container;
    this.shown = [];
    this.key = null;
  }

  // badges: [{ position: [lon, lat], text, colour: [r, g, b, a] }]
  show(badges, key) {
    if (key === this.key) return;
    this.key = key;
    this.container.replaceChildren();
    this.shown = badges.map((badge) => {
      const element = document.createElement("span");
      element.className = "badge";
      element.dataset.testid = "sitmap-badge";
      element.textContent = badge.text;
      element.style.background = `rgb(${badge.colour[0]}, ${badge.colour[1]}, ${badge.colour[2]})`;
      this.container.appendChild(element);
      return { element, position: badge.position };
    });
  }

  place(viewState) {
    const { clientWidth: width, clientHeight: height } = this.container;
    if (!width || !height || !this.shown.length) return;
    const viewport = new WebMercatorViewport({ ...viewState, width, height });
    for (const { element, position } of this.shown) {
      const [x, y] = viewport.project(position);
      element.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px) translate(-50%, -50%)`;
    }
  }
}
