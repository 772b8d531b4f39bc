// Reads a publisher's file with its recipe: finds each table by its title and header, reads
// periods, areas, figures and markers, adds totals and derived measures, and finds the
// publication dates. Every problem names the file, sheet and cell, and the recipe line that
// expected what the file does not have. Pure apart from reading the lookups.
import path from 'node:path';
import { dayAfter, spanPeriod, type Period } from '../../../domain/period.ts';
import type { Geography } from '../../areas/geography.ts';
import {
  cellAddress,
  type Cell,
  type Sheet,
  type Spreadsheet,
} from '../../../platform/spreadsheet.ts';
import { cellNumber } from '../../../platform/csv/read.ts';
import type { IndicatorMeta, ObservationRecord } from '../readers/openSdg.ts';
import type { Problem } from '../readers/problem.ts';
import { areaLookup, lookupKey, TOTAL_ONLY } from './lookups.ts';
import { cellText, normalise, readPeriod, splitMarkers } from './periods.ts';
import { addMonths, findDate } from './dates.ts';
import type { LoadedRecipe, RecipeTable, RecipeValue } from './recipe.ts';
import { PlacesShown } from '../placesShown.ts';

export interface RecipeResult {
  observations: ObservationRecord[];
  meta: IndicatorMeta;
  /** The publication date the file states (ISO date), if the recipe says where. */
  published?: string;
  /** The next publication date the file states, if any. */
  next?: string;
  problems: Problem[];
}

/** Cell text that stands for a status rather than a figure, as publishers commonly write it. */
const DEFAULT_MARKERS: Record<string, string> = {
  x: 'missing',
  z: 'missing',
  c: 'suppressed',
  '..': 'missing',
  '.': 'missing',
  '-': 'missing',
  ':': 'missing',
  '*': 'suppressed',
  'n/a': 'missing',
  na: 'missing',
};

/** Markers beside a figure (`12.3 [p]`) and what they make of it. */
const FIGURE_MARKERS: Record<string, string> = {
  p: 'provisional',
  provisional: 'provisional',
  e: 'estimated',
  u: 'low-reliability',
  r: 'normal', // revised: the figure stands, a note says so
};

