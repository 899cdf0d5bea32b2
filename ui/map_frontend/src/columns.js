// The event columns: a filter set's events as the Arrow table geo/map_buffers.py writes,
// decoded once per key into typed arrays deck.gl reads as they are.

// The runs a part's events are kept in, by the days they span (last day - first day): a
// day, a week, a month, longer (see slice())
export const SPAN_RUNS = [0, 7, 31, Infinity];

// a dot's radius grows with the deaths up to this
export const MAX_DOT_RADIUS_PX = 22;

function column(table, name) {
  const vector = table.getChild(name);
  if (vector.data.length !== 1) throw new Error(`column ${name}: one record batch expected`);
  return vector.data[0];
}

function strings(table, name) {
  // a dictionary column: codes, and the distinct strings decoded once
  const data = column(table, name);
  const dictionary = data.dictionary;
  const names = [];
  for (let i = 0; i < dictionary.length; i++) names.push(String(dictionary.get(i)));
  return { codes: data.values, names };
}

function eventIds(table) {
  // ids in three parts (geo.map_buffers.id_parts): the prefix, then the number padded
  // with zeros to its count of digits; made into a string when one is shown
  const prefix = strings(table, "id_prefix");
  const number = column(table, "id_number").values;
  const digits = column(table, "id_digits").values;
  return { get: (i) => prefix.names[prefix.codes[i]] + (digits[i] ? String(number[i]).padStart(digits[i], "0") : "") };
}

export function decode(data) {
  const table = data.table;
  const meta = data.meta;
  const n = table.numRows;
  const lon = column(table, "lon").values;
  const lat = column(table, "lat").values;
  const start = column(table, "start").values;
  const end = column(table, "end").values;
  const type = strings(table, "type");
  const deaths = column(table, "deaths").values;
  const footprint = column(table, "footprint").values;
  const area = column(table, "area").values;
  const cell = column(table, "cell").values;
  const kind = strings(table, "kind");
  const location = strings(table, "location");
  const ids = eventIds(table);
  const pointCode = meta.kinds.indexOf("point");
  const circleCode = meta.kinds.indexOf("circle");
  const typeColours = type.names.map((name) => meta.colours[name] || meta.unknown_colour);

  const subset = (code, alpha, radiusOf) => {
    // run by run (SPAN_RUNS), each in start order (see slice()): a counting sort on (run,
    // first day), linear in the events
    const chosen = [];
    let minDay = Infinity;
    let maxDay = -Infinity;
    for (let i = 0; i < n; i++) {
      if (footprint[i] !== code) continue;
      chosen.push(i);
      minDay = Math.min(minDay, start[i]);
      maxDay = Math.max(maxDay, start[i]);
    }
    const count = chosen.length;
    const nDays = count ? Math.floor(maxDay - minDay) + 1 : 0;
    const key = (i) => SPAN_RUNS.findIndex((days) => end[i] - start[i] <= days) * nDays + Math.floor(start[i] - minDay);
    const next = new Uint32Array(SPAN_RUNS.length * nDays + 1);
    for (const i of chosen) next[key(i) + 1]++;
    for (let k = 1; k < next.length; k++) next[k] += next[k - 1];
    const runEnds = SPAN_RUNS.map((_, r) => (count ? next[(r + 1) * nDays] : 0));
    const rows = new Uint32Array(count);
    for (const i of chosen) rows[next[key(i)]++] = i;
    const positions = new Float32Array(2 * count);
    const filter = new Float32Array(2 * count);
    const colours = new Uint8Array(4 * count);
    const radii = new Float32Array(count);
    for (let j = 0; j < count; j++) {
      const i = rows[j];
      positions[2 * j] = lon[i];
      positions[2 * j + 1] = lat[i];
      filter[2 * j] = start[i];
      filter[2 * j + 1] = end[i];
      const colour = typeColours[type.codes[i]];
      colours[4 * j] = colour[0];
      colours[4 * j + 1] = colour[1];
      colours[4 * j + 2] = colour[2];
      colours[4 * j + 3] = alpha;
      radii[j] = radiusOf(i);
    }
    return { rows, positions, filter, colours, radii, length: count, runEnds, slices: new Map() };
  };
  const dotRadius = (i) => (deaths[i] > 0 ? Math.min(5 + 2 * Math.sqrt(deaths[i]), MAX_DOT_RADIUS_PX) : 5);
  const points = subset(pointCode, 220, dotRadius);
  const circles = subset(circleCode, 255, () => meta.ring_radius_m);

  // area events by area, worst first (most deaths, then latest), as the map lists them
  const areaRows = [];
  for (let i = 0; i < n; i++) if (area[i] >= 0) areaRows.push(i);
  areaRows.sort((a, b) => area[a] - area[b] || deaths[b] - deaths[a] || start[b] - start[a] || a - b);
  const areas = JSON.parse(data.areas_json);
  const nAreas = areas.length;
  const areaFirst = new Int32Array(nAreas + 1).fill(areaRows.length);
  for (let k = areaRows.length - 1; k >= 0; k--) areaFirst[area[areaRows[k]]] = k;
  for (let a = nAreas - 1; a >= 0; a--) areaFirst[a] = Math.min(areaFirst[a], areaFirst[a + 1]);
  return {
    key: data.key,
    n, lon, lat, start, end, type, deaths, footprint, area, cell, kind, location, ids,
    typeColours, points, circles, ringRadiusM: meta.ring_radius_m,
    areaRows: Int32Array.from(areaRows), areaFirst,
    areas,
    cells: JSON.parse(data.cells_json),
    span: data.span,
  };
}
