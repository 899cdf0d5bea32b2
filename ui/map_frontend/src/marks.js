// Text pinned to places over the map, as HTML: each mark a span at its place's pixel
// (plus a pixel offset, aligned by a CSS translate), placed again whenever the camera
// moves. Plain text only (textContent); the pointer goes through to the map.

import { WebMercatorViewport } from "@deck.gl/core";

export class Marks {
  constructor(container) {
    this.container = container;
    this.shown = [];
    this.key = undefined;
  }

  // marks: [{ text, position: [lon, lat], offset?: [dx, dy], align: CSS translate,
  // className, testid, style }]; key names what they show (the caller skips an unchanged
  // key without making the marks)
  show(marks, key) {
    this.key = key;
    this.placedKey = null;
    this.container.replaceChildren();
    this.shown = marks.map((mark) => {
      const element = document.createElement("span");
      element.className = mark.className;
      element.dataset.testid = mark.testid;
      element.textContent = mark.text;
      Object.assign(element.style, mark.style);
      this.container.appendChild(element);
      return { element, position: mark.position, offset: mark.offset ?? [0, 0], align: mark.align };
    });
  }

  place(viewState) {
    const { clientWidth: width, clientHeight: height } = this.container;
    if (!width || !height || !this.shown.length) return;
    const key = `${viewState.longitude},${viewState.latitude},${viewState.zoom},${width},${height}`;
    if (key === this.placedKey) return; // placed for this camera already
    this.placedKey = key;
    const viewport = new WebMercatorViewport({ ...viewState, width, height });
    for (const { element, position, offset, align } of this.shown) {
      const [x, y] = viewport.project(position);
      element.style.transform = `translate(${(x + offset[0]).toFixed(1)}px, ${(y + offset[1]).toFixed(1)}px) ${align}`;
    }
  }
}
