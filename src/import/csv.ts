// Decodes and splits a CSV file into rows that remember their physical line numbers, as
// published files are fixed by line. Tolerates a BOM, CRLF or LF (even mixed in one file, as
// when rows are added in another editor), and no final newline.
import Papa from 'papaparse';

export interface CsvRow {
  line: number;
  cells: string[];
}

export class CsvDecodeError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
  ) {
    super('the file is not valid UTF-8 (save it as UTF-8 and try again)');
  }
}

/** Decodes UTF-8 strictly (a stray Latin-1 byte is an error, not a silent '?'), dropping a BOM. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Locate the first bad byte through the lenient decoding's replacement character.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    const before = lenient.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new CsvDecodeError(line, column);
  }
}

/** Every row of the text, blank ones included (as a single empty cell), with its line number. */
export function readCsvRows(crlfOrLf: string): CsvRow[] {
  // The parser takes one line ending for the whole file from its first line: make it LF.
  const text = crlfOrLf.replaceAll('\r\n', '\n');
  const rows: CsvRow[] = [];
  let line = 1;
  let start = 0; // where the current row begins; the parser's cursor is where the next one does
  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    step(result) {
      rows.push({ line, cells: result.data });
      const next = result.meta.cursor;
      for (let i = start; i < next; i++) if (text.charCodeAt(i) === 10) line++;
      start = next;
    },
  });
  // Papaparse reports a final empty row after a trailing newline; it is not a line of the file.
  const last = rows.at(-1);
  if (last && last.cells.length === 1 && last.cells[0] === '' && /\n$/.test(text)) rows.pop();
  return rows;
}