export function readWithRecipe(
  file: string,
  spreadsheet: Spreadsheet,
  loaded: LoadedRecipe,
  geography: Geography,
  /** The publication date, when the file's own is wrong or absent (`--published`). */
  publishedOn?: string,
): RecipeResult {
  const { recipe } = loaded;
  const problems: Problem[] = [];
  const recipeAt = (at: (string | number)[]) =>
    `${path.basename(loaded.file)}:${loaded.lineAt(at) ?? 1}`;
  const error = (message: string, sheet?: Sheet, row?: number, column?: number) =>
    problems.push({
      severity: 'error',
      file,
      cell:
        sheet && row !== undefined
          ? spreadsheet.kind === 'csv' || spreadsheet.kind === 'parquet'
            ? `${row + 1}${column !== undefined ? `:${column + 1}` : ''}`
            : `${sheet.name}!${cellAddress(row, column ?? 0)}`
          : undefined,
      message,
    });
  const markers = { ...DEFAULT_MARKERS, ...lowerKeys(recipe.markers) };
  const observations: Omit<ObservationRecord, 'line'>[] = [];
  const seen = new Map<string, string>();
  const places = new PlacesShown();

  recipe.tables.forEach((spec, t) => {
    const at = (...rest: (string | number)[]) => recipeAt(['tables', t, ...rest]);
    const sheet = findSheet(spreadsheet, spec, (message) =>
      error(`${message}, as recipe ${at('sheet')} expects`),
    );
    if (!sheet) return;
    const table = new TableReader(sheet, spec, (message, row, column) =>
      error(message, sheet, row, column),
    );
    if (!table.locate(at)) return;
    const lookup = spec.area && areaResolver(spec.area.codes, geography);
    if (spec.area && !lookup) {
      error(
        `no lookup named "${spec.area.codes}" in sources/lookups, as recipe ${at('area')} expects`,
      );
      return;
    }
    const areaColumn = spec.area && table.column(spec.area.column, at('area', 'column'));
    if (spec.area && areaColumn === undefined) return;
    const totals = new Map<string, Omit<ObservationRecord, 'line'>>();
    table.read(spec, markers, at, (o, row, column, shown) => {
      places.add(o, shown);
      let areaCode = spec.areaCode ?? recipe.indicator.area;
      if (spec.area && lookup && areaColumn !== undefined) {
        const key = cellText(sheet.rows[row]![areaColumn]);
        const code = lookup(key);
        if (code === undefined) {
          error(
            `area "${key}" is not one this recipe can map (${spec.area.codes})`,
            sheet,
            row,
            areaColumn,
          );
          return;
        }
        if (code === '') return; // known, and deliberately not kept
        if (spec.area.total) {
          addToTotal(totals, { ...o, areaCode: spec.area.total });
          return;
        }
        if (code === TOTAL_ONLY) return;
        if (!geography.byCode.has(code)) {
          error(`area "${key}" maps to ${code}, which is not a known area`, sheet, row, areaColumn);
          return;
        }
        areaCode = code;
      }
      const figure = { ...o, areaCode };
      const key = measureKey(figure);
      const earlier = seen.get(key);
      const here = sheet.name ? `${sheet.name}!${cellAddress(row, column)}` : `line ${row + 1}`;
      if (earlier) {
        error(`the same series, area and period as ${earlier}`, sheet, row, column);
        return;
      }
      seen.set(key, here);
      observations.push(figure);
    });
    observations.push(...totals.values());
  });

  if (!geography.byCode.has(recipe.indicator.area))
    error(
      `the recipe's area ${recipe.indicator.area} is not a known area (${recipeAt(['indicator', 'area'])})`,
    );
  recipe.derived.forEach((d) => {
    observations.push(...derive(observations, d));
    places.derive(d);
  });
  if (observations.length === 0 && problems.length === 0)
    error('the recipe found no figures in the file');

  const published = recipe.publication.published;
  const next = recipe.publication.next;
  const result: RecipeResult = {
    observations: numberLines(observations),
    meta: {
      id: recipe.indicator.id,
      nationalArea: recipe.indicator.area,
      title: recipe.indicator.title,
      definition: recipe.indicator.definition ?? null,
      unit: null,
      splitYear: 'financial',
      source: {
        organisation: recipe.publication.publisher,
        title: recipe.publication.title,
        url: recipe.publication.url,
        licence: recipe.publication.licence,
      },
      meta: {},
    },
    problems,
  };
  if (publishedOn) result.published = publishedOn;
  else if (published)
    result.published = findDate(
      spreadsheet,
      published,
      recipeAt(['publication', 'published']),
      error,
    );
  if (next) result.next = findDate(spreadsheet, next, recipeAt(['publication', 'next']), error);
  const { frequency } = recipe.publication;
  const expectedNext = !result.next && frequency && result.published;
  if (expectedNext)
    result.next = addMonths(result.published!, { monthly: 1, quarterly: 3, annual: 12 }[frequency]);
  // A file cannot be published before its latest period has ended: a cover sheet that says so
  // has a typing error, which the importer can correct (`--published`).
  const latest = result.observations.reduce(
    (end, o) => (o.period.end > end ? o.period.end : end),
    '',
  );
  if (result.published && latest && result.published <= latest)
    error(
      `the file says it was published on ${result.published}, before its latest period (ending ${latest}) was over; give the right date with --published`,
    );
  result.meta.meta = withoutUndefined({
    recipe: recipe.name,
    publisher: recipe.publication.publisher,
    contact: recipe.publication.contact,
    methodology: recipe.indicator.methodology,
    caveats: recipe.indicator.caveats,
    published: result.published,
    next_release: result.next,
    // Worked out from how often it comes out, not stated by the publisher.
    next_release_expected: expectedNext ? true : undefined,
    frequency,
    breaks: recipe.breaks.length ? recipe.breaks : undefined,
    places_shown: places.known(),
  });
  return result;
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k.toLowerCase().replace(/^\[(.*)\]$/, '$1'), v]),
  );
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function findSheet(
  spreadsheet: Spreadsheet,
  spec: RecipeTable,
  error: (message: string) => void,
): Sheet | undefined {
  if (spreadsheet.kind === 'csv' || spreadsheet.kind === 'parquet') {
    if (spec.sheet) error(`a ${spreadsheet.kind.toUpperCase()} file has no sheets`);
    return spec.sheet ? undefined : spreadsheet.sheets[0];
  }
  if (!spec.sheet) {
    error('a workbook needs its sheet named');
    return undefined;
  }
  // A `*` stands for any text: a sheet whose name grows with each edition (`…_to_2025-26_Q3`).
  const pattern = new RegExp(
    `^${spec.sheet
      .trim()
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  const matching = spreadsheet.sheets.filter((s) => pattern.test(s.name.trim()));
  if (matching.length !== 1)
    error(
      `${matching.length ? `${matching.length} sheets are` : 'no sheet is'} named "${spec.sheet}" (the file has ${spreadsheet.sheets.map((s) => `"${s.name}"`).join(', ')})`,
    );
  return matching.length === 1 ? matching[0] : undefined;
}

/** How a table's area keys become GSS codes: as they are, by name, or through a lookup. */
function areaResolver(
  codes: string,
  geography: Geography,
): ((key: string) => string | undefined) | undefined {
  if (codes === 'gss') return (key) => (geography.byCode.has(key) ? key : undefined);
  if (codes === 'names')
    return (key) => geography.resolveName(key, ['country', 'region', 'la', 'utla'])?.code;
  const lookup = areaLookup(codes);
  return lookup && ((key) => lookup.get(lookupKey(key)));
}

type Figure = Omit<ObservationRecord, 'line' | 'areaCode'>;

/** What reading one table needs: its recipe, the markers, where the recipe says each thing,
 * which rows to keep, and where each figure goes with its cell. */
interface TableReading {
  spec: RecipeTable;
  markers: Record<string, string>;
  at: (...path: (string | number)[]) => string;
  keep: (cells: Cell[]) => boolean;
  /** `places`: those the figure is shown to in its file, where the file fixes them. */
  emit: (figure: Figure, row: number, column: number, places: number | undefined) => void;
}

/** One table in a sheet: where it is, what its columns are called, and its rows. */
class TableReader {
  private headerFirst = -1;
  private headerLast = -1;
  private names: string[] = [];

  constructor(
    private readonly sheet: Sheet,
    private readonly spec: RecipeTable,
    private readonly error: (message: string, row?: number, column?: number) => void,
  ) {}

  /** Finds the title and header rows; false (with an error) if the file lacks them. */
  locate(at: (...path: (string | number)[]) => string): boolean {
    const { rows } = this.sheet;
    const { spec } = this;
    let from = 0;
    if (spec.title) {
      const title = normalise(spec.title);
      from = rows.findIndex((r) => r.some((c) => normalise(cellText(c)).startsWith(title)));
      if (from < 0) {
        this.error(`no table titled "${spec.title}", as recipe ${at('title')} expects`);
        return false;
      }
      from++;
    }
    const header = spec.header && normalise(spec.header);
    let h = from;
    for (; h < rows.length; h++) {
      const texts = rows[h]!.map((c) => normalise(cellText(c)));
      if (header ? texts.includes(header) : texts.filter(Boolean).length >= 2) break;
    }
    if (h >= rows.length) {
      this.error(
        header
          ? `no header row with "${spec.header}"${spec.title ? ` after the title "${spec.title}"` : ''}, as recipe ${at('header')} expects`
          : `no header row${spec.title ? ` after the title "${spec.title}"` : ''}`,
      );
      return false;
    }
    this.headerFirst = h;
    this.headerLast = Math.min(h + spec.headerRows - 1, rows.length - 1);
    const width = Math.max(...rows.slice(h, this.headerLast + 1).map((r) => r.length));
    const parts: string[][] = Array.from({ length: width }, () => []);
    for (let r = h; r <= this.headerLast; r++) {
      let spanning = '';
      for (let c = 0; c < width; c++) {
        const text = splitMarkers(cellText(rows[r]![c])).text;
        // An upper header row's text spans the columns to its right until the next text.
        if (r < this.headerLast) spanning = text || spanning;
        const part = r < this.headerLast ? spanning : text;
        if (part) parts[c]!.push(part);
      }
    }
    this.names = parts.map((p) => p.join(' / '));
    return true;
  }

  /**
   * The column named `name`: the whole name, or its last parts if only one column ends so.
   * Undefined (with an error naming the recipe line) if none or several do.
   */
  column(name: string, recipeLine: string): number | undefined {
    const wanted = normalise(name);
    const names = this.names.map((n) => n.toLowerCase());
    const exact = names.indexOf(wanted);
    if (exact >= 0) return exact;
    const ending = names.flatMap((n, i) => (n.endsWith(` / ${wanted}`) ? [i] : []));
    if (ending.length === 1) return ending[0];
    this.error(
      ending.length > 1
        ? `column "${name}" is ambiguous: ${ending.map((i) => `"${this.names[i]}"`).join(', ')}; name it whole, as recipe ${recipeLine} should`
        : `no column "${name}" in the header, as recipe ${recipeLine} expects (columns: ${this.names
            .filter(Boolean)
            .map((n) => `"${n}"`)
            .join(', ')})`,
      this.headerFirst,
    );
    return undefined;
  }

  /** Reads every figure of the table, handing each to `emit` with its row and column. */
  read(
    spec: RecipeTable,
    markers: Record<string, string>,
    at: (...path: (string | number)[]) => string,
    emit: TableReading['emit'],
  ): void {
    const whereColumns = Object.entries(spec.where ?? {}).map(([name, allowed], i) => ({
      column: this.column(name, at('where', i)),
      allowed: new Set((Array.isArray(allowed) ? allowed : [allowed]).map(normalise)),
    }));
    const keep = (cells: Cell[]) =>
      whereColumns.every(
        (w) => w.column !== undefined && w.allowed.has(normalise(cellText(cells[w.column]))),
      );
    if (whereColumns.some((w) => w.column === undefined)) return;
    const reading = { spec, markers, at, keep, emit };
    if (spec.periods.across) this.readAcross(reading);
    else this.readDown(reading);
  }

  /** Periods down the rows: each row a period, each value a column. */
  private readDown({ spec, markers, at, keep, emit }: TableReading): void {
    const periodNames = [spec.periods.column!].flat();
    const periodColumns = periodNames.map((n, i) =>
      this.column(n, at('periods', 'column', ...(periodNames.length > 1 ? [i] : []))),
    );
    const values = spec.values.map((v, j) => ({
      v,
      column: this.column(v.column!, at('values', j, 'column')),
      seriesColumn: v.seriesFrom ? this.column(v.seriesFrom, at('values', j, 'seriesFrom')) : -1,
    }));
    if (
      periodColumns.includes(undefined) ||
      values.some((v) => v.column === undefined || v.seriesColumn === undefined)
    )
      return;
    let started = false;
    for (let r = this.headerLast + 1; r < this.sheet.rows.length; r++) {
      const cells = this.sheet.rows[r]!;
      const periodCells = periodColumns.map((c) => cells[c!] ?? null);
      if (periodCells.every((c) => cellText(c) === '')) {
        if (started) break; // the table ends at its first row without a period
        continue;
      }
      started = true;
      if (!keep(cells)) continue;
      const periodCell =
        periodCells.length === 1 ? periodCells[0]! : periodCells.map(cellText).join(' ');
      const period = readPeriod(periodCell, spec.periods.format);
      if (!period.ok) {
        this.error(period.reason, r, periodColumns[0]);
        continue;
      }
      for (const { v, column, seriesColumn } of values) {
        const series = v.series ?? cellText(cells[seriesColumn!]);
        const figure = readFigure(
          cells[column!] ?? null,
          period.period,
          markers,
          v,
          this.shown(r, column!),
        );
        if (typeof figure === 'string') this.error(figure, r, column);
        else if (figure)
          emit(this.figure(spec, v, series, period.period, figure), r, column!, figure.places);
      }
    }
  }

  /** Periods across the header: each value a row found by its key cells. */
  private readAcross({ spec, markers, at, keep, emit }: TableReading): void {
    const keyNames = [...new Set(spec.values.flatMap((v) => Object.keys(v.row!)))];
    const keyColumns = keyNames.map((n) => this.column(n, at('values')));
    if (keyColumns.includes(undefined)) return;
    const lastKey = Math.max(...(keyColumns as number[]));
    // The table's rows: from the header to the first row without keys (the next title).
    const rows: number[] = [];
    for (let r = this.headerLast + 1; r < this.sheet.rows.length; r++) {
      const cells = this.sheet.rows[r]!;
      const keyed = keyColumns.some((c) => cellText(cells[c!]) !== '');
      if (!keyed || cells.filter((c) => cellText(c) !== '').length < 2) {
        if (rows.length) break;
        continue;
      }
      if (keep(cells)) rows.push(r);
    }
    const periods: { column: number; period: Period }[] = [];
    const headerCells = this.sheet.rows[this.headerLast]!;
    for (let c = lastKey + 1; c < headerCells.length; c++) {
      if (cellText(headerCells[c]) === '') continue;
      const period = readPeriod(headerCells[c]!, spec.periods.format);
      if (period.ok) periods.push({ column: c, period: period.period });
      else this.error(period.reason, this.headerLast, c);
    }
    spec.values.forEach((v, j) => {
      const wanted = Object.entries(v.row!).map(([name, allowed]) => ({
        column: keyColumns[keyNames.indexOf(name)]!,
        allowed: new Set([allowed].flat().map(normalise)),
      }));
      const matching = rows.filter((r) =>
        wanted.every((w) => w.allowed.has(normalise(cellText(this.sheet.rows[r]![w.column])))),
      );
      const described = Object.entries(v.row!)
        .map(([k, x]) => `${k} "${[x].flat().join('" or "')}"`)
        .join(', ');
      if (matching.length !== 1) {
        this.error(
          matching.length
            ? `${matching.length} rows have ${described} (rows ${matching.map((r) => r + 1).join(', ')}); recipe ${at('values', j, 'row')} expects one`
            : `no row with ${described} in the table, as recipe ${at('values', j, 'row')} expects`,
          this.headerLast,
        );
        return;
      }
      const r = matching[0]!;
      const cells = this.sheet.rows[r]!;
      const series =
        v.series ??
        cellText(cells[this.column(v.seriesFrom!, at('values', j, 'seriesFrom')) ?? -1]);
      for (const { column, period } of periods) {
        const figure = readFigure(cells[column] ?? null, period, markers, v, this.shown(r, column));
        if (typeof figure === 'string') this.error(figure, r, column);
        else if (figure)
          emit(this.figure(spec, v, series, period, figure), r, column, figure.places);
      }
    });
  }

  /** The places a number cell's format shows, where it fixes them. */
  private shown(row: number, column: number): number | undefined {
    return this.sheet.places?.[row]?.[column];
  }

  private figure(
    spec: RecipeTable,
    v: RecipeValue,
    series: string,
    period: Period,
    { value, status, note }: ReadFigure,
  ): Figure {
    return {
      series,
      unit: v.unit,
      dimensions: { ...spec.dimensions, ...v.dimensions },
      period,
      value,
      status,
      note,
    };
  }
}

interface ReadFigure {
  value: number | null;
  status: string;
  note: string | null;
  /** The places the file shows it to, after `times`, where the file fixes them. */
  places?: number;
}

/**
 * A figure from its cell: a number, a number with markers (`12.3 [p]`), a marker alone
 * (`[x]`, `..`), or nothing for an empty cell; else why not. A period marked provisional makes
 * its figures provisional. `shown`: the places a number cell's format shows.
 */
function readFigure(
  cell: Cell,
  period: Period,
  markers: Record<string, string>,
  v: RecipeValue,
  shown: number | undefined,
): ReadFigure | string | undefined {
  const periodProvisional = period.note
    ?.split('; ')
    .some((m) => FIGURE_MARKERS[m.toLowerCase()] === 'provisional');
  const scaled = (n: number) => (v.times ? n * v.times : n);
  // `times: 100` turns 0.572 shown to 3 places into 57.2, shown to 1.
  const shift = v.times ? Math.log10(v.times) : 0;
  const placesAfter = (places: number | undefined) =>
    places === undefined || !Number.isInteger(shift) ? undefined : Math.max(0, places - shift);
  if (typeof cell === 'number')
    return Number.isFinite(cell)
      ? {
          value: scaled(cell),
          status: periodProvisional ? 'provisional' : 'normal',
          note: null,
          places: placesAfter(shown),
        }
      : `${cell} is not a figure that can be stored`;
  if (cell instanceof Date || typeof cell === 'boolean') return `${cellText(cell)} is not a number`;
  const raw = cellText(cell);
  if (raw === '') return undefined; // an empty cell holds no figure: rows for months to come
  const whole = markers[raw.toLowerCase().replace(/^\[(.*)\]$/, '$1')];
  if (whole) return { value: null, status: whole, note: raw };
  const { text, markers: found } = splitMarkers(raw);
  const number = cellNumber(text.replace(/,(?=\d{3}\b)/g, ''));
  if (typeof number !== 'number')
    return `"${raw}" is not a number or a marker the recipe knows (${Object.keys(markers).join(', ')})`;
  let status = periodProvisional ? 'provisional' : 'normal';
  for (const m of found) status = FIGURE_MARKERS[m.toLowerCase()] ?? status;
  return {
    value: scaled(number),
    status,
    note: found.length ? found.join('; ') : null,
    // Text shows the places it is written with (`12.30`), unless in powers of ten.
    places: placesAfter(/e/i.test(text) ? undefined : (text.split('.')[1]?.length ?? 0)),
  };
}

/** A computed figure without the last digits of binary rounding (14809.679999999998). */
const tidy = (value: number) => Number(value.toPrecision(15));

const measureKey = (o: Omit<ObservationRecord, 'line'>) =>
  JSON.stringify([o.series, o.unit, o.dimensions, o.areaCode, o.period.label]);

function addToTotal(
  totals: Map<string, Omit<ObservationRecord, 'line'>>,
  o: Omit<ObservationRecord, 'line'>,
) {
  const key = measureKey(o);
  const sum = totals.get(key);
  if (!sum) {
    totals.set(key, { ...o, note: null });
    return;
  }
  // A total with a part missing is missing, never an undercount.
  sum.value = sum.value === null || o.value === null ? null : tidy(sum.value + o.value);
  if (sum.value === null) sum.status = 'missing';
  else if (o.status === 'provisional') sum.status = 'provisional';
}

type Derived = LoadedRecipe['recipe']['derived'][number];

/**
 * A measure derived from others in the same area and period: a sum, or a ratio of sums; with
 * `rolling`, then summed over that many periods in a row.
 */
function derive(
  observations: Omit<ObservationRecord, 'line'>[],
  d: Derived,
): Omit<ObservationRecord, 'line'>[] {
  const each = derivePerPeriod(observations, d);
  return d.rolling ? rollingSums(each, d.rolling) : each;
}

function derivePerPeriod(
  observations: Omit<ObservationRecord, 'line'>[],
  d: Derived,
): Omit<ObservationRecord, 'line'>[] {
  const groups = new Map<string, Map<string, Omit<ObservationRecord, 'line'>>>();
  for (const o of observations) {
    const key = JSON.stringify([o.areaCode, o.period.label, o.dimensions]);
    if (!groups.has(key)) groups.set(key, new Map());
    groups.get(key)!.set(o.series, o);
  }
  const out: Omit<ObservationRecord, 'line'>[] = [];
  for (const group of groups.values()) {
    const parts = [...d.sum, ...(d.over ?? [])].map((s) => group.get(s));
    if (parts.some((p) => !p)) continue;
    const first = parts[0]!;
    const total = (names: string[]) =>
      names.reduce<number | null>((acc, s) => {
        const v = group.get(s)!.value;
        return acc === null || v === null ? null : acc + v;
      }, 0);
    const numerator = total(d.sum);
    const denominator = d.over ? total(d.over) : 1;
    const value =
      numerator === null || denominator === null || denominator === 0
        ? null
        : tidy((numerator / denominator) * d.times);
    out.push({
      series: d.series,
      unit: d.unit,
      dimensions: first.dimensions,
      areaCode: first.areaCode,
      period: first.period,
      value,
      status:
        value === null
          ? 'missing'
          : parts.some((p) => p!.status === 'provisional')
            ? 'provisional'
            : 'normal',
      note: null,
    });
  }
  return out;
}

const MONTHS = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

/**
 * Sums over `n` periods in a row, each following the last without a gap: four quarters give
 * the year ending with the last of them. A missing figure makes the sum missing.
 */
function rollingSums(
  figures: Omit<ObservationRecord, 'line'>[],
  n: number,
): Omit<ObservationRecord, 'line'>[] {
  const series = new Map<string, Omit<ObservationRecord, 'line'>[]>();
  for (const f of figures) {
    const key = JSON.stringify([f.areaCode, f.dimensions]);
    series.set(key, [...(series.get(key) ?? []), f]);
  }
  const out: Omit<ObservationRecord, 'line'>[] = [];
  for (const run of series.values()) {
    run.sort((a, b) => a.period.start.localeCompare(b.period.start));
    for (let i = n - 1; i < run.length; i++) {
      const window = run.slice(i - n + 1, i + 1);
      if (window.some((f, j) => j > 0 && f.period.start !== dayAfter(window[j - 1]!.period.end)))
        continue;
      const [first, last] = [window[0]!, window.at(-1)!];
      const end = new Date(`${last.period.end}T00:00:00Z`);
      const months =
        (end.getUTCFullYear() - Number(first.period.start.slice(0, 4))) * 12 +
        end.getUTCMonth() +
        1 -
        Number(first.period.start.slice(5, 7)) +
        1;
      const label =
        months === 12
          ? `Year ending ${MONTHS.format(end)} ${end.getUTCFullYear()}`
          : `${first.period.label} to ${last.period.label}`;
      const value = window.reduce<number | null>(
        (sum, f) => (sum === null || f.value === null ? null : tidy(sum + f.value)),
        0,
      );
      out.push({
        ...last,
        period: spanPeriod(label, 'range', first.period.start, last.period.end),
        value,
        status:
          value === null
            ? 'missing'
            : window.some((f) => f.status === 'provisional')
              ? 'provisional'
              : 'normal',
        note: null,
      });
    }
  }
  return out;
}

/** Orders figures by measure, area and period, and numbers them: lines of the stored release. */
function numberLines(observations: Omit<ObservationRecord, 'line'>[]): ObservationRecord[] {
  const key = (o: Omit<ObservationRecord, 'line'>) =>
    JSON.stringify([o.series, o.unit, o.dimensions, o.areaCode]);
  const order = new Map<string, number>();
  for (const o of observations) if (!order.has(key(o))) order.set(key(o), order.size);
  return observations
    .map((o) => ({ o, k: order.get(key(o))! }))
    .sort(
      (a, b) =>
        a.k - b.k ||
        (a.o.period.start < b.o.period.start
          ? -1
          : a.o.period.start > b.o.period.start
            ? 1
            : a.o.period.end < b.o.period.end
              ? -1
              : 1),
    )
    .map(({ o }, i) => ({ ...o, line: i + 1 }));
}
