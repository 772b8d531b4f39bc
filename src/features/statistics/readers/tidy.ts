// The tidy CSV format, for statistics from anywhere: one observation per row, named columns,
// any number of indicators in one file. It is also what the API's CSV download gives, so a
// download can be loaded again. Documented in docs/tidy-csv.md.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { isIsoDate, parsePeriod, spanPeriod, type Period } from '../../../domain/period.ts';
import { UK_CODE } from '../../../domain/area.ts';
import type { Geography } from '../../areas/geography.ts';
import {
  cellNumber,
  CsvDecodeError,
  CsvQuoteError,
  CsvSplitter,
} from '../../../platform/csv/read.ts';
import { plainNumber } from './plainNumber.ts';
import { ObservationRows } from '../rows.ts';
import type { ImportBatch, ReleaseDraft } from '../release.ts';
import type { Observation } from '../store.ts';

/**
 * The format's columns, in the order they are written (docs/tidy-csv.md); breakdowns follow.
 * `period_start` and `period_end` are written for readers' convenience and derived from
 * `period` when loading.
 */
export const TIDY_COLUMNS = [
  'indicator',
  'series',
  'unit',
  'area',
  'period',
  'period_start',
  'period_end',
  'value',
  'status',
  'note',
];
export const TIDY_STATUSES = [
  'normal',
  'provisional',
  'estimated',
  'missing',
  'suppressed',
  'low-reliability',
  'definition-differs',
];

/** Figures as a tidy file's header and rows: what the API's CSV and the open data give. */
export function tidyTable(
  indicatorId: string,
  observations: Pick<
    Observation,
    'series' | 'unit' | 'areaCode' | 'period' | 'value' | 'status' | 'note' | 'dimensions'
  >[],
) {
  const breakdowns = [...new Set(observations.flatMap((o) => Object.keys(o.dimensions)))].sort();
  const rows = observations.map((o) => [
    indicatorId,
    o.series,
    o.unit,
    o.areaCode,
    o.period.label,
    o.period.start,
    o.period.end,
    o.value,
    o.status,
    o.note,
    ...breakdowns.map((b) => o.dimensions[b] ?? ''),
  ]);
  return { header: [...TIDY_COLUMNS, ...breakdowns], rows };
}

const indicatorPattern = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/i;

/** Whether a header row is a tidy file's (rather than an Open SDG one). */
export function isTidyHeader(firstLine: string): boolean {
  const names = firstLine
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return names.includes('indicator') && names.includes('period') && names.includes('value');
}

/** Bytes read at a time: large enough for speed, small enough that memory stays flat. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads a tidy CSV as a stream, checking every row and adding it to the batch, and yields the
 * rows as the store's CSV as it goes. Each indicator's fingerprint covers the whole file and
 * its id, so an unchanged file is seen as such.
 */
export async function* readTidy(
  file: string,
  geography: Geography,
  batch: ImportBatch,
): AsyncGenerator<Uint8Array> {
  const reader = new TidyReader(file, geography, batch);
  const splitter = new CsvSplitter();
  const onRow = () => reader.row(splitter);
  const hash = createHash('sha256');
  try {
    for await (const bytes of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
      hash.update(bytes as Buffer);
      splitter.push(bytes as Buffer, onRow);
      const rows = reader.rows.take();
      if (rows) yield rows;
    }
    splitter.end(onRow);
    const rows = reader.rows.take(true);
    if (rows) yield rows;
  } catch (e) {
    if (e instanceof CsvDecodeError) reader.error(e.message, e.line, e.column - 1);
    else if (e instanceof CsvQuoteError) reader.error(e.message, e.line);
    else if (!(e instanceof StopReading)) throw e;
    return;
  }
  reader.finish(hash.digest());
}

/** A problem that makes the rest of the file unreadable. */
class StopReading extends Error {}

/** Values longer than this are not worth remembering. */
const MAX_INTERNED_BYTES = 64;

