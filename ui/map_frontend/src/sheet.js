// A 2D canvas over the map's box drawing shapes (shapes.js, cells.js) under the camera:
// the basemap with the control layer in force, the area events' outlines and hatching,
// and the cells above the aggregation threshold.
// They change only with the camera, the layer in force or the areas' colours, and the
// CPU draws them in a few milliseconds, where software WebGL compiled two more programs
// before the first frame and spent ~30 ms of every scrubbing frame on the areas' lines
// (docs/performance.md). The camera is north up and flat (the map does not rotate), so
// it is a scale and a shift of world units.

import { worldOf } from "./shapes.js";

const MAX_PIXEL_RATIO = 2;

export class Sheet {
  constructor(className) {
    this.canvas = document.createElement("canvas");
    this.canvas.className = className;
    Object.assign(this.canvas.style, { position: "absolute", left: 0, top: 0, width: "100%", height: "100%", pointerEvents: "none" });
    this.context = this.canvas.getContext("2d");
    this.drawnKey = null;
  }

  // Draws shapes (in order, the later over the earlier) under the camera, unless the same
  // shapes were drawn with the same camera and size; true when it drew.
  draw(shapes, viewState) {
    const { clientWidth: width, clientHeight: height } = this.canvas;
    if (!width || !height || !viewState) return false;
    const ratio = Math.min(window.devicePixelRatio || 1, MAX_PIXEL_RATIO);
    const key = `${viewState.longitude},${viewState.latitude},${viewState.zoom},${width},${height},${ratio}`;
    if (shapes === this.drawnShapes && key === this.drawnKey) return false;
    this.drawnShapes = shapes;
    this.drawnKey = key;
    const [w, h] = [Math.round(width * ratio), Math.round(height * ratio)];
    if (this.canvas.width !== w || this.canvas.height !== h) [this.canvas.width, this.canvas.height] = [w, h];
    const g = this.context;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, w, h);
    const scale = 2 ** viewState.zoom;
    const [cx, cy] = worldOf([viewState.longitude, viewState.latitude]);
    // world units to device pixels
    const [k, bx, by] = [ratio * scale, ratio * (width / 2 - cx * scale), ratio * (height / 2 - cy * scale)];
    g.setTransform(k, 0, 0, k, bx, by);
    g.lineCap = "butt";
    g.lineJoin = "round";
    for (const shape of shapes) {
      if (shape.rect) {
        // a rectangle [west, north, east, south] snapped to device pixels: adjacent cells
        // meet without a seam of antialiasing between them
        const [x0, y0, x1, y1] = shape.rect.map((v, i) => Math.round(i % 2 ? k * v + by : k * v + bx));
        g.setTransform(1, 0, 0, 1, 0, 0);
        g.fillStyle = shape.fill;
        g.fillRect(x0, y0, x1 - x0, y1 - y0);
        g.setTransform(k, 0, 0, k, bx, by);
      } else if (shape.fill) {
        g.fillStyle = shape.fill;
        g.fill(shape.path, "evenodd");
      } else {
        g.strokeStyle = shape.stroke;
        g.lineWidth = shape.widthPx / scale;
        g.stroke(shape.path);
      }
    }
    return true;
  }
}
