// The rows an import copies into the store, written as COPY CSV bytes as they are read.

/** What tells a release's measures apart; its rows refer to one by its number. */
export interface MeasureKey {
  series: string;
  unit: string;
  dimensions: Record<string, string>;
}

const COMMA = 44;
const NEWLINE = 10;
const CHUNK_BYTES = 1 << 20;
/** A run longer than this is split, so no row of arrays grows without bound. */
const MAX_RUN = 10_000;

/** Bytes appended to a buffer that grows as needed. */
class Bytes {
  buf = Buffer.allocUnsafe(4096);
  at = 0;

  reserve(n: number) {
    if (this.at + n <= this.buf.length) return;
    const old = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(Math.max(this.buf.length, old.length + n) * 2);
    this.buf.set(old);
  }

  byte(b: number) {
    this.reserve(1);
    this.buf[this.at++] = b;
  }

  bytes(src: Uint8Array, start = 0, end = src.length) {
    this.reserve(end - start);
    if (end - start > 32) {
      this.buf.set(src.subarray(start, end), this.at);
      this.at += end - start;
    } else for (let i = start; i < end; i++) this.buf[this.at++] = src[i]!;
  }

  /** A whole number's digits, written without making a string. */
  integer(n: number) {
    if (n < 0 || n >= 2 ** 31) {
      this.text(String(n));
      return;
    }
    this.reserve(10);
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let i = this.at + digits - 1; i >= this.at; i--, n = Math.floor(n / 10))
      this.buf[i] = 48 + (n % 10);
    this.at += digits;
  }

  text(s: string) {
    this.reserve(Buffer.byteLength(s));
    this.at += this.buf.write(s, this.at);
  }
}

/** An element of a PostgreSQL array literal: quoted, with backslash escapes. */
const arrayElement = (text: string) => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

/**
 * The rows an import copies, as CSV bytes written straight into buffers. Consecutive figures
 * of one release, measure and area (as files give them) become one row of arrays: lines,
 * period numbers, values, statuses and notes. `take` hands over the finished rows.
 * Figures come in the order of their lines, so a row's lines rise and the lines of one row
 * all come before the next row's: readers order figures by a row's first line alone.
 */
export class ObservationRows {
  private out = new Bytes();
  private lastLine = -Infinity;
  private release = -1;
  private measure = -1;
  private area: string | null = null;
  private count = 0;
  private readonly lines = new Bytes();
  private readonly periods = new Bytes();
  private readonly values = new Bytes();
  private readonly statuses = new Bytes();
  private notes: (string | null)[] | undefined;
  private readonly words = new Map<string, Uint8Array>();

  /** The rows written so far (with the run still open if `all`); undefined if none. */
  take(all = false): Uint8Array | undefined {
    if (all) this.endRun();
    if (this.out.at === 0) return undefined;
    const rows = this.out.buf.subarray(0, this.out.at);
    this.out = new Bytes();
    this.out.reserve(CHUNK_BYTES);
    return rows;
  }

  /**
   * One figure. The value is a number, or (for speed) the bytes of one already checked as a
   * number: `valueText[valueStart…valueEnd)`.
   */
  row(
    releaseId: number,
    line: number,
    measure: number,
    areaCode: string | null,
    period: number,
    value: number | null,
    status: string,
    note: string | null,
    valueText?: Uint8Array,
    valueStart = 0,
    valueEnd = 0,
  ): void {
    if (line < this.lastLine)
      throw new Error(`figures out of line order: line ${line} after line ${this.lastLine}`);
    this.lastLine = line;
    if (
      releaseId !== this.release ||
      measure !== this.measure ||
      areaCode !== this.area ||
      this.count >= MAX_RUN
    ) {
      this.endRun();
      this.release = releaseId;
      this.measure = measure;
      this.area = areaCode;
    }
    if (this.count > 0) {
      this.lines.byte(COMMA);
      this.periods.byte(COMMA);
      this.values.byte(COMMA);
      this.statuses.byte(COMMA);
    }
    this.lines.integer(line);
    this.periods.integer(period);
    if (valueText) this.values.bytes(valueText, valueStart, valueEnd);
    else if (value !== null) this.values.text(String(value));
    else this.values.bytes(NULL_WORD);
    this.statuses.bytes(this.word(status));
    if (note !== null) (this.notes ??= Array(this.count).fill(null)).push(note);
    else this.notes?.push(null);
    this.count++;
  }

  /** Writes the open run as a row: `release,measure,area,"{…}",…`. */
  private endRun() {
    if (this.count === 0) return;
    const out = this.out;
    out.integer(this.release);
    out.byte(COMMA);
    out.integer(this.measure);
    out.byte(COMMA);
    if (this.area !== null) out.bytes(this.word(this.area));
    this.array(this.lines);
    this.array(this.periods);
    this.array(this.values);
    this.array(this.statuses);
    out.byte(COMMA);
    if (this.notes) {
      const literal = `{${this.notes.map((n) => (n === null ? 'NULL' : arrayElement(n))).join(',')}}`;
      out.text(`"${literal.replaceAll('"', '""')}"`);
    }
    out.byte(NEWLINE);
    this.notes = undefined;
    this.count = 0;
  }

  private array(elements: Bytes) {
    this.out.bytes(ARRAY_START);
    this.out.bytes(elements.buf, 0, elements.at);
    this.out.bytes(ARRAY_END);
    elements.at = 0;
  }

  /** Area codes and statuses are checked words (no commas or quotes). */
  private word(text: string): Uint8Array {
    let bytes = this.words.get(text);
    if (!bytes) {
      if (this.words.size > 100_000) this.words.clear();
      this.words.set(text, (bytes = Buffer.from(text, 'latin1')));
    }
    return bytes;
  }
}

const NULL_WORD = Buffer.from('NULL');
const ARRAY_START = Buffer.from(',"{');
const ARRAY_END = Buffer.from('}"');
