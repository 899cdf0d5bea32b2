// Events known only to an area: its outline and hatching in the colour of the commonest
// type among them, and a badge with their count (never a fill, which reads as control).
// The outlines and hatching are shapes for a 2D sheet (sheet.js), kept while they stay
// the same so the sheet is not redrawn; the badges are HTML (badges.js), made from the
// features returned.

import { areaSegments } from "./areas.js";
import { rgba, segmentsPath } from "./shapes.js";
import { inWindow } from "./window.js";

const OUTLINE = { alpha: 235, widthPx: 2.5 };
const HATCH = { alpha: 150, widthPx: 1.5 };

export class AreaShapes {
  draw(ds, counts, days) {
    // the outlines and hatching, the same array while what they show stays the same,
    // and the badges, with a key that changes when they do
    const features = this.features(ds, counts, days);
    const shown = features.map((f) => `${f.properties.code}:${f.properties.colour.join(" ")}`);
    const shapesKey = `${ds.key}|${shown.join(",")}`;
    if (this.shapeCache?.key !== shapesKey) this.shapeCache = { key: shapesKey, shapes: this.buildShapes(ds, features) };
    return { shapes: this.shapeCache.shapes, features, badgesKey: `${shapesKey}|${counts.areaCounts.join(",")}` };
  }

  features(ds, counts, days) {
    // larger areas first (the order of ds.areas), so a district is drawn over its oblast
    const features = [];
    ds.areas.forEach((feature, a) => {
      if (counts.areaCounts[a] > 0) features.push({ ...feature, properties: { ...feature.properties, code: a, count: counts.areaCounts[a], colour: this.colour(ds, a, days) } });
    });
    return features;
  }

  buildShapes(ds, features) {
    // per area, its outline and then its hatching (each hatch path drawn as one straight
    // stroke from its first point to its last); the paths are made once per area
    return features.flatMap((f) => {
      const area = ds.areas[f.properties.code];
      area.outlinePath ??= segmentsPath(areaSegments(area));
      area.hatchPath ??= segmentsPath(f.properties.hatch.map((path) => [path[0], path[path.length - 1]]));
      const [r, g, b] = f.properties.colour;
      return [
        { path: area.outlinePath, stroke: rgba([r, g, b, OUTLINE.alpha]), widthPx: OUTLINE.widthPx },
        { path: area.hatchPath, stroke: rgba([r, g, b, HATCH.alpha]), widthPx: HATCH.widthPx },
      ];
    });
  }

  colour(ds, a, [first, last]) {
    // the commonest type among the area's events in the window (ties: the worst event's)
    const tally = new Map();
    let best = -1;
    let bestCount = 0;
    for (let k = ds.areaFirst[a]; k < ds.areaFirst[a + 1]; k++) {
      const i = ds.areaRows[k];
      if (!inWindow(ds, i, first, last)) continue;
      const t = ds.type.codes[i];
      const c = (tally.get(t) || 0) + 1;
      tally.set(t, c);
      if (c > bestCount) {
        best = t;
        bestCount = c;
      }
    }
    return best >= 0 ? ds.typeColours[best] : [120, 120, 120, 230];
  }
}
