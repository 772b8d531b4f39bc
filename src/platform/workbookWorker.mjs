// Reads an XLSX or ODS workbook into grids of cells, in a worker thread of its own: a damaged
// or hostile file can make the parser loop or grow without bound, and a worker can be stopped
// (spreadsheet.ts gives it a time and memory limit). Plain JavaScript, so it runs without tsx.
import console from 'node:console';
import { parentPort, workerData } from 'node:worker_threads';
import * as XLSX from '@e965/xlsx';
import { shownPlaces } from './numberFormat.mjs';

/** Cells in a sheet's grid at most: the largest publishers' tables have a few hundred thousand. */
const MAX_SHEET_CELLS = 10_000_000;

/** The range of the cells a sheet holds, whatever range it declares. */
function usedRange(sheet) {
  let [top, left, bottom, right] = [Infinity, Infinity, -1, -1];
  for (const address of Object.keys(sheet)) {
    if (address.startsWith('!')) continue;
    const { r, c } = XLSX.utils.decode_cell(address);
    if (r < top) top = r;
    if (r > bottom) bottom = r;
    if (c < left) left = c;
    if (c > right) right = c;
  }
  return bottom < 0
    ? undefined
    : XLSX.utils.encode_range({ s: { r: top, c: left }, e: { r: bottom, c: right } });
}

function sheets(bytes) {
  // SheetJS writes notes on number formats it cannot render to the console; they say nothing
  // to the person importing.
  console.error = () => {};
  // Dates as dates (a month column is a date cell), formulas as their cached values, and each
  // cell's number format, for the places a number is shown to.
  const workbook = XLSX.read(bytes, {
    cellDates: true,
    cellFormula: false,
    cellHTML: false,
    cellNF: true,
  });
  return workbook.SheetNames.map((name) => {
    // A damaged file can list a sheet it does not hold: that sheet is empty.
    const sheet = workbook.Sheets[name];
    const range = sheet && usedRange(sheet);
    if (!range) return { name, rows: [] };
    sheet['!ref'] = range;
    const places = [];
    for (const address of Object.keys(sheet)) {
      if (address.startsWith('!')) continue;
      const cell = sheet[address];
      const shown = cell.t === 'n' ? shownPlaces(cell.z, cell.v) : undefined;
      if (shown !== undefined) {
        const { r, c } = XLSX.utils.decode_cell(address);
        (places[r] ??= [])[c] = shown;
      }
      // Kept, a date format on a text cell ("* Feb-24") makes sheet_to_json read it as a date.
      delete cell.z;
    }
    const used = XLSX.utils.decode_range(range);
    const [height, width] = [used.e.r - used.s.r + 1, used.e.c - used.s.c + 1];
    if (height * width > MAX_SHEET_CELLS)
      throw new Error(
        `sheet "${name}" spans ${height} rows by ${width} columns, over the ${MAX_SHEET_CELLS.toLocaleString('en-GB')} cells a sheet may have`,
      );
    const rows = XLSX.utils.sheet_to_json(sheet, {
      header: 1,
      raw: true,
      defval: null,
      blankrows: true,
    });
    // sheet_to_json starts at the first used cell: pad so row r is sheet row r + 1.
    return {
      name,
      places,
      rows: [
        ...Array.from({ length: used.s.r }, () => []),
        ...rows.map((row) => [...Array(used.s.c).fill(null), ...row]),
      ],
    };
  });
}

try {
  parentPort.postMessage({ sheets: sheets(workerData) });
} catch (e) {
  parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
