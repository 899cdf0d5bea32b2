// An area event's shape, in the browser: its outline as segments, and whether a point
// lies inside it (what the pointer is over).

export function areaSegments(feature) {
  // an area's outline as [from, to] pairs, worked out once per feature
  if (!feature.segments) {
    const g = feature.geometry;
    const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    feature.segments = [];
    for (const polygon of polygons) for (const ring of polygon) for (let i = 1; i < ring.length; i++) feature.segments.push([ring[i - 1], ring[i]]);
  }
  return feature.segments;
}

export function contains(geometry, [x, y]) {
  // even-odd rule over every ring of a Polygon or MultiPolygon
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  let inside = false;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}
