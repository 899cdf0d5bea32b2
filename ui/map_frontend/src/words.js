// What a tooltip and the count line say, from the columns.

export const DAY_MS = 86400000;

export function isoDay(day) {
  return new Date(Math.round(day) * DAY_MS).toISOString().slice(0, 10);
}

export function shortDay(day) {
  const d = new Date(Math.round(day) * DAY_MS);
  return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

export function dates(ds, i) {
  const a = isoDay(ds.start[i]);
  const b = isoDay(ds.end[i]);
  return a === b ? a : `${a} – ${b}`;
}

function deathsText(ds, i) {
  return ds.deaths[i] < 0 ? "not given" : String(ds.deaths[i]);
}

export function eventTooltip(ds, i) {
  return (
    `${ds.ids.get(i)} · ${dates(ds, i)}\n${ds.kind.names[ds.kind.codes[i]]}\n` +
    `${ds.location.names[ds.location.codes[i]]}\nfatalities: ${deathsText(ds, i)}`
  );
}