/** The checking of one file's rows, with what repeats from row to row remembered. */
class TidyReader {
  readonly rows = new ObservationRows();
  private names: string[] = [];
  /** Where each of the format's columns is (-1 if absent), and the breakdowns. */
  private col = {
    indicator: -1,
    series: -1,
    unit: -1,
    area: -1,
    period: -1,
    period_start: -1,
    period_end: -1,
    value: -1,
    status: -1,
    note: -1,
  };
  private dimensionCols: number[] = [];
  /** The columns that tell measures apart: series, unit, then the breakdowns. */
  private measureCols: number[] = [];
  private headerLine = 0;
  private dataRows = 0;
  private readonly drafts: ReleaseDraft[] = [];
  /** Cell text by a hash of its bytes: most cells repeat (indicators, areas, periods). */
  private readonly interned = new Map<number, { bytes: Uint8Array; text: string }>();
  /** Each column's cell in the row before, while it is in the same chunk of bytes. */
  private above = {
    bytes: undefined as Uint8Array | undefined,
    starts: new Int32Array(0),
    ends: new Int32Array(0),
    texts: [] as string[],
  };
  private readonly periods = new Map<string, ReturnType<typeof parsePeriod>>();
  private readonly indicators = new Set<string>();
  private last = {
    indicator: '',
    draft: undefined as ReleaseDraft | undefined,
    cells: [] as string[],
    measure: -1,
  };

  constructor(
    private readonly file: string,
    private readonly geography: Geography,
    private readonly batch: ImportBatch,
  ) {}

  /** Records a problem; `column` is counted from 0. */
  error(message: string, line?: number, column?: number): void {
    this.batch.problem({
      severity: 'error',
      file: this.file,
      line,
      column: column === undefined || column < 0 ? undefined : column + 1,
      message,
    });
  }

  finish(fingerprint: Buffer): void {
    if (!this.headerLine)
      this.error('the file is empty: expected a header row with indicator, period and value');
    else if (this.dataRows === 0) this.error('the file has no rows of data', this.headerLine);
    for (const draft of this.drafts)
      draft.sha256 = createHash('sha256')
        .update(fingerprint)
        .update(draft.indicatorId)
        .digest('hex');
  }

  row(s: CsvSplitter): void {
    if (s.bytes !== this.above.bytes) {
      this.above.bytes = s.bytes; // a new chunk: nothing above to compare with
      this.above.ends.fill(-1);
    }
    if (s.count === 1 && this.cell(s, 0) === '') return; // a blank line
    if (!this.headerLine) return this.header(s);
    this.dataRows++;
    const line = s.line;
    if (s.count !== this.names.length)
      return this.error(
        `expected ${this.names.length} fields as in the header, found ${s.count}`,
        line,
      );
    this.checkCells(s, line);
  }

  /** Checks a data row's cells, stopping at the first problem, then adds the row. */
  private checkCells(s: CsvSplitter, line: number): void {
    const { col } = this;
    const indicatorCol = col.indicator;
    const indicatorId = this.cell(s, indicatorCol);
    if (!this.indicators.has(indicatorId)) {
      if (!indicatorPattern.test(indicatorId))
        return this.error(
          `indicator "${indicatorId}" is not an indicator id like 3.a.1 or youth-employment`,
          line,
          indicatorCol,
        );
      this.indicators.add(indicatorId);
    }
    const periodCol = col.period;
    const label = this.cell(s, periodCol);
    let period = this.periods.get(label);
    if (!period) this.periods.set(label, (period = this.period(s, label)));
    if (!period.ok) return this.error(period.reason, line, periodCol);

    const valueCol = col.value;
    const value = this.value(s, valueCol);
    if (value === 'not a number')
      return this.error(
        `value "${this.cell(s, valueCol)}" is not a number (use a full stop for decimals and no thousands separators)`,
        line,
        valueCol,
      );
    if (value === 'out of range')
      return this.error(
        `value "${this.cell(s, valueCol)}" is outside the range of numbers that can be stored (about ±1.8e308)`,
        line,
        valueCol,
      );
    const areaCol = col.area;
    const areaCode = this.cell(s, areaCol) || UK_CODE;
    if (!this.geography.byCode.has(areaCode))
      return this.error(`area "${areaCode}" is not a known ONS area code`, line, areaCol);
    const statusCol = col.status;
    const status = this.cell(s, statusCol) || (value === null ? 'missing' : 'normal');
    if (!TIDY_STATUSES.includes(status))
      return this.error(
        `status "${status}" is not one of ${TIDY_STATUSES.join(', ')}`,
        line,
        statusCol,
      );
    this.add(s, line, indicatorId, period.period, value, areaCode, status);
  }

