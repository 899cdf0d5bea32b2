// The count badges of area events, as HTML over the map (marks.js) rather than a deck.gl
// TextLayer: a dozen labels do not need a WebGL text program, which software WebGL
// compiles on the CPU before the first frame (text and its background: ~0.9-1.1 s,
// docs/performance.md).

export const BADGE_STYLE = `
.sitmap-map .badges { position: absolute; inset: 0; z-index: 1; pointer-events: none; overflow: hidden; }
.sitmap-map .badge { position: absolute; left: 0; top: 0; padding: 1px 5px; border-radius: 2px; color: white;
  font: 700 13px "Helvetica Neue", Helvetica, Arial, sans-serif; line-height: 15px; white-space: nowrap; }
`;

// The marks of the area features drawn (area_shapes.js): their count, centred on the
// area's badge point, in the colour of its commonest type.
export function badgeMarks(features) {
  return features.map(({ properties }) => ({
    text: String(properties.count),
    position: properties.badge,
    align: "translate(-50%, -50%)",
    className: "badge",
    testid: "sitmap-badge",
    style: { background: `rgb(${properties.colour.slice(0, 3).join(", ")})` },
  }));
}
