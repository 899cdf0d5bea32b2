// The selected event's halo, a gold ring over its dot, as HTML over the map (marks.js):
// a deck.gl layer of its own would cost software WebGL one more program to compile.

export const HALO_STYLE = `
.sitmap-map .halo { position: absolute; inset: 0; z-index: 1; pointer-events: none; overflow: hidden; }
.sitmap-map .selected-halo { position: absolute; left: 0; top: 0; width: 31px; height: 31px; box-sizing: border-box;
  border: 3px solid rgb(255, 215, 0); border-radius: 50%; }
`;

// The mark of the selected row, if it has a place to be drawn at.
export function haloMarks(ds, row) {
  if (row === null || row === undefined || row < 0 || row >= ds.n || !(ds.cell[row] >= 0)) return [];
  return [{ text: "", position: [ds.lon[row], ds.lat[row]], align: "translate(-50%, -50%)", className: "selected-halo", testid: "sitmap-halo", style: {} }];
}
