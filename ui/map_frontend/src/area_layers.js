// Events known only to an area: its outline and hatching in the colour of the commonest
// type among them, and a badge with their count (never a fill, which reads as control).
// The layers are kept while they stay the same, so a drag does not rebuild them; the
// badges are HTML (badges.js), made from the features returned.

import { LineLayer } from "@deck.gl/layers";
import { areaSegments } from "./areas.js";
import { inWindow } from "./window.js";

export class AreaLayers {
  draw(ds, counts, days) {
    // the outlines and hatching (kept while what they show stays the same: new data would
    // make deck.gl rebuild every segment on every step of a drag) and the badges, with a
    // key that changes when they do
    const features = this.features(ds, counts, days);
    const shown = features.map((f) => `${f.properties.code}:${f.properties.colour.join(" ")}`);
    const shapesKey = `${ds.key}|${shown.join(",")}`;
    if (this.shapeCache?.key !== shapesKey) this.shapeCache = { key: shapesKey, layers: this.buildShapes(ds, features) };
    return { layers: this.shapeCache.layers, features, badgesKey: `${shapesKey}|${counts.areaCounts.join(",")}` };
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
    if (!features.length) return [];
    const lines = [];
    for (const f of features) {
      for (const [s, t] of areaSegments(ds.areas[f.properties.code])) lines.push({ s, t, colour: f.properties.colour, outline: true });
      for (const path of f.properties.hatch) lines.push({ s: path[0], t: path[path.length - 1], colour: f.properties.colour, outline: false });
    }
    return [
      // outline and hatching as straight segments, the basemap's own LineLayer: PathLayer's
      // shader costs software WebGL about a second of the first paint (docs/performance.md)
      new LineLayer({
        id: "event-area-lines",
        data: lines,
        getSourcePosition: (d) => d.s,
        getTargetPosition: (d) => d.t,
        getColor: (d) => [...d.colour.slice(0, 3), d.outline ? 235 : 150],
        getWidth: (d) => (d.outline ? 2.5 : 1.5),
        widthUnits: "pixels",
      }),
    ];
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