  /** Adds a checked row to its indicator's release, unless it repeats an earlier row. */
  private add(
    s: CsvSplitter,
    line: number,
    indicatorId: string,
    period: Period,
    value: number | null | 'bytes',
    areaCode: string,
    status: string,
  ): void {
    const draft = this.draftOf(indicatorId);
    if (!draft) return;
    const measure = this.measure(s, draft);
    const periodId = draft.period(period);
    const areaId = this.batch.areaId(areaCode);
    if (measure >= 2 ** 21 || areaId >= 2 ** 16 || periodId >= 2 ** 16)
      return this.error('too many series, breakdowns, areas or periods for one file', line);
    const earlier = draft.earlierLine(measure, areaId, periodId, line);
    if (earlier !== undefined)
      return this.error(
        `the same indicator, series, unit, area, breakdown and period as line ${earlier}`,
        line,
        this.col.period,
      );
    if (!this.batch.counts(draft, areaCode)) return;
    const note = this.cell(s, this.col.note) || null;
    if (value === 'bytes') {
      const [start, end] = this.valueRange(s, this.col.value);
      this.rows.row(
        draft.releaseId,
        line,
        measure,
        areaCode,
        periodId,
        null,
        status,
        note,
        s.bytes,
        start,
        end,
      );
    } else this.rows.row(draft.releaseId, line, measure, areaCode, periodId, value, status, note);
  }

  /**
   * A period from its label; a label only its publisher writes (`Year ending June 2024`) is
   * read from the row's `period_start` and `period_end`, as a download of such figures has.
   */
  private period(s: CsvSplitter, label: string): ReturnType<typeof parsePeriod> {
    const parsed = parsePeriod(label);
    if (parsed.ok) return parsed;
    const [start, end] = [this.cell(s, this.col.period_start), this.cell(s, this.col.period_end)];
    return isIsoDate(start) && isIsoDate(end) && start <= end
      ? { ok: true, period: spanPeriod(label, 'range', start, end) }
      : parsed;
  }

  private header(s: CsvSplitter): void {
    this.headerLine = s.line;
    this.above.starts = new Int32Array(s.count);
    this.above.ends = new Int32Array(s.count).fill(-1);
    this.above.texts = Array<string>(s.count).fill('');
    this.names = Array.from({ length: s.count }, (_, i) => s.text(i).trim());
    const lower = this.names.map((n) => n.toLowerCase());
    for (const required of ['indicator', 'period', 'value']) {
      if (!lower.includes(required)) {
        this.error(`the header has no "${required}" column`, s.line);
        throw new StopReading();
      }
    }
    const duplicate = lower.findIndex((n, i) => n === '' || lower.indexOf(n) !== i);
    if (duplicate >= 0) {
      this.error(`column ${duplicate + 1} is empty or repeated`, s.line, duplicate);
      throw new StopReading();
    }
    for (const name of Object.keys(this.col) as (keyof TidyReader['col'])[])
      this.col[name] = lower.indexOf(name);
    this.dimensionCols = lower.flatMap((n, i) => (TIDY_COLUMNS.includes(n) ? [] : [i]));
    this.measureCols = [this.col.series, this.col.unit, ...this.dimensionCols];
  }

