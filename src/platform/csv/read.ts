// The one CSV reader, for every CSV file Northstar reads (statistics, the ONS area lookup).
// Splits bytes into rows that remember their physical line numbers, as published files are
// fixed by line. Bytes can arrive in chunks of any size, so a file of any length is read in
// constant memory, and a row's fields are byte ranges until someone asks for their text. Checks
// UTF-8 strictly (a stray Latin-1 byte is an error, not a silent '?') and refuses NUL; tolerates a BOM, CRLF or
// LF (even mixed in one file, as when rows are added in another editor) and no final newline;
// quoting is RFC 4180.
import { isUtf8 } from 'node:buffer';

export interface CsvRow {
  line: number;
  cells: string[];
}

/** Bytes that are not text: invalid UTF-8, or a NUL in a cell (`column` is then the field's). */
export class CsvDecodeError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    message = 'the file is not valid UTF-8 (save it as UTF-8 and try again)',
  ) {
    super(message);
  }
}

/** A quoted field that never closes: the rest of the file would be one cell. */
export class CsvQuoteError extends Error {
  constructor(readonly line: number) {
    super(`a quoted field opened on line ${line} is never closed`);
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Splits CSV as it arrives: `push` each chunk and `end`, with a callback that is called for
 * every row while that row's fields can be read: `count` fields, field `i` being the bytes
 * `bytes[starts[i]…ends[i])`, and `text(i)` its text.
 */
export class CsvSplitter {
  bytes: Uint8Array = new Uint8Array(0);
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** 1 where a field is quoted: its range then includes the quotes, and `text` removes them. */
  quoted = new Uint8Array(64);
  count = 0;
  /** The physical line the current row starts on. */
  line = 1;
  private rest: Uint8Array = new Uint8Array(0);
  private started = false;
  private readonly decoder = new TextDecoder();

  push(chunk: Uint8Array, onRow: () => void): void {
    const bytes = this.withoutBom(this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk);
    // A multi-byte character never contains a newline byte: whole lines are whole characters.
    const lastNewline = bytes.lastIndexOf(LF);
    this.check(bytes, lastNewline + 1);
    this.rest = bytes.subarray(this.split(bytes, lastNewline + 1, false, onRow));
  }

  end(onRow: () => void): void {
    const bytes = this.withoutBom(this.rest, true);
    this.rest = new Uint8Array(0);
    this.check(bytes, bytes.length);
    this.split(bytes, bytes.length, true, onRow);
  }

  private withoutBom(bytes: Uint8Array, final = false): Uint8Array {
    if (this.started || (bytes.length < 3 && !final)) return bytes;
    this.started = true;
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return bom ? bytes.subarray(3) : bytes;
  }

  /** The text of field `i` of the current row, unquoted; throws, located, if it holds a NUL. */
  text(i: number): string {
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    const raw = this.decoder.decode(this.bytes.subarray(start + this.quoted[i]!, end));
    // Every cell the readers keep comes through here. PostgreSQL cannot store a NUL in text or
    // JSON, and in a CSV one means a binary or UTF-16 file.
    if (raw.includes('\u0000'))
      throw new CsvDecodeError(
        this.line,
        i + 1,
        'the field holds a NUL character (U+0000), which cannot be stored; if the file was saved as UTF-16, save it as UTF-8',
      );
    if (!this.quoted[i]) return raw;
    // `"a ""b"" c"` is `a "b" c`; text after the closing quote is kept, as spreadsheets do.
    const close = raw.lastIndexOf('"');
    return (raw.slice(0, close).replaceAll('""', '"') + raw.slice(close + 1)).replaceAll(
      '\r\n',
      '\n',
    );
  }

  /** Throws, located, if `bytes[0…end)` is not UTF-8. */
  private check(bytes: Uint8Array, end: number) {
    if (isUtf8(bytes.subarray(0, end))) return;
    const lenient = new TextDecoder().decode(bytes.subarray(0, end));
    const before = lenient.slice(0, lenient.indexOf('\uFFFD'));
    const lines = before.split('\n');
    throw new CsvDecodeError(this.line + lines.length - 1, lines.at(-1)!.length + 1);
  }

  /** Calls `onRow` for each complete row before `end`; returns where the unfinished one starts. */
  private split(bytes: Uint8Array, end: number, final: boolean, onRow: () => void): number {
    this.bytes = bytes;
    let p = 0;
    while (p < end) {
      const rowStart = p;
      let newlines = 0; // inside quoted fields
      let count = 0;
      for (;;) {
        if (count === this.starts.length) this.growFields();
        const fieldStart = p;
        let isQuoted = 0;
        if (bytes[p] === QUOTE) {
          isQuoted = 1;
          for (p++; ; p += 2) {
            const close = bytes.indexOf(QUOTE, p);
            if (close < 0 || close >= end) {
              if (final) throw new CsvQuoteError(this.line);
              return rowStart; // the field goes on in the next chunk
            }
            // A quote at the very end may be the first of an escaped pair.
            if (close + 1 >= end && !final) return rowStart;
            for (let i = p; i < close; i++) if (bytes[i] === LF) newlines++;
            p = close;
            if (bytes[close + 1] !== QUOTE) {
              p = close + 1;
              break;
            }
          }
        }
        while (p < end && bytes[p] !== COMMA && bytes[p] !== LF) p++;
        if (p >= end && !final) return rowStart;
        let fieldEnd = p;
        if (bytes[p] !== COMMA && fieldEnd > fieldStart && bytes[fieldEnd - 1] === CR) fieldEnd--;
        this.starts[count] = fieldStart;
        this.ends[count] = fieldEnd;
        this.quoted[count] = isQuoted;
        count++;
        if (p < end && bytes[p] === COMMA) {
          p++;
          continue;
        }
        p++; // past the newline, or the end
        break;
      }
      this.count = count;
      onRow();
      this.line += 1 + newlines;
    }
    return Math.min(p, end);
  }

  private growFields() {
    const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.quoted = grow(this.quoted);
  }
}

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A cell's number, for every format: null if blank, or why it is not a number the store can
 * keep. `1e309` is written as a number but reads as Infinity, so it is out of range.
 */
export function cellNumber(text: string): number | null | 'not a number' | 'out of range' {
  if (text === '') return null;
  if (!numberPattern.test(text)) return 'not a number';
  const value = Number(text);
  return Number.isFinite(value) ? value : 'out of range';
}

/** Every row of a whole file's bytes, blank ones included (as a single empty cell). */
export function readCsvRows(bytes: Uint8Array): CsvRow[] {
  const splitter = new CsvSplitter();
  const rows: CsvRow[] = [];
  const onRow = () =>
    rows.push({
      line: splitter.line,
      cells: Array.from({ length: splitter.count }, (_, i) => splitter.text(i)),
    });
  splitter.push(bytes, onRow);
  splitter.end(onRow);
  return rows;
}

/** The rows of a whole file with a header, as records by column name; blank lines left out. */
export function readCsvRecords(bytes: Uint8Array): Record<string, string>[] {
  const [header, ...rows] = readCsvRows(bytes).filter((r) => r.cells.some((c) => c !== ''));
  const names = header?.cells ?? [];
  return rows.map((r) => Object.fromEntries(names.map((name, i) => [name, r.cells[i] ?? ''])));
}

/** Decodes a whole file's bytes strictly, dropping a BOM. */
export function decodeUtf8(bytes: Uint8Array): string {
  if (!isUtf8(bytes)) {
    const lenient = new TextDecoder().decode(bytes);
    const lines = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n');
    throw new CsvDecodeError(lines.length, lines.at(-1)!.length + 1);
  }
  return new TextDecoder().decode(bytes);
}
