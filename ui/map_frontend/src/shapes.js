// What the map's 2D sheets draw (sheet.js): fills and lines as Path2D in Web Mercator
// world units (deck.gl's: 512 across the world at zoom 0, y growing southwards here),
// relative to an origin near Kursk so that float32 paths keep sub-pixel precision at the
// deepest zoom. Made once per shape; the camera is a transform at each draw.

const ORIGIN_LNG_LAT = [36.2, 51.7];

function mercator([lng, lat]) {
  const x = (512 * (lng + 180)) / 360;
  const y = 512 * (0.5 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / (2 * Math.PI));
  return [x, y];
}

export const ORIGIN = mercator(ORIGIN_LNG_LAT);

// A place's world coordinates relative to ORIGIN.
export function worldOf(position) {
  const [x, y] = mercator(position);
  return [x - ORIGIN[0], y - ORIGIN[1]];
}

export function rgba([r, g, b, a = 255], opacity = 1) {
  return `rgba(${r}, ${g}, ${b}, ${((a / 255) * opacity).toFixed(3)})`;
}

function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  if (geometry.type === "GeometryCollection") return geometry.geometries.flatMap(polygonsOf);
  return [];
}

// A Polygon or MultiPolygon (or the polygons of a collection) as one path, every ring a
// subpath: filled with the even-odd rule, holes stay empty.
export function areaPath(geometry) {
  const path = new Path2D();
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      ring.forEach((position, i) => {
        const [x, y] = worldOf(position);
        if (i === 0) path.moveTo(x, y);
        else path.lineTo(x, y);
      });
      path.closePath();
    }
  }
  return path;
}

// [from, to] segments as one path; a segment starting where the last ended continues it
// (joined, not overlapped: a translucent line is not darker at its joints).
export function segmentsPath(segments) {
  const path = new Path2D();
  let end = null;
  for (const [s, t] of segments) {
    if (!end || end[0] !== s[0] || end[1] !== s[1]) path.moveTo(...worldOf(s));
    path.lineTo(...worldOf(t));
    end = t;
  }
  return path;
}

// The basemap's and a control layer's layer specs (geo/drawing.py's fill_layer and
// segment_layer: GeoJSON with a fill colour per feature, segments in one colour and
// width) as shapes: { id, path, fill } or { id, path, stroke, widthPx }.
export function specShapes(spec) {
  const type = spec["@@type"];
  const opacity = spec.opacity ?? 1;
  if (type === "GeoJsonLayer" && spec.filled !== false && !spec.stroked) {
    return (spec.data.features ?? []).map((feature) => ({ id: spec.id, path: areaPath(feature.geometry), fill: rgba(feature.properties.fill, opacity) }));
  }
  if (type === "LineLayer" && spec.widthUnits === "pixels" && Array.isArray(spec.getColor)) {
    const segments = spec.data.map((row) => [row.s, row.t]);
    return [{ id: spec.id, path: segmentsPath(segments), stroke: rgba(spec.getColor, opacity), widthPx: spec.getWidth }];
  }
  throw new Error(`the map's sheets draw no ${type} like "${spec.id}" (geo/drawing.py makes the basemap's layers)`);
}