  private draftOf(indicatorId: string): ReleaseDraft | undefined {
    if (indicatorId === this.last.indicator && this.last.draft) return this.last.draft;
    const known = this.batch.drafts.get(indicatorId);
    const draft =
      known?.file === this.file
        ? known
        : this.batch.draft(indicatorId, this.file, { duplicates: true });
    if (draft && draft !== known) this.drafts.push(draft);
    this.last = { indicator: indicatorId, draft, cells: [], measure: -1 };
    return draft;
  }

  /** The row's measure: its series, unit and breakdown, usually those of the row before. */
  private measure(s: CsvSplitter, draft: ReleaseDraft): number {
    const { last, measureCols } = this;
    if (last.measure >= 0) {
      let same = true;
      for (let i = 0; i < measureCols.length && same; i++)
        same = this.cell(s, measureCols[i]!) === last.cells[i];
      if (same) return last.measure;
    }
    const cells = measureCols.map((c) => this.cell(s, c));
    const [series, unit] = cells as [string, string];
    last.cells = cells;
    last.measure = draft.measure(cells.join('\u0000'), () => {
      const dimensions: Record<string, string> = {};
      this.dimensionCols.forEach((c, i) => {
        if (cells[i + 2]) dimensions[this.names[c]!] = cells[i + 2]!;
      });
      return { series, unit, dimensions };
    });
    return last.measure;
  }

  /**
   * The value: null when blank, 'bytes' when the cell's bytes are a plain number (copied as
   * they are), else as `cellNumber` reads it.
   */
  private value(s: CsvSplitter, c: number): ReturnType<typeof cellNumber> | 'bytes' {
    const [start, end] = this.valueRange(s, c);
    if (start === end) return null;
    if (!s.quoted[c] && plainNumber(s.bytes, start, end)) return 'bytes';
    return cellNumber(this.cell(s, c));
  }

  /** A cell's bytes without the spaces around it. */
  private valueRange(s: CsvSplitter, c: number): [number, number] {
    let start = s.starts[c]!;
    let end = s.ends[c]!;
    while (start < end && s.bytes[start] === 32) start++;
    while (end > start && s.bytes[end - 1] === 32) end--;
    return [start, end];
  }

  /** A cell's text, trimmed; '' for a column the file does not have. */
  private cell(s: CsvSplitter, c: number): string {
    if (c < 0) return '';
    const start = s.starts[c]!;
    const end = s.ends[c]!;
    if (start === end) return '';
    const bytes = s.bytes;
    // Most often the cell above says the same: compare bytes before anything else.
    const above = this.above;
    if (bytes === above.bytes && c < above.texts.length) {
      const from = above.starts[c]!;
      let i = 0;
      if (above.ends[c]! - from === end - start)
        while (i < end - start && bytes[from + i] === bytes[start + i]) i++;
      if (i === end - start) {
        above.starts[c] = start;
        above.ends[c] = end;
        return above.texts[c]!;
      }
    }
    const text = this.read(s, c, start, end);
    if (bytes === above.bytes && c < above.texts.length) {
      above.starts[c] = start;
      above.ends[c] = end;
      above.texts[c] = text;
    }
    return text;
  }

  /** A cell's text through the table of those already seen. */
  private read(s: CsvSplitter, c: number, start: number, end: number): string {
    if (s.quoted[c] || end - start > MAX_INTERNED_BYTES) return s.text(c).trim();
    const bytes = s.bytes;
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
    const known = this.interned.get(h);
    if (known && known.bytes.length === end - start) {
      let same = true;
      for (let i = start; i < end && same; i++) same = known.bytes[i - start] === bytes[i];
      if (same) return known.text;
    }
    const text = s.text(c).trim();
    if (this.interned.size >= 100_000) this.interned.clear();
    this.interned.set(h, { bytes: bytes.slice(start, end), text });
    return text;
  }
}
